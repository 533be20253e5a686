"""Before and after, interleaved in one run: ``python -m benchmarks.meeting_ab --before REV [--rounds 4]``.

The app at git revision ``REV`` (checked out in a temporary worktree) and the app in this checkout run one after the
other, ``--rounds`` times, in the meeting benchmark's pseudo-terminal (120x40, the 20,000-conversation store, both
byte-compiled): the first frame (spawn -> a person's name on screen), then 20 s on home (the search index is built, as
some minutes into a session), then five conversations opened from home and closed again (``--skip 6``: people with no
conversation under way, so that each open starts a new one). It prints the medians (and
the slowest) of: the first frame; open, to the conversation's stage bar on screen ("shown") and to the last output
within 0.3 s after that ("last"); back home, to the end of its output burst (40 ms of quiet); and the output written
to the terminal in that open and in that back home, in KB (a frame drawn twice shows there). One machine's drift over
a few minutes hits both alike, which separate runs of ``python -m benchmarks meeting`` cannot promise.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import meeting
from benchmarks.generate import clone_store, ensure_store

MEASURES = ("first", "shown", "last", "back", "open KB", "back KB")  # KB: output written to the terminal


def imported_from(env: dict[str, str], cwd: Path) -> Path:
    """The cc_tui package folder ``python -m cc_tui`` would import with ``env`` in ``cwd``."""
    out = subprocess.run([sys.executable, "-c", "import cc_tui, pathlib; print(pathlib.Path(cc_tui.__file__).parent)"],
                         env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip()).resolve()


def one_run(root: Path, source: Path, scratch: Path, opens: int, skip: int = 0) -> dict[str, list[float]]:
    folder = clone_store(source, scratch / "data")
    home = scratch / "home"
    home.mkdir()
    env = meeting.app_env(home, None)
    env["PYTHONPATH"] = str(root)  # ahead of the editable install's path: this root's cc_tui is the one imported
    # ... and the app runs in the scratch folder: ``python -m`` puts its working directory first on sys.path, so run
    # from a checkout it imported that checkout's cc_tui whatever PYTHONPATH said (before 2026-12-04, every run from
    # the repository compared this checkout with itself)
    imported = imported_from(env, scratch)
    if imported != (root / "cc_tui").resolve():
        raise RuntimeError(f"the app would import {imported}, not {root / 'cc_tui'}")
    names = meeting.person_names(folder)
    term = meeting.Terminal([sys.executable, "-m", "cc_tui", "--data-dir", str(folder)], env, cwd=scratch)
    out: dict[str, list[float]] = {m: [] for m in MEASURES}
    try:
        deadline = time.perf_counter() + 60
        first = None
        while first is None and time.perf_counter() < deadline:
            time.sleep(0.01)
            first = next((t for t in (term.shown_at(n) for n in names[:3]) if t is not None), None)
        if first is None:
            raise RuntimeError(f"{root}: home never showed")
        out["first"].append(first - term.started)
        time.sleep(20.0)
        for _ in range(skip):  # rows passed over first: on the 20,000 store, rows 7-11 have no conversation under way
            term.key("down")
            time.sleep(0.15)
        for _ in range(opens):
            time_one_open(term, out)
            mark = len(term.chunks)
            t1 = term.key("escape")
            time.sleep(2.0)
            chunks = term.chunks[mark:]
            end = chunks[0][0] if chunks else t1
            size = len(chunks[0][1]) if chunks else 0
            for t, chunk in chunks[1:]:
                if t - end > meeting.QUIET:
                    break
                end = t
                size += len(chunk)
            out["back"].append(end - t1)
            out["back KB"].append(size / 1000)
    finally:
        term.quit()
    return out


def time_one_open(term: meeting.Terminal, out: dict[str, list[float]]) -> None:
    """Down, a rest, Enter: the time to the stage bar on screen (``shown``) and to the last output within 0.3 s after
    it (``last``), appended to ``out``; then a second for the screen to settle."""
    term.key("down")
    time.sleep(0.6)
    mark = len(term.chunks)
    t0 = term.key("enter")
    shown = term.wait_for("Wrap-up", 30, mark)
    time.sleep(1.0)
    out["shown"].append(shown - t0)
    burst = [(t, chunk) for t, chunk in term.chunks[mark:] if t <= shown + 0.3]
    out["last"].append(max([t for t, _ in burst] + [shown]) - t0)
    out["open KB"].append(sum(len(chunk) for _, chunk in burst) / 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.meeting_ab", description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, metavar="REV", help="the git revision to compare with")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--skip", type=int, default=0, metavar="N",
                        help="move down N rows before the opens (--skip 6: every open starts a new conversation)")
    args = parser.parse_args(argv)
    source = ensure_store(100, args.conversations // 100)
    with tempfile.TemporaryDirectory(prefix="cc-tui-ab-", dir=str(source.parent.parent)) as tmp:
        before = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(before), args.before],
                       check=True)
        try:
            roots = {"before": before, "after": ROOT}
            for root in roots.values():
                compileall.compile_dir(str(root / "cc_tui"), quiet=1)
            results: dict[str, dict[str, list[float]]] = {k: {m: [] for m in MEASURES} for k in roots}
            for round_ in range(args.rounds):
                for kind, root in roots.items():
                    scratch = Path(tmp) / f"{kind}-{round_}"
                    scratch.mkdir()
                    for measure, values in one_run(root, source, scratch, args.opens, args.skip).items():
                        results[kind][measure].extend(values)
                    shutil.rmtree(scratch, ignore_errors=True)
                print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False)
    print(f"| ms (KB), median (slowest) | before ({args.before}) | after (this checkout) |")
    print("|---|---|---|")
    for measure in MEASURES:
        scale = 1 if measure.endswith("KB") else 1000
        cells = [f"{statistics.median(results[k][measure]) * scale:.0f} ({max(results[k][measure]) * scale:.0f})"
                 for k in ("before", "after")]
        print(f"| {measure} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
