"""Textual's own floor for opening a screen: ``python -m benchmarks.bare_push [--rounds 3] [--opens 8]``.

A bare Textual app (no cc-tui code) whose home lists 40 names; Enter pushes a small conversation-like screen: a header,
a stage line, N text areas of ~90 words each (soft wrap), a 20-row option list, seven labels and a footer; Escape pops
it. It runs in the meeting benchmark's pseudo-terminal (120x40), interleaved with cc-tui itself opening conversations
from home on the 20,000-conversation store (``meeting_ab.one_run``: 20 s on home first, as the other runs), in these
shapes:

- no text area (the floor of any push of a screen of this size), 3 text areas, 10 (the number cc-tui's Prep stage
  shows), each a new screen composed at every open, as cc-tui does;
- 10 text areas on one screen composed once and kept: every later open refills its text areas (``load_text``) and
  pushes it again, the cheapest design a conversation screen could have.

Each open is timed from Enter to "Wrap-up" on screen ("shown") and to the last output within 0.3 s after it ("last").
It answers: how far is the open row's budget (150 ms) from what Textual itself needs, on this machine, for a screen of
this shape, and would a kept screen or fewer text areas reach it?
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = "the team asked for a clearer path into staff engineering and more time on design reviews " * 6


def bare_app() -> object:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Label, OptionList, Static, TextArea

    areas = int(os.environ.get("BARE_TEXT_AREAS", "3"))
    kept = os.environ.get("BARE_KEPT") == "1"

    class Conversation(Screen[None]):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Prep  Discussion  Goals  Actions  Wrap-up", markup=False)
            with Horizontal():
                with Vertical():
                    for i in range(areas):
                        yield Label(f"Notes {i}")
                        yield TextArea(WORDS, soft_wrap=True)
                with Vertical():
                    yield Label("Carried over")
                    yield OptionList(*[f"item {i}: {WORDS[:60]}" for i in range(20)])
                    for i in range(6):
                        yield Label(f"guide question {i}: {WORDS[:70]}")
            yield Footer()

    class Bare(App[None]):
        BINDINGS = [Binding("enter", "open", "Open", priority=True)]

        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Person {i:02d} Engineering Manager" for i in range(40)])
            yield Footer()

        opened = 0

        def action_open(self) -> None:
            if isinstance(self.screen, Conversation):
                return
            if not kept:
                self.push_screen(Conversation())
                return
            if not self.is_screen_installed("conversation"):
                self.install_screen(Conversation(), "conversation")
            else:  # another person's notes into the same text areas
                self.opened += 1
                for area in self.get_screen("conversation").query(TextArea):
                    area.load_text(f"{self.opened} {WORDS}")
            self.push_screen("conversation")

    return Bare()


def bare_run(areas: int, opens: int, home: Path, *, kept: bool = False) -> dict[str, list[float]]:
    from benchmarks import meeting
    from benchmarks.meeting_ab import time_one_open

    env = meeting.app_env(home, None)
    env["BARE_TEXT_AREAS"] = str(areas)
    env["BARE_KEPT"] = "1" if kept else "0"
    env["PYTHONPATH"] = str(ROOT)
    term = meeting.Terminal([sys.executable, "-m", "benchmarks.bare_push", "--app"], env)
    out: dict[str, list[float]] = {"shown": [], "last": []}
    try:
        term.wait_for("Person 00", 60, 0)
        time.sleep(2.0)
        for _ in range(opens):
            time_one_open(term, out)
            term.key("escape")
            time.sleep(1.0)
    finally:
        term.quit()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bare_push", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--opens", type=int, default=8)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--app", action="store_true", help=argparse.SUPPRESS)  # the bare app itself, in the pty
    args = parser.parse_args(argv)
    if args.app:
        bare_app().run()  # type: ignore[attr-defined]
        return 0
    from benchmarks import meeting
    from benchmarks.generate import ensure_store
    from benchmarks.meeting_ab import one_run

    meeting.byte_compile()
    source = ensure_store(100, args.conversations // 100)
    kinds = ("bare, no text area", "bare, 3 text areas", "bare, 10 text areas", "bare, 10, kept screen", "cc-tui")
    results: dict[str, dict[str, list[float]]] = {k: {"shown": [], "last": []} for k in kinds}
    with tempfile.TemporaryDirectory(prefix="cc-tui-bare-", dir=str(source.parent.parent)) as tmp:
        for round_ in range(args.rounds):
            for kind in kinds:
                scratch = Path(tmp) / f"{round_}-{kind.replace(' ', '').replace(',', '-')}"
                scratch.mkdir()
                if kind == "cc-tui":
                    got = one_run(ROOT, source, scratch, args.opens)
                else:
                    (scratch / "home").mkdir()
                    areas = 0 if "no text area" in kind else int(kind.split()[1].rstrip(","))
                    got = bare_run(areas, args.opens, scratch / "home", kept="kept" in kind)
                for measure in ("shown", "last"):
                    results[kind][measure].extend(got[measure])
                shutil.rmtree(scratch, ignore_errors=True)
            print(f"round {round_ + 1}/{args.rounds} done", file=sys.stderr)
    print("| ms | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for measure in ("shown", "last"):
        for label, pick in (("median", statistics.median), ("p95", _p95)):
            cells = [f"{pick(results[k][measure]) * 1000:.0f}" for k in kinds]
            print(f"| {measure} {label} | " + " | ".join(cells) + " |")
    return 0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())
