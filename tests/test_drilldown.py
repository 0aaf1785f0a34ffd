"""Tests for gns_lib.engine.drilldown: the rows behind every figure add up to it, to the öre."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.core.errors import GnsError
from gns_lib.data.loader import load_dataset
from gns_lib.engine.drilldown import COMPUTED, budget_rows, forecast_rows, largest_vouchers, ledger_rows
from gns_lib.engine.forecast import forecast_report
from gns_lib.engine.periods import Period
from gns_lib.engine.results import RESERVATION_ROW, budget_report, monthly_outcome
from gns_lib.engine.ytd import interim_budget


@pytest.fixture(scope="module")
def example():
    return load_dataset(DATA)


def _lines(report):
    """Every line of the result tables: committee total and rows, object totals, rows and accounts."""
    yield report.total
    yield from report.rows
    for o in report.objects:
        yield o.total
        yield from o.rows
        yield from o.accounts


def _filters(line):
    return {"objekt": line.objekt, "rad": line.rad, "konto": line.konto}


@pytest.mark.parametrize("year", [2018, 2019])
def test_ledger_rows_add_up_to_every_outcome_figure(example, year):
    report = budget_report(example, year)
    checked = 0
    for line in _lines(report):
        assert line.actual is not None
        assert ledger_rows(example, year, **_filters(line)).total == line.actual, line
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("year", [2018, 2019])
def test_budget_rows_add_up_to_every_budget_figure(example, year):
    for line in _lines(budget_report(example, year)):
        for version, figure in (("fastställd", line.original), ("ändring", line.changes), (None, line.budget)):
            rows = budget_rows(example, year, version=version, **_filters(line))
            assert rows.total == (figure if figure is not None else D("0.00")), (line, version)
            assert (len(rows) == 0) == (figure is None) or figure == 0


@pytest.mark.parametrize("year", [2018, 2019])
@pytest.mark.parametrize("month", [1, 4, 6, 8, 11])
def test_budget_rows_through_a_month_add_up_to_every_year_to_date_budget_figure(example, year, month):
    report = interim_budget(example, Period(year, month))
    checked = 0
    for line in _lines(report):
        for version, figure in (("fastställd", line.original), ("ändring", line.changes), (None, line.budget)):
            rows = budget_rows(example, year, version=version, through=month, **_filters(line))
            assert rows.total == (figure if figure is not None else D("0.00")), (line, version)
            checked += 1
    assert checked > 60


def test_year_to_date_budget_rows_name_their_month_profile_and_file_lines(make_data):
    monthly = """
        ar;period;objekt;konto;belopp;version
        2018;;N;5010;120000;fastställd
        2018;201802;U;6010;7000;fastställd
        2018;201805;U;6010;3000;fastställd
        2018;;U;3010;-50000;fastställd
    """
    ds = load_dataset(make_data({"budget.csv": monthly}))
    rows = budget_rows(ds, 2018, through=2)
    assert rows.frame[["manad", "objekt", "konto", "profil", "belopp", "filrad", "kallrader"]].values.tolist() == [
        [1, "N", "5010", "jamn", D("-10000.00"), 2, "2"],
        [1, "U", "3010", "jamn", D("4166.67"), 5, "5"],  # 50 000 / 12: the first eight months get the öre
        [2, "N", "5010", "jamn", D("-10000.00"), 2, "2"],
        [2, "U", "3010", "jamn", D("4166.67"), 5, "5"],
        [2, "U", "6010", "", D("-7000.00"), 3, "3"],
    ]
    assert rows.total == D("-18666.66")
    assert budget_rows(ds, 2018, objekt="U", konto="6010", through=5).total == D("-10000.00")
    assert len(budget_rows(ds, 2018, version="ändring", through=12)) == 0
    with pytest.raises(GnsError, match="through ska vara en månad 1–12, inte 0"):
        budget_rows(ds, 2018, through=0)


@pytest.mark.parametrize("year", [2018, 2019])
@pytest.mark.parametrize("by", ["objekt", "rad", "konto"])
def test_ledger_rows_add_up_to_every_month(example, year, by):
    monthly = monthly_outcome(example, year, by=by)
    for line in (*monthly.lines, monthly.total):
        for month, figure in enumerate(line.months, start=1):
            chosen = {by: getattr(line, by)} if getattr(line, by) else {}
            rows = ledger_rows(example, year, month=month, **chosen)
            assert rows.total == (figure if figure is not None else D("0.00")), (line, month)
            if figure is not None and month < 12:
                to_date = ledger_rows(example, year, through=month, **chosen)
                assert to_date.total - _reservations(to_date) == line.accumulated[month - 1]


def _reservations(drill):
    return sum(drill.frame.loc[drill.frame["fil"] == COMPUTED, "belopp"], D("0.00"))


@pytest.mark.parametrize("year", [2018, 2019])
def test_forecast_rows_add_up_to_every_forecast_figure(example, year):
    report = forecast_report(example, year)
    assert report.forecasts
    for forecast in report.forecasts:
        for line in (*forecast.objects, forecast.total):
            rows = forecast_rows(example, year, objekt=line.objekt, prognos=forecast.name)
            assert rows.total == (line.forecast if line.forecast is not None else D("0.00")), (forecast.name, line)


def test_ledger_rows_carry_every_column_of_the_export_and_the_source_line(example):
    rows = ledger_rows(example, 2017, objekt="6663", konto="6540", month=1)
    assert rows.frame.to_dict("records") == [{
        "period": 201701, "manad": 1, "objekt": "6663", "konto": "6540", "rad": "Övriga kostnader",
        "belopp": D("-75400.00"), "belopp_bokfort": D("75400.00"), "text": "Tieto serverdrift januari 2017",
        "verifikation": "LF17-0001", "ansvar": "04121", "motpart": "", "fil": "utfall.csv", "filrad": 2,
    }]


def test_the_reservation_is_one_computed_row_and_the_nämnd_nets_to_zero(make_data):
    ds = load_dataset(make_data({}))
    rows = ledger_rows(ds, 2018, objekt="N")
    assert rows.total == D("0.00")
    assert rows.frame[["rad", "belopp", "fil"]].values.tolist() == [
        ["Bidrag från parter", D("200000.00"), "utfall.csv"],
        ["Personalkostnader", D("-120000.00"), "utfall.csv"],
        [RESERVATION_ROW, D("-80000.00"), COMPUTED],
    ]
    assert ledger_rows(ds, 2018, rad=RESERVATION_ROW).total == D("-80000.00")
    assert ledger_rows(ds, 2018, objekt="N", reservation=False).total == D("80000.00")
    assert ledger_rows(ds, 2018, objekt="N", konto="5010").total == D("-120000.00")


def test_text_filter_and_budget_decisions(make_data):
    ds = load_dataset(make_data({}))
    assert ledger_rows(ds, 2018, text="LÖN").frame["text"].tolist() == ["Lön"]
    budget = budget_rows(ds, 2018, objekt="U")
    assert budget.frame[["konto", "belopp", "version", "filrad"]].values.tolist() == [
        ["3010", D("50000.00"), "fastställd", 4], ["6010", D("-50000.00"), "fastställd", 5]]


def test_a_typo_is_a_swedish_error(example):
    with pytest.raises(GnsError, match="okänt objekt '6699'"):
        ledger_rows(example, 2018, objekt="6699")
    with pytest.raises(GnsError, match="okänd rad 'Övrigt'"):
        ledger_rows(example, 2018, rad="Övrigt")
    with pytest.raises(GnsError, match="month ska vara en månad 1–12, inte 13"):
        ledger_rows(example, 2018, month=13)
    with pytest.raises(GnsError, match="okänd prognos 'Delår maj'"):
        forecast_rows(example, 2018, prognos="Delår maj")


def test_largest_vouchers_group_rows_and_the_rest_adds_up(make_data):
    ds = load_dataset(make_data({"utfall.csv": """
        period;konto;objekt;belopp;text;verifikation
        201801;6010;U;100;a;V1
        201802;6020;U;-900;b;V2
        201803;6030;U;600;c;V1
        201804;6010;U;50;d;
    """}))
    rows = ledger_rows(ds, 2018, objekt="U")
    top = largest_vouchers(rows, 2)
    assert top.frame[["verifikation", "rader", "belopp", "konton"]].values.tolist() == [
        ["V2", 1, D("900.00"), "6020"], ["V1", 2, D("-700.00"), "6010, 6030"]]
    assert top.rest == D("-50.00")
    assert sum(top.frame["belopp"], top.rest) == rows.total
