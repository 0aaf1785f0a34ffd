"""`gns plan`: the verksamhetsplan's Ekonomi chapter and each party's budgetunderlag, with an optional what-if."""

from __future__ import annotations

import argparse
import sys

from gns_lib.cli.options import add_jobs, add_time_limits, year
from gns_lib.cli.runs import print_failure, print_summary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=year, metavar="ÅR", help="planåret, t.ex. 2019 (krävs)")
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")
    p.add_argument("--out", default="outputs", metavar="MAPP",
                   help="utmapp; planen skrivs till MAPP/plan-ÅR/ (standard: outputs)")
    p.add_argument("--ansluter", action="append", default=[], metavar="PART;DATUM[;FÄLT=VÄRDE …]",
                   help="vad händer om en ny part ansluter från DATUM, t.ex. "
                        "\"nyby;2019-07-01;namn=Nyby kommun;budgetomslutning=900000000\"; fält: namn, projekt "
                        "(projekt med deltagarlista, t.ex. projekt=6672,6673), budgetomslutning, elevantal, kop_salj; "
                        "kan upprepas")
    p.add_argument("--lamnar", action="append", default=[], metavar="PART;DATUM",
                   help="vad händer om en part lämnar från DATUM, t.ex. \"are;2019-07-01\"; kan upprepas")
    p.add_argument("--grundbidrag", metavar="BELOPP", help="vad händer om grundbidraget per part är BELOPP kronor")
    p.add_argument("--projektbudget", action="append", default=[], metavar="OBJEKT=BELOPP",
                   help="vad händer om projektet OBJEKT har budgeten BELOPP kronor, t.ex. 6671=700000; kan upprepas")
    add_jobs(p)
    add_time_limits(p)


def what_if_parameters(args: argparse.Namespace) -> dict[str, str]:
    """The options as the plan notebook's string parameters (several values joined by `|`)."""
    return {"ansluter": "|".join(args.ansluter), "lamnar": "|".join(args.lamnar),
            "grundbidrag": args.grundbidrag or "", "projektbudget": "|".join(args.projektbudget)}


def run(args: argparse.Namespace) -> int:
    from gns_lib.report.plan import plan_page_name, run_plan

    if args.year is None:
        print("gns plan: fel: ange planåret med --year ÅR, t.ex. --year 2019", file=sys.stderr)
        return 2
    run_ = run_plan(args.data, args.year, args.out, what_if=what_if_parameters(args), jobs=max(1, args.jobs),
                    cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout)
    print_summary(f"Verksamhetsplan {args.year}", run_)
    if not run_.ok:
        return print_failure(f"Planen blev inte klar; den förra planen i {args.out}/plan-{args.year} är orörd.", run_)
    print(f"Klart: {run_.folder / plan_page_name(args.year)}")
    return 0
