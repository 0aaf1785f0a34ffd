"""`gns sie`: show what a SIE export holds (program, company, years, dimensions, checks, problems)."""

from __future__ import annotations

import argparse
import json

from gns_lib.data.sie import read_sie
from gns_lib.data.sie_summary import summary_document, summary_text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("fil", metavar="FIL", help="SIE-filen (typ 1–4: .se, .si, .sie)")
    p.add_argument("--json", action="store_true", help="skriv sammanfattningen som JSON")
    p.add_argument("--strict", action="store_true", help="avsluta med kod 1 om filen har något problem")


def run(args: argparse.Namespace) -> int:
    sie = read_sie(args.fil)
    if args.json:
        print(json.dumps(summary_document(sie), ensure_ascii=False, indent=2))
    else:
        print(summary_text(sie))
    return 1 if args.strict and sie.problems else 0
