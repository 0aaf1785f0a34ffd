"""Ledger speed: gns_lib load + validate + sum against a plain pandas float read.

Generates a 1 000 000-row Windows-1252 `utfall.csv` (semicolon, decimal comma,
Swedish text) in a committee folder, then times in one run, alternating, each
variant in a fresh process (so peak memory is per variant):

- gns:    load_dataset(folder) (every file read and validated, amounts exact) +
          groupby-sum per objekt × konto × år on integer öre; the files' SHA-256
          (for the report's fingerprint) is taken on first use, and timed apart
          (a file changed less than 3 s before loading is hashed while loading);
- pandas: pandas.read_csv(sep=';', decimal=',', encoding='cp1252') + the same
          groupby-sum on floats.

Prints the median times, the ratio gns/pandas, the peak RSS of each, and checks
that gns's totals are exact to the öre (against Decimal sums of the generated
amounts). Usage: python benchmarks/bench_ledger.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_FILES = ("namnd.toml", "parter.csv", "kontoplan.csv")
TEXTS = ["Lön för månaden", "Köp av tjänst", "Årsavgift licens", "Hyra lokal Östersund", "Resor Åre–Östersund", "Försäljning serverdrift"]

GNS = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from gns_lib.data.loader import load_dataset
ds = load_dataset(sys.argv[1])
sums = ds.ledger.groupby(["objekt", "konto", "ar"], observed=True, sort=False)["belopp_ore"].sum()  # as results.sums
t1 = time.perf_counter()
total = int(sums.sum())
t2 = time.perf_counter()
ds.fingerprint()
t3 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "fingerprint_seconds": t3 - t2, "groups": len(sums), "total_ore": total,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PANDAS = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1] + "/utfall.csv", sep=";", decimal=",", encoding="cp1252")
df["ar"] = df["period"] // 100
sums = df.groupby(["objekt", "konto", "ar"])["belopp"].sum()
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "groups": len(sums), "total_float": float(sums.sum()),
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def generate(folder: Path, rows: int, seed: int = 2018) -> Decimal:
    """Write the committee folder with a `rows`-row cp1252 ledger; return the exact total."""
    for name in REFERENCE_FILES:
        shutil.copy(ROOT / "data" / name, folder / name)
    # The ledger spans 2017–2019 on the committee object too: each such year needs its grundfinansiering.
    toml = (folder / "namnd.toml").read_text(encoding="utf-8")
    (folder / "namnd.toml").write_text(toml.replace("[grundfinansiering]\n", "[grundfinansiering]\n2017 = 101600\n"),
                                       encoding="utf-8")
    rng = random.Random(seed)
    # Projects are left out: their keys need weights for every year, which is not what this measures.
    header, *rows_ = (ROOT / "data" / "objekt.csv").read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows_ if r and r.split(";")[2] != "projekt"]
    (folder / "objekt.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    objects = [r.split(";")[0] for r in kept]
    accounts = ["3010", "3810", "5010", "5410", "6110", "6420", "7010", "7832", "8410"]
    total = Decimal(0)
    lines = ["period;konto;objekt;belopp;text;verifikation"]
    for i in range(rows):
        ore = rng.randint(-5_000_000, 50_000_000)
        total += Decimal(ore) / 100
        kr, rest = divmod(abs(ore), 100)
        # Plain "-1234,56" (no thousands separator) so the naive float read can parse it too.
        amount = f"{'-' if ore < 0 else ''}{kr},{rest:02d}"
        lines.append(f"{rng.choice((2017, 2018, 2019))}{rng.randint(1, 12):02d};{rng.choice(accounts)};"
                     f"{rng.choice(objects)};{amount};{rng.choice(TEXTS)};V{i}")
    (folder / "utfall.csv").write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    (folder / "budget.csv").write_text("ar;objekt;konto;belopp\n2018;6663;3010;-1\n", encoding="utf-8")
    return total


# Bytecode caches as on a user's machine (pandas has its own from installation): some
# machines set PYTHONDONTWRITEBYTECODE, which would make gns_lib compile at every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(script: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, env=ENV)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gns-bench-") as tmp:
        folder = Path(tmp)
        exact = generate(folder, args.rows)
        # A ledger export is older than gns_lib.data.digest's 3-s racy window: files changed within it
        # are hashed while loading. Wait it out so every run times the usual case.
        time.sleep(3.5)
        size_mb = (folder / "utfall.csv").stat().st_size / 1e6
        print(f"utfall.csv: {args.rows} rader, {size_mb:.1f} MB, Windows-1252")
        gns, pandas = [], []
        run(GNS, folder), run(PANDAS, folder)  # warm the page cache, imports and bytecode caches once
        for _ in range(args.repeat):
            gns.append(run(GNS, folder))
            pandas.append(run(PANDAS, folder))
        g = statistics.median(r["seconds"] for r in gns)
        p = statistics.median(r["seconds"] for r in pandas)
        g_mem = max(r["maxrss_kib"] for r in gns) / 1024
        p_mem = max(r["maxrss_kib"] for r in pandas) / 1024
        exact_ok = all(Decimal(r["total_ore"]) / 100 == exact for r in gns)
        fp = statistics.median(r["fingerprint_seconds"] for r in gns)
        print(f"gns    (läs + validera + summera, exakt): median {g:.3f} s, topp-RSS {g_mem:.0f} MiB")
        print(f"       fingeravtryck (SHA-256 av filerna, tas först när det behövs): median {fp:.3f} s")
        print(f"pandas (read_csv float + groupby):        median {p:.3f} s, topp-RSS {p_mem:.0f} MiB")
        print(f"kvot gns/pandas: {g / p:.2f} (mål ≤ 1,3)")
        print("  alla tider gns:    " + " ".join(f"{r['seconds']:.2f}" for r in gns))
        print("  alla tider pandas: " + " ".join(f"{r['seconds']:.2f}" for r in pandas))
        print(f"summor exakta på öret: {'ja' if exact_ok else 'NEJ'} (totalt {exact} kr; pandas float gav {pandas[0]['total_float']:.6f})")
        return 0 if exact_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
