"""gns_lib.present.units: the report's unit, chosen by namnd.toml or by the committee's size; one rounding."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA, namnd_toml
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset
from gns_lib.present.units import TKR, UNITS, gross_budget, report_unit, unit_for_size

NB = "\u00a0"
M = "\u2212"


@pytest.mark.parametrize("gross, key", [
    (D("99999"), "kr"), (D("100000"), "tkr1"), (D("790000"), "tkr1"), (D("999999.99"), "tkr1"),
    (D("1000000"), "tkr"), (D("2026000"), "tkr"), (D("999999999"), "tkr"), (D("1000000000"), "mnkr"),
])
def test_the_default_unit_follows_the_committees_size(gross, key):
    assert unit_for_size(gross).key == key


def test_a_committee_of_790_tkr_keeps_its_own_variances():
    # a variance of 400 kr is ±0 in whole tkr, but shows in the unit such a committee gets
    unit = unit_for_size(D("790000"))
    assert TKR.signed(D("-400")) == f"±0{NB}tkr"
    assert unit.signed(D("-400")) == f"{M}0,4{NB}tkr"


def test_every_unit_rounds_once_half_up_and_writes_swedish():
    amount = D("-1234567.50")
    assert [UNITS[k].number(amount) for k in ("kr", "tkr", "tkr1", "mnkr")] == [
        f"{M}1{NB}234{NB}568", f"{M}1{NB}235", f"{M}1{NB}234,6", f"{M}1,2"]
    assert UNITS["tkr1"].text(D("914400")) == f"914,4{NB}tkr"
    assert UNITS["mnkr"].signed(D("13104")) == f"±0,0{NB}mnkr"
    assert TKR.signed(D("13104")) == f"+13{NB}tkr"
    assert TKR.value(None) is None and TKR.text(None) == "\u2013"


def test_the_example_committee_is_shown_in_whole_tkr():
    ds = load_dataset(DATA)
    assert gross_budget(ds, 2018) == D("2026000")
    assert report_unit(ds, 2018) == TKR and report_unit(ds, 2019) == TKR


@pytest.mark.parametrize("written, key", [("kr", "kr"), ("tkr", "tkr"), ("tkr, en decimal", "tkr1"), ("mnkr", "mnkr")])
def test_namnd_toml_may_set_the_unit(make_data, written, key):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(enhet=written)}))
    assert report_unit(ds, 2018).key == key


def test_without_a_unit_the_small_test_committee_gets_tenths_of_tkr(make_data):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(enhet=None)}))
    assert ds.committee.enhet is None
    assert report_unit(ds, 2018).key in ("kr", "tkr1")


def test_an_unknown_unit_is_a_clear_swedish_problem(make_data):
    with pytest.raises(DataError) as err:
        load_dataset(make_data({"namnd.toml": namnd_toml(enhet="miljoner")}))
    (problem,) = [p for p in err.value.problems if p.column == "enhet"]
    assert problem.file == "namnd.toml" and problem.row is not None
    assert problem.message == ("ogiltig enhet 'miljoner'; väntade \"kr\", \"tkr\", \"tkr, en decimal\", \"mnkr\"")
