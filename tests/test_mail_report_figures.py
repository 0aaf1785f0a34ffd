"""Key figures for a message, read from nyckeltal.json: exact Decimals, missing kept missing."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from mail_fixtures import KEY_FIGURES

from gns_lib.core.errors import GnsError
from gns_lib.mail.report_figures import CommitteeFigures, ProjectShare, committee_figures, parse_key_figures, party_figures


def raw(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_the_document_is_checked_against_the_schema_and_the_year():
    assert parse_key_figures(raw(KEY_FIGURES), 2018) == KEY_FIGURES
    with pytest.raises(GnsError, match="gäller år 2018, inte 2019"):
        parse_key_figures(raw(KEY_FIGURES), 2019)
    with pytest.raises(GnsError, match="oläslig JSON"):
        parse_key_figures(b"{", 2018)
    bad = copy.deepcopy(KEY_FIGURES)
    bad["reserve"]["closing"] = 744800.0
    with pytest.raises(GnsError, match="reserve/closing"):
        parse_key_figures(raw(bad), 2018)


def test_committee_figures_are_exact():
    assert committee_figures(KEY_FIGURES) == CommitteeFigures(
        Decimal("-4400.00"), Decimal("8600.00"), Decimal("13000.00"),
        Decimal("0.00"), Decimal("914400.00"), Decimal("169600.00"), Decimal("744800.00"))


def test_party_figures_give_base_shares_and_settlement():
    a = party_figures(KEY_FIGURES, "A")
    assert a.base == Decimal("100000.00")
    assert a.projects == (
        ProjectShare("P1", "Länkprojektet", "budgetomslutning", Decimal("800.00"), Decimal("1000.00"), Decimal("200.00")),
        ProjectShare("P2", "Köpt dataskydd", "kop_salj", Decimal("1000.00"), Decimal("250.25"), Decimal("-749.75")),
    )
    assert a.difference == Decimal("-549.75")
    r = party_figures(KEY_FIGURES, "R")
    assert [p.objekt for p in r.projects] == ["P1"] and r.difference == Decimal("300.00")


def test_no_preliminary_share_means_the_whole_final_share_is_settled():
    doc = copy.deepcopy(KEY_FIGURES)
    del doc["allocations"]["P1"]["preliminary_shares"]["B"]
    doc["allocations"]["P2"]["preliminary_shares"] = None
    doc["allocations"]["P2"]["preliminary_total"] = None
    b = party_figures(doc, "B")
    assert [(p.preliminary, p.final, p.difference) for p in b.projects] == [
        (None, Decimal("500.00"), Decimal("500.00")), (None, Decimal("750.25"), Decimal("750.25"))]
    assert b.difference == Decimal("1250.25")


def test_no_final_split_leaves_the_settlement_missing_not_zero():
    doc = copy.deepcopy(KEY_FIGURES)
    doc["allocations"]["P1"]["shares"] = None
    doc["allocations"]["P1"]["total"] = None
    a = party_figures(doc, "A")
    assert a.projects[0] == ProjectShare("P1", "Länkprojektet", "budgetomslutning", Decimal("800.00"), None, None)
    assert a.difference is None


def test_a_party_without_figures_has_none():
    doc = copy.deepcopy(KEY_FIGURES)
    del doc["base_funding"], doc["allocations"]
    x = party_figures(doc, "A")
    assert (x.base, x.projects, x.difference) == (None, None, None)  # unknown, not "nothing to settle"


def test_a_party_in_no_project_has_nothing_to_settle():
    doc = copy.deepcopy(KEY_FIGURES)
    del doc["allocations"]["P1"]
    r = party_figures(doc, "R")
    assert (r.base, r.projects, r.difference) == (Decimal("100000.00"), (), Decimal(0))


def test_only_a_preliminary_share_is_missing_a_settlement_not_a_zero_one():
    doc = copy.deepcopy(KEY_FIGURES)
    doc["allocations"]["P2"]["shares"] = {"A": "250.25"}  # B left the final split
    b = party_figures(doc, "B")
    assert [(p.objekt, p.preliminary, p.final, p.difference) for p in b.projects] == [
        ("P1", Decimal("400.00"), Decimal("500.00"), Decimal("100.00")), ("P2", Decimal("1000.00"), None, None)]
    assert b.difference is None
