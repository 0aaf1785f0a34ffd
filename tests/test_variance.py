"""gns_lib.engine.variance: avvikelse, per cent of the plan and differences; missing is not zero."""

from decimal import Decimal

from gns_lib.engine.variance import deviation, deviation_pct, difference, percent_of

D = Decimal


def test_deviation_is_actual_minus_plan_in_the_report_sign():
    assert deviation(D("-900.00"), D("-1000.00")) == D("100.00")  # cost 900 against a budget of 1 000: better
    assert deviation(D("1200.50"), D("1000.00")) == D("200.50")


def test_a_missing_plan_deviates_by_the_whole_outcome_and_a_missing_outcome_gives_none():
    assert deviation(D("-75.25"), None) == D("-75.25")
    assert deviation(None, D("-1000.00")) is None
    assert deviation(None, None) is None


def test_percent_is_of_the_absolute_base_and_none_where_the_base_is_missing_or_zero():
    assert percent_of(D("100.00"), D("-1000.00")) == D("10.0000")
    assert percent_of(D("-50"), D("200")) == D("-25")
    assert percent_of(D("100.00"), D("0")) is None
    assert percent_of(D("100.00"), None) is None
    assert percent_of(None, D("1000.00")) is None


def test_deviation_pct_is_the_deviation_in_per_cent_of_the_plan():
    assert deviation_pct(D("-900.00"), D("-1000.00")) == D("10.0000")
    assert deviation_pct(D("-900.00"), D("-1200.00")) == D("25.0000")
    assert deviation_pct(D("-75.25"), None) is None  # unbudgeted: a deviation, but no per cent
    assert deviation_pct(None, D("-1000.00")) is None


def test_difference_needs_both_figures():
    assert difference(D("914.00"), D("900.50")) == D("13.50")
    assert difference(D("914.00"), None) is None
    assert difference(None, D("900.50")) is None
