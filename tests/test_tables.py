"""Tests for gns_lib.present.tables: every report value has a table layout with exact cells."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from gns_lib.engine.analysis import analyse_year
from gns_lib.data.loader import load_dataset
from gns_lib.engine.results import RESERVATION_ROW, monthly_outcome
from gns_lib.present.tables import SUBTOTAL, TOTAL, to_table


def test_every_report_value_has_a_table(make_data):
    ds = load_dataset(make_data({}))
    a = analyse_year(ds, 2018)
    titles = [to_table(v).title for v in (a, a.budget, a.forecasts, a.reserve, a.net_cost_trend, a.contributions,
                                          a.accumulated, monthly_outcome(ds, 2018))]
    assert titles == [
        "Resultat per objekt 2018", "Budget och utfall per objekt 2018", "Prognoser 2018",
        "Nämndens reserv (balansering)", "Nettokostnadsutveckling", "Bidrag till nettokostnadens förändring 2018",
        "Ackumulerad nettokostnad 2018 mot 2017", "Utfall per månad 2018"]


def test_budget_levels(make_data):
    report = analyse_year(load_dataset(make_data({})), 2018).budget
    rows = to_table(report, level="rad").rows
    assert [(r.cells[0], r.cells[1], r.role) for r in rows] == [
        ("N", "Bidrag från parter", "line"), ("N", "Personalkostnader", "line"), ("N", RESERVATION_ROW, "line"),
        ("N", "Resultat Nämnden", SUBTOTAL),
        ("U", "Verksamhetens intäkter", "line"), ("U", "Övriga kostnader", "line"), ("U", "Resultat Uppdraget", SUBTOTAL),
        ("", "Summa", TOTAL)]
    assert rows[2].cells[2:] == (D("-50000.00"), D("0.00"), D("-50000.00"), D("-80000.00"), D("-30000.00"), D("-60"))
    konto = to_table(report, level="konto")
    assert [r.cells[2] for r in konto.rows if r.role == "line"] == ["3810", "5010", "", "3010", "6010"]
    assert [r.cells[0] for r in to_table(report, level="nämnd").rows][-1] == "Resultat"
    with pytest.raises(ValueError):
        to_table(report, level="månad")


def test_unknown_values_are_refused():
    with pytest.raises(TypeError):
        to_table(object())
    with pytest.raises(TypeError):
        to_table((1, 2))
