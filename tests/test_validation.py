"""gns_lib.data.validation: account coverage, overlapping kontoplan ranges, and the keys and deltagare of each objekt."""

from __future__ import annotations

import dataclasses
import textwrap
from datetime import date

import pytest

from conftest import BASE_FILES
from gns_lib.data.validation import account_problem, account_rows, cross_checks, overlapping_ranges
from gns_lib.core.errors import Problem
from gns_lib.data.loader import load_dataset
from gns_lib.data.model import AccountRange, CostObject

KEYS = "lika, budgetomslutning, elevantal, kop_salj"
REVENUE, PERSONNEL, OTHER = "Verksamhetens intäkter", "Personalkostnader", "Övriga kostnader"
CHART = (AccountRange(3000, 3799, REVENUE, 2), AccountRange(5000, 5999, PERSONNEL, 3), AccountRange(6000, 6000, OTHER, 4))


def overlap(row: int, text: str) -> Problem:
    return Problem("kontoplan.csv", row, "fran_konto", f"{text}; väntade intervall som inte överlappar")


# --- account_rows and account_problem ------------------------------------------------------------


def test_account_rows_maps_each_code_by_its_range_inclusive():
    codes = ["3000", "3799", "3800", "4999", "5000", "5999", "6000", "6001", "0300", "03010"]
    assert account_rows(CHART, codes) == {
        "3000": REVENUE, "3799": REVENUE, "3800": None, "4999": None, "5000": PERSONNEL, "5999": PERSONNEL,
        "6000": OTHER, "6001": None,
        "0300": None,  # compared as the integer 300
        "03010": REVENUE,  # compared as the integer 3010
    }


def test_account_rows_leaves_codes_that_are_not_digits_unmapped():
    codes = ["", "abc", "30.1", "-3010", "3010 ", "3 010", "+3010", "3010a"]
    assert account_rows(CHART, codes) == dict.fromkeys(codes)


def test_account_rows_first_matching_range_wins_and_an_empty_chart_maps_nothing():
    nested = (AccountRange(3000, 3999, "A", 2), AccountRange(3500, 3599, "B", 3))
    assert account_rows(nested, ["3550", "3999"]) == {"3550": "A", "3999": "A"}
    assert account_rows((), ["3010"]) == {"3010": None}
    assert account_rows(CHART, []) == {}


def test_account_problem_says_what_was_expected():
    assert account_problem("abc") == "ogiltigt konto 'abc'; väntade ett kontonummer av siffror"
    assert account_problem("") == "ogiltigt konto ''; väntade ett kontonummer av siffror"
    assert account_problem("30-10") == "ogiltigt konto '30-10'; väntade ett kontonummer av siffror"
    assert account_problem("4010") == "kontot 4010 täcks inte av något intervall i kontoplan.csv"


# --- overlapping_ranges --------------------------------------------------------------------------


def test_adjacent_and_disjoint_ranges_do_not_overlap():
    assert overlapping_ranges(CHART) == []
    assert overlapping_ranges((AccountRange(3800, 3899, "B", 3), AccountRange(3000, 3799, "A", 2))) == []
    assert overlapping_ranges(()) == []


def test_the_later_row_is_reported_against_the_earlier():
    chart = (AccountRange(3000, 3899, "A", 2), AccountRange(3800, 3899, "B", 3))
    assert overlapping_ranges(chart) == [overlap(3, "intervallet 3800–3899 överlappar 3000–3899 (rad 2)")]
    # the later row has the lower range; sharing the one account 5000 is enough
    chart = (AccountRange(5000, 5999, "A", 2), AccountRange(4000, 5000, "B", 3))
    assert overlapping_ranges(chart) == [overlap(3, "intervallet 4000–5000 överlappar 5000–5999 (rad 2)")]


def test_every_overlapping_pair_is_reported_once():
    chart = (AccountRange(1000, 2000, "A", 2), AccountRange(1500, 2500, "B", 3), AccountRange(1800, 1900, "C", 4),
             AccountRange(3000, 3100, "D", 5))
    assert overlapping_ranges(chart) == [
        overlap(3, "intervallet 1500–2500 överlappar 1000–2000 (rad 2)"),
        overlap(4, "intervallet 1800–1900 överlappar 1000–2000 (rad 2)"),
        overlap(4, "intervallet 1800–1900 överlappar 1500–2500 (rad 3)"),
    ]


def test_ranges_nested_in_a_wide_one_overlap_it_but_not_each_other():
    chart = (AccountRange(1000, 9999, "Allt", 2), AccountRange(3000, 3099, "A", 3), AccountRange(5000, 5099, "B", 4))
    assert overlapping_ranges(chart) == [
        overlap(3, "intervallet 3000–3099 överlappar 1000–9999 (rad 2)"),
        overlap(4, "intervallet 5000–5099 överlappar 1000–9999 (rad 2)"),
    ]
    identical = (AccountRange(3000, 3099, "A", 2), AccountRange(3000, 3099, "B", 7))
    assert overlapping_ranges(identical) == [overlap(7, "intervallet 3000–3099 överlappar 3000–3099 (rad 2)")]


# --- cross_checks --------------------------------------------------------------------------------

ROWS = {"N": 2, "U": 3, "P": 4}


@pytest.fixture
def ds(make_data):
    """The base committee plus a projekt P (lika, alla) with a 2018 budget row."""
    objekt = textwrap.dedent(BASE_FILES["objekt.csv"]).strip() + "\nP;Projektet;projekt;lika;alla\n"
    budget = textwrap.dedent(BASE_FILES["budget.csv"]).strip() + "\n2018;P;6010;1000\n"
    return load_dataset(make_data({"objekt.csv": objekt, "budget.csv": budget}))


def with_objects(ds, **changes):
    """`ds` with objects changed by objekt id: {"P": {"nyckel": None}}."""
    return dataclasses.replace(ds, objects=tuple(dataclasses.replace(o, **changes.get(o.objekt, {})) for o in ds.objects))


def test_a_valid_dataset_has_no_cross_check_problems(ds):
    assert cross_checks(ds, ROWS) == []


def test_a_key_belongs_to_projekt_only(ds):
    bad = with_objects(ds, N={"nyckel": "lika"})
    assert cross_checks(bad, ROWS) == [
        Problem("objekt.csv", 2, "nyckel", "nyckel gäller bara projekt, men N är nämnd; lämna kolumnen tom")]


def test_an_objekt_without_a_known_row_is_reported_without_one(ds):
    bad = with_objects(ds, U={"nyckel": "lika"})
    assert cross_checks(bad, {}) == [
        Problem("objekt.csv", None, "nyckel", "nyckel gäller bara projekt, men U är uppdrag; lämna kolumnen tom")]


def test_deltagare_must_be_parties_and_members_in_the_years_the_objekt_is_used(ds):
    late = dataclasses.replace(ds.party("A"), medlem_fran=date(2019, 1, 1))
    bad = dataclasses.replace(with_objects(ds, P={"deltagare": ("R", "A", "Z")}), parties=(ds.party("R"), late))
    assert cross_checks(bad, ROWS) == [
        Problem("objekt.csv", 4, "deltagare", "okänd part 'Z' bland deltagarna; väntade parter ur parter.csv eller alla"),
        Problem("objekt.csv", 4, "deltagare", "deltagaren 'A' är inte medlem 2018, då objektet P används"),
    ]
    gone = dataclasses.replace(ds.party("A"), medlem_till=date(2017, 12, 31))
    bad = dataclasses.replace(with_objects(ds, P={"deltagare": ("A",)}), parties=(ds.party("R"), gone))
    assert cross_checks(bad, ROWS) == [
        Problem("objekt.csv", 4, "deltagare", "deltagaren 'A' är inte medlem 2018, då objektet P används")]


def test_an_objekt_not_used_in_any_year_is_not_checked_for_membership(ds):
    late = dataclasses.replace(ds.party("A"), medlem_fran=date(2019, 1, 1))
    unused = dataclasses.replace(ds, parties=(ds.party("R"), late),
                                 objects=(*ds.objects, CostObject("Q", "Q", "projekt", "lika", ("A",), 3)))
    assert cross_checks(unused, {**ROWS, "Q": 5}) == []


def test_only_ascii_digits_make_an_account():
    from gns_lib.data.validation import account_problem, account_rows
    from gns_lib.data.model import AccountRange

    ranges = (AccountRange(3000, 3799, "Verksamhetens intäkter", 2),)
    assert account_rows(ranges, ["３０１０", "3010"]) == {"３０１０": None, "3010": "Verksamhetens intäkter"}
    assert account_problem("３０１０") == "ogiltigt konto '３０１０'; väntade ett kontonummer av siffror"


def test_membership_is_checked_in_every_year_any_table_uses_the_objekt(make_data):
    """P has a 2018 budget, a 2019 outcome and a 2020 forecast: A (member from 2019) fails 2018 only,
    and Z (member until 2019) fails 2020 only."""
    objekt = textwrap.dedent(BASE_FILES["objekt.csv"]).strip() + "\nP;Projektet;projekt;lika;R\n"
    budget = textwrap.dedent(BASE_FILES["budget.csv"]).strip() + "\n2018;P;6010;1000\n"
    utfall = textwrap.dedent(BASE_FILES["utfall.csv"]).strip() + "\n201905;6010;P;10,00;Konsult\n"
    prognos = "ar;prognos;datum;objekt;konto;belopp\n2020;Delår augusti;2020-08-31;P;6010;5\n"
    ds = load_dataset(make_data({"objekt.csv": objekt, "budget.csv": budget, "utfall.csv": utfall,
                                 "prognos.csv": prognos}))
    late = dataclasses.replace(ds.party("A"), medlem_fran=date(2019, 1, 1))
    gone = dataclasses.replace(ds.party("R"), part="Z", medlem_till=date(2019, 12, 31))
    bad = dataclasses.replace(with_objects(ds, P={"deltagare": ("A", "Z")}), parties=(ds.party("R"), late, gone))
    assert cross_checks(bad, ROWS) == [
        Problem("objekt.csv", 4, "deltagare", "deltagaren 'A' är inte medlem 2018, då objektet P används"),
        Problem("objekt.csv", 4, "deltagare", "deltagaren 'Z' är inte medlem 2020, då objektet P används"),
    ]


def test_a_year_with_rows_on_the_committee_object_needs_its_grundfinansiering(make_data):
    import pytest

    from conftest import namnd_toml
    from gns_lib.core.errors import DataError
    from gns_lib.data.loader import load_dataset

    with pytest.raises(DataError) as e:
        load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2019 = 100000")}))
    assert [str(p) for p in e.value.problems] == [
        "namnd.toml:12:grundfinansiering: grundfinansiering saknas för 2018, som har utfallsrader på "
        "nämndobjektet N; väntade en rad 2018 = belopp under [grundfinansiering]"]


def test_a_year_with_outcome_only_on_an_uppdrag_or_a_budget_only_year_needs_no_grundfinansiering(make_data):
    from conftest import namnd_toml
    from gns_lib.data.loader import load_dataset

    folder = make_data({
        "namnd.toml": namnd_toml(grundfinansiering="2019 = 100000"),
        "budget.csv": "ar;objekt;konto;belopp\n2018;U;3010;-50000\n2020;N;5010;1000\n",
        "utfall.csv": "period;konto;objekt;belopp\n201803;3010;U;-50000\n",
    })
    ds = load_dataset(folder)
    assert (ds.committee.grundfinansiering, ds.years()) == ({2019: 100000}, (2018, 2020))


def test_a_committee_without_base_contribution_says_so_with_zero(make_data):
    from conftest import namnd_toml
    from gns_lib.allocation.statements import party_statements
    from gns_lib.allocation.year import allocate_year
    from gns_lib.data.loader import load_dataset

    ds = load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2018 = 0")}))
    statements = party_statements(ds, allocate_year(ds, 2018))
    assert [(s.party.part, s.preliminary_ore, s.final_ore) for s in statements] == [("R", 0, 0), ("A", 0, 0)]
