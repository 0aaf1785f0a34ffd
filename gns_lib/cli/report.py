"""`gns report`: the årsbokslut batch for one year (see `gns_lib.report.batch`)."""

from __future__ import annotations

import argparse

from gns_lib.cli.options import add_jobs, add_time_limits
from gns_lib.cli.runs import print_failure, print_summary


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, metavar="ÅR", help="året som rapporteras, t.ex. 2018")
    p.add_argument("--through", metavar="ÅÅÅÅ-MM",
                   help="delårsrapport: utfall till och med månaden, t.ex. 2018-08; skrivs till MAPP/ÅÅÅÅ-MM "
                        "(standard: sista bokförda månaden, hela året när december är bokförd)")
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")
    p.add_argument("--out", default="outputs", metavar="MAPP", help="rapporterna skrivs till MAPP/ÅR (standard: outputs)")
    add_jobs(p)
    p.add_argument("--strict", action="store_true",
                   help="misslyckas om en väsentlig avvikelse saknar kommentar")
    p.add_argument("--pdf", action="store_true",
                   help="skriv även årsbokslutet och varje partsrapport som PDF (A4) med Chromium")
    add_time_limits(p)


def run(args: argparse.Namespace) -> int:
    from gns_lib.report.batch import report_name, run_report

    run_ = run_report(args.data, args.year, args.out, jobs=max(1, args.jobs), strict=args.strict,
                      cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, through=args.through, pdf=args.pdf)
    if not run_.period.whole_year:
        print(run_.period.first_line)
    print_summary(run_.period.report_title, run_)
    if run_.missing_comments:
        print("Kommentar saknas för väsentliga avvikelser:")
        for line in run_.missing_comments:
            print(f"  {line}")
    if not run_.ok:
        return print_failure(f"Rapporten blev inte klar; den förra rapporten i {run_.folder.with_suffix('')} är orörd.", run_)
    print(f"Klart: {run_.folder / report_name(run_.period)}")
    return 0
