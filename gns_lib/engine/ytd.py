"""Year to date: budget and outcome through month M, last year's same months, forecasts known by then.

A run through M < 12 (a delår) works on `as_of(ds, period)`: every year's ledger cut to months
1..M and the year's budget periodised to months 1..M, so no part of a year meets a whole year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from gns_lib.data.model import Dataset
from gns_lib.engine.forecast import ForecastLine, ForecastReport, forecast_report
from gns_lib.engine.netcost import Contributions, contributions
from gns_lib.engine.periodisation import budget_through
from gns_lib.engine.periods import Period, period_of
from gns_lib.engine.reserve import closing_reserve, committee_result, committee_sums, reserve_roll_forward
from gns_lib.engine.results import (
    RESERVATION_ROW,
    ROW_ORDER,
    BudgetLine,
    BudgetReport,
    ObjectResult,
    add,
    budget_report,
    MonthlyOutcome,
    has_outcome,
    monthly_outcome,
    ore,
    sums,
)
from gns_lib.engine.variance import deviation, deviation_pct, difference, percent_of


def as_of(ds: Dataset, period: Period) -> Dataset:
    """`ds` seen through month M: every year's ledger months 1..M, the year's budget months 1..M."""
    ledger = ds.ledger.loc[ds.ledger["manad"] <= period.month] if len(ds.ledger) else ds.ledger
    return replace(ds, ledger=ledger, budget=budget_through(ds, period.year, period.month))


def forecasts_known(ds: Dataset, day: date) -> Dataset:
    """`ds` with only the forecasts dated on or before `day`."""
    if not len(ds.forecast):
        return ds
    return replace(ds, forecast=ds.forecast.loc[ds.forecast["datum"] <= day])


def _sum_line(objekt, rad, lines: list[BudgetLine]) -> BudgetLine:
    return BudgetLine(objekt, rad, None, add(*(x.original for x in lines)), add(*(x.changes for x in lines)),
                      add(*(x.budget for x in lines)), add(*(x.actual for x in lines)))


def without_reservation(report: BudgetReport) -> BudgetReport:
    """The report before the year-end reservation: nämnd objects show their result to date (rule 5)."""
    objects = []
    for o in report.objects:
        rows = tuple(r for r in o.rows if r.rad != RESERVATION_ROW)
        accounts = tuple(a for a in o.accounts if a.rad != RESERVATION_ROW)
        total = o.total if len(rows) == len(o.rows) else replace(o.before_reservation, objekt=o.objekt)
        objects.append(ObjectResult(o.objekt, o.namn, o.typ, total, rows, accounts))
    rows = tuple(
        _sum_line(None, rad, [r for o in objects for r in o.rows if r.rad == rad])
        for rad in ROW_ORDER
        if any(r.rad == rad for o in objects for r in o.rows)
    )
    return BudgetReport(report.year, tuple(objects), rows, _sum_line(None, None, [o.total for o in objects]))


def interim_budget(ds: Dataset, period: Period) -> BudgetReport:
    """Budget (periodised) against outcome, months 1..M of the year, before the reservation."""
    return replace(without_reservation(budget_report(as_of(ds, period), period.year)), through=period.month)


def contributions_through(ds: Dataset, year: int, by: str = "rad", through: str | None = None) -> Contributions:
    """`contributions` over the months the run covers (`through`, default: rule 1 of the delår)."""
    period = period_of(ds, year, through)
    return contributions(as_of(ds, period) if not period.whole_year else ds, year, by)


def monthly_outcome_through(ds: Dataset, year: int, by: str = "objekt", through: str | None = None) -> MonthlyOutcome:
    """`monthly_outcome` of the months the run covers (`through`, default: rule 1 of the delår)."""
    period = period_of(ds, year, through)
    return monthly_outcome(as_of(ds, period) if not period.whole_year else ds, year, by)


def interim_forecasts(ds: Dataset, period: Period, annual: BudgetReport) -> ForecastReport:
    """The year's forecasts dated by the last day of M, against the annual budget (helårsprognos mot budget).

    The outcome to date is left out (None): a full-year forecast is never compared with part of a year.
    """
    report = forecast_report(forecasts_known(ds, period.last_day), period.year, annual)
    forecasts = []
    for f in report.forecasts:
        lines = tuple(ForecastLine(x.objekt, x.budget, x.forecast, None) for x in f.objects)
        forecasts.append(replace(f, objects=lines, total=ForecastLine(None, f.total.budget, f.total.forecast, None)))
    return replace(report, forecasts=tuple(forecasts), as_of=period.last_day)


@dataclass(frozen=True)
class InterimReserve:
    """The committee's reserve during the year: the opening, the result to date and the year end the forecast expects."""

    year: int
    month: int
    opening: Decimal | None
    contributions: Decimal | None  # booked Bidrag från parter on the nämnd objects, months 1..M
    costs: Decimal | None  # their net cost before reservation to date (positive = cost)
    forecast: str | None  # the latest forecast's name
    forecast_date: date | None
    forecast_contributions: Decimal | None
    forecast_costs: Decimal | None

    @property
    def result(self) -> Decimal | None:
        """Contributions so far minus costs so far."""
        return committee_result(self.contributions, self.costs)

    @property
    def with_result(self) -> Decimal | None:
        """Opening + the result to date: what the reserve would be if the year ended now (not booked)."""
        return closing_reserve(self.opening, self.contributions, self.costs)

    @property
    def expected_closing(self) -> Decimal | None:
        """Opening + the forecast's contributions − its costs: the reserve expected at year end."""
        return closing_reserve(self.opening, self.forecast_contributions, self.forecast_costs)

    @property
    def deficit(self) -> bool:
        return self.expected_closing is not None and self.expected_closing < 0


def interim_reserve(ds: Dataset, period: Period, forecasts: ForecastReport) -> InterimReserve | None:
    """Rule 5: opening reserve (chained from earlier years), the nämnd objects' result to date, the expected closing.

    None for a year before the reserve chain starts (`ingaende_reserv_ar`): it has no reserve.
    """
    chain = {y.year: y for y in reserve_roll_forward(ds, period.year).years}
    if period.year not in chain:
        return None
    opening = chain[period.year].opening
    cut = as_of(ds, period)
    booked = committee_sums(ds, cut.ledger, period.year) if has_outcome(cut, period.year) else None
    latest = forecasts.latest
    planned = None
    if latest is not None:
        f = ds.forecast
        one = (f["ar"] == period.year) & (f["prognos"] == latest.name) & (f["datum"] == latest.datum)
        planned = committee_sums(ds, f, period.year, one)
        if planned is None:
            planned = (Decimal("0.00"), Decimal("0.00"))
    return InterimReserve(
        period.year, period.month, opening, *(booked or (None, None)),
        latest.name if latest else None, latest.datum if latest else None, *(planned or (None, None)),
    )


@dataclass(frozen=True)
class YtdLine:
    """One object, result row or the total: budget and outcome through M, and last year's same months (kronor)."""

    objekt: str | None
    rad: str | None
    budget: Decimal | None
    actual: Decimal | None
    previous: Decimal | None  # outcome months 1..M of the year before; None when that year has no outcome

    @property
    def variance(self) -> Decimal | None:
        return deviation(self.actual, self.budget)

    @property
    def variance_pct(self) -> Decimal | None:
        return deviation_pct(self.actual, self.budget)

    @property
    def change(self) -> Decimal | None:
        """Outcome to date minus the same months last year (report sign: positive is better)."""
        return difference(self.actual, self.previous)

    @property
    def change_pct(self) -> Decimal | None:
        return percent_of(self.change, self.previous)


@dataclass(frozen=True)
class YearToDate:
    """Rule 3 per object, per result row (over all objects) and in total."""

    period: Period
    objects: tuple[YtdLine, ...]
    rows: tuple[YtdLine, ...]
    total: YtdLine

    def object(self, objekt: str) -> YtdLine:
        for o in self.objects:
            if o.objekt == objekt:
                return o
        raise KeyError(objekt)


def year_to_date(ds: Dataset, period: Period, budget: BudgetReport) -> YearToDate:
    """`budget` (through M, before reservation) with the outcome of months 1..M of the year before."""
    prev_year = period.year - 1
    known = has_outcome(ds, prev_year)
    where = ds.ledger["manad"] <= period.month if len(ds.ledger) else None
    before = sums(ds.ledger, prev_year, ("objekt", "rad"), where) if known else {}

    def previous(pick) -> Decimal | None:
        return ore(sum(v for k, v in before.items() if pick(k))) if known else None

    objects = tuple(YtdLine(o.objekt, None, o.total.budget, o.total.actual, previous(lambda k, o=o: k[0] == o.objekt))
                    for o in budget.objects)
    rows = tuple(YtdLine(None, r.rad, r.budget, r.actual, previous(lambda k, r=r: k[1] == r.rad))
                 for r in budget.rows if r.rad != RESERVATION_ROW)
    t = budget.total
    return YearToDate(period, objects, rows, YtdLine(None, None, t.budget, t.actual, previous(lambda k: True)))
