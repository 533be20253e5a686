"""Framework workarounds, measured off: the app's UI rows with some of cc-tui's Textual workarounds switched off.

The workarounds are the features of ``cc_tui/textual_compat/`` (``textual_compat.FEATURES``: ``steady_option_list``,
``steady_text_area``, ``clear_styles_cache``, ``prune_watchers``, ``crash_output``) and ``paint_when_settled``
(``cc_tui/widgets/settle.py``). Off means plain Textual behaviour, as on a Textual the module was not checked against.
The UI rows also print how many visible frames (frames that changed a cell) each key press caused. Run the same
command without ``--off`` for the numbers with everything on, in the same machine state.

    python benchmarks/workarounds_off.py                                   # everything on
    python benchmarks/workarounds_off.py --off steady_option_list,steady_text_area
    python benchmarks/workarounds_off.py --off paint_when_settled
    python benchmarks/workarounds_off.py --memory --off clear_styles_cache,prune_watchers
    python benchmarks/workarounds_off.py --startup 15 --off steady_option_list   # on and off interleaved

UI rows: ``app_bench.bench_ui`` (the rows of ``python -m benchmarks`` named the same), on the store of ``--size``
(default the 20,000-conversation one, as the budget rows). ``--memory``: the memory process of ``app_bench``
(peak RSS and objects left per conversation opened and closed) instead. ``--startup``: the start-up row (spawn to
exit after the first home frame, ratio to a bare Textual app), with the workarounds on and off in turn, interleaved.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import app_bench
from benchmarks.common import Row, scratch, table
from benchmarks.generate import clone_store, ensure_store

SETTLE = "paint_when_settled"


def switch_off(names: list[str]) -> None:
    from cc_tui import textual_compat

    for name in names:
        if name == SETTLE:
            def no_settle(widgets: Any, *, timeout: float = 0.0) -> None:
                return None

            for module in ("cc_tui.widgets.settle", "cc_tui.screens.conversation", "cc_tui.screens.history"):
                setattr(importlib.import_module(module), SETTLE, no_settle)
        else:
            textual_compat.set_enabled(name, False)


def ui_rows(folder: Path, label: str, opens: int, cycles: int) -> list[Row]:
    frames = count_visible_frames()
    ui = app_bench.bench_ui(folder, opens=opens, cycles=cycles)

    def per_key(keys: tuple[str, ...]) -> str:
        counts = [n for key in keys for n in frames.get(key, [])]
        return f"{sum(counts) / len(counts):.2f} (n={len(counts)})" if counts else "n/a"

    print("visible frames per key press (mean): stage switch F1..F5", per_key(("f1", "f2", "f3", "f4", "f5")),
          "| history h", per_key(("h",)), "| split view F7", per_key(("f7",)), "| open enter", per_key(("enter",)))
    return [
        Row.of(f"switch stage incl. guide panel ({label})", ui["switch"], budget="<= 150 ms", limit_ms=150),
        Row.of("  first visit of each stage", ui["switch first"], budget="<= 150 ms", limit_ms=150),
        Row.of("  typing in the shared notes (discussion), key -> last frame", ui["typing f2"]),
        Row.of("  typing in the summary (wrap-up), key -> last frame", ui["typing f5"]),
        Row.of(f"open a person's history, UI included ({label})", ui["history"], budget="<= 50 ms", limit_ms=50),
        Row.of("  history, h at once (no read-ahead)", ui["history cold"]),
        Row.of(f"open the split view (F7), UI included ({label})", ui["split open"], budget="<= 50 ms", limit_ms=50),
        Row.of("  split view: close (F7 again)", ui["split close"]),
        Row.of(f"  open a conversation from home ({label})", ui["open"]),
    ]


def count_visible_frames() -> dict[str, list[int]]:
    """Per key: how many frames that changed a cell on screen the key caused (a change drawn in one frame, or in a
    first frame and a late one). Wraps ``app_bench.press_and_settle``."""
    import time

    counts: dict[str, list[int]] = {}
    original = app_bench.press_and_settle

    async def counting(pilot: Any, key: str, *args: Any, **kwargs: Any) -> tuple[float, float]:
        t0 = time.perf_counter()
        result = await original(pilot, key, *args, **kwargs)
        counts.setdefault(key, []).append(sum(1 for t, _, changed in app_bench.FRAMES if t >= t0 and changed))
        return result

    app_bench.press_and_settle = counting  # type: ignore[assignment]
    return counts


def memory_rows(folder: Path, names: list[str]) -> list[Row]:
    out = app_bench._run(_prefixed(app_bench.MEMORY, names), str(folder))[1]
    import json

    cc = json.loads(out.strip().splitlines()[-1])
    rss = cc["maxrss_kib"] / 1024
    return [
        Row("  objects left per conversation opened and closed", "", cc["growth"], None, 4, None, "objects"),
        Row("resident memory (peak RSS, VmHWM)", "<= 200 MB", rss, None, 1, rss <= 200, "MB"),
    ]


def _prefixed(code: str, names: list[str]) -> str:
    """``code`` with the workarounds switched off first (only cc-tui's own modules imported for it: a start-up run
    must not pay for importing the benchmarks)."""
    lines = ["import cc_tui.textual_compat as _compat"]
    for name in names:
        if name == SETTLE:
            lines += ["import importlib",
                      "for _m in ('cc_tui.widgets.settle', 'cc_tui.screens.conversation', 'cc_tui.screens.history'):",
                      f"    setattr(importlib.import_module(_m), {SETTLE!r}, lambda widgets, **kw: None)"]
        else:
            lines.append(f"_compat.set_enabled({name!r}, False)")
    return "\n".join(lines) + "\n" + code


def startup_rows(folder: Path, names: list[str], runs: int) -> list[Row]:
    import os
    import statistics
    import time

    out: dict[str, list[float]] = {"bare": [], "on": [], "off": []}
    os.sync()
    time.sleep(1.0)
    code = {"bare": app_bench.BARE, "on": _prefixed(app_bench.CC, []), "off": _prefixed(app_bench.CC, names)}
    for key in code:  # warm the .pyc and page caches
        app_bench._run(code[key], *([] if key == "bare" else [str(folder)]))
    for _ in range(runs):
        for key in code:
            elapsed, stdout = app_bench._run(code[key], *([] if key == "bare" else [str(folder)]))
            if key != "bare" and "home rows: " not in stdout:
                raise RuntimeError(f"cc-tui exited without showing home: {stdout!r}")
            out[key].append(elapsed)
    bare = statistics.median(out["bare"])
    return [
        Row("start-up / bare Textual, workarounds on", "<= 1.25x", statistics.median(out["on"]) / bare, None, runs,
            statistics.median(out["on"]) / bare <= 1.25, "x"),
        Row("start-up / bare Textual, listed ones off", "<= 1.25x", statistics.median(out["off"]) / bare, None, runs,
            statistics.median(out["off"]) / bare <= 1.25, "x"),
        Row.of("  start-up cc-tui, wall, on", out["on"]),
        Row.of("  start-up cc-tui, wall, off", out["off"]),
        Row.of("  start-up bare Textual (Header+Footer), wall", out["bare"]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--off", default="", help=f"comma-separated: textual_compat features and/or {SETTLE}")
    parser.add_argument("--size", default="100x200", help="people x conversations each (default 100x200: 20,000)")
    parser.add_argument("--opens", type=int, default=10, help="conversation and history opens (app_bench: 10)")
    parser.add_argument("--cycles", type=int, default=8, help="F1..F5 cycles and split views (app_bench: 8)")
    parser.add_argument("--memory", action="store_true", help="the memory rows instead of the UI rows")
    parser.add_argument("--startup", type=int, default=0, metavar="RUNS",
                        help="the start-up row instead, RUNS interleaved runs each of bare / on / off")
    args = parser.parse_args(argv)
    from cc_tui import textual_compat

    names = [n for n in args.off.split(",") if n]
    unknown = [n for n in names if n != SETTLE and n not in textual_compat.FEATURES]
    if unknown:
        parser.error(f"unknown workaround(s): {', '.join(unknown)}")
    people, each = (int(x) for x in args.size.split("x"))
    label = f"{people * each:,} conv"
    source = ensure_store(people, each)
    with scratch("workarounds-off") as tmp:
        folder = clone_store(source, tmp / "data")
        if args.startup:
            rows = startup_rows(folder, names, args.startup)
        elif args.memory:
            rows = memory_rows(folder, names)
        else:
            switch_off(names)
            rows = ui_rows(folder, label, args.opens, args.cycles)
    print(f"off: {', '.join(names) or 'nothing (all workarounds on)'}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
