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


@pytest.mark.parametrize("through", [None, "2018-08"])
def test_the_notebooks_views_of_the_ledger_are_part_of_the_analysis(through):
    """What notebooks 01–03 show from the ledger is computed with the analysis, so a batch's kernels never read it."""
    from conftest import DATA
    from gns_lib.engine.reserve import paying_parties
    from gns_lib.engine.ytd import as_of, contributions_through, monthly_outcome_through

    ds = load_dataset(DATA)
    a = analyse_year(ds, 2018, through)
    assert a.monthly == monthly_outcome_through(ds, 2018, "rad", through)
    assert a.contributions_by_object == contributions_through(ds, 2018, "objekt", through)
    cut = as_of(ds, a.period) if through else ds
    assert dict(a.payers) == {"6660": paying_parties(cut, 2018, "6660")}
    nine = ("region", "are", "ostersund", "krokom", "berg", "ragunda", "stromsund", "bracke", "harjedalen")
    assert a.payers["6660"] == (nine[:7] if through else nine)  # by August seven parties had paid
