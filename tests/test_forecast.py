"""Tests for gns_lib.engine.forecast: several forecasts by date, the latest by default, prognosavvikelse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from gns_lib.engine.forecast import forecast_report
from gns_lib.data.loader import load_dataset
from gns_lib.present.render import as_dataframe

# Written out of date order on purpose: the report orders by datum.
FORECASTS = """
    ar;prognos;datum;objekt;konto;belopp
    2018;Delår augusti;2018-08-31;U;3010;-52000
    2018;Delår augusti;2018-08-31;U;6010;47000
    2018;Delår augusti;2018-08-31;N;3810;-200000
    2018;Delår augusti;2018-08-31;N;5010;130000
    2018;Delår april;2018-04-30;U;3010;-50000
    2018;Delår april;2018-04-30;U;6010;52000
    2017;Delår april;2017-04-30;U;3010;-1
"""


def test_every_forecast_by_date_latest_by_default(make_data):
    report = forecast_report(load_dataset(make_data({"prognos.csv": FORECASTS})), 2018)
    assert [(f.name, f.datum) for f in report.forecasts] == [
        ("Delår april", date(2018, 4, 30)), ("Delår augusti", date(2018, 8, 31))]
    latest = report.latest
    assert latest.name == "Delår augusti"
    u = latest.object("U")
    assert (u.budget, u.forecast, u.actual) == (D("0.00"), D("5000.00"), D("5000.00"))
    assert u.variance == D("0.00") and u.forecast_vs_budget == D("5000.00")
    n = latest.object("N")
    assert (n.forecast, n.actual, n.variance) == (D("0.00"), D("0.00"), D("0.00"))  # after the reservation
    assert (latest.total.forecast, latest.total.actual, latest.total.variance) == (D("5000.00"), D("5000.00"), D("0.00"))
    april = report.named("Delår april")
    assert april.object("U").forecast == D("-2000.00")
    assert april.object("U").variance == D("7000.00")
    assert april.object("U").variance_pct == D("350")
    # N is not in the April forecast: no forecast (missing, not 0), the whole outcome deviates.
    assert april.object("N").forecast is None and april.object("N").variance == D("0.00")
    assert april.total.forecast == D("-2000.00") and april.total.variance == D("7000.00")


def test_forecast_table_shows_how_the_forecast_moved(make_data):
    table = as_dataframe(forecast_report(load_dataset(make_data({"prognos.csv": FORECASTS})), 2018))
    assert list(table.columns) == [
        "Objekt", "Delår april (2018-04-30), tkr", "Delår augusti (2018-08-31), tkr", "Utfall, tkr",
        "Prognosavvikelse, tkr", "Prognosavvikelse %"]
    assert list(table["Objekt"]) == ["N", "U", "Summa"]
    assert list(table["Delår april (2018-04-30), tkr"]) == ["\u2013", "\u22122", "\u22122"]
    assert list(table["Delår augusti (2018-08-31), tkr"]) == ["0", "5", "5"]


def test_no_forecast(make_data):
    report = forecast_report(load_dataset(make_data({})), 2018)
    assert report.forecasts == () and report.latest is None
    assert list(as_dataframe(report).columns) == ["Objekt", "Utfall, tkr", "Prognosavvikelse, tkr", "Prognosavvikelse %"]


def test_forecast_against_budget_in_per_cent_needs_a_forecast_and_a_budget():
    from gns_lib.engine.forecast import ForecastLine

    assert ForecastLine("U", D("-40000.00"), D("-50000.00"), None).forecast_vs_budget_pct == D("-25")
    assert ForecastLine("U", D("0.00"), D("5000.00"), None).forecast_vs_budget_pct is None  # a zero budget
    assert ForecastLine("U", D("-40000.00"), None, None).forecast_vs_budget_pct is None
