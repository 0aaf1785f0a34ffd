"""The `gns` command: one sub-command per module in `gns_lib.cli`.

Each command module has `add_parser(subparsers)` and `run(args) -> int`; it is
imported only when chosen, so `gns validate` does not pay for papermill.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from gns_lib.core.errors import DataError, GnsError

# name -> (module, one-line Swedish help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("gns_lib.cli.validate", "kontrollera datamappen och visa en sammanfattning"),
    "allocate": ("gns_lib.cli.allocate", "fördela kostnaderna på parterna och skriv fakturaunderlag"),
    "report": ("gns_lib.cli.report", "kör årsbokslutet: alla notebookar till HTML, tabeller och nyckeltal"),
    "figures": ("gns_lib.cli.figures", "skriv årets nyckeltal som JSON (budget, utfall, reserv, nettokostnad)"),
    "plan": ("gns_lib.cli.plan", "verksamhetsplanens ekonomiavsnitt och varje parts budgetunderlag, med vad händer om"),
    "mail": ("gns_lib.cli.mail", "e-posta årets rapporter: utkast (.eml) eller skicka med --send"),
    "sie": ("gns_lib.cli.sie", "visa vad en SIE-fil innehåller: program, företag, år, dimensioner, kontroller"),
}


_MESSAGES = (
    ("unrecognized arguments", "okända argument"),
    ("the following arguments are required", "följande argument krävs"),
    ("invalid choice", "ogiltigt val"),
    ("choose from", "välj bland"),
    ("expected one argument", "väntade ett värde"),
    ("invalid int value", "ogiltigt heltal"),
    ("invalid float value", "ogiltigt tal"),
    ("argument ", "argument "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Swedish messages for the parts users see."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._optionals.title = "flaggor"
        self._positionals.title = "argument"

    def error(self, message: str):
        for english, swedish in _MESSAGES:
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gns",
        description="Årsanalys för en gemensam nämnd: budget, utfall, avvikelser, prognos, "
        "balansering, fördelning och nettokostnadsutveckling.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon", parser_class=_Parser)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        p.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
        p.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; everything it prints goes through `terminal.visible` (no raw control characters)."""
    from gns_lib.cli.terminal import VisibleStream

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(sys.stdout), VisibleStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return importlib.import_module(args._module).run(args)
    except DataError as e:
        print(str(e), file=sys.stderr)
        return 1
    except GnsError as e:
        print(f"fel: {e}", file=sys.stderr)
        return 1
    except OSError as e:  # a folder that cannot be written, a full disk …
        where = f" ({e.filename})" if e.filename else ""
        print(f"fel: filsystemet svarade {e.strerror or e}{where}", file=sys.stderr)
        return 1
