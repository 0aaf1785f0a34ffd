"""Tests for gns_lib.present.views: an object's accounts and months, unbudgeted rows with accounts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.data.loader import load_dataset
from gns_lib.engine.drilldown import monthly_of
from gns_lib.engine.results import budget_report, monthly_outcome
from gns_lib.present import views
from gns_lib.present.render import as_dataframe
from gns_lib.present.tables import SUBTOTAL, TOTAL

NB, M = "\u00a0", "\u2212"


@pytest.fixture(scope="module")
def example():
    return load_dataset(DATA)


def test_accounts_of_one_object_with_row_subtotals(example):
    table = views.accounts(budget_report(example, 2018), "6663")
    shown = as_dataframe(table).values.tolist()
    assert ["Övriga kostnader", "6540", f"{M}948", "0", f"{M}948", f"{M}1{NB}010", f"{M}62", f"{M}6,5{NB}%"] in shown
    assert ["Övriga kostnader", "Summa rad", f"{M}1{NB}044", "0", f"{M}1{NB}044", f"{M}1{NB}107", f"{M}63", f"{M}6,0{NB}%"] in shown
    assert shown[-1] == ["Resultat", "", "0", "0", "0", "13", "+13", "–"]
    assert [r.role for r in table.rows].count(SUBTOTAL) == 4 and table.rows[-1].role == TOTAL


def test_accounts_of_one_row(example):
    table = views.accounts(budget_report(example, 2018), "6663", rad="Övriga kostnader")
    assert [r.cells[:2] for r in table.rows] == [("Övriga kostnader", "6540"), ("Övriga kostnader", "6560"),
                                                 ("Övriga kostnader", "Summa rad")]
    assert table.title == "Budget och utfall per konto 2018: 6663 Serverdrift Åre kommun, Övriga kostnader"


def test_unbudgeted_rows_with_their_accounts(make_data):
    ds = load_dataset(make_data({"utfall.csv": """
        period;konto;objekt;belopp
        201801;3810;N;-200000
        201802;7810;U;1000
        201803;7820;U;500
        201803;6010;N;700
    """}))
    table = views.unbudgeted_rows(budget_report(ds, 2018))
    assert [(r.cells[:3], r.cells[6], r.role) for r in table.rows] == [
        (("N", "Övriga kostnader", "6010"), D("-700.00"), "line"),
        (("N", "Summa Övriga kostnader", ""), D("-700.00"), SUBTOTAL),
        (("U", "Avskrivningar", "7810"), D("-1000.00"), "line"),
        (("U", "Avskrivningar", "7820"), D("-500.00"), "line"),
        (("U", "Summa Avskrivningar", ""), D("-1500.00"), SUBTOTAL),
    ]


def test_monthly_for_an_object_a_row_or_both(example):
    per_row = monthly_of(example, 2018, objekt="6663")
    whole = next(line for line in monthly_outcome(example, 2018, by="objekt").lines if line.objekt == "6663")
    assert per_row.by == "rad" and per_row.total.months == whole.months
    assert per_row.total.months[6] == D("1097400.00")
    per_object = monthly_of(example, 2018, rad="Övriga kostnader")
    assert per_object.by == "objekt"
    per_account = monthly_of(example, 2018, objekt="6663", rad="Övriga kostnader")
    assert [line.konto for line in per_account.lines] == ["6540", "6560"]
    assert per_account.total.year_total == D("-1106850.00")
    table = views.monthly(example, 2018, objekt="6663")
    assert table.title == "Utfall per månad 2018: objekt 6663"
