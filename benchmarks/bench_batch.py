"""Report batch speed: `gns report --year Y` against the naive way, in one run.

Naive: for each notebook (the three year notebooks and the party notebook once per member),
the `papermill` command followed by `jupyter nbconvert --to html --no-input`, one after the
other. Rounds alternate; prints median times, the ratio (target ≤ 0,35) and the HTML sizes.
Usage: python benchmarks/bench_batch.py [--year 2018] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"


def members(year: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from gns_lib.data.loader import load_dataset

    return [p.part for p in load_dataset(DATA).members(year)]


def naive(year: int, out: Path) -> float:
    jobs = [(n, {}) for n in ("01_arsanalys", "02_avvikelser", "03_nettokostnadsutveckling")]
    jobs += [("04_partsrapport", {"part": p}) for p in members(year)]
    start = time.perf_counter()
    for i, (name, extra) in enumerate(jobs):
        target = out / f"{i:02d}_{name}.ipynb"
        params = ["-p", "year", str(year), "-p", "data_dir", str(DATA)]
        for key, value in extra.items():
            params += ["-p", key, value]
        subprocess.run([BIN / "papermill", NOTEBOOKS / f"{name}.ipynb", target, *params, "-k", "python3",
                        "--cwd", NOTEBOOKS, "--no-progress-bar"], check=True, capture_output=True)
        subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", target],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def batch(year: int, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([BIN / "gns", "report", "--year", str(year), "--data", DATA, "--out", out],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, default=2018)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    naive_s, batch_s = [], []
    with tempfile.TemporaryDirectory(prefix="gns-bench-batch-") as tmp:
        for r in range(args.rounds):
            a, b = Path(tmp) / f"naiv{r}", Path(tmp) / f"gns{r}"
            a.mkdir()
            if r % 2:  # alternate which goes first, so neither always meets a warmer machine
                batch_s.append(batch(args.year, b))
                naive_s.append(naive(args.year, a))
            else:
                naive_s.append(naive(args.year, a))
                batch_s.append(batch(args.year, b))
            print(f"omgång {r + 1}: naivt {naive_s[-1]:.1f} s, gns report {batch_s[-1]:.1f} s", flush=True)
        n, g = statistics.median(naive_s), statistics.median(batch_s)
        print(f"naivt (papermill + nbconvert, {len(members(args.year)) + 3} notebookar i följd): median {n:.1f} s")
        print(f"gns report --year {args.year}: median {g:.1f} s")
        print(f"kvot gns/naivt: {g / n:.3f} (mål ≤ 0,35)")
        year_dir = Path(tmp) / "gns0" / str(args.year)
        for page in sorted(year_dir.rglob("*.html")):
            print(f"  {page.relative_to(year_dir)}: {page.stat().st_size / 1e6:.2f} MB")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
