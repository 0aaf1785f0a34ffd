"""The key registry: each key's weights with provenance, and each missing or all-zero weight as a problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from allocation_data import PUPILS, PURCHASES, TURNOVER, files, without_line

from gns_lib.allocation import keys
from gns_lib.allocation.weights import check_allocation_data
from gns_lib.core.errors import DataError
from gns_lib.allocation.keys import (
    FINAL,
    KEYS,
    PRELIMINARY,
    AllocationKey,
    Weight,
    key_names,
    october_measuring_date,
    phase_years,
    pupils_year,
    weights_for,
)
from gns_lib.data.loader import load_dataset


@pytest.fixture
def ds(make_data):
    return load_dataset(make_data(files()))


def problems_of(make_data, overrides) -> list[str]:
    with pytest.raises(DataError) as e:
        check_allocation_data(load_dataset(make_data(files(overrides=overrides))))
    return [str(p) for p in e.value.problems]


def test_registry_holds_the_four_keys():
    assert key_names() == ("lika", "budgetomslutning", "elevantal", "kop_salj")
    assert {k.file for k in KEYS.values()} == {None, "nycklar/budgetomslutning.csv", "nycklar/elevantal.csv",
                                                "nycklar/kop_salj.csv"}


def test_lika_gives_one_to_every_member_of_the_year_in_party_order(ds):
    kw = weights_for(ds, ds.object("LIK"), 2019, FINAL)
    assert kw.problems == ()
    assert [(w.part, w.value, w.basis) for w in kw.weights] == [(p, Decimal(1), "2019") for p in "RABCJM"]


def test_budgetomslutning_uses_year_minus_two_with_its_source(ds):
    for phase in (PRELIMINARY, FINAL):
        kw = weights_for(ds, ds.object("OMS"), 2019, phase)
        assert kw.problems == ()
        assert kw.weights[0] == Weight("R", Decimal("3000000000.00"), "2017", "ÅR 2017 Region, s. 10",
                                       "nycklar/budgetomslutning.csv:2")
        assert [w.value for w in kw.weights] == [Decimal(n) for n in
                                                 (3000000000, 500000000, 300000000, 200000000, 150000000, 100000000)]


def test_elevantal_final_uses_october_of_the_year_before_preliminary_two_years_before(ds):
    final = weights_for(ds, ds.object("ELV"), 2019, FINAL)
    prelim = weights_for(ds, ds.object("ELV"), 2019, PRELIMINARY)
    assert [(w.part, w.value, w.basis, w.kalla) for w in final.weights] == [
        ("A", Decimal(1100), "2018-10-15", "SCB 2018"),
        ("B", Decimal(450), "2018-10-15", "SCB 2018"),
        ("C", Decimal(300), "2018-10-15", "SCB 2018"),
    ]
    assert final.weights[0].source == "nycklar/elevantal.csv:7"
    assert [(w.part, w.value, w.basis) for w in prelim.weights] == [
        ("A", Decimal(1000), "2017-10-16"), ("B", Decimal(500), "2017-10-16"), ("C", Decimal(250), "2017-10-16")]
    assert (pupils_year(2019, FINAL), pupils_year(2019, PRELIMINARY)) == (2018, 2017)


def test_measuring_date_is_15_october_or_the_first_weekday_after_it():
    assert october_measuring_date(2018) == date(2018, 10, 15)  # Monday
    assert october_measuring_date(2016) == date(2016, 10, 17)  # Saturday -> Monday 17
    assert october_measuring_date(2017) == date(2017, 10, 16)  # Sunday -> Monday 16


@pytest.mark.parametrize(("measured", "rows", "chosen"), [
    (2017, ("2017-10-13", "2017-10-16"), "2017-10-16"),  # Sunday 15th: Monday 16 beats Friday 13
    (2017, ("2017-10-14", "2017-10-16"), "2017-10-16"),  # … and beats Saturday 14
    (2016, ("2016-10-14", "2016-10-17"), "2016-10-17"),  # Saturday 15th: Monday 17 beats Friday 14
    (2016, ("2016-10-14", "2016-10-18"), "2016-10-18"),  # 1 day after the 17th beats 3 days before it
    (2018, ("2018-10-12", "2018-10-16"), "2018-10-16"),  # a weekday 15th: 1 day after beats 3 before
    (2018, ("2018-10-14", "2018-10-16"), "2018-10-16"),  # equally far: the one after
])
def test_the_count_after_the_measuring_date_wins_over_one_before(make_data, measured, rows, chosen):
    pupils = "part;matdatum;antal;kalla\n" + "".join(
        f"{p};{day};{n};SCB\n" for day, n in zip(rows, (111, 222)) for p in ("A", "B", "C"))
    ds = load_dataset(make_data(files(overrides={"nycklar/elevantal.csv": pupils})))
    kw = weights_for(ds, ds.object("ELV"), measured + 1, FINAL)  # the final split of Y uses October Y − 1
    assert kw.problems == ()
    assert {w.basis for w in kw.weights} == {chosen}


def test_elevantal_takes_the_october_count_closest_to_the_15th(make_data):
    pupils = PUPILS.replace("A;2018-10-15;1100;SCB 2018", "A;2018-10-19;1100;SCB sen mätning")
    ds = load_dataset(make_data(files(overrides={"nycklar/elevantal.csv": pupils})))
    a = weights_for(ds, ds.object("ELV"), 2019, FINAL).weights[0]
    assert (a.basis, a.value) == ("2018-10-19", Decimal(1100))  # 4 days away beats 1 October (14 days)


def test_kop_salj_sums_the_party_rows_and_a_zero_is_a_weight(ds):
    kw = weights_for(ds, ds.object("KOP"), 2019, FINAL)
    assert kw.problems == ()
    assert [(w.part, w.value) for w in kw.weights] == [("A", Decimal("15000.00")), ("B", Decimal("10000.00")),
                                                      ("C", Decimal("0.00"))]
    assert kw.weights[0].source == "nycklar/kop_salj.csv:2,4"
    assert kw.weights[0].kalla == "Avtal A; Tilläggsavtal A"  # sorted, so independent of row order


def test_weights_do_not_depend_on_the_order_of_rows_in_the_key_files(make_data, ds):
    def reverse(text: str) -> str:
        lines = text.strip("\n").split("\n")
        return "\n".join([lines[0], *reversed(lines[1:])])

    flipped = load_dataset(make_data(files(overrides={
        "nycklar/budgetomslutning.csv": reverse(TURNOVER),
        "nycklar/elevantal.csv": reverse(PUPILS),
        "nycklar/kop_salj.csv": reverse(PURCHASES),
    })))
    for objekt in ("OMS", "ELV", "KOP"):
        for phase in (PRELIMINARY, FINAL):
            a = weights_for(ds, ds.object(objekt), 2019, phase).weights
            b = weights_for(flipped, flipped.object(objekt), 2019, phase).weights
            assert [(w.part, w.value, w.basis, w.kalla) for w in a] == [(w.part, w.value, w.basis, w.kalla) for w in b]


def test_phases_follow_budget_and_outcome_rows(ds):
    assert phase_years(ds, "OMS") == {PRELIMINARY: (2019,), FINAL: (2019,)}
    assert phase_years(ds, "N") == {PRELIMINARY: (2019,), FINAL: (2019,)}
    assert phase_years(ds, "okänt") == {PRELIMINARY: (), FINAL: ()}


def test_missing_budgetomslutning_names_file_party_and_year(make_data):
    problems = problems_of(make_data, {"nycklar/budgetomslutning.csv": without_line(TURNOVER, "C;2017")})
    assert any(p.startswith("nycklar/budgetomslutning.csv: vikt saknas för parten C (Cby kommun) år 2017;")
               and "OMS Omslutningsprojekt 2019" in p for p in problems), problems


def test_missing_elevantal_names_the_date_looked_for_in_each_phase(make_data):
    pupils = without_line(without_line(PUPILS, "B;2018-10-15"), "C;2017-10-16")
    problems = problems_of(make_data, {"nycklar/elevantal.csv": pupils})
    assert any(p.startswith("nycklar/elevantal.csv: vikt saknas för parten B (Bby kommun) per 2018-10-15 "
                            "(mätning i oktober 2018);") and "slutlig fördelning av ELV" in p for p in problems)
    assert any(p.startswith("nycklar/elevantal.csv: vikt saknas för parten C (Cby kommun) per 2017-10-16 "
                            "(mätning i oktober 2017);") and "preliminär fördelning av ELV" in p for p in problems)
    assert len(problems) == 2, problems


def test_missing_kop_salj_names_file_party_year_and_object(make_data):
    problems = problems_of(make_data, {"nycklar/kop_salj.csv": without_line(PURCHASES, "KOP;B")})
    assert problems[0].startswith("nycklar/kop_salj.csv: vikt saknas för parten B (Bby kommun) år 2019 för objektet KOP")
    assert len(problems) == 2  # preliminary and final split both need it


def test_a_missing_key_file_is_said_so(make_data):
    problems = problems_of(make_data, {"nycklar/elevantal.csv": None})
    assert len(problems) == 6  # A, B, C × two phases
    assert all("(filen finns inte)" in p for p in problems)


def test_all_zero_weights_are_a_problem(make_data):
    purchases = PURCHASES.replace(";10000;", ";0;").replace(";5000;", ";0;")
    problems = problems_of(make_data, {"nycklar/kop_salj.csv": purchases})
    assert problems == [
        "nycklar/kop_salj.csv: alla vikter är noll för KOP Köpprojekt (kop_salj, 2019) i preliminär fördelning 2019; "
        "väntade minst en vikt större än noll",
        "nycklar/kop_salj.csv: alla vikter är noll för KOP Köpprojekt (kop_salj, 2019) i slutlig fördelning 2019; "
        "väntade minst en vikt större än noll",
    ]


def test_kop_salj_of_a_party_that_is_not_deltagare_is_a_problem(make_data):
    purchases = PURCHASES.strip("\n") + "\n2019;KOP;R;999;Fel part"
    problems = problems_of(make_data, {"nycklar/kop_salj.csv": purchases})
    assert problems == ["nycklar/kop_salj.csv:6:part: parten R har köp/sälj för KOP 2019 men är inte deltagare; "
                        "väntade en av A, B, C"]


def test_negative_or_duplicate_turnover_is_a_problem(make_data):
    turnover = TURNOVER.replace("A;2017;500000000", "A;2017;-5").strip("\n") + "\nB;2017;1;dubblett"
    problems = problems_of(make_data, {"nycklar/budgetomslutning.csv": turnover})
    assert "nycklar/budgetomslutning.csv:3:belopp: negativ budgetomslutning -5.00 för parten A år 2017; " \
           "väntade ett belopp ≥ 0" in problems
    assert "nycklar/budgetomslutning.csv:4:part: parten B har 2 rader för år 2017 (rad 4, 8); väntade en" in problems


def test_adding_a_key_is_one_registry_entry(monkeypatch, ds):
    def by_order(req):
        return [Weight(p.part, Decimal(p.order + 1), str(req.year), "test", "") for p in req.participants], []

    extended = dict(KEYS)
    extended["ordning"] = AllocationKey("ordning", "Ordning", "efter plats i parter.csv", "andel", None, by_order,
                                        wording="plats {value} av {total} i parter.csv")
    monkeypatch.setattr(keys, "KEYS", extended)
    obj = ds.object("LIK").__class__("X", "Nytt", "projekt", "ordning", None, 99)
    kw = weights_for(ds, obj, 2019, FINAL)
    assert [w.value for w in kw.weights] == [Decimal(n) for n in range(1, 7)]
    # the statement line words its basis from the same entry, with no other change anywhere
    from gns_lib.allocation import statements as statements_module
    from gns_lib.allocation.statements import WeightBasis
    from gns_lib.present import allocation_tables

    monkeypatch.setattr(statements_module, "KEYS", extended)
    monkeypatch.setattr(allocation_tables, "KEYS", extended)
    line = statements_module.StatementLine("projekt", "X", "Nytt", "ordning", None,
                                           (WeightBasis(FINAL, "ordning", kw.weights[1], Decimal(21)),),
                                           None, None, None, None, None)
    assert allocation_tables.underlag_text(line, 2019) == "plats 2 av 21 i parter.csv (test)"


@pytest.mark.parametrize("bad", [float("nan"), None, 12.5])
def test_a_pupil_count_that_is_not_a_whole_number_is_a_problem_not_a_crash(ds, bad):
    import dataclasses

    pupils = ds.pupils.copy()
    pupils["antal"] = pupils["antal"].astype(object)
    pupils.loc[pupils["src_row"] == 7, "antal"] = bad
    kw = weights_for(dataclasses.replace(ds, pupils=pupils), ds.object("ELV"), 2019, FINAL)
    assert [str(p) for p in kw.problems] == [
        "nycklar/elevantal.csv:7:antal: elevantalet för parten A per 2018-10-15 saknas eller är inget heltal; "
        "väntade ett antal större än noll"]
    assert [w.part for w in kw.weights] == ["B", "C"]


@pytest.mark.parametrize("bad", ["", "12,5", "12 38x"])
def test_a_bad_pupil_count_is_a_loading_problem_at_its_cell(make_data, bad):
    rows = PUPILS.replace("A;2018-10-15;1100;", f"A;2018-10-15;{bad};")
    with pytest.raises(DataError) as e:
        load_dataset(make_data(files(overrides={"nycklar/elevantal.csv": rows})))
    message = "värde saknas" if not bad else f"ogiltigt heltal {bad!r}; väntade ett heltal, t.ex. 6 512"
    assert [str(p) for p in e.value.problems] == [f"nycklar/elevantal.csv:7:antal: {message}"]
