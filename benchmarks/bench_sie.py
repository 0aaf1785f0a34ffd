"""SIE speed: reading a SIE 4 file with 1 000 000 #TRANS rows against gns loading a 1 000 000-row ledger.

Generates, in one temporary folder, a CP437 SIE 4 export (`export.se`: #RAR, #KONTO, #DIM,
#OBJEKT, and 1 000 000 #TRANS rows with object lists in ~200 000 balanced vouchers) and the
1 000 000-row Windows-1252 `utfall.csv` committee folder of `bench_ledger.py`. Then times in one
run, alternating, each variant in a fresh process:

- sie: gns_lib.data.sie.read_sie (encoding, every record, all checks: vouchers balance,
       objects declared …) + account_totals (the per-year sums of `gns sie --json`);
- gns: load_dataset(folder) + groupby-sum, exactly as bench_ledger's gns variant;
- källa: the same on a committee folder whose utfall is `export.se` through `[kallor]` in namnd.toml
         (the rows with an object in dimension 1; the bank rows are left out).

Prints the median times, the ratio sie/gns (target ≤ 2), the median processor time of each
process (user + system, imports included: steadier than the clock on a busy machine), the peak
RSS of each, and checks that the SIE totals are exact to the öre (against the generated amounts)
and that the file reads without problems. Usage: python benchmarks/bench_sie.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_ledger  # noqa: E402  (the ledger generator and the gns variant)

TEXTS = ["Lön för månaden", "Köp av tjänst", "Årsavgift licens", "Hyra lokal Östersund", "Resor Åre-Östersund",
         "Försäljning serverdrift"]
ESCAPED = 'Faktura 1234 \\"brådskande\\"'  # one voucher in a thousand: the tokeniser's share
ACCOUNTS = {"3010": "Försäljning", "3810": "Bidrag från parter", "5010": "Lön", "5410": "Förbrukningsinventarier",
            "6110": "Kontorsmaterial", "6420": "Ersättning till revisor", "7010": "Löner", "1930": "Företagskonto"}
COST_CENTRES = {"6663": "Nämnden", "6664": "Uppdraget", "6665": "Kansliet", "6666": "Österåsen"}
PROJECTS = {f"P{i}": f"Projekt {i} i Östersund" for i in range(1, 13)}

SIE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from gns_lib.data.sie import read_sie
from gns_lib.data.sie_totals import account_totals
sie = read_sie(sys.argv[1])
totals = account_totals(sie)
t1 = time.perf_counter()
trans = {konto: t.trans for konto, t in totals[0].items() if t.trans is not None}
print(json.dumps({"seconds": t1 - t0, "rows": len(sie.trans), "vouchers": len(sie.vouchers),
                  "problems": [str(p) for p in sie.problems[:5]], "trans": trans,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _ore_text(ore: int) -> str:
    kr, rest = divmod(abs(ore), 100)
    return f"{'-' if ore < 0 else ''}{kr}.{rest:02d}"


def generate_sie(path: Path, rows: int, seed: int = 2018) -> dict[str, int]:
    """Write a CP437 SIE 4 file with `rows` #TRANS rows; return the exact öre per account in year 0."""
    rng = random.Random(seed)
    lines = ["#FLAGGA 0", '#PROGRAM "gns bench_sie" 1.0', "#FORMAT PC8", "#GEN 20190115", "#SIETYP 4",
             '#FNAMN "Gemensamma nämnden för Åre och Östersund"', "#ORGNR 212000-2411",
             "#RAR 0 20180101 20181231", "#RAR -1 20170101 20171231"]
    lines += [f'#KONTO {konto} "{name}"' for konto, name in ACCOUNTS.items()]
    lines += ['#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"']
    lines += [f'#OBJEKT 1 "{code}" "{name}"' for code, name in COST_CENTRES.items()]
    lines += [f'#OBJEKT 6 "{code}" "{name}"' for code, name in PROJECTS.items()]
    centres, projects = list(COST_CENTRES), list(PROJECTS)
    costs = [k for k in ACCOUNTS if k != "1930"]
    totals: dict[str, int] = {}
    done = number = 0
    while done < rows:
        number += 1
        n = rng.randint(2, 8)
        if n >= rows - done - 1:  # the last voucher takes what is left (never a lone row)
            n = rows - done
        year = 2018 if rng.random() < 0.9 else 2017
        day = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        text = ESCAPED if number % 1000 == 0 else rng.choice(TEXTS)
        lines.append(f'#VER A {number} {day} "{text}" 20190110')
        lines.append("{")
        balance = 0
        for i in range(n):
            last = i == n - 1
            konto = "1930" if last else rng.choice(costs)
            ore = -balance if last else rng.randint(-5_000_000, 50_000_000)
            balance += ore
            objects = "{}" if last else f'{{1 "{rng.choice(centres)}" 6 "{rng.choice(projects)}"}}'
            lines.append(f'   #TRANS {konto} {objects} {_ore_text(ore)} {day} "{text}"')
            if year == 2018:
                totals[konto] = totals.get(konto, 0) + ore
        lines.append("}")
        done += n
    path.write_bytes(("\n".join(lines) + "\n").encode("cp437"))
    return totals


def run(script: str, path: Path) -> dict:
    """bench_ledger.run, plus the processor time (user + system) the whole child process took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = bench_ledger.run(script, path)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def source_folder(folder: Path, ledger: Path, sie_path: Path) -> None:
    """The committee of `ledger`, with its utfall taken from the SIE file through [kallor]."""
    folder.mkdir()
    for path in ledger.iterdir():
        if path.is_file() and path.name != "utfall.csv":
            shutil.copy(path, folder / path.name)
    (folder / "export").mkdir()
    os.link(sie_path, folder / "export" / "export.se")
    objects = (folder / "objekt.csv").read_text(encoding="utf-8").rstrip("\n").splitlines()
    known = {line.split(";")[0] for line in objects}
    objects += [f"{code};{name};uppdrag;;" for code, name in COST_CENTRES.items() if code not in known]
    (folder / "objekt.csv").write_text("\n".join(objects) + "\n", encoding="utf-8")
    toml = (folder / "namnd.toml").read_text(encoding="utf-8")
    (folder / "namnd.toml").write_text(toml + '\n[kallor.utfall]\nfiler = "export/*.se"\ndimensioner = ["1"]\n',
                                       encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if args.rows < 2:
        ap.error("--rows måste vara minst 2")
    with tempfile.TemporaryDirectory(prefix="gns-bench-sie-") as tmp:
        folder = Path(tmp)
        sie_path = folder / "export.se"
        exact = generate_sie(sie_path, args.rows)
        ledger = folder / "ledger"
        ledger.mkdir()
        bench_ledger.generate(ledger, args.rows)
        sourced = folder / "kalla"
        source_folder(sourced, ledger, sie_path)
        time.sleep(3.5)  # past gns_lib.digest's 3-s racy window, as bench_ledger does
        size_mb = sie_path.stat().st_size / 1e6
        print(f"export.se: {args.rows} #TRANS-rader, {size_mb:.1f} MB, CP437; utfall.csv: {args.rows} rader")
        sie, gns, src = [], [], []
        run(SIE, sie_path), run(bench_ledger.GNS, ledger), run(bench_ledger.GNS, sourced)  # warm caches once
        for _ in range(args.repeat):
            sie.append(run(SIE, sie_path))
            gns.append(run(bench_ledger.GNS, ledger))
            src.append(run(bench_ledger.GNS, sourced))
        s = statistics.median(r["seconds"] for r in sie)
        g = statistics.median(r["seconds"] for r in gns)
        s_cpu = statistics.median(r["cpu"] for r in sie)
        g_cpu = statistics.median(r["cpu"] for r in gns)
        exact_ok = all(r["trans"] == exact for r in sie)
        clean = all(not r["problems"] and r["rows"] == args.rows for r in sie)
        print(f"sie (läs + kontroller + summor per år och konto): median {s:.3f} s, "
              f"topp-RSS {max(r['maxrss_kib'] for r in sie) / 1024:.0f} MiB")
        print(f"gns validate (utfall.csv, som bench_ledger):      median {g:.3f} s, "
              f"topp-RSS {max(r['maxrss_kib'] for r in gns) / 1024:.0f} MiB")
        k = statistics.median(r["seconds"] for r in src)
        print(f"gns validate med [kallor] (export.se som utfall):  median {k:.3f} s, "
              f"topp-RSS {max(r['maxrss_kib'] for r in src) / 1024:.0f} MiB, {src[0]['groups']} grupper")
        print(f"kvot sie/gns: {s / g:.2f} (mål ≤ 2); kvot källa/gns: {k / g:.2f}")
        print(f"processortid per process (användare + system, med import): sie {s_cpu:.2f} s, gns {g_cpu:.2f} s, "
              f"kvot {s_cpu / g_cpu:.2f}")
        print("  alla tider sie: " + " ".join(f"{r['seconds']:.2f}" for r in sie))
        print("  alla tider gns: " + " ".join(f"{r['seconds']:.2f}" for r in gns))
        print(f"summor exakta på öret: {'ja' if exact_ok else 'NEJ'}; inga problem: {'ja' if clean else 'NEJ'}"
              + ("" if clean else f" {sie[0]['problems']}"))
        return 0 if exact_ok and clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
