"""Search benchmark: build the full-text index over a 100 x N store, then time ~50 varied queries.

    python benchmarks/search_bench.py [--conversations 20000] [--reps 5] [--tracemalloc]

Prints the build time, the memory the index takes (RSS delta of this process, /proc VmRSS, after a gc; with
--tracemalloc also the Python allocations, which slows the build), the median and p95 of every query run (cold: the
"refine while typing" shortcut is off), a typing simulation (one search per key press), and PASS/FAIL against the
100 ms budget. ``run(folder)`` returns the same numbers as a dict for a combined runner.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cc_tui.search import SearchIndex

BUDGET_MS = 100.0

QUERIES = [
    # common words
    "the", "and", "team", "feedback", "skills", "design", "on-call", "incident", "review", "work",
    # rarer words and names
    "accessibility", "negotiation", "hiroshi", "zanele", "skip-level", "refund", "sso", "pricing", "calibration",
    "budget",
    # multi-word (AND) and phrases
    "tech lead", '"tech lead"', "delegation mentoring", '"sql performance tuning"', "incident review calm",
    '"on-call load is high"', "promotion next level", '"the ledger split" design', "outside offer retention",
    '"moment of flow" pairing', "rotation quarter learn", '"design system" accessibility', "amara frustrated",
    '"stretch work"', "successor tech lead", "course budget finance",
    # partial words while typing, odd input
    "deleg", "mentor", "q3", "12-18", "É", "GARCÍA", "İstanbul",
    # no hit
    "xylophone", "zzqx", "quantum chromodynamics", '"lead the tech"', "kubernetes helm", "blockchain", "the zzqx",
]


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def p95(values: list[float]) -> float:
    data = sorted(values)
    return data[max(0, math.ceil(0.95 * len(data)) - 1)]


def tail_queries() -> list[str]:
    """Rare words of the generated stores' long tail (benchmarks/generate.py TAIL), whole and as typed prefixes."""
    from benchmarks.generate import TAIL

    words = [TAIL[i] for i in (0, 3, 30, 300, 3000, 30000) if i < len(TAIL)]
    return words + [w[:3] for w in words[:3]] + [f"{words[1]} {words[4]}", f'"{words[2]}"']


def child_build(folder: Path) -> tuple[float, float]:
    """What the app does: build in a child process (cc_tui.search_build); returns (wall s, longest unpickle of one
    piece in this process, ms: the longest the app's GIL is held for it)."""
    import pickle

    from cc_tui import search_build

    longest = [0.0]
    loads = pickle.loads

    def timed(blob: bytes) -> Any:
        t = time.perf_counter()
        try:
            return loads(blob)
        finally:
            longest[0] = max(longest[0], time.perf_counter() - t)

    from cc_tui.quiet_gc import QuietCollector

    collector = QuietCollector()  # the app's collection policy (no automatic old-generation passes)
    collector.start()
    pickle.loads = timed  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        search_build.build_in_child(folder)
        return time.perf_counter() - t0, longest[0] * 1000
    finally:
        pickle.loads = loads  # type: ignore[assignment]
        collector.stop()


def run(folder: Path, *, reps: int = 5, trace: bool = False, log: Any = None) -> dict[str, Any]:
    folder = Path(folder)
    gc.collect()
    rss0 = rss_kib()
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    index = SearchIndex.build(folder)
    build_s = time.perf_counter() - t0
    traced_mb = None
    if trace:
        traced_mb = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
    gc.collect()
    index_mb = (rss_kib() - rss0) / 1024
    stats = index.stats()

    child_s, piece_ms = child_build(folder)
    queries = QUERIES + tail_queries()
    index.incremental = False  # cold numbers: every query scans everything
    samples: list[float] = []
    per_query: dict[str, tuple[float, int]] = {}
    approximate: list[str] = []
    for q in queries:
        index.search(q)  # warm the code path (the first search of a query re-reads <= 50 files)
    for _ in range(reps):
        for q in queries:
            t = time.perf_counter()
            res = index.search(q)
            ms = (time.perf_counter() - t) * 1000
            samples.append(ms)
            prev = per_query.get(q, (0.0, 0))
            per_query[q] = (max(prev[0], ms), res.total)
            if res.approximate and q not in approximate:
                approximate.append(q)

    index.incremental = True  # typing: one search per key press, each refining the last
    typing: list[float] = []
    for phrase in ("delegation", "incident review", "sql performance"):
        for n in range(1, len(phrase) + 1):
            t = time.perf_counter()
            index.search(phrase[:n])
            typing.append((time.perf_counter() - t) * 1000)

    med, hi = statistics.median(samples), p95(samples)
    return {
        "conversations": len(index),
        "problems": len(index.problems),
        "build_s": build_s,
        "index_rss_mb": index_mb,
        "index_traced_mb": traced_mb,
        "stats": stats,
        "queries": len(queries),
        "child_build_s": child_s,
        "child_piece_ms": piece_ms,
        "runs": len(samples),
        "median_ms": med,
        "p95_ms": hi,
        "max_ms": max(samples),
        "typing_median_ms": statistics.median(typing),
        "typing_p95_ms": p95(typing),
        "per_query": per_query,
        "approximate": approximate,
        "ok": hi <= BUDGET_MS and med <= BUDGET_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=20000, help="total; 100 people x (this / 100) each")
    parser.add_argument("--folder", type=Path, help="an existing store instead of a generated one")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="the slowest run and the total of every query")
    args = parser.parse_args(argv)
    if args.folder:
        folder = args.folder
    else:
        from benchmarks.generate import ensure_store

        folder = ensure_store(100, max(1, args.conversations // 100))
    r = run(folder, reps=args.reps, trace=args.tracemalloc)
    print(f"store: {folder} ({r['conversations']:,} conversations indexed, {r['problems']} problems)")
    print(f"build: {r['build_s']:.2f} s; index: {r['index_rss_mb']:.0f} MB RSS delta "
          f"({r['stats']['words']:,} words, {r['stats']['bitmap_words']:,} as bitmaps, "
          f"{r['stats']['array_postings']:,} postings in arrays, {r['stats']['conversation_word_ids']:,} word ids kept "
          f"per conversation)"
          + (f", {r['index_traced_mb']:.0f} MB traced" if r["index_traced_mb"] is not None else ""))
    print(f"approximate totals: {', '.join(r['approximate']) or 'none'}")
    print(f"search: {r['queries']} queries x {args.reps} = {r['runs']} runs: median {r['median_ms']:.1f} ms, "
          f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms")
    print(f"typing (refining): median {r['typing_median_ms']:.1f} ms, p95 {r['typing_p95_ms']:.1f} ms")
    if args.verbose:
        for q, (worst, total) in sorted(r["per_query"].items(), key=lambda kv: -kv[1][0]):
            print(f"  {worst:7.1f} ms  {total:6d} hits  {q}")
    print(f"{'PASS' if r['ok'] else 'FAIL'}: median and p95 <= {BUDGET_MS:.0f} ms")
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
