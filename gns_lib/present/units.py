"""The report's unit (kr, tkr, tkr with one decimal, mnkr): one rounded value per figure.

Every table cell, chart bar, hover label and sentence of a report shows an amount through
the same `ReportUnit`, so one figure has one value everywhere. `namnd.toml` may set the
unit (`enhet`); otherwise it follows the committee's size so its own figures are not
rounded away (docs/regler.md, "Enhet och avrundning").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gns_lib.present import fmt

# Gross budget (budgeted costs of the year, kronor) below which a finer unit is chosen.
KR_BELOW = Decimal(100_000)
TKR1_BELOW = Decimal(1_000_000)
MNKR_FROM = Decimal(1_000_000_000)


@dataclass(frozen=True)
class ReportUnit:
    """A display unit: its name in namnd.toml's short form, its label, kronor per unit and decimals."""

    key: str
    label: str
    scale: int
    decimals: int

    def value(self, amount: fmt.Amount | None) -> Decimal | None:
        """Kronor as the rounded number shown in this unit (half-up); None stays None."""
        if amount is None:
            return None
        return fmt.round_units(amount, self.scale, self.decimals)

    def number(self, amount: fmt.Amount | None) -> str:
        """The shown number without unit: "914,4", "−170"."""
        shown = self.value(amount)
        return fmt.MISSING if shown is None else fmt.kr(shown, self.decimals)

    def signed_number(self, amount: fmt.Amount | None) -> str:
        """The shown number with an explicit sign: "+13", "−31", "±0"."""
        shown = self.value(amount)
        return fmt.MISSING if shown is None else fmt.signed_number(shown, self.decimals)

    def text(self, amount: fmt.Amount | None) -> str:
        """The shown number with the unit for running text: "914,4 tkr"."""
        return fmt.MISSING if amount is None else self.number(amount) + fmt.NBSP + self.label

    def signed(self, amount: fmt.Amount | None) -> str:
        """A deviation with sign and unit: "+13 tkr", "±0 tkr"."""
        return fmt.MISSING if amount is None else self.signed_number(amount) + fmt.NBSP + self.label

    @property
    def note(self) -> str:
        """What a table in this unit says once about rounding."""
        return f"Beloppen är avrundade till {self.describe}; avrundningsdifferenser kan förekomma."

    @property
    def describe(self) -> str:
        return {"kr": "hela kronor", "tkr": "hela tkr", "tkr1": "tiondels tkr", "mnkr": "tiondels mnkr"}[self.key]


UNITS = {
    "kr": ReportUnit("kr", "kr", 1, 0),
    "tkr": ReportUnit("tkr", "tkr", 1000, 0),
    "tkr1": ReportUnit("tkr1", "tkr", 1000, 1),
    "mnkr": ReportUnit("mnkr", "mnkr", 1_000_000, 1),
}
TKR = UNITS["tkr"]


def unit_for_size(gross: Decimal) -> ReportUnit:
    """The default unit for a committee whose budgeted costs of the year are `gross` kronor."""
    gross = abs(gross)
    if gross < KR_BELOW:
        return UNITS["kr"]
    if gross < TKR1_BELOW:
        return UNITS["tkr1"]
    return UNITS["mnkr"] if gross >= MNKR_FROM else TKR


def gross_budget(ds, year: int) -> Decimal:
    """The year's budgeted costs (positive amounts of budget.csv), else its booked costs, in kronor."""
    rows = ds.budget[ds.budget["ar"] == year]
    if not len(rows):
        rows = ds.ledger[ds.ledger["ar"] == year]
    return Decimal(sum((int(v) for v in rows["belopp_ore"] if int(v) > 0), 0)) / 100


def report_unit(ds, year: int) -> ReportUnit:
    """The unit of the year's reports: namnd.toml's `enhet`, else by the committee's size."""
    chosen = getattr(ds.committee, "enhet", None)
    return UNITS[chosen] if chosen else unit_for_size(gross_budget(ds, year))
