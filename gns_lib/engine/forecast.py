"""Full-year forecasts (prognos) against outcome: every forecast of the year, by date.

Prognosavvikelse = utfall − prognos (report sign, positive is better). The latest
forecast is the default comparison; the earlier ones show how the forecast moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gns_lib.data.model import Dataset
from gns_lib.engine.results import BudgetReport, add, budget_report, objects_in_year, ore, sums
from gns_lib.engine.variance import deviation, deviation_pct, percent_of


@dataclass(frozen=True)
class ForecastLine:
    """One object (or the total when `objekt` is None): budget, forecast and outcome, kronor.

    For nämnd objects the forecast is after the reservation (0), like budget and outcome.
    """

    objekt: str | None
    budget: Decimal | None
    forecast: Decimal | None
    actual: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        """Prognosavvikelse = utfall − prognos; a missing forecast deviates by the whole outcome."""
        return deviation(self.actual, self.forecast)

    @property
    def variance_pct(self) -> Decimal | None:
        return deviation_pct(self.actual, self.forecast)

    @property
    def forecast_vs_budget(self) -> Decimal | None:
        """How far the forecast was from the revised budget: prognos − budget."""
        if self.forecast is None:
            return None
        return deviation(self.forecast, self.budget)

    @property
    def forecast_vs_budget_pct(self) -> Decimal | None:
        """prognos − budget in per cent of |budget|; None without a forecast or a budget."""
        return percent_of(self.forecast_vs_budget, self.budget)


@dataclass(frozen=True)
class Forecast:
    """One forecast of the year (e.g. "Delår augusti" made on 2018-08-31)."""

    name: str
    datum: date
    objects: tuple[ForecastLine, ...]
    total: ForecastLine

    def object(self, objekt: str) -> ForecastLine:
        for o in self.objects:
            if o.objekt == objekt:
                return o
        raise KeyError(objekt)


@dataclass(frozen=True, repr=False)
class ForecastReport:
    """Every forecast of one year in date order; `latest` is the one reports compare against.

    `as_of` is set in a delår: the forecasts known on that day, compared with the annual budget only.
    """

    year: int
    forecasts: tuple[Forecast, ...]
    as_of: date | None = None

    @property
    def latest(self) -> Forecast | None:
        return self.forecasts[-1] if self.forecasts else None

    def named(self, name: str) -> Forecast:
        for f in self.forecasts:
            if f.name == name:
                return f
        raise KeyError(name)

    def __repr__(self) -> str:
        names = ", ".join(f.name for f in self.forecasts) or "inga"
        return f"<ForecastReport {self.year}: prognoser {names}>"


def forecast_report(ds: Dataset, year: int, budget: BudgetReport | None = None) -> ForecastReport:
    """Each forecast of `year` per object and in total, against the budget report's outcome."""
    report = budget if budget is not None else budget_report(ds, year)
    if report.year != year:
        raise ValueError(f"budget report is for {report.year}, not {year}")
    rows = ds.forecast.loc[ds.forecast["ar"] == year] if len(ds.forecast) else ds.forecast
    made = sorted({(d, str(n)) for n, d in zip(rows["prognos"], rows["datum"])}) if len(rows) else []
    objects = objects_in_year(ds, year)
    forecasts = []
    for datum, name in made:
        one = (rows["prognos"] == name) & (rows["datum"] == datum)
        per = sums(ds.forecast, year, ("objekt",), one.reindex(ds.forecast.index, fill_value=False))
        lines = []
        for obj in objects:
            result = report.object(obj.objekt).total
            if (obj.objekt,) in per:
                value = Decimal("0.00") if obj.typ == "nämnd" else ore(per[(obj.objekt,)])
            else:
                value = None
            lines.append(ForecastLine(obj.objekt, result.budget, value, result.actual))
        total = ForecastLine(
            None,
            report.total.budget,
            add(*(x.forecast for x in lines)),
            report.total.actual,
        )
        forecasts.append(Forecast(name, datum, tuple(lines), total))
    return ForecastReport(year, tuple(forecasts))
