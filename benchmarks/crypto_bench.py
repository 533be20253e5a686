"""Encryption at rest (#26.4): the same store rows on the largest store encrypted, beside the plain ones, in one run.

Rows (the largest size; the store is a hard-link clone of the cached one, encrypted the way ``cc-tui encrypt`` does
it, with fsync off while converting, as the generator writes):
  save, encrypted          ``Store.save_conversation`` as in store_bench (seal + the same atomic write)
  history cold / warm      ``store.history(person)`` on a fresh / the same ``Store`` (its file opened in memory)
  open conv / home         as in store_bench
  start-up                 the real ``cc-tui --data-dir DIR`` headless to its first home frame, the key from the OS
                           keyring (a file-backed keyring backend in the scratch folder, ``bench_keyring.py``),
                           interleaved with the plain folder and the bare Textual app: ratio to bare (<= 1.25x)
  unlock with passphrase   scrypt at the default cost + unwrapping the data key (what ``cc-tui`` does before the app
                           starts when the key is not in the keyring; the human typing the passphrase is not counted)
  search index build       in one thread and in the child process (the key through its stdin), plain and encrypted
  encrypt the folder       ``encrypt_folder`` over every file (fsync off), for scale

    python benchmarks/crypto_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import app_bench, store_bench
from benchmarks.common import SIZES_FULL, SIZES_QUICK, Row, p95, scratch, table
from benchmarks.generate import clone_store, ensure_store, no_fsync

PASSPHRASE = "benchmark passphrase"

# spawn -> first frame, from a wall-clock stamp the child prints at its first refresh (the parent stamps the spawn)
BARE_FF = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header


class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.first)

    def first(self):
        print("first frame:", time.time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

# the real cc-tui: a stamp at home's first frame (rows or "Unlocking…"), another when the rows are shown, then exit;
# with "first", it exits right after its first frame, like app_bench's start-up row (spawn -> exit)
CC_FF = """
import sys, time
mode = sys.argv[2]
import cc_tui.cli as cli
from cc_tui.app import CCApp
from cc_tui.cli import main
from cc_tui.screens.home import HomeScreen

mounted = HomeScreen.on_mount
shown = HomeScreen.show_rows

def on_mount(self):
    mounted(self)
    def first():
        print("first frame:", time.time(), flush=True)
        if mode == "first":
            self.app.exit()
    self.call_after_refresh(first)

def show_rows(self, rows):
    shown(self, rows)
    if mode == "first":
        return
    def done():
        print("home rows:", time.time(), flush=True)
        self.app.exit()
    self.call_after_refresh(done)

HomeScreen.on_mount = on_mount
HomeScreen.show_rows = show_rows
run = CCApp.run
CCApp.run = lambda self, **kw: run(self, headless=True, size=(120, 40))
cli.has_terminal = lambda: True
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def _stamps(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawn to each stamp the child printed ("first frame", "home rows"), and to its exit."""
    import subprocess

    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)
    end = time.time()
    if proc.returncode != 0 or "first frame:" not in proc.stdout:
        raise RuntimeError(f"no first frame ({proc.returncode}): {proc.stderr[-2000:]}")
    out = {"exit": end - t0}
    for line in proc.stdout.splitlines():
        name, _, stamp = line.rpartition(":")
        if name in ("first frame", "home rows"):
            out[name] = float(stamp) - t0
    return out


def _startup(plain: Path, sealed: Path, keyring_file: Path, runs: int) -> dict[str, list[float]]:
    keys = ("bare", "plain", "plain rows", "encrypted", "encrypted rows", "bare exit", "encrypted exit", "plain exit")
    out: dict[str, list[float]] = {k: [] for k in keys}
    env = app_bench._env()
    enc_env = dict(env, PYTHON_KEYRING_BACKEND="benchmarks.bench_keyring.FileKeyring",
                   CC_TUI_BENCH_KEYRING=str(keyring_file))
    os.sync()
    time.sleep(1.0)
    _stamps(BARE_FF, env=env), _stamps(CC_FF, str(plain), "rows", env=env)
    _stamps(CC_FF, str(sealed), "rows", env=enc_env)
    for _ in range(runs):
        bare = _stamps(BARE_FF, env=env)
        out["bare"].append(bare["first frame"])
        out["bare exit"].append(bare["exit"])
        for name, folder, environ in (("plain", plain, env), ("encrypted", sealed, enc_env)):
            stamps = _stamps(CC_FF, str(folder), "rows", env=environ)
            if "home rows" not in stamps:
                raise RuntimeError(f"cc-tui did not show the home rows for {folder}")
            out[name].append(stamps["first frame"])
            out[f"{name} rows"].append(stamps["home rows"])
            out[f"{name} exit"].append(_stamps(CC_FF, str(folder), "first", env=environ)["exit"])
    return out


def _search(folder: Path, cipher: Any) -> tuple[float, float]:
    from cc_tui.search import SearchIndex
    from cc_tui.search_build import build_in_child

    t0 = time.perf_counter()
    SearchIndex.build(folder, cipher=cipher)
    t1 = time.perf_counter()
    build_in_child(folder, cipher=cipher)
    return t1 - t0, time.perf_counter() - t1


def run(sizes: Sequence[tuple[int, int]] = SIZES_FULL, saves: int = 200, runs: int = 30, startup_runs: int = 15,
        log: Any = print) -> list[Row]:
    from cc_tui.quiet_gc import QuietCollector
    from cc_tui.store.convert import encrypt_folder, remember_key
    from cc_tui.store.crypto import Cipher, read_key_file, unwrap

    people, each = sizes[-1]
    n = people * each
    label = f"{n:,} conv"
    source = ensure_store(people, each)
    with scratch("crypto") as tmp:
        plain = clone_store(source, tmp / "plain")
        sealed = clone_store(source, tmp / "sealed")
        log(f"  crypto bench: encrypting a clone of the {label} store ...")
        t0 = time.perf_counter()
        with no_fsync():
            data_key, converted = encrypt_folder(sealed, lambda: PASSPHRASE, lambda: PASSPHRASE)
        encrypt_s = time.perf_counter() - t0
        cipher = Cipher(data_key, sealed)
        keyring_file = tmp / "keyring.json"
        os.environ["CC_TUI_BENCH_KEYRING"] = str(keyring_file)
        import keyring

        from benchmarks.bench_keyring import FileKeyring

        previous = keyring.get_keyring()
        keyring.set_keyring(FileKeyring())
        try:
            remember_key(sealed, data_key)
        finally:
            keyring.set_keyring(previous)
        unlocks = []
        for _ in range(5):
            t = time.perf_counter()
            unwrap(read_key_file(sealed), PASSPHRASE, sealed)
            unlocks.append(time.perf_counter() - t)

        log("  crypto bench: saves and reads, plain and encrypted ...")
        collector = QuietCollector()
        collector.start()
        try:
            data = {"plain": store_bench.bench_save(plain, saves), "encrypted": store_bench.bench_save(
                sealed, saves, cipher)}
            data["plain"].update(store_bench.bench_reads(plain, runs))
            data["encrypted"].update(store_bench.bench_reads(sealed, runs, cipher))
        finally:
            collector.stop()
        log("  crypto bench: search index builds ...")
        search = {"plain": _search(plain, None), "encrypted": _search(sealed, cipher)}
        log(f"  crypto bench: start-up x{startup_runs} ...")
        st = _startup(plain, sealed, keyring_file, startup_runs)
    enc, pl = data["encrypted"], data["plain"]
    ratio = statistics.median(st["encrypted exit"]) / statistics.median(st["bare exit"])
    ratio_p95 = p95(st["encrypted exit"]) / p95(st["bare exit"])
    plain_ratio = statistics.median(st["plain exit"]) / statistics.median(st["bare exit"])
    frame_ratio = statistics.median(st["encrypted"]) / statistics.median(st["bare"])
    frame_plain = statistics.median(st["plain"]) / statistics.median(st["bare"])
    frame_p95 = p95(st["encrypted"]) / p95(st["bare"])
    kdf = read_kdf_note()
    return [
        Row.of(f"save open conversation, encrypted ({label})", enc["save"], budget="p95 <= 10 ms",
               limit_ms=store_bench.SAVE_LIMIT_MS),
        Row.of(f"  save open conversation, plain, same run ({label})", pl["save"]),
        Row.of(f"history cold, encrypted ({label})", enc["history cold"], budget="<= 50 ms",
               limit_ms=store_bench.HISTORY_LIMIT_MS),
        Row.of(f"  history cold, plain, same run ({label})", pl["history cold"]),
        Row.of(f"  history warm, encrypted ({label})", enc["history warm"], budget="<= 50 ms",
               limit_ms=store_bench.HISTORY_LIMIT_MS),
        Row.of(f"  open conversation, store side, encrypted ({label})", enc["open conv"], budget="<= 50 ms",
               limit_ms=store_bench.HISTORY_LIMIT_MS),
        Row.of(f"  open conversation, store side, plain, same run ({label})", pl["open conv"]),
        Row.of(f"  home: Store.open + home_rows, encrypted ({label})", enc["home"]),
        Row.of(f"  home: Store.open + home_rows, plain, same run ({label})", pl["home"]),
        Row("first home frame, encrypted (keyring) / bare Textual", "<= 1.25x", frame_ratio, frame_p95,
            len(st["encrypted"]), frame_ratio <= 1.25, "x",
            note="spawn -> a wall-clock stamp at each app's first frame (bare: its first refresh); ratio of medians "
                 "(median col) and of p95s (p95 col); home says 'Unlocking the encrypted data folder…' until the "
                 "key is there, the rows follow (the 'home rows shown' row)"),
        Row("  first home frame, plain / bare Textual, same run", "", frame_plain, None, len(st["plain"]), None, "x"),
        Row("  spawn -> exit after the first frame, encrypted / bare Textual", "", ratio, ratio_p95,
            len(st["encrypted exit"]), None, "x",
            note="app_bench's start-up method (spawn -> exit); an encrypted app quitting right after its first frame "
                 "waits for the unlock it began, so this holds the unlock too"),
        Row("  spawn -> exit after the first frame, plain / bare Textual, same run", "", plain_ratio, None,
            len(st["plain exit"]), None, "x"),
        Row.of(f"  first frame cc-tui encrypted, spawn -> frame ({label})", st["encrypted"]),
        Row.of(f"  home rows shown, encrypted (unlocked), spawn -> frame ({label})", st["encrypted rows"]),
        Row.of(f"  first frame cc-tui plain, spawn -> frame, same run ({label})", st["plain"]),
        Row.of(f"  home rows shown, plain, spawn -> frame, same run ({label})", st["plain rows"]),
        Row.of("  first frame bare Textual, spawn -> frame, same run", st["bare"]),
        Row.of(f"unlock with the passphrase ({kdf})", unlocks,
               note="in the background after the first frame, when the key is not in the keyring"),
        Row(f"search index build, encrypted, one thread ({label})", "reported", search["encrypted"][0] * 1000, None,
            1, None, "ms"),
        Row(f"  search index build, plain, one thread, same run ({label})", "", search["plain"][0] * 1000, None, 1,
            None, "ms"),
        Row(f"search index build, encrypted, child process as the app ({label})", "reported",
            search["encrypted"][1] * 1000, None, 1, None, "ms", note="the key through the child's stdin"),
        Row(f"  search index build, plain, child process, same run ({label})", "", search["plain"][1] * 1000, None,
            1, None, "ms"),
        Row(f"  encrypt the folder ({label}, {converted:,} files, fsync off)", "", encrypt_s * 1000, None, 1, None,
            "ms"),
    ]


def read_kdf_note() -> str:
    from cc_tui.store.crypto import SCRYPT_N, SCRYPT_P, SCRYPT_R

    return f"scrypt n=2**{SCRYPT_N.bit_length() - 1}, r={SCRYPT_R}, p={SCRYPT_P}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="5,000 conversations, fewer runs")
    args = parser.parse_args(argv)
    sizes = SIZES_QUICK if args.quick else SIZES_FULL
    rows = run(sizes, saves=100 if args.quick else 200, runs=15 if args.quick else 30,
               startup_runs=5 if args.quick else 15, log=lambda m: print(m, file=sys.stderr))
    print(table(rows))
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
