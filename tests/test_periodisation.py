"""Tests for gns_lib.engine.periodisation: exact spreads by profile, monthly rows as they are, changes spread too."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from conftest import namnd_toml
from gns_lib.data.loader import load_dataset
from gns_lib.engine.periodisation import budget_through, monthly_budget, spread

EVEN = (1,) * 12
PERSONAL = (D(1),) * 6 + (D("0.5"),) + (D(1),) * 5


def test_even_spread_gives_the_leftover_ore_to_the_first_months():
    assert spread(100, EVEN) == (9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8)
    assert spread(1200, EVEN) == (100,) * 12


def test_negative_amounts_spread_toward_zero_and_add_up():
    assert spread(-100, EVEN) == (-9, -9, -9, -9, -8, -8, -8, -8, -8, -8, -8, -8)
    assert spread(-91_440_000, EVEN) == (-7_620_000,) * 12


def test_profile_with_a_low_july_largest_remainders_first():
    # 1000 öre × 1/11.5 = 86.956…, July 43.478…: 86 × 11 + 43 = 989, 11 öre left go to the 11 months with remainder 0.956…
    parts = spread(1000, PERSONAL)
    assert parts == (87, 87, 87, 87, 87, 87, 43, 87, 87, 87, 87, 87)
    assert sum(parts) == 1000


def test_one_month_profile_books_everything_there():
    june = (0,) * 5 + (1,) + (0,) * 6
    assert spread(-91_440_000, june) == (0,) * 5 + (-91_440_000,) + (0,) * 6


def test_ties_go_to_the_earlier_month():
    assert spread(1, (1, 0, 1) + (0,) * 9) == (1,) + (0,) * 11
    assert spread(3, (0, 1, 1, 1, 1) + (0,) * 7) == (0, 1, 1, 1, 0) + (0,) * 7


@given(st.integers(-10**13, 10**13), st.lists(st.integers(0, 1000), min_size=12, max_size=12).filter(lambda w: sum(w) > 0))
def test_any_spread_adds_up_exactly_and_stays_within_one_ore(amount, weights):
    parts = spread(amount, weights)
    assert sum(parts) == amount and len(parts) == 12
    total = sum(weights)
    for p, w in zip(parts, weights):
        assert abs(p * total - amount * w) < total  # within one öre of the exact share
        assert p == 0 or (p > 0) == (amount > 0)


@given(st.integers(-10**13, 10**13))
def test_even_spread_differs_by_at_most_one_ore(amount):
    parts = spread(amount, EVEN)
    assert sum(parts) == amount and max(parts) - min(parts) <= 1
    assert list(parts) == sorted(parts, reverse=amount > 0)


PROFILES = namnd_toml(extra="""
[periodisering.profiler]
personal = [1, 1, 1, 1, 1, 1, 0.5, 1, 1, 1, 1, 1]
juni = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]

[[periodisering.regler]]
profil = "juni"
objekt = "N"
konton = "3800-3899"

[[periodisering.regler]]
profil = "personal"
konton = "5000-5999"
""")


def test_profiles_by_object_and_account_and_even_elsewhere(make_data):
    ds = load_dataset(make_data({"namnd.toml": PROFILES}))
    m = monthly_budget(ds, 2018)
    by = {(o, k): [int(v) for v in g.sort_values("manad")["belopp_ore"]] for (o, k), g in m.groupby(["objekt", "konto"])}
    assert by[("N", "3810")] == [0] * 5 + [-20_000_000] + [0] * 6
    assert sum(by[("N", "5010")]) == 15_000_000 and by[("N", "5010")][6] == 652_174  # 150 000 kr × 0.5 / 11.5
    assert by[("U", "3010")] == [-416_667] * 8 + [-416_666] * 4


def test_monthly_rows_are_used_as_they_are_and_a_change_is_spread(make_data):
    ds = load_dataset(make_data({"budget.csv": """
        ar;objekt;konto;belopp;version;period
        2018;N;5010;120000;fastställd;
        2018;N;5010;12000;ändring;
        2018;N;3810;-200000;fastställd;201803
        2018;U;3010;-50000;fastställd;201802
        2018;U;3010;-10000;fastställd;201811
        2018;U;6010;60000;fastställd;
    """}))
    through_march = budget_through(ds, 2018, 3)
    got = through_march.groupby(["objekt", "konto", "version"])["belopp_ore"].sum().to_dict()
    assert got == {("N", "3810", "fastställd"): -20_000_000, ("N", "5010", "fastställd"): 3_000_000,
                   ("N", "5010", "ändring"): 300_000, ("U", "3010", "fastställd"): -5_000_000,
                   ("U", "6010", "fastställd"): 1_500_000}
    whole = monthly_budget(ds, 2018).groupby(["objekt", "konto"])["belopp_ore"].sum().to_dict()
    assert whole == {("N", "3810"): -20_000_000, ("N", "5010"): 13_200_000, ("U", "3010"): -6_000_000,
                     ("U", "6010"): 6_000_000}


def test_a_period_outside_the_year_is_a_problem(make_data):
    import pytest
    from gns_lib.core.errors import DataError

    with pytest.raises(DataError) as e:
        load_dataset(make_data({"budget.csv": """
            ar;objekt;konto;belopp;period
            2018;N;5010;120000;201903
            2018;N;3810;-200000;2018-3
        """}))
    text = str(e.value)
    assert "budget.csv:2:period: perioden 201903 ligger inte i året 2018 (kolumnen ar)" in text
    assert "budget.csv:3:period: ogiltig period '2018-3'; väntade ÅÅÅÅMM, t.ex. 201803, eller tomt för hela året" in text
