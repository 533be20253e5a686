"""Shared bits: result rows, percentiles, the table printer, scratch folders."""

from __future__ import annotations

import math
import shutil
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import cache_root

SIZES_FULL = [(100, 5), (100, 50), (100, 200)]  # people x conversations each: 500, 5,000, 20,000
SIZES_QUICK = [(100, 5), (100, 50)]


def p95(values: Sequence[float]) -> float:
    data = sorted(values)
    return data[max(0, math.ceil(0.95 * len(data)) - 1)]


@dataclass
class Row:
    measure: str
    budget: str = ""
    median: float | None = None  # in ``unit``
    p95: float | None = None
    n: int = 0
    ok: bool | None = None  # None: no budget, or not measurable
    unit: str = "ms"
    note: str = ""

    @classmethod
    def of(cls, measure: str, samples_s: Sequence[float], *, budget: str = "", limit_ms: float | None = None,
           note: str = "") -> Row:
        ms = [s * 1000 for s in samples_s]
        med, hi = statistics.median(ms), p95(ms)
        ok = None if limit_ms is None else hi <= limit_ms
        return cls(measure, budget, med, hi, len(ms), ok, "ms", note)

    def cells(self) -> list[str]:
        def fmt(v: float | None) -> str:
            if v is None:
                return "n/a"
            if self.unit == "ms":
                return f"{v:.2f} ms" if v < 100 else f"{v:.0f} ms"
            if self.unit == "x":
                return f"{v:.2f}x"
            return f"{v:.0f} {self.unit}"

        ok = {True: "ok", False: "OVER", None: "-"}[self.ok]
        return [self.measure, self.budget or "-", fmt(self.median), fmt(self.p95), ok]


def table(rows: Sequence[Row], header: Sequence[str] = ("measure", "budget", "median", "p95", "ok?")) -> str:
    cells = [list(header)] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = []
    for k, c in enumerate(cells):
        lines.append("| " + " | ".join(x.ljust(w) for x, w in zip(c, widths)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"  [{r.measure}] {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", "notes:"] + notes if notes else []))


@contextmanager
def scratch(label: str) -> Iterator[Path]:
    """A scratch folder next to the store cache (same filesystem, so hard-link clones work)."""
    root = cache_root() / "scratch"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=label + "-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
