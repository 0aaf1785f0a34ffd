"""Delår tables (gns_lib.present.tables): forecasts against the annual budget, the reserve so far, year to date."""

from __future__ import annotations

from gns_lib.engine.analysis import analyse_year
from gns_lib.present.render import as_dataframe
from test_ytd import dataset

NB = "\u00a0"


def test_forecast_table_compares_with_the_annual_budget_only(make_data):
    df = as_dataframe(analyse_year(dataset(make_data), 2019).forecasts)
    assert list(df.columns) == ["Objekt", "Delår mars (2019-03-31), tkr", "Budget helår, tkr",
                                "Helårsprognos mot budget, tkr", "Helårsprognos mot budget %"]
    assert df.values.tolist() == [["N", "0", "0", "±0", "–"], ["U", "−30", "0", "−30", "–"], ["Summa", "−30", "0", "−30", "–"]]


def test_reserve_table_shows_the_result_so_far_and_the_expected_closing(make_data):
    df = as_dataframe(analyse_year(dataset(make_data), 2019).interim_reserve)
    assert list(df.columns) == ["", "januari–mars 2019, tkr", "Helårsprognos (Delår mars), tkr"]
    assert df.values.tolist() == [
        ["Ingående reserv", "170", "170"], ["Bidrag från parter", "240", "240"], ["Nämndens kostnader", "−24", "−130"],
        ["Reserv med periodens resultat / väntad utgående reserv", "386", "280"]]


def test_year_to_date_table(make_data):
    df = as_dataframe(analyse_year(dataset(make_data), 2019).ytd)
    assert df.columns[5] == "Utfall januari–mars 2018, tkr"
    assert df.values.tolist() == [
        ["N", "30", "216", "+186", f"+620,0{NB}%", "220", "−4", f"−1,8{NB}%"],
        ["U", "0", "−10", "−10", "–", "45", "−55", f"−122,2{NB}%"],
        ["Summa", "30", "206", "+176", f"+586,7{NB}%", "265", "−59", f"−22,3{NB}%"]]


def test_budget_titles_name_the_months(make_data):
    a = analyse_year(dataset(make_data), 2019)
    assert as_dataframe(a.budget, level="objekt").shape[0] == 3
    from gns_lib.present.tables import to_table

    assert to_table(a.budget, level="objekt").title == "Budget och utfall per objekt januari–mars 2019"
    assert to_table(a.net_cost_trend, period=a.period).title == "Nettokostnad januari–mars per år"
