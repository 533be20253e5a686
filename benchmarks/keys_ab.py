"""Keys of a meeting with workarounds on and off, interleaved: ``python -m benchmarks.keys_ab --off NAMES
[--rounds 3]``.

The app runs in the meeting benchmark's pseudo-terminal (120x40, the 20,000-conversation store, byte-compiled),
opens the second person's conversation (at its first stage) and presses the same keys each time: the stage keys
F2-F5, Tab between the notes, the goal and action forms (Tab between their fields, Escape, save), the split view,
and F2-F4 again. Each
round runs the app once with every workaround on and once with ``--off`` switched off (``benchmarks/meeting.py``'s
launcher), one after the other, so that the machine's drift hits both alike. It prints, per key, the time to the last
frame of its burst (``meeting.latencies``: frames until 40 ms of quiet) in each run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import meeting
from benchmarks.generate import clone_store, ensure_store

# (key, label, pause after it); a label "" is not reported; "type:TEXT" types TEXT, a key every 0.15 s
SCRIPT: list[tuple[str, str, float]] = [
    ("down", "", 0.5), ("enter", "", 1.5), ("f2", "F2", 0.8), ("type:hello there", "", 0.5),
    ("tab", "Tab, notes", 0.6), ("type:risk", "", 0.5), ("tab", "Tab, notes", 0.6), ("f3", "F3", 0.8),
    ("a", "goal form", 0.8), ("tab", "Tab, form", 0.5), ("tab", "Tab, form", 0.5), ("escape", "close form", 0.8),
    ("f4", "F4", 0.8), ("a", "action form", 0.8), ("type:Send", "", 0.3), ("tab", "Tab, form", 0.5),
    ("tab", "Tab, form", 0.5), ("ctrl+s", "save action", 0.8), ("f5", "F5", 0.8), ("f7", "split view", 1.2),
    ("f7", "close split view", 0.8), ("f2", "F2 again", 0.8), ("f3", "F3 again", 0.8), ("f4", "F4 again", 0.8),
]


def one_run(folder: Path, home: Path, off: list[str]) -> list[tuple[str, float | None]]:
    meeting.OFF[:] = off
    term = meeting.Terminal(meeting.app_argv(folder), meeting.app_env(home, None))
    try:
        names = meeting.person_names(folder)
        deadline = time.perf_counter() + 60
        while not any(name in term.text() for name in names):
            if time.perf_counter() > deadline:
                raise RuntimeError("home never showed")
            time.sleep(0.05)
        time.sleep(1.5)
        for key, label, pause in SCRIPT:
            if key.startswith("type:"):
                for ch in key[5:]:
                    term.key("space" if ch == " " else ch, "typing")
                    time.sleep(0.15)
            else:
                term.key(key, label or "-")
            time.sleep(pause)
        time.sleep(0.5)
        return [(label, ms) for label, ms in meeting.latencies(term) if label not in ("typing", "-")]
    finally:
        term.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.keys_ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--off", required=True, help="workarounds to switch off, comma separated")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    off = [name for name in args.off.split(",") if name]
    meeting.byte_compile()
    source = ensure_store(100, 200)
    runs: dict[str, list[list[tuple[str, float | None]]]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory(prefix="cc-tui-keys-", dir=str(source.parent.parent)) as tmp:
        folder = clone_store(source, Path(tmp) / "data")
        home = Path(tmp) / "home"
        home.mkdir()
        for round_ in range(args.rounds):
            for which in ("on", "off"):
                runs[which].append(one_run(folder, home, [] if which == "on" else off))
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
    labels = [label for label, _ in runs["on"][0]]
    print(f"| key | on, {args.rounds} runs (ms) | {args.off} off (ms) |")
    print("|---|---|---|")
    for index, label in enumerate(labels):
        cells = []
        for which in ("on", "off"):
            values = [run[index][1] for run in runs[which] if index < len(run)]
            cells.append(", ".join("-" if v is None else f"{v * 1000:.0f}" for v in values))
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
