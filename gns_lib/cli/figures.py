"""`gns figures`: print the year's key figures as JSON and the "Kommentar saknas" check."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", required=True, type=int, metavar="ÅR", help="året, t.ex. 2018")
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")
    p.add_argument("--through", metavar="ÅÅÅÅ-MM",
                   help="delår: nyckeltalen till och med månaden, t.ex. 2018-08 (standard: sista bokförda månaden)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="misslyckas (kod 1) om en väsentlig avvikelse saknar kommentar i kommentarer/ÅR.md",
    )


def run(args: argparse.Namespace) -> int:
    from gns_lib.engine.analysis import analyse_year
    from gns_lib.present.commentary import commentary
    from gns_lib.present.key_figures import key_figures, to_json
    from gns_lib.data.loader import load_dataset
    from gns_lib.allocation.weights import check_allocation_data

    ds = check_allocation_data(load_dataset(args.data))
    analysis = analyse_year(ds, args.year, args.through)
    if analysis.interim:
        print(analysis.period.first_line, file=sys.stderr)
    missing = commentary(ds, args.year, analysis).missing_lines
    for line in missing:
        print(line, file=sys.stderr)
    if missing and args.strict:
        print(f"--strict: kommentar saknas för {len(missing)} objekt med väsentlig avvikelse; inga nyckeltal skrevs.", file=sys.stderr)
        return 1
    sys.stdout.write(to_json(key_figures(ds, args.year, analysis)))
    return 0
