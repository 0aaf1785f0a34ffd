"""`gns report`: the årsbokslut batch for one year (see `gns_lib.report.batch`)."""

from __future__ import annotations

import argparse
import sys

from gns_lib.cli.options import add_jobs, add_time_limits


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
    from gns_lib.present.fmt import kr

    run_ = run_report(args.data, args.year, args.out, jobs=max(1, args.jobs), strict=args.strict,
                      cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, through=args.through, pdf=args.pdf)
    ok = sum(1 for r in run_.results if r.ok)
    if not run_.period.whole_year:
        print(run_.period.first_line)
    print(f"\n{run_.period.report_title}: {ok} av {len(run_.results)} notebookar klara på "
          f"{str(round(run_.seconds, 1)).replace('.', ',')} s.")
    for name, size in sorted(run_.sizes.items()):
        print(f"  {name}: {kr(size // 1000)} kB")
    if run_.missing_comments:
        print("Kommentar saknas för väsentliga avvikelser:")
        for line in run_.missing_comments:
            print(f"  {line}")
    if not run_.ok:
        print(f"\nRapporten blev inte klar; den förra rapporten i {run_.folder.with_suffix('')} är orörd.", file=sys.stderr)
        print(f"Den misslyckade körningens filer finns i {run_.folder} för felsökning.", file=sys.stderr)
        for problem in run_.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Klart: {run_.folder / report_name(run_.period)}")
    return 0
