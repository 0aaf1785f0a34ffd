"""Tests for gns_lib.data.periodisation_settings: `[periodisering]` read exactly, every problem named with its line."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import namnd_toml
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset
from gns_lib.data.model import ProfileRule


def test_profiles_and_rules_are_read(make_data):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(enhet=None, extra="""
[periodisering.profiler]
personal = [1, 1, 1, 1, 1, 1, "0,5", 1, 1, 1, 1, 1]

[[periodisering.regler]]
profil = "personal"
konton = "5000-5999"
objekt = ["N", "U"]
""")}))
    p = ds.committee.periodisering
    assert p.profiles["personal"][6] == D("0.5") and p.profiles["jamn"] == (D(1),) * 12
    assert p.rules == (ProfileRule("personal", frozenset({"N", "U"}), 5000, 5999, 17),)
    assert p.profile_for("N", "5010")[0] == "personal" and p.profile_for("N", "6010")[0] == "jamn"
    assert p.profile_for("X", "5010")[0] == "jamn"


def test_without_the_table_everything_is_even(make_data):
    p = load_dataset(make_data({})).committee.periodisering
    assert p.rules == () and p.profile_for("N", "5010") == ("jamn", (D(1),) * 12)


def test_every_problem_at_once(make_data):
    with pytest.raises(DataError) as e:
        load_dataset(make_data({"namnd.toml": namnd_toml(enhet=None, extra="""
[periodisering.profiler]
kort = [1, 1, 1]
noll = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
negativ = [1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1]

[[periodisering.regler]]
profil = "saknas"

[[periodisering.regler]]
profil = "kort"
konton = "5999-5000"
""")}))
    lines = [line.strip() for line in str(e.value).splitlines()]
    assert "namnd.toml:15:periodisering.profiler.kort: väntade tolv vikter, januari till december, t.ex. [1, 1, 1, 1, 1, 1, 0.5, 1, 1, 1, 1, 1]" in lines
    assert "namnd.toml:16:periodisering.profiler.noll: alla vikter är 0; minst en månad måste ha en vikt över 0" in lines
    assert "namnd.toml:17:periodisering.profiler.negativ: vikt 7 är negativ (-1); väntade 0 eller mer" in lines
    assert any(line.startswith("namnd.toml:19:periodisering.regler: regel 1: okänd profil 'saknas'; väntade en av ") for line in lines)
    assert "namnd.toml:22:periodisering.regler: regel 2: kontointervallet '5999-5000' slutar före det börjar" in lines
