"""The app's budget: start-up, stage switches, opening a conversation, memory, search, export.

Rows:
  start-up       wall clock of a subprocess from spawn to exit, where the app exits right after its first frame:
                 cc-tui (the real command, ``cc_tui.cli.main(["--data-dir", DIR])``, run headless; it exits after
                 the home rows are shown and the screen refreshed, then cleans up as usual) vs a bare Textual app
                 (Header + Footer, exit after the first refresh), interleaved, same run. The budget is the ratio of
                 medians.
  stage switch   in a live conversation (Pilot, 120x40): press F1..F5 in turn; time from the key press to the last
                 frame the key caused that changed a cell on screen (ContentSwitcher + StageBar + GuidePanel + focus +
                 key bar; every frame is also turned into terminal output and applied to a virtual screen: a frame
                 that draws the same cells again is invisible and does not end the latency). Each switch also \
hands a save to the saver thread, as in use.
                 Cursor blink and the once-a-second stage clock are paused so that their frames do not count.
  open conv      home -> enter on a person with an unfinished conversation -> last frame once the conversation
                 screen is mounted and loaded (people, goals, actions, carry-over from a worker); plus the first frame
                 of that screen. Escape back home between runs.
  The Pilot wall rows show what "press + pause" measures: Textual's wait_for_idle sleeps >= 20 ms per call and
  pause() forces a frame at its end, so those rows carry a ~90 ms harness floor.
  memory         peak RSS (VmHWM) of a process that opened the largest store, showed home and one conversation,
                 and received the search index from its child process
  search/export  timed when the feature exists in cc_tui; otherwise "n/a (not built yet)"

Headless: Textual computes every frame (layout, compositor) but does not write escape sequences to a terminal, for
both apps alike.

    python benchmarks/app_bench.py [--quick] [--profile-switch]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib.util
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks.common import SIZES_FULL, SIZES_QUICK, Row, p95, scratch, table
from benchmarks.generate import NOW, clone_store, ensure_store

SIZE = (120, 40)
HUMAN_PAUSE = 0.3  # s: the cursor rests on a person before the next key (a quick human; reading ahead takes 0.15 s)
STAGE_OF = {"f1": "prep", "f2": "discussion", "f3": "goals", "f4": "actions", "f5": "wrapup"}
TYPED = "agreed to shadow the on-call lead in march "  # typed into the notes, one key at a time

BARE = """
import sys
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True, size=(120, 40))
"""

CC = """
import sys
import cc_tui.cli as cli
from cc_tui.app import CCApp
from cc_tui.cli import main
from cc_tui.screens.home import HomeScreen

shown = HomeScreen.show_rows

def show_rows(self, rows):
    shown(self, rows)
    print("home rows:", len(rows))
    self.call_after_refresh(self.app.exit)

HomeScreen.show_rows = show_rows
run = CCApp.run
CCApp.run = lambda self, **kw: run(self, headless=True, size=(120, 40))
cli.has_terminal = lambda: True  # headless: the app draws to no terminal here
sys.exit(main(["--data-dir", sys.argv[1]]))
"""

# memory: open the store, show home and one conversation, build the search index, report the peak RSS
MEMORY = """
import asyncio, gc, json, resource, sys
from cc_tui.app import make_app

def peak_kib():
    # VmHWM: this process's own peak RSS. (ru_maxrss survives exec on Linux, so a child of a big parent reports
    # the parent's peak.)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from cc_tui.store import Store

async def main():
    store = Store.open(sys.argv[1])
    app = make_app(store, index_delay=None)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            await pilot.pause(0.01)
            if app.screen.id == "home" and app.screen.rows:
                break
        home = app.screen
        index = next(i for i, r in enumerate(home.rows) if r.unfinished_conversation_id)
        home.query_one("#people").move_cursor(row=index)
        await pilot.press("enter")
        for _ in range(500):
            await pilot.pause(0.01)
            if app.screen.id == "conversation" and app.screen.session.loaded:
                break
        await pilot.press("f3")
        await pilot.pause()
        app.ensure_search_index()  # built 3 s after start in real use: a meeting holds it
        for _ in range(12000):
            await pilot.pause(0.01)
            if app.search_index is not None:
                break
        ok = app.screen.id == "conversation" and app.screen.session.loaded and app.search_index is not None
        # a day of meetings: conversations opened and closed one after the other must not pile up
        counts = []
        for _ in range(6):
            await pilot.press("escape")
            for _ in range(500):
                await pilot.pause(0.01)
                if app.screen.id == "home":
                    break
            await pilot.pause(0.5)
            # what the app does 0.2 s after a conversation closes; on a loaded machine that timer can come after
            # the count, and the step then read ~31,000 (all of the screen) once and -31,000 the next time
            app.forget_closed_screen()
            gc.unfreeze()
            gc.collect()
            counts.append(len(gc.get_objects()))
            await pilot.press("enter")
            for _ in range(500):
                await pilot.pause(0.01)
                if app.screen.id == "conversation" and app.screen.session.loaded:
                    break
    app.saver.stop(5.0)
    store.close()
    # a leak shows in every step; one late transient (a worker's result landing after the count) in one only
    steps = sorted(b - a for a, b in zip(counts[1:], counts[2:]))
    return ok, steps[len(steps) // 2]

ok, growth = asyncio.run(main())
print(json.dumps({"maxrss_kib": peak_kib(), "ok": ok, "growth": growth}))
"""

BARE_MEMORY = BARE + """
import json
print(json.dumps({"maxrss_kib": int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1])}))
"""


def _python() -> str:
    return sys.executable


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CC_TUI_DEBUG", None)
    # an installed cc-tui has its .pyc files (pip compiles them); an editable checkout gets them on the warm-up run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(code: str, *args: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run([_python(), "-c", code, *args], capture_output=True, text=True, env=_env(), timeout=120,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"subprocess failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


# --------------------------------------------------------------------------------------------------------- start-up


def bench_startup(folder: Path, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"bare": [], "cc": [], "python": []}
    os.sync()  # the store benchmarks' clones and deletions are written out first: not part of anyone's start-up
    time.sleep(1.0)
    _run(BARE), _run(CC, str(folder))  # warm the .pyc and page caches
    for _ in range(runs):
        out["python"].append(_run("pass")[0])
        out["bare"].append(_run(BARE)[0])
        elapsed, stdout = _run(CC, str(folder))
        if "home rows: " not in stdout:
            raise RuntimeError(f"cc-tui exited without showing home: {stdout!r}")
        out["cc"].append(elapsed)
    return out


def importtime(folder: Path) -> str:
    """Top cumulative import times of the cc-tui start-up (python -X importtime)."""
    proc = subprocess.run([_python(), "-X", "importtime", "-c", CC, str(folder)], capture_output=True, text=True,
                          env=_env(), timeout=120, stdin=subprocess.DEVNULL)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line[len("import time:"):].split("|")
        depth = len(name) - len(name.lstrip(" "))
        if depth <= 3:  # top-level imports and their direct children
            rows.append((int(cum_us), name.rstrip()))
    rows.sort(reverse=True)
    return "\n".join(f"  {cum / 1000:7.1f} ms cumulative {name}" for cum, name in rows[:20])


# -------------------------------------------------------------------------------------------------------- in-process UI


FRAMES: list[tuple[float, str, bool]] = []  # (perf_counter, screen id, changed a cell?) of every frame


class VirtualScreen:
    """What a terminal would show: each frame's output applied to a grid of (character, style) cells, so the
    benchmark can tell a frame that changed what is on screen from one that drew the same cells again (Textual
    sometimes repaints a scroll bar, identical, in a frame of its own after the frame that showed a change; nobody
    can see that frame, so it does not end the latency)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, Any]] = {}

    def apply(self, update: Any, console: Any) -> bool:
        from rich.segment import ControlType

        changed = False
        cells = self.cells
        x = y = 0
        for segment in update.__rich_console__(console, console.options):
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
                continue
            for ch in segment.text:
                if ch == "\n":
                    x, y = 0, y + 1
                    continue
                cell = (ch, segment.style)
                if cells.get((x, y)) != cell:
                    cells[(x, y)] = cell
                    changed = True
                x += 1
        return changed


SCREENS: dict[int, VirtualScreen] = {}


def install_frame_probe() -> None:
    """Record every frame. Headless Textual computes the frame (layout + compositor) but skips turning it into
    terminal output; the probe does that step too (``render_segments``), so a frame costs what it costs on a tty,
    and applies it to a :class:`VirtualScreen` to know whether it changed anything visible."""
    from textual._compositor import CompositorUpdate
    from textual.app import App

    original = App._display
    if getattr(original, "_bench_probe", False):
        return

    def _display(self: App, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)
            done = time.perf_counter()
            changed = SCREENS.setdefault(id(self), VirtualScreen()).apply(renderable, self.console)
            FRAMES.append((done, screen.id or "", changed))

    _display._bench_probe = True  # type: ignore[attr-defined]
    App._display = _display  # type: ignore[method-assign]


def last_frame_after(t0: float, screen_id: str | None = None) -> float:
    times = [t for t, sid, changed in FRAMES if t >= t0 and changed and (screen_id is None or sid == screen_id)]
    if not times:
        raise RuntimeError("no frame after the key press")
    return times[-1] - t0


def first_frame_after(t0: float, screen_id: str) -> float:
    return next(t for t, sid, _ in FRAMES if t >= t0 and sid == screen_id) - t0


async def _wait(pilot: Any, predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.0005)
    await pilot.pause()


async def press_and_settle(pilot: Any, key: str, ready: Any = lambda: True, quiet: float = 0.08,
                           timeout: float = 30.0) -> tuple[float, float]:
    """Press ``key``; wait until ``ready()`` and no frame for ``quiet`` s. Returns (key -> last frame it caused,
    wall time of the whole wait). ``pilot.pause()`` is not used while timing: it forces a frame of its own after
    sleeping until the CPU is idle, which would put the harness's sleeps into the number."""
    t0 = time.perf_counter()
    await pilot.press(key)  # sends the key; sleeps (wait_for_idle) but forces no frame
    seen, changed = len(FRAMES), time.perf_counter()
    while True:
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        if len(FRAMES) != seen:
            seen, changed = len(FRAMES), now
        if ready() and now - changed >= quiet:
            break
        if now - t0 > timeout:
            raise TimeoutError(f"no quiet screen after {key}")
    frames = [t for t, _, changed in FRAMES if t >= t0 and changed]
    return (frames[-1] - t0 if frames else 0.0), now - t0 - quiet


def _quiet(screen: Any) -> list[Any]:
    """No frames that are not caused by the key: no cursor blink, no once-a-second stage clock tick."""
    from textual.widgets import Input, TextArea

    for widget in screen.query("TextArea, Input"):
        if isinstance(widget, (TextArea, Input)):
            widget.cursor_blink = False
    paused = []
    for timer in list(screen._timers):
        if getattr(getattr(timer, "_callback", None), "__name__", "") == "_tick":
            timer.pause()
            paused.append(timer)
    return paused


async def _ui(folder: Path, opens: int, cycles: int) -> dict[str, list[float]]:
    from cc_tui.app import make_app
    from cc_tui.store import Store

    install_frame_probe()
    store = Store.open(folder)
    app = make_app(store)
    out: dict[str, list[float]] = {k: [] for k in ("open", "open first paint", "open pilot", "switch", "switch first",
                                                   "switch pilot", "noop pilot", "split open", "split close",
                                                   "history", "history first paint", "history cold")}
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _wait(pilot, lambda: app.screen.id == "home" and bool(app.screen.rows))
            home = app.screen
            index = next(i for i, r in enumerate(home.rows) if r.unfinished_conversation_id)
            home.query_one("#people").move_cursor(row=index)
            await pilot.pause()
            for k in range(opens + 1):
                t0 = time.perf_counter()
                latency, wall = await press_and_settle(
                    pilot, "enter", lambda: app.screen.id == "conversation" and app.screen.session.loaded)
                if k:  # the first open also imports the screen modules and parses the guides
                    out["open"].append(latency)
                    out["open first paint"].append(first_frame_after(t0, "conversation"))
                    out["open pilot"].append(wall)
                if k < opens:
                    await pilot.press("escape")
                    await _wait(pilot, lambda: app.screen.id == "home")
                    await app.workers.wait_for_complete()
                    await asyncio.to_thread(app.saver.flush, 10.0)
                    await pilot.pause()
            paused = _quiet(app.screen)
            await pilot.pause()
            # from the stage after the one the conversation opened at (that one is on screen already: pressing its
            # key changes nothing, and it is no first visit)
            keys = ["f1", "f2", "f3", "f4", "f5"]
            current = next(k for k, stage in STAGE_OF.items() if stage == app.screen.conv.stage.value)
            start = keys.index(current) + 1
            keys = keys[start:] + keys[:start]
            seen: set[str] = {current}
            for _ in range(cycles):
                for key in keys:
                    latency, wall = await press_and_settle(pilot, key)
                    first = key not in seen
                    seen.add(key)
                    out["switch first" if first else "switch"].append(latency)
                    if not first:
                        out.setdefault(f"switch to {STAGE_OF[key]}", []).append(latency)
                    out["switch pilot"].append(wall)
                    await asyncio.to_thread(app.saver.flush, 10.0)
                # the harness alone: a key bound to nothing (f12 is the share-safe view now, and its second press asks)
                out["noop pilot"].append((await press_and_settle(pilot, "f20"))[1])
            # typing: a key in the shared notes (discussion) and in the summary (wrap-up) -> the last frame it caused
            conversation = app.screen
            for stage, field in (("f2", "#f-shared_notes"), ("f5", "#f-summary")):
                await press_and_settle(pilot, stage)
                conversation.query_one(field).focus()
                await pilot.pause()
                for char in TYPED:
                    latency, _wall = await press_and_settle(pilot, "space" if char == " " else char, quiet=0.05)
                    out.setdefault(f"typing {stage}", []).append(latency)
                await asyncio.to_thread(app.saver.flush, 10.0)
            await press_and_settle(pilot, "f1")
            # split view: F7 shows the last conversation beside this one, F7 again closes it
            for _ in range(cycles + 1):
                latency, _wall = await press_and_settle(
                    pilot, "f7", lambda: conversation.side.showing_past and conversation.side.past_id is not None)
                out["split open"].append(latency)
                latency, _wall = await press_and_settle(pilot, "f7", lambda: not conversation.side.showing_past)
                out["split close"].append(latency)
                await asyncio.to_thread(app.saver.flush, 10.0)
            out["split open"].pop(0), out["split close"].pop(0)  # the first one also imports the history module
            for timer in paused:
                timer.resume()
            # a person's history, from home: h -> the list and the newest conversation shown. As a manager does it:
            # the cursor moves to someone else and rests there a moment (HUMAN_PAUSE), so the read-ahead has happened;
            # "history, h at once" moves to the next person and presses h in the same instant (no read-ahead).
            await pilot.press("escape")
            await _wait(pilot, lambda: app.screen.id == "home")
            await app.workers.wait_for_complete()
            history_ready = lambda: app.screen.id == "history" and app.screen.displayed is not None  # noqa: E731
            for k in range(opens + 1):  # a different person each time (the next one down, then back up)
                await pilot.press("down" if (k // 5) % 2 == 0 else "up")
                await asyncio.sleep(HUMAN_PAUSE)
                t0 = time.perf_counter()
                latency, _wall = await press_and_settle(pilot, "h", history_ready)
                if k:
                    out["history"].append(latency)
                    out["history first paint"].append(first_frame_after(t0, "history"))
                await pilot.press("escape")
                await _wait(pilot, lambda: app.screen.id == "home")
            for k in range(opens):
                await asyncio.sleep(HUMAN_PAUSE)
                await pilot.press("down" if k % 2 == 0 else "up")
                latency, _wall = await press_and_settle(pilot, "h", history_ready)
                out["history cold"].append(latency)
                await pilot.press("escape")
                await _wait(pilot, lambda: app.screen.id == "home")
    finally:
        app.saver.stop(5.0)
        store.close()
    return out


def bench_ui(folder: Path, opens: int = 10, cycles: int = 8) -> dict[str, list[float]]:
    return asyncio.run(_ui(folder, opens, cycles))


def profile_switch(folder: Path, cycles: int = 6) -> str:
    prof = cProfile.Profile()
    prof.enable()
    bench_ui(folder, opens=1, cycles=cycles)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(
        r"(conversation|guide_panel|stage_bar|option_list|content_switcher|_compositor|screen|widget)\.py", 40)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------------- memory


def bench_memory(folder: Path) -> tuple[float, float, float]:
    """(peak RSS MB, bare Textual's MB, objects left behind per conversation opened and closed)."""
    cc = json.loads(_run(MEMORY, str(folder))[1].strip().splitlines()[-1])
    bare = json.loads(_run(BARE_MEMORY)[1].strip().splitlines()[-1])
    if not cc["ok"]:
        raise RuntimeError("memory run did not reach the conversation screen")
    return cc["maxrss_kib"] / 1024, bare["maxrss_kib"] / 1024, cc["growth"]


# ------------------------------------------------------------------------------------------------------ search & export


def bench_search(folder: Path, label: str) -> list[Row]:
    """Search rows from ``benchmarks/search_bench.py`` (written with ``cc_tui/search.py``) when both exist."""
    if importlib.util.find_spec("cc_tui.search") is None:
        return [Row("search all conversations", "<= 100 ms", note="n/a (not built yet)")]
    try:
        from benchmarks import search_bench

        r = search_bench.run(folder)
    except Exception as exc:  # noqa: BLE001 - being written by someone else right now
        return [Row("search all conversations", "<= 100 ms",
                    note=f"n/a (cc_tui/search.py exists but could not be driven: {type(exc).__name__}: {exc})")]
    return [
        Row(f"search all conversations ({label})", "<= 100 ms", r["median_ms"], r["p95_ms"], r["runs"],
            r["p95_ms"] <= 100, "ms", note=f"{r['queries']} queries x reps, full scan each (search_bench.run)"),
        Row("  search while typing (incremental)", "<= 100 ms", r["typing_median_ms"], r["typing_p95_ms"], 0,
            r["typing_p95_ms"] <= 100, "ms"),
        Row("  search index build (in one thread)", "", r["build_s"] * 1000, None, 1, None, "ms"),
        Row("  search index build, child process (as the app)", "", r["child_build_s"] * 1000, None, 1, None, "ms",
            note="wall time; the app's own process only unpickles the pieces"),
        Row("  longest GIL hold in the app for it (one piece)", "", r["child_piece_ms"], None, 1, None, "ms"),
        Row("  search index memory (RSS delta, built in one thread)", "", r["index_rss_mb"], None, 1, None, "MB",
            note="the resident-memory row holds the index as the app gets it (from the child process)"),
    ]


def bench_export(folder: Path, runs: int = 20) -> list[Row]:
    """Time ``cc_tui.export.render`` for each format on one conversation, when the module exists."""
    if importlib.util.find_spec("cc_tui.export") is None:
        return [Row("export one conversation, any format", "<= 100 ms", note="n/a (not built yet)")]
    try:
        return _export_rows(folder, runs)
    except Exception as exc:  # noqa: BLE001 - the module is being written by someone else right now
        return [Row("export one conversation, any format", "<= 100 ms",
                    note=f"n/a (cc_tui/export.py exists but could not be driven: {type(exc).__name__}: {exc})")]


def _time_exports(folder: Path, cid: str, runs: int, bundles: list[float], renders: dict[str, list[float]]) -> None:
    from cc_tui import export
    from cc_tui.store import Store

    for _ in range(runs):
        store = Store.open(folder, lock=False)
        t0 = time.perf_counter()
        bundle = export.bundle_for_conversation(store, cid, now=NOW)
        bundles.append(time.perf_counter() - t0)
        store.close()
        for fmt in export.FORMATS:
            t0 = time.perf_counter()
            export.render(bundle, fmt)
            renders[fmt].append(time.perf_counter() - t0)


def _export_rows(folder: Path, runs: int) -> list[Row]:
    """Export = ``bundle_for_conversation`` on a freshly opened store (what an export command or key does) +
    ``render(bundle, fmt)``; rows per format and for the bundle alone."""
    from benchmarks.store_bench import open_conversation_id
    from cc_tui import export
    from cc_tui.quiet_gc import QuietCollector
    from cc_tui.store import Store

    probe = Store.open(folder, lock=False)
    _, cid = open_conversation_id(probe)
    probe.warm_up()  # what the app has done after its first frame: the models' validators are built
    probe.close()
    bundles: list[float] = []
    renders: dict[str, list[float]] = {fmt: [] for fmt in export.FORMATS}
    collector = QuietCollector()  # the app's collection policy: no old-generation pass in the middle of an action
    collector.start()
    try:
        _time_exports(folder, cid, runs, bundles, renders)
    finally:
        collector.stop()
    rows = [Row.of("export one conversation, worst format (bundle+render)",
                   [b + max(renders[f][i] for f in export.FORMATS) for i, b in enumerate(bundles)],
                   budget="<= 100 ms", limit_ms=100,
                   note="the open conversation of a person with all their goals and items, in a process whose models "
                        "are built (the app builds them after its first frame)")]
    rows.append(Row.of("  export: bundle_for_conversation, fresh Store", bundles))
    rows += [Row.of(f"  export: render {fmt}", renders[fmt]) for fmt in export.FORMATS]
    cli = []
    for _ in range(5):  # the command line: a whole process (Python, imports, the store), for comparison
        t0 = time.perf_counter()
        proc = subprocess.run([_python(), "-c", "import sys; from cc_tui.cli import main; sys.exit(main())",
                               "--data-dir", str(folder), "export", "--conversation", cid, "--format", "ics"],
                              capture_output=True, env=_env(), timeout=120, stdin=subprocess.DEVNULL)
        cli.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"cc-tui export failed: {proc.stderr[-500:]!r}")
    rows.append(Row.of("  export from the command line (process wall, ics)", cli,
                       note="cc-tui export --conversation ID --format ics, start to exit"))
    return rows


# --------------------------------------------------------------------------------------------------------- run


def run(sizes: Sequence[tuple[int, int]] = SIZES_FULL, startup_runs: int = 7, log=print) -> tuple[list[Row], dict]:
    people, each = sizes[-1]
    n = people * each
    source = ensure_store(people, each)
    label = f"{n:,} conv"
    extra: dict[str, Any] = {}
    with scratch("app") as tmp:
        folder = clone_store(source, tmp / "data")
        log(f"  app bench: start-up x{startup_runs} ({label}) ...")
        st = bench_startup(folder, startup_runs)
        extra["startup"] = st
        log("  app bench: open conversation, stage switches ...")
        ui = bench_ui(folder)
        extra["ui"] = ui
        log("  app bench: memory ...")
        rss, bare_rss, growth = bench_memory(folder)
        export_rows = bench_export(folder)
        log("  app bench: search ...")
        search_rows = bench_search(folder, label)
    ratio_med = statistics.median(st["cc"]) / statistics.median(st["bare"])
    ratio_p95 = p95(st["cc"]) / p95(st["bare"])
    rows = [
        Row("start-up to first home frame / bare Textual", "<= 1.25x", ratio_med, ratio_p95, len(st["cc"]),
            ratio_med <= 1.25, "x", note="ratio of medians (median col) and of p95s (p95 col)"),
        Row.of(f"  start-up cc-tui, wall ({label})", st["cc"]),
        Row.of("  start-up bare Textual (Header+Footer), wall", st["bare"]),
        Row.of("  start-up python -c pass, wall", st["python"]),
        Row.of(f"switch stage incl. guide panel ({label})", ui["switch"], budget="<= 150 ms", limit_ms=150,
               note="key press -> last frame it caused that changed a cell (incl. render to terminal output); "
                    "F1..F5 in turn"),
        Row.of("  first visit of each stage", ui["switch first"], budget="<= 150 ms", limit_ms=150),
        *[Row.of(f"  switch to {stage}", ui[f"switch to {stage}"], budget="<= 150 ms", limit_ms=150)
          for stage in STAGE_OF.values()],
        Row.of("  typing in the shared notes (discussion), key -> last frame", ui["typing f2"],
               note="one key at a time into the open conversation's notes, each with the autosave it queues"),
        Row.of("  typing in the summary (wrap-up), key -> last frame", ui["typing f5"],
               note="the preview of what the employee sees follows once typing pauses"),
        Row.of("  switch, wall until settled (harness incl.)", ui["switch pilot"]),
        Row.of("  unbound key, wall until settled (harness floor)", ui["noop pilot"]),
        Row.of(f"open a person's history, UI included ({label})", ui["history"], budget="<= 50 ms", limit_ms=50,
               note="home h (cursor on the person for 0.3 s) -> last visible frame with the list and the newest "
                    "conversation"),
        Row.of("  history: first frame of the history screen", ui["history first paint"]),
        Row.of("  history, h at once (no read-ahead)", ui["history cold"],
               note="down + h in the same instant: the history is read after the key, in a worker"),
        Row.of(f"open the split view (F7), UI included ({label})", ui["split open"], budget="<= 50 ms",
               limit_ms=50,
               note="F7 in the open conversation -> last visible frame with the last conversation beside it"),
        Row.of("  split view: close (F7 again)", ui["split close"]),
        Row.of(f"  open a conversation from home ({label})", ui["open"],
               note="home enter -> last frame once the conversation screen is mounted and loaded (no row of "
                    "its own in the budget)"),
        Row.of("  open: first frame of the conversation screen", ui["open first paint"]),
        Row.of("  open: wall until loaded and settled (harness incl.)", ui["open pilot"]),
        *search_rows,
        *export_rows,
        Row("  objects left per conversation opened and closed", "", growth, None, 4, None, "objects",
            note="gc.get_objects() after a full collection; "
                 "median of the steps between conversations 2-6 of a session"),
        Row("resident memory (peak RSS, VmHWM)", "<= 200 MB", rss, None, 1, rss <= 200, "MB",
            note=f"{label} store, home + one conversation + the search index; bare Textual app: "
                 f"{bare_rss:.0f} MB"),
    ]
    return rows, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="use the 5,000 store, fewer start-ups")
    parser.add_argument("--runs", type=int, default=15, help="start-up runs of each app")
    parser.add_argument("--profile-switch", action="store_true", help="cProfile of opening + stage switches")
    parser.add_argument("--importtime", action="store_true", help="top imports of the cc-tui start-up")
    args = parser.parse_args(argv)
    sizes = SIZES_QUICK if args.quick else SIZES_FULL
    if args.profile_switch or args.importtime:
        source = ensure_store(*sizes[-1])
        with scratch("profile") as tmp:
            folder = clone_store(source, tmp / "data")
            print(profile_switch(folder) if args.profile_switch else importtime(folder))
        return 0
    rows, _ = run(sizes, 4 if args.quick else args.runs)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
