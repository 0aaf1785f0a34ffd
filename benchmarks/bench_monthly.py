"""Monthly outcome by account: `monthly_outcome(ds, year, "konto")` must grow linearly with the accounts.

Generates two committee folders, 200 and 2 000 accounts × 12 months (one ledger row per
account and month), loads each once and times `monthly_outcome` by account. Prints the
median of each, the ratio (10× the accounts should take about 10× the time; a quadratic
pass takes about 100×) and checks that the year's total is exact to the öre. Exits with
status 1 when the ratio shows quadratic growth (> 25) or a total is wrong.
Usage: python benchmarks/bench_monthly.py [--small 200] [--large 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2018
FIRST_ACCOUNT = 4000  # 4000–8999 are all covered by the example kontoplan
MAX_RATIO = 25


def generate(folder: Path, accounts: int, seed: int = YEAR) -> int:
    """A committee folder with `accounts` accounts booked every month of YEAR; returns the total in öre."""
    folder.mkdir(parents=True)
    for name in ("parter.csv", "kontoplan.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    settings = (ROOT / "data" / "namnd.toml").read_text(encoding="utf-8")
    (folder / "namnd.toml").write_text(re.sub(r"(?m)^ingaende_reserv_ar = .*$", f"ingaende_reserv_ar = {YEAR}", settings), encoding="utf-8")
    (folder / "objekt.csv").write_text("objekt;namn;typ;nyckel;deltagare\n6663;Uppdraget;uppdrag;;\n", encoding="utf-8")
    (folder / "budget.csv").write_text(f"ar;objekt;konto;belopp\n{YEAR};6663;{FIRST_ACCOUNT};1000\n", encoding="utf-8")
    rng = random.Random(seed)
    lines, total = ["period;konto;objekt;belopp"], 0
    for k in range(accounts):
        for month in range(1, 13):
            ore = rng.randint(-5_000_000, 50_000_000)
            total += ore
            lines.append(f"{YEAR}{month:02d};{FIRST_ACCOUNT + k};6663;{Decimal(ore).scaleb(-2)}".replace(".", ","))
    (folder / "utfall.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def measure(folder: Path, total_ore: int, repeat: int) -> tuple[float, bool]:
    """Median seconds of monthly_outcome by account, and whether its total is exact."""
    from gns_lib.data.loader import load_dataset
    from gns_lib.engine.results import monthly_outcome

    ds = load_dataset(folder)
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = monthly_outcome(ds, YEAR, "konto")
        times.append(time.perf_counter() - t0)
    exact = result.total.year_total == -Decimal(total_ore).scaleb(-2)  # the report sign: costs negative
    return statistics.median(times), exact


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--large", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gns-bench-monthly-") as tmp:
        medians, ok = {}, True
        for n in (args.small, args.large):
            folder = Path(tmp) / f"konton{n}"
            total = generate(folder, n)
            medians[n], exact = measure(folder, total, args.repeat)
            ok &= exact
            print(f"monthly_outcome per konto, {n:>5} konton × 12 månader: median {medians[n] * 1000:8.1f} ms"
                  f" ({args.repeat} körningar){'' if exact else '  FEL SUMMA'}")
    ratio = medians[args.large] / medians[args.small]
    print(f"kvot {args.large}/{args.small} konton: {ratio:.1f} (linjärt ≈ {args.large / args.small:.0f}, "
          f"kvadratiskt ≈ {(args.large / args.small) ** 2:.0f}; gräns {MAX_RATIO})")
    return 0 if ok and ratio <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
