"""Start-up cost in a fresh kernel-like process: `import gns_lib`, then `load("data")`.

Each round is a new Python process with an IPython shell already running (as in a Jupyter
kernel, where gns_lib registers its HTML display); the shell's own start is not timed.
Prints the median of each step in milliseconds. `--src DIR` times another copy of gns_lib
(e.g. an older commit from `git archive`), to compare before and after a change.
Usage: python benchmarks/bench_startup.py [--rounds 15] [--src DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, time
from IPython.core.interactiveshell import InteractiveShell
InteractiveShell.instance()
t0 = time.perf_counter()
import gns_lib
t1 = time.perf_counter()
gns_lib.load({data!r})
t2 = time.perf_counter()
print(json.dumps({{"import": (t1 - t0) * 1000, "load": (t2 - t1) * 1000}}))
"""


def one(src: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", PROBE.format(data=str(ROOT / "data"))], env=env, cwd="/",
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--src", type=Path, default=ROOT)
    args = parser.parse_args()
    runs = [one(args.src) for _ in range(args.rounds)]
    for step in ("import", "load"):
        values = [r[step] for r in runs]
        print(f"{step:<7} median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, max {max(values):.1f})")


if __name__ == "__main__":
    main()
