"""gns_lib.data.model: the data set's lookups and the facts it keeps about its own tables."""

from __future__ import annotations

from dataclasses import replace

from conftest import namnd_toml
from gns_lib.data.loader import load_dataset


def test_booked_months_per_year_from_one_pass_over_the_ledger(make_data):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2018 = 100000\n2019 = 100000"),
                                 "utfall.csv": """
        period;konto;objekt;belopp
        201903;5010;N;30000
        201901;3810;N;-200000
        201812;5010;N;120000
        201903;6010;U;1
    """}))
    assert dict(ds.booked_months) == {2018: (12,), 2019: (1, 3)}
    assert ds.outcome_years() == (2018, 2019) and ds.years() == (2018, 2019)
    assert ds.booked_months is ds.booked_months  # computed once, then kept with the data set


def test_without_outcome_no_month_is_booked(make_data):
    full = load_dataset(make_data({}))
    ds = replace(full, ledger=full.ledger.iloc[0:0])
    assert dict(ds.booked_months) == {} and ds.outcome_years() == () and ds.years() == (2018,)
    assert dict(full.booked_months) == {2018: (1, 3, 12)}
