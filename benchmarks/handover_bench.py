"""``cc-tui handover import`` of one person with 5,000 conversations, run as the CLI a manager runs (a subprocess,
from the bundle file to the exit). It took 320 s when every conversation rewrote the growing person file.

    python benchmarks/handover_bench.py [--conversations 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Row, scratch, table
from benchmarks.generate import NOW
from cc_tui import handover as ho
from cc_tui.demo import build_demo
from cc_tui.store import Store

IMPORT_LIMIT_MS = 20_000.0


def make_bundle(folder: Path, conversations: int) -> Path:
    """A handover file: a demo person whose first conversation is there ``conversations`` times (new ids)."""
    with Store.open(folder / "source", clock=lambda: NOW) as store:
        build_demo(store, now=NOW)
        person = store.find_employee("Amara")
        bundle = ho.build_bundle(store, person, now=NOW)
    first = bundle["conversations"][0]
    created = ho.parse_bundle(ho.dump_bundle(bundle)).conversations[0].created_at
    bundle["conversations"] = [
        {**first, "id": f"{i:032x}", "created_at": (created - timedelta(minutes=i)).isoformat()}
        for i in range(1, conversations + 1)
    ]
    path = folder / "bundle.json"
    path.write_bytes(ho.dump_bundle(bundle))
    return path


def run(conversations: int = 5000, runs: int = 3, log=lambda m: None) -> list[Row]:
    samples: list[float] = []
    with scratch("handover") as tmp:
        log(f"  handover import: {conversations:,} conversations ...")
        bundle = make_bundle(tmp, conversations)
        cli = Path(sys.executable).with_name("cc-tui")
        for i in range(runs):
            target = tmp / f"target-{i}"
            t0 = time.perf_counter()
            done = subprocess.run([str(cli), "handover", "import", str(bundle), "--data-dir", str(target)],
                                  capture_output=True, text=True)
            samples.append(time.perf_counter() - t0)
            if done.returncode != 0:
                raise SystemExit(f"handover import failed: {done.stderr.strip()}")
    return [Row.of(f"handover import, {conversations:,} conversations (CLI)", samples, budget="<= 20 s",
                   limit_ms=IMPORT_LIMIT_MS)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(table(run(args.conversations, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
