"""How `gns report` grows with the committee: parties, ledger rows and objects, one dimension at a time.

Generates committees shaped like `data/` (tests/committee_factory.py, deterministic), runs
`gns report --year 2018` on each as a subprocess and prints wall time, CPU time (user + system of
the whole process tree: the larger of the children's rusage, which misses processes nobody waited for
such as multiprocessing's forkserver workers, and the sum of each process's time sampled from /proc
every 0.2 s, which misses a process's last 0.2 s), peak memory of the process tree (the sum of every
process's RSS, sampled at the same time; Linux) and the growth exponent between
consecutive sizes (the log-log slope: 1 is linear, 2 quadratic). The other dimensions stay at the
base shape (9 parties, 5 objects, 20 000 ledger rows). A failed run is reported, not hidden.

Usage: python benchmarks/bench_scale.py [--quick] [--parties 9,30,100,290] [--rows 1000000,10000000]
       [--objects 30,300,500] [--only parties,objects] [--rounds 1] [--keep MAPP]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from committee_factory import Shape, write_committee  # noqa: E402

BIN = Path(sys.executable).parent
BASE = Shape(parties=9, objects=5, rows=20_000)
FULL = {"parties": (9, 30, 100, 290), "rows": (1_000_000, 10_000_000), "objects": (30, 300, 500)}
QUICK = {"parties": (3, 9), "rows": (10_000, 100_000), "objects": (30, 100)}
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measure:
    """One `gns report` run: seconds of wall and CPU time, peak RSS of the tree in bytes, whether it succeeded."""

    wall: float
    cpu: float
    peak: int
    ok: bool
    html_mb: float


def _tree(root: int) -> list[int]:
    """`root` and all its descendants now (processes that vanish while read are skipped)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _sample(pids: list[int], cpu: dict[tuple[int, int], int]) -> int:
    """The tree's RSS in bytes; records each process's CPU ticks so far in `cpu` (keyed by pid and start time)."""
    rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        # after the name: state is field 0, utime 11, stime 12, starttime 19 (proc(5) fields 3, 14, 15, 22)
        cpu[(pid, int(fields[19]))] = int(fields[11]) + int(fields[12])
    return rss


def run_report(data: Path, out: Path) -> Measure:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "gns"), "report", "--year", "2018", "--data", str(data), "--out", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak, ticks, done = [0], {}, threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _sample(_tree(proc.pid), ticks))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(ticks.values()) / TICKS)  # both can only miss time; see the module's docstring
    if proc.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        print("    gns report misslyckades: " + " / ".join(last), flush=True)
    page = out / "2018" / "arsbokslut_2018.html"
    return Measure(wall, cpu, peak[0], proc.returncode == 0, page.stat().st_size / 1e6 if page.exists() else 0.0)


def shape_for(dimension: str, size: int) -> Shape:
    return Shape(parties=size if dimension == "parties" else BASE.parties,
                 objects=size if dimension == "objects" else BASE.objects,
                 rows=size if dimension == "rows" else BASE.rows)


def slope(a: tuple[int, float], b: tuple[int, float]) -> float | None:
    """The growth exponent between two (size, value) points: log(v2/v1) / log(n2/n1)."""
    if a[1] <= 0 or b[1] <= 0 or a[0] == b[0]:
        return None
    return math.log(b[1] / a[1]) / math.log(b[0] / a[0])


def _sizes(text: str | None, default: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(x.replace("_", "")) for x in text.split(",")) if text else default


def _fmt_exp(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="små storlekar (parter 3/9, rader 10k/100k, objekt 30/100)")
    ap.add_argument("--parties", help="antal parter, kommaseparerat (standard 9,30,100,290)")
    ap.add_argument("--rows", help="antal huvudboksrader, kommaseparerat (standard 1000000,10000000)")
    ap.add_argument("--objects", help="antal objekt, kommaseparerat (standard 30,300,500)")
    ap.add_argument("--only", help="bara dessa dimensioner: parties, rows, objects (kommaseparerat)")
    ap.add_argument("--rounds", type=int, default=1, help="körningar per storlek; medianen visas")
    ap.add_argument("--keep", type=Path, help="behåll genererade nämnder och rapporter i denna mapp")
    args = ap.parse_args()
    defaults = QUICK if args.quick else FULL
    plan = {"parties": _sizes(args.parties, defaults["parties"]), "rows": _sizes(args.rows, defaults["rows"]),
            "objects": _sizes(args.objects, defaults["objects"])}
    wanted = args.only.split(",") if args.only else list(plan)
    unknown = [d for d in wanted if d not in plan]
    if unknown:
        ap.error(f"okänd dimension: {', '.join(unknown)} (välj bland parties, rows, objects)")
    tmp = tempfile.TemporaryDirectory(prefix="gns-bench-scale-")
    root = args.keep or Path(tmp.name)
    failures = 0
    print(f"{'dimension':<9} {'storlek':>10} {'vägg s':>9} {'CPU s':>9} {'topp MB':>9} {'HTML MB':>8}  status", flush=True)
    summary = []
    for dimension in wanted:
        points = []
        for size in plan[dimension]:
            folder = root / f"{dimension}-{size}"
            t0 = time.perf_counter()
            write_committee(folder / "data", shape_for(dimension, size))
            made = time.perf_counter() - t0
            runs = [run_report(folder / "data", folder / f"ut{r}") for r in range(args.rounds)]
            m = Measure(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                        max(r.peak for r in runs), all(r.ok for r in runs), runs[-1].html_mb)
            failures += not m.ok
            points.append((size, m))
            print(f"{dimension:<9} {size:>10} {m.wall:>9.1f} {m.cpu:>9.1f} {m.peak / 1e6:>9.0f} {m.html_mb:>8.2f}  "
                  f"{'klar' if m.ok else 'MISSLYCKADES'} (data genererad på {made:.1f} s)", flush=True)
        for (n1, a), (n2, b) in zip(points, points[1:]):
            summary.append(f"{dimension:<9} {n1:>8} → {n2:<8} vägg n^{_fmt_exp(slope((n1, a.wall), (n2, b.wall)))}, "
                           f"CPU n^{_fmt_exp(slope((n1, a.cpu), (n2, b.cpu)))}, "
                           f"minne n^{_fmt_exp(slope((n1, a.peak), (n2, b.peak)))}")
    print("\nTillväxtexponent (log-log-lutning mellan storlekarna; 1 = linjär):")
    print("\n".join(summary) if summary else "  (minst två storlekar per dimension behövs)")
    tmp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
