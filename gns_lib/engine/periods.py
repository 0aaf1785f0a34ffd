"""The period a computation runs through: year Y through month M (`through`, "2018-08" or "201808").

Without `through` a year is analysed through its last booked month (rule 1 of docs/regler.md),
so a part of a year is never compared with a whole year; month 12 is the whole year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from gns_lib.core.errors import GnsError
from gns_lib.data.model import Dataset

MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december")
_THROUGH = re.compile(r"^((?:19|20)[0-9][0-9])-?(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    """Year `year` through month `month` (1–12)."""

    year: int
    month: int

    @property
    def whole_year(self) -> bool:
        return self.month == 12

    @property
    def label(self) -> str:
        """"2018-08": the `through` value, the report folder's name for a delår."""
        return f"{self.year}-{self.month:02d}"

    @property
    def month_name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def name(self) -> str:
        """"augusti 2018"."""
        return f"{self.month_name} {self.year}"

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def span(self) -> str:
        """"januari–augusti 2018" (or "januari 2018")."""
        return f"januari {self.year}" if self.month == 1 else f"januari–{self.month_name} {self.year}"

    @property
    def first_line(self) -> str:
        """What the report and the CLI say first: "Utfall till och med mars 2019" (whole year: "Utfall för hela 2018")."""
        return f"Utfall för hela {self.year}" if self.whole_year else f"Utfall till och med {self.name}"

    @property
    def folder_name(self) -> str:
        """The report folder under `--out`: "2018" for the årsbokslut, "2018-08" for a delår."""
        return str(self.year) if self.whole_year else self.label

    @property
    def report_file(self) -> str:
        """The combined report: "arsbokslut_2018.html" or "delarsrapport_2018-08.html"."""
        return f"arsbokslut_{self.year}.html" if self.whole_year else f"delarsrapport_{self.label}.html"

    @property
    def report_title(self) -> str:
        """"Delårsrapport augusti 2018" or "Årsbokslut 2018"."""
        return f"Årsbokslut {self.year}" if self.whole_year else f"Delårsrapport {self.name}"


def parse_through(text: str) -> tuple[int, int]:
    """(year, month) of "2018-08" or "201808"; ValueError with a Swedish message otherwise."""
    m = _THROUGH.match(str(text).strip())
    if m is None:
        raise ValueError(f"ogiltig månad {text!r}; väntade ÅÅÅÅ-MM, t.ex. 2018-08 (201808 går också)")
    return int(m.group(1)), int(m.group(2))


def last_booked_month(ds: Dataset, year: int) -> int | None:
    """The latest month of `year` with a ledger row, None when the year has none."""
    months = ds.booked_months.get(year)
    return months[-1] if months else None


def period_of(ds: Dataset, year: int, through: str | int | None = None) -> Period:
    """The period of a run for `year`: `through` when given, else the last booked month (12 without bookings)."""
    if through is None or through == "":
        last = last_booked_month(ds, year)
        return Period(year, 12 if last is None else last)
    try:
        y, m = parse_through(str(through))
    except ValueError as e:
        raise GnsError(str(e)) from None
    if y != year:
        raise GnsError(f"månaden {through} ligger inte i året {year}; väntade {year}-MM, t.ex. {year}-08")
    return Period(y, m)
