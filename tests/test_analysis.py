"""Tests for gns_lib.engine.analysis: one year's values computed once, and a clear error for a year without data."""

from __future__ import annotations

import pytest

from gns_lib.engine.analysis import analyse_year
from gns_lib.core.errors import GnsError
from gns_lib.data.loader import load_dataset


def test_values_belong_to_the_year(make_data):
    a = analyse_year(load_dataset(make_data({})), 2018)
    assert (a.year, a.budget.year, a.forecasts.year, a.net_cost.year, a.contributions.year, a.accumulated.year) == (2018,) * 6
    assert a.reserve_year.year == 2018 and [n.year for n in a.net_cost_trend] == [2018]


def test_year_without_data_is_a_swedish_error(make_data):
    with pytest.raises(GnsError, match="året 2016 finns inte i data .*år i data: 2018$"):
        analyse_year(load_dataset(make_data({})), 2016)
