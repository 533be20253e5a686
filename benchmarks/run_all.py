"""Run every benchmark and print one table: measure | budget | median | p95 | ok?

    python -m benchmarks            # full: 500, 5,000 and 20,000 conversations (a few minutes)
    python -m benchmarks --quick    # 500 and 5,000 only, fewer runs (< 60 s once the stores are cached)
    python benchmarks/run_all.py [--quick] [--json FILE]

The first run generates the stores (about 25 s for 20,000 conversations) into the cache (see generate.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import app_bench, crypto_bench, handover_bench, store_bench
from benchmarks.common import SIZES_FULL, SIZES_QUICK, Row, table
from benchmarks.generate import ensure_store

FLAT_LIMIT = 1.5  # "flat": the median save at the largest store is at most 1.5x the one at the smallest


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only 500 and 5,000 conversations, fewer runs")
    parser.add_argument("--json", type=Path, help="also write every row (and the raw samples) here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is over budget")
    args = parser.parse_args(argv)
    sizes = SIZES_QUICK if args.quick else SIZES_FULL
    started = time.perf_counter()
    load = os.getloadavg()

    t0 = time.perf_counter()
    for people, each in sizes:
        ensure_store(people, each)
    gen_s = time.perf_counter() - t0

    log("store benchmarks ...")
    saves, runs = (100, 15) if args.quick else (200, 30)
    store_rows, raw = store_bench.run(sizes, saves=saves, runs=runs, log=log)
    log("app benchmarks ...")
    app_rows, extra = app_bench.run(sizes, startup_runs=5 if args.quick else 15, log=log)

    log("encryption at rest: the largest store encrypted, beside the plain one ...")
    crypto_rows = crypto_bench.run(sizes, saves=saves, runs=runs, startup_runs=5 if args.quick else 15, log=log)

    log("handover benchmark ...")
    handover_rows = handover_bench.run(5000, runs=1 if args.quick else 3, log=log)
    by_name = {r.measure: r for r in store_rows + app_rows}
    ns = sorted(raw)
    largest = f"{ns[-1]:,} conv"
    save_rows = [by_name[f"save open conversation ({n:,} conv)"] for n in ns]
    meds = [statistics.median(raw[n]["save"]) * 1000 for n in ns]
    flat = meds[-1] / meds[0]
    worst_save = max(save_rows, key=lambda r: r.p95 or 0)

    def pick(prefix: str) -> Row:
        return next(r for r in app_rows if r.measure.startswith(prefix))

    export_rows = [r for r in app_rows if r.measure.startswith("export one conversation")]
    budget = [
        pick("start-up to first home frame"),
        *save_rows,
        Row(f"save: flat from {ns[0]:,} to {ns[-1]:,} (median ratio)", f"<= {FLAT_LIMIT}x", flat, None, len(ns),
            flat <= FLAT_LIMIT, "x"),
        pick("switch stage incl. guide panel"),
        by_name[f"history cold ({largest})"],
        pick("open a person's history, UI included"),
        pick("open the split view (F7)"),
        *[r for r in app_rows if r.measure.startswith("search all conversations")][:1],
        *export_rows[:1],
        pick("resident memory"),
        *handover_rows,
        *[r for r in crypto_rows if r.ok is not None or r.budget == "reported"],
    ]
    ok = all(r.ok is not False for r in budget)
    details = [r for r in store_rows + app_rows + crypto_rows if r not in budget]

    header = (f"cc-tui benchmarks — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} — {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
              f"{' — QUICK' if args.quick else ''} — load average at start {load[0]:.2f} / end "
              f"{os.getloadavg()[0]:.2f} (other work on the machine skews the numbers)")
    print(header)
    print()
    print("BUDGET")
    print(table(budget))
    print()
    print("DETAILS")
    print(table(details))
    print()
    print(store_bench.flatness(raw))
    print(f"worst save p95: {worst_save.p95:.2f} ms ({worst_save.measure})")
    print(f"store generation (cached after the first run): {gen_s:.1f} s; total run: "
          f"{time.perf_counter() - started:.0f} s")
    print("ALL WITHIN BUDGET" if ok else "SOME ROWS ARE OVER BUDGET (see OVER)")

    if args.json:
        doc = {
            "header": header,
            "rows": [r.__dict__ for r in budget + details],
            "samples_s": {str(n): {k: v for k, v in d.items()} for n, d in raw.items()},
            "app_samples_s": extra,
        }
        args.json.write_text(json.dumps(doc, indent=1))
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
