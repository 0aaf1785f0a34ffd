"""Start-up cost in a fresh kernel-like process: `import gns_lib`, then `load("data")`.

Each round starts a new Jupyter kernel (ipykernel, as JupyterLab does) and times the two
steps inside it; the kernel's own start is not timed.
Prints the median of each step in milliseconds. `--src DIR` times another copy of gns_lib
(e.g. an older commit from `git archive`), to compare before and after a change.
With `--compare DIR` the rounds alternate between the two copies, so both see the same load.
Usage: python benchmarks/bench_startup.py [--rounds 15] [--src DIR] [--compare DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, time
t0 = time.perf_counter()
import gns_lib
t1 = time.perf_counter()
gns_lib.load({data!r})
t2 = time.perf_counter()
print(json.dumps({{"import": (t1 - t0) * 1000, "load": (t2 - t1) * 1000}}))
"""


def one(src: Path) -> dict[str, float]:
    """Start a fresh kernel with `src` first on the path, run the probe, return its timings."""
    from jupyter_client.manager import start_new_kernel

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # cached bytecode, as installed
    env["PYTHONPATH"] = str(src)
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd="/")
    try:
        out: list[str] = []
        reply = kc.execute_interactive(PROBE.format(data=str(ROOT / "data")), timeout=120,
                                       output_hook=lambda m: out.append(m["content"].get("text", "")))
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the probe failed: {reply['content']}")
        return json.loads("".join(out).strip().splitlines()[-1])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--src", type=Path, default=ROOT)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    sources = [args.src] + ([args.compare] if args.compare else [])
    runs: dict[Path, list[dict[str, float]]] = {s: [] for s in sources}
    for _ in range(args.rounds):
        for src in sources:
            runs[src].append(one(src))
    for src in sources:
        print(src)
        for step in ("import", "load"):
            values = [r[step] for r in runs[src]]
            print(f"  {step:<7} median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, max {max(values):.1f})")


if __name__ == "__main__":
    main()
