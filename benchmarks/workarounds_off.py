"""Framework workarounds, measured off: the app's UI rows with some of cc-tui's Textual workarounds switched off.

The workarounds are the features of ``cc_tui/textual_compat.py`` (``steady_option_list``, ``steady_text_area``,
``hand_over_repaint``, ``clear_styles_cache``, ``prune_watchers``, ``crash_output``) and ``paint_when_settled``
(``cc_tui/widgets/settle.py``, which uses ``hand_over_repaint``). Off means plain Textual behaviour, as on a Textual
the module was not checked against. Run the same command without ``--off`` for the numbers with everything on, in
the same machine state.

    python benchmarks/workarounds_off.py                                   # everything on
    python benchmarks/workarounds_off.py --off steady_option_list,steady_text_area
    python benchmarks/workarounds_off.py --off paint_when_settled
    python benchmarks/workarounds_off.py --memory --off clear_styles_cache,prune_watchers

UI rows: ``app_bench.bench_ui`` (the rows of ``python -m benchmarks`` named the same), on the store of ``--size``
(default the 20,000-conversation one, as the budget rows). ``--memory``: the memory process of ``app_bench``
(peak RSS and objects left per conversation opened and closed) instead.
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
    ui = app_bench.bench_ui(folder, opens=opens, cycles=cycles)
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


def memory_rows(folder: Path, names: list[str]) -> list[Row]:
    prefix = f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom benchmarks.workarounds_off import switch_off\n" \
             f"switch_off({names!r})\n"
    out = app_bench._run(prefix + app_bench.MEMORY, str(folder))[1]
    import json

    cc = json.loads(out.strip().splitlines()[-1])
    rss = cc["maxrss_kib"] / 1024
    return [
        Row("  objects left per conversation opened and closed", "", cc["growth"], None, 4, None, "objects"),
        Row("resident memory (peak RSS, VmHWM)", "<= 200 MB", rss, None, 1, rss <= 200, "MB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--off", default="", help=f"comma-separated: textual_compat features and/or {SETTLE}")
    parser.add_argument("--size", default="100x200", help="people x conversations each (default 100x200: 20,000)")
    parser.add_argument("--opens", type=int, default=10, help="conversation and history opens (app_bench: 10)")
    parser.add_argument("--cycles", type=int, default=8, help="F1..F5 cycles and split views (app_bench: 8)")
    parser.add_argument("--memory", action="store_true", help="the memory rows instead of the UI rows")
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
        if args.memory:
            rows = memory_rows(folder, names)
        else:
            switch_off(names)
            rows = ui_rows(folder, label, args.opens, args.cycles)
    print(f"off: {', '.join(names) or 'nothing (all workarounds on)'}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
