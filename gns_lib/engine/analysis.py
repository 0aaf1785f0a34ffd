"""One year's computed report values, computed once so tables, text and key figures share them.

A run through month M < 12 (a delår, see `periods`) computes the same values for months 1..M:
periodised budget, outcome to date, last year's same months, forecasts known by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from gns_lib.core.errors import GnsError
from gns_lib.engine.forecast import ForecastReport, forecast_report
from gns_lib.data.model import Dataset
from gns_lib.engine.netcost import (
    AccumulatedComparison,
    Contributions,
    NetCostYear,
    accumulated_comparison,
    contributions,
    net_cost_trend,
    net_cost_year,
)
from gns_lib.engine.periods import Period, period_of
from gns_lib.engine.reserve import ReserveRollForward, ReserveYear, paying_parties, reserve_roll_forward
from gns_lib.engine.results import BudgetReport, MonthlyOutcome, budget_report, monthly_outcome
from gns_lib.engine.ytd import (
    InterimReserve,
    YearToDate,
    as_of,
    interim_budget,
    interim_forecasts,
    interim_reserve,
    year_to_date,
)


@dataclass(frozen=True, repr=False)
class YearAnalysis:
    """Budget report, forecasts, reserve and net-cost trend of one year (or of months 1..M of it)."""

    year: int
    budget: BudgetReport
    forecasts: ForecastReport
    reserve: ReserveRollForward
    net_cost_trend: tuple[NetCostYear, ...]
    net_cost: NetCostYear
    contributions: Contributions
    accumulated: AccumulatedComparison
    monthly: MonthlyOutcome  # outcome per rad and month of the months covered
    contributions_by_object: Contributions
    payers: Mapping[str, tuple[str, ...] | None]  # nämnd objekt -> `paying_parties` of the months covered
    period: Period | None = None  # None or month 12: the whole year
    ytd: YearToDate | None = None  # set in a delår
    interim_reserve: InterimReserve | None = None  # set in a delår
    annual_budget: BudgetReport | None = None  # set in a delår: the whole year's budget

    @property
    def interim(self) -> bool:
        """A delår: the analysis covers months 1..M < 12."""
        return self.period is not None and not self.period.whole_year

    @property
    def reserve_year(self) -> ReserveYear | None:
        """The reserve of the year; None for a year before the reserve's first year."""
        return next((y for y in self.reserve.years if y.year == self.year), None)

    def __repr__(self) -> str:
        return f"<YearAnalysis {self.year}: {len(self.budget.objects)} objekt, utfall {self.budget.total.actual} kr>"


def analyse_year(ds: Dataset, year: int, through: str | int | None = None) -> YearAnalysis:
    """Every computed value of `year` through `through` ("2018-08"; default: the last booked month).

    GnsError (Swedish) when the data has nothing for the year or `through` is not a month of it.
    """
    years = ds.years()
    if year not in years:
        have = ", ".join(str(y) for y in years) if years else "inga"
        raise GnsError(f"året {year} finns inte i data (budget, utfall eller prognos); år i data: {have}")
    period = period_of(ds, year, through)
    if not period.whole_year:
        return _interim(ds, period)
    budget = budget_report(ds, year)
    return YearAnalysis(
        year=year,
        budget=budget,
        forecasts=forecast_report(ds, year, budget),
        reserve=reserve_roll_forward(ds, year),
        net_cost_trend=net_cost_trend(ds, year),
        net_cost=net_cost_year(ds, year),
        contributions=contributions(ds, year),
        accumulated=accumulated_comparison(ds, year),
        **_ledger_views(ds, year, budget),
        period=period,
    )


def _interim(ds: Dataset, period: Period) -> YearAnalysis:
    """The analysis of months 1..M: every comparison within the same months (rules 1–5 of docs/regler.md)."""
    year = period.year
    cut = as_of(ds, period)
    annual = budget_report(ds, year)
    budget = interim_budget(ds, period)
    forecasts = interim_forecasts(ds, period, annual)
    return YearAnalysis(
        year=year,
        budget=budget,
        forecasts=forecasts,
        reserve=reserve_roll_forward(ds, year - 1),  # the closed years; this year is `interim_reserve`
        net_cost_trend=net_cost_trend(cut, year),
        net_cost=net_cost_year(cut, year),
        contributions=contributions(cut, year),
        accumulated=accumulated_comparison(cut, year),
        **_ledger_views(cut, year, budget),
        period=period,
        ytd=year_to_date(ds, period, budget),
        interim_reserve=interim_reserve(ds, period, forecasts),
        annual_budget=annual,
    )


def _ledger_views(ds: Dataset, year: int, budget: BudgetReport) -> dict:
    """The notebooks' other views of the ledger, computed here so a batch's kernels never read the ledger."""
    payers = {o.objekt: paying_parties(ds, year, o.objekt) for o in budget.objects if o.typ == "nämnd"}
    return {"monthly": monthly_outcome(ds, year, "rad"), "contributions_by_object": contributions(ds, year, "objekt"),
            "payers": MappingProxyType(payers)}
