"""The largest-remainder split (rule 4): properties over random input, and the exact tie-breaks."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gns_lib.allocation.splitting import (
    RoundedAmount,
    integer_weights,
    round_half_up,
    split_amount,
    split_units,
    unit_ore_of,
)

# Weights as the keys produce them: whole numbers (pupils, lika) or kronor with öre (turnover, köp/sälj).
int_weights = st.integers(min_value=0, max_value=10**12)
dec_weights = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)
weight_lists = st.one_of(st.lists(int_weights, min_size=1, max_size=12), st.lists(dec_weights, min_size=1, max_size=12))
amounts_ore = st.integers(min_value=-10**12, max_value=10**12)
units = st.sampled_from([1, 100])  # avrundning_kr 0.01 and 1


def positive(weights) -> bool:
    return sum(Decimal(w) for w in weights) > 0


@st.composite
def cases(draw):
    weights = draw(weight_lists.filter(positive))
    ranks = draw(st.permutations(range(len(weights))))
    return draw(amounts_ore), weights, list(ranks), draw(units)


@settings(max_examples=400, deadline=None)
@given(cases())
def test_shares_add_up_to_the_rounded_amount_exactly(case):
    amount, weights, ranks, unit = case
    result = split_amount(amount, weights, unit, ranks)
    assert sum(result.shares_ore) == result.amount.rounded_ore
    assert all(s % unit == 0 for s in result.shares_ore)
    assert result.amount.exact_ore == amount
    assert result.amount.rounded_ore % unit == 0
    assert 2 * abs(result.amount.avrundning_ore) <= unit
    assert result.amount.avrundning_ore == result.amount.rounded_ore - amount


@settings(max_examples=400, deadline=None)
@given(cases())
def test_each_share_is_within_one_unit_of_its_exact_quota(case):
    amount, weights, ranks, unit = case
    units_to_split = round_half_up(amount, unit) // unit
    shares = split_units(units_to_split, weights, ranks)
    total = sum(Fraction(Decimal(w)) for w in weights)
    for w, s in zip(weights, shares):
        quota = Fraction(units_to_split) * Fraction(Decimal(w)) / total
        assert abs(s - quota) < 1
        # rounded down in absolute value, or one unit more
        assert abs(s) in (int(abs(quota)), int(abs(quota)) + 1)


@settings(max_examples=300, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_split_is_deterministic_and_independent_of_row_order(case, rnd):
    amount, weights, ranks, unit = case
    first = split_amount(amount, weights, unit, ranks)
    assert split_amount(amount, weights, unit, ranks) == first
    order = list(range(len(weights)))
    rnd.shuffle(order)
    shuffled = split_amount(amount, [weights[i] for i in order], unit, [ranks[i] for i in order])
    assert dict(zip(ranks, first.shares_ore)) == {ranks[i]: s for i, s in zip(order, shuffled.shares_ore)}


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=11))
def test_a_zero_weight_gets_zero(case, position):
    amount, weights, ranks, unit = case
    weights = list(weights)
    position %= len(weights) + 1
    weights.insert(position, 0)
    ranks = [r + 1 for r in ranks]
    ranks.insert(position, 0)  # the zero weight even stands first in the tie-break
    result = split_amount(amount, weights, unit, ranks)
    assert result.shares_ore[position] == 0
    assert sum(result.shares_ore) == result.amount.rounded_ore


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_negative_amount_is_the_negated_split_of_its_absolute_value(case):
    amount, weights, ranks, unit = case
    units_to_split = abs(amount) // unit
    assert split_units(-units_to_split, weights, ranks) == tuple(-s for s in split_units(units_to_split, weights, ranks))


def test_remainders_go_to_the_largest_fractions():
    # quotas 28 571.43, 14 285.71, 7 142.86: the two units left go to the two largest fractions
    assert split_units(50000, [1000, 500, 250]) == (28571, 14286, 7143)


def test_tie_goes_to_the_party_first_in_parter_csv():
    assert split_units(1, [1, 1, 1], ranks=[2, 0, 1]) == (0, 1, 0)
    assert split_units(2, [5, 5, 5], ranks=[2, 0, 1]) == (0, 1, 1)
    assert split_units(-1, [1, 1, 1], ranks=[2, 0, 1]) == (0, -1, 0)


def test_tie_in_remainder_goes_to_the_larger_weight_before_party_order():
    # quotas 0.5 and 1.5 leave equal remainders; the larger weight wins although it stands second
    assert split_units(2, [1, 3], ranks=[0, 1]) == (0, 2)
    assert split_units(2, [Decimal("0.10"), Decimal("0.3")], ranks=[0, 1]) == (0, 2)


def test_rounding_to_whole_kronor_is_half_up_and_reported():
    r = split_amount(100350, [1, 1, 1, 1, 1, 1], 100)  # 1 003,50 kr
    assert r.amount == RoundedAmount(100350, 100400, 100)
    assert r.amount.avrundning_ore == 50
    assert r.shares_ore == (16800, 16800, 16700, 16700, 16700, 16700)
    neg = split_amount(-100350, [1, 1, 1, 1, 1, 1], 100)
    assert neg.amount.rounded_ore == -100400 and neg.amount.avrundning_ore == -50
    assert neg.shares_ore == (-16800, -16800, -16700, -16700, -16700, -16700)


@pytest.mark.parametrize(
    ("ore", "unit", "expected"),
    [(49, 100, 0), (50, 100, 100), (-50, 100, -100), (-49, 100, 0), (149, 100, 100), (150, 100, 200),
     (-150, 100, -200), (12345, 1, 12345), (0, 100, 0)],
)
def test_round_half_up(ore, unit, expected):
    assert round_half_up(ore, unit) == expected


def test_units_from_avrundning_kr():
    assert unit_ore_of(Decimal("1")) == 100
    assert unit_ore_of(Decimal("0.01")) == 1
    with pytest.raises(ValueError):
        unit_ore_of(Decimal("0.001"))


def test_decimal_weights_are_scaled_exactly():
    assert integer_weights([Decimal("1.5"), 2, Decimal("0.25")]) == (150, 200, 25)
    assert split_units(7, [Decimal("0.1"), Decimal("0.2"), Decimal("0.4")]) == (1, 2, 4)


@pytest.mark.parametrize(
    ("weights", "error"),
    [([0, 0], ValueError), ([], ValueError), ([1, -1], ValueError), ([1.5, 1], TypeError), ([True, 1], TypeError),
     ([Decimal("NaN"), 1], ValueError)],
)
def test_bad_weights_are_refused(weights, error):
    with pytest.raises(error):
        split_units(100, weights)


def test_amount_must_be_integer_units_not_float():
    with pytest.raises(TypeError):
        split_units(100.0, [1, 1])
    with pytest.raises(TypeError):
        split_amount(Decimal("1.00"), [1, 1], 100)


def test_ranks_must_be_a_total_order():
    with pytest.raises(ValueError):
        split_units(3, [1, 1], ranks=[0, 0])
    with pytest.raises(ValueError):
        split_units(3, [1, 1], ranks=[0])
