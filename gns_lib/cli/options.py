"""Options shared by the commands: the year, and the notebook runs' jobs and time limits (`gns report`, `gns plan`).

Each value is checked by argparse and refused in Swedish before any work starts.
"""

from __future__ import annotations

import argparse
import os
import re


def year(text: str, example: int = 2019) -> int:
    """A four-digit year ("2019"); anything else is refused, with `example` in the message."""
    if not re.fullmatch(r"(19|20)[0-9][0-9]", text.strip()):
        raise argparse.ArgumentTypeError(f"ogiltigt år {text!r}; väntade fyra siffror, t.ex. {example}")
    return int(text)


def seconds_up_to(text: str, most: float) -> float | None:
    """A positive, finite number of seconds up to `most` ("300", "2,5"); None for nan, inf, 0, below and above."""
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return float(value) if value.is_finite() and 0 < value <= most else None


def seconds(text: str) -> float:
    """A notebook run's time limit in seconds, at most a week; anything else is refused."""
    value = seconds_up_to(text, 7 * 86400)
    if value is None:
        raise argparse.ArgumentTypeError(f"ogiltig tid {text!r}; väntade ett positivt antal sekunder "
                                         "(högst 604 800, en vecka), t.ex. 300")
    return value


def jobs(text: str) -> int:
    """How many notebooks run at once: a whole number from 1 to 256."""
    if not text.strip().isascii() or not text.strip().isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"ogiltigt antal {text!r}; väntade ett heltal från 1 till 256")
    return int(text)


def add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", type=jobs, default=os.cpu_count() or 1, metavar="N",
                   help="antal notebookar som körs samtidigt (standard: antal kärnor)")


def add_time_limits(p: argparse.ArgumentParser) -> None:
    """`--cell-timeout` and `--notebook-timeout`, with the batch's defaults."""
    from gns_lib.report.batch import CELL_TIMEOUT, NOTEBOOK_TIMEOUT

    p.add_argument("--cell-timeout", type=seconds, default=CELL_TIMEOUT, metavar="SEK",
                   help=f"tidsgräns per cell (standard: {CELL_TIMEOUT})")
    p.add_argument("--notebook-timeout", type=seconds, default=NOTEBOOK_TIMEOUT, metavar="SEK",
                   help=f"tidsgräns per notebook (standard: {NOTEBOOK_TIMEOUT})")
