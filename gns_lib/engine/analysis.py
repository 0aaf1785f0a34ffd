"""One year's computed report values, computed once so tables, text and key figures share them."""

from __future__ import annotations

from dataclasses import dataclass

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
from gns_lib.engine.reserve import ReserveRollForward, ReserveYear, reserve_roll_forward
from gns_lib.engine.results import BudgetReport, budget_report


@dataclass(frozen=True, repr=False)
class YearAnalysis:
    """Budget report, forecasts, reserve and net-cost trend of one year."""

    year: int
    budget: BudgetReport
    forecasts: ForecastReport
    reserve: ReserveRollForward
    net_cost_trend: tuple[NetCostYear, ...]
    net_cost: NetCostYear
    contributions: Contributions
    accumulated: AccumulatedComparison

    @property
    def reserve_year(self) -> ReserveYear | None:
        """The reserve of the year; None for a year before the reserve's first year."""
        return next((y for y in self.reserve.years if y.year == self.year), None)

    def __repr__(self) -> str:
        return f"<YearAnalysis {self.year}: {len(self.budget.objects)} objekt, utfall {self.budget.total.actual} kr>"


def analyse_year(ds: Dataset, year: int) -> YearAnalysis:
    """Every computed value of `year`; GnsError (Swedish) when the data has nothing for it."""
    years = ds.years()
    if year not in years:
        have = ", ".join(str(y) for y in years) if years else "inga"
        raise GnsError(f"året {year} finns inte i data (budget, utfall eller prognos); år i data: {have}")
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
    )
