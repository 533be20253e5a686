"""The store's foundation numbers at 500, 5,000 and 20,000 conversations (100 people x 5, 50, 200 each).

Rows per size:
  save         ``Store.save_conversation`` of the open conversation, its notes changed before each save (as the
               saver thread does while you type; a real fsync'd atomic write)
  snapshot     ``Conversation.model_copy(deep=True)``: what the UI thread does before handing a save to the saver
  raw fsync    baseline: write the same bytes as that conversation's file to a new file + fsync
  raw atomic   baseline: the same, plus ``.bak`` hard link, ``os.replace`` and a folder fsync (the durability
               protocol alone, no JSON, no TinyDB, no pydantic)
  history cold ``store.history(person)`` on a freshly opened ``Store`` (OS page cache warm)
  history warm the same call again on the same ``Store``
  open conv    what opening a conversation costs the store on a fresh ``Store``: ``conversation(id)`` then the
               conversation screen's load (people, goals, actions, carry-over)
  home         ``Store.open`` + ``home_rows(today)``

    python benchmarks/store_bench.py [--quick] [--saves 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SIZES_FULL, SIZES_QUICK, Row, scratch, table
from benchmarks.generate import NOW, clone_store, ensure_store
from cc_tui.flow import carry_over
from cc_tui.store import Store

TODAY: date = NOW.date()
SAVE_LIMIT_MS = 10.0
HISTORY_LIMIT_MS = 50.0

KEYS = "the quick brown fox jumps over the lazy dog; we agreed on next steps. "


def open_conversation_id(store: Store) -> tuple[str, str]:
    """(person id, id of their unfinished conversation): the conversation "open in the meeting"."""
    for row in store.home_rows(TODAY):
        if row.unfinished_conversation_id:
            return row.employee.id, row.unfinished_conversation_id
    raise SystemExit("the generated store has no unfinished conversation")


def bench_save(folder: Path, saves: int, cipher: Any = None) -> dict[str, list[float]]:
    store = Store.open(folder, cipher=cipher)  # locked, system clock: like the app
    try:
        _, cid = open_conversation_id(store)
        conv = store.conversation(cid)
        out: dict[str, list[float]] = {"save": [], "snapshot": []}
        for i in range(saves + 5):
            conv.shared_notes = conv.shared_notes + KEYS[i % len(KEYS)] * 3  # a few keystrokes
            t0 = time.perf_counter()
            snap = conv.model_copy(deep=True)
            t1 = time.perf_counter()
            store.save_conversation(snap)
            t2 = time.perf_counter()
            if i >= 5:  # warm-up
                out["snapshot"].append(t1 - t0)
                out["save"].append(t2 - t1)
        payload = (folder / "conversations" / f"{cid}.json").read_bytes()
    finally:
        store.close()
    out["raw fsync"], out["raw atomic"] = bench_raw(folder / "conversations", payload, saves)
    out["bytes"] = [float(len(payload))]
    return out


def bench_raw(folder: Path, payload: bytes, n: int) -> tuple[list[float], list[float]]:
    plain, atomic = [], []
    target = folder / "raw-baseline.json"
    target.write_bytes(payload)
    for i in range(n + 5):
        t0 = time.perf_counter()
        fd = os.open(folder / "raw-plain.tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, payload)
        os.fsync(fd)
        os.close(fd)
        t1 = time.perf_counter()
        tmp = folder / ".raw-baseline.json.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, payload)
        os.fsync(fd)
        os.close(fd)
        os.link(target, folder / ".raw-baseline.bak.tmp")
        os.replace(folder / ".raw-baseline.bak.tmp", folder / "raw-baseline.json.bak")
        os.replace(tmp, target)
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        os.fsync(dfd)
        os.close(dfd)
        t2 = time.perf_counter()
        if i >= 5:
            plain.append(t1 - t0)
            atomic.append(t2 - t1)
    for name in ("raw-plain.tmp", "raw-baseline.json", "raw-baseline.json.bak"):
        (folder / name).unlink(missing_ok=True)
    return plain, atomic


def bench_reads(folder: Path, runs: int, cipher: Any = None) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"history cold": [], "history warm": [], "open conv": [], "home": []}
    probe = Store.open(folder, lock=False, cipher=cipher)
    people = [e.id for e in probe.employees()]
    _, cid = open_conversation_id(probe)
    probe.close()
    for i in range(runs):
        pid = people[i % len(people)]
        store = Store.open(folder, lock=False, cipher=cipher)
        t0 = time.perf_counter()
        store.history(pid)
        t1 = time.perf_counter()
        store.history(pid)
        t2 = time.perf_counter()
        store.close()
        out["history cold"].append(t1 - t0)
        out["history warm"].append(t2 - t1)

        store = Store.open(folder, lock=False, cipher=cipher)
        t0 = time.perf_counter()
        conv = store.conversation(cid)
        {e: store.employee(e) for e in conv.employee_ids}
        [g for e in conv.employee_ids for g in store.goals(e)]
        [a for e in conv.employee_ids for a in store.actions(e)]
        carry_over(store, conv)
        out["open conv"].append(time.perf_counter() - t0)
        store.close()

        t0 = time.perf_counter()
        store = Store.open(folder, lock=False, cipher=cipher)
        store.home_rows(TODAY)
        out["home"].append(time.perf_counter() - t0)
        store.close()
    return out


def run(sizes: Sequence[tuple[int, int]] = SIZES_FULL, saves: int = 200, runs: int = 30,
        log=print) -> tuple[list[Row], dict[int, dict[str, list[float]]]]:
    rows: list[Row] = []
    raw: dict[int, dict[str, list[float]]] = {}
    for people, each in sizes:
        n = people * each
        source = ensure_store(people, each)
        with scratch(f"store-{n}") as tmp:
            folder = clone_store(source, tmp / "data")
            log(f"  store bench: {n:,} conversations ...")
            from cc_tui.quiet_gc import QuietCollector

            collector = QuietCollector()  # the app's policy: no old-generation pass in the middle of a save or read
            collector.start()
            try:
                data = bench_save(folder, saves)
                data.update(bench_reads(folder, runs))
            finally:
                collector.stop()
        raw[n] = data
        label = f"{n:,} conv"
        rows += [
            Row.of(f"save open conversation ({label})", data["save"], budget="p95 <= 10 ms", limit_ms=SAVE_LIMIT_MS,
                   note=f"{int(data['bytes'][0]):,} B file" if n == sizes[0][0] * sizes[0][1] else ""),
            Row.of(f"  snapshot on UI thread ({label})", data["snapshot"]),
            Row.of(f"  baseline raw write+fsync ({label})", data["raw fsync"]),
            Row.of(f"  baseline raw atomic write ({label})", data["raw atomic"]),
            Row.of(f"history cold ({label})", data["history cold"], budget="<= 50 ms", limit_ms=HISTORY_LIMIT_MS),
            Row.of(f"history warm ({label})", data["history warm"], budget="<= 50 ms", limit_ms=HISTORY_LIMIT_MS),
            Row.of(f"open conversation, store side ({label})", data["open conv"], budget="<= 50 ms",
                   limit_ms=HISTORY_LIMIT_MS),
            Row.of(f"home: Store.open + home_rows ({label})", data["home"]),
        ]
    return rows, raw


def flatness(raw: dict[int, dict[str, list[float]]]) -> str:
    import statistics

    sizes = sorted(raw)
    meds = [statistics.median(raw[n]["save"]) * 1000 for n in sizes]
    return "save median by size: " + ", ".join(f"{n:,}: {m:.2f} ms" for n, m in zip(sizes, meds)) + \
        f" (largest/smallest = {meds[-1] / meds[0]:.2f})"


def profile(n_people: int = 100, each: int = 200, saves: int = 100) -> str:
    """cProfile of the save and the cold open-conversation path on the given size."""
    source = ensure_store(n_people, each)
    buf = io.StringIO()
    with scratch("profile") as tmp:
        folder = clone_store(source, tmp / "data")
        for label, fn in (("save x%d" % saves, lambda: bench_save(folder, saves)),
                          ("history/open conv/home x10", lambda: bench_reads(folder, 10))):
            prof = cProfile.Profile()
            prof.enable()
            fn()
            prof.disable()
            buf.write(f"\n===== {label} ({n_people * each:,} conversations) =====\n")
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only 500 and 5,000 conversations")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--runs", type=int, default=30, help="runs of each read measure")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of save and reads at 20,000")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile())
        return 0
    rows, raw = run(SIZES_QUICK if args.quick else SIZES_FULL, args.saves, args.runs)
    print(table(rows))
    print()
    print(flatness(raw))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
