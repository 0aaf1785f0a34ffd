"""Base contributions, the splits of every key, slutreglering, omfördelning and the key-figures part."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from allocation_data import alloc, ds  # noqa: F401  (shared fixtures)
from allocation_data import BUDGET, LEDGER, OBJECTS, PARTIES, PUPILS, PURCHASES, TURNOVER, files, without_line

from gns_lib.present.allocation_figures import allocation_key_figures
from gns_lib.allocation.year import (
    BaseContribution,
    ProvenanceRow,
    Settlement,
    allocate_year,
    amount_to_split,
    base_contributions,
)
from gns_lib.core.errors import DataError
from gns_lib.allocation.keys import FINAL, PRELIMINARY
from gns_lib.data.loader import load_dataset


def shares(alloc, objekt: str, phase: str) -> dict[str, int]:
    pa = next(p for p in alloc.projects if p.obj.objekt == objekt)
    split = pa.final if phase == FINAL else pa.preliminary
    return {s.part: s.share_ore for s in split.shares}


def project(alloc, objekt: str):
    return next(p for p in alloc.projects if p.obj.objekt == objekt)


# --- rule 1: base contributions ------------------------------------------------------------


def test_manader_joining_1_july_pays_6_12_and_15_march_10_12_rounded_half_up(ds):
    base = {b.part: b for b in base_contributions(ds, 2019)}
    assert base["J"] == BaseContribution("J", 10160000, 6, "manader", 5080000)  # 50 800,00 kr
    assert base["M"] == BaseContribution("M", 10160000, 10, "manader", 8466667)  # 84 666,666… -> 84 666,67 kr
    assert [base[p].amount_ore for p in "RABC"] == [10160000] * 4


def test_helar_pays_the_full_amount_for_any_year_of_membership(make_data):
    ds = load_dataset(make_data(files(rule="helar")))
    assert [(b.part, b.months, b.amount_ore) for b in base_contributions(ds, 2019)] == [
        ("R", 12, 10160000), ("A", 12, 10160000), ("B", 12, 10160000), ("C", 12, 10160000),
        ("J", 6, 10160000), ("M", 10, 10160000)]


def test_a_party_leaving_counts_its_leaving_month_in_full(make_data):
    parties = PARTIES.replace("C;Cby kommun;212000-0027;kommun;2017-01-01;", "C;Cby kommun;212000-0027;kommun;2017-01-01;2019-02-01")
    objects = "objekt;namn;typ;nyckel;deltagare\nN;Nämnden;nämnd;;"
    budget = "ar;objekt;konto;belopp\n2019;N;5010;1"
    ledger = "period;konto;objekt;belopp\n201901;5010;N;1"
    ds = load_dataset(make_data(files(overrides={"parter.csv": parties, "objekt.csv": objects, "budget.csv": budget,
                                                 "utfall.csv": ledger, "nycklar/kop_salj.csv": None})))
    c = next(b for b in base_contributions(ds, 2019) if b.part == "C")
    assert (c.months, c.amount_ore) == (2, 1693333)  # 101 600 × 2/12 = 16 933,333… -> 16 933,33


def test_no_base_contribution_without_grundfinansiering_for_the_year(ds):
    assert base_contributions(ds, 2020) is None
    assert allocation_key_figures(ds, 2020) == {"base_funding": {"total": None, "per_party": {}}, "allocations": {}}


# --- rule 2: the amount to split -------------------------------------------------------------


def test_amount_excludes_contributions_and_uses_the_revised_budget(ds):
    assert amount_to_split(ds, "LIK", 2019, PRELIMINARY) == 100000  # 1 000 kr; the −1 000 bidrag is left out
    assert amount_to_split(ds, "LIK", 2019, FINAL) == 100350
    assert amount_to_split(ds, "OMS", 2019, PRELIMINARY) == 12000000  # fastställd 100 000 + ändring 20 000
    assert amount_to_split(ds, "NEG", 2019, FINAL) == -1000100
    assert amount_to_split(ds, "OMS", 2020, FINAL) is None


# --- rules 3 and 4: each key, rounding and tie-break ----------------------------------------------


def test_lika_rounds_to_whole_kronor_and_breaks_ties_by_party_order(alloc):
    assert shares(alloc, "LIK", PRELIMINARY) == {"R": 16700, "A": 16700, "B": 16700, "C": 16700, "J": 16600, "M": 16600}
    final = project(alloc, "LIK").final
    assert (final.amount.exact_ore, final.amount.rounded_ore, final.amount.avrundning_ore) == (100350, 100400, 50)
    assert shares(alloc, "LIK", FINAL) == {"R": 16800, "A": 16800, "B": 16700, "C": 16700, "J": 16700, "M": 16700}


def test_tie_break_follows_the_order_of_parter_csv_not_the_alphabet(make_data):
    lines = PARTIES.strip("\n").split("\n")
    reordered = "\n".join([lines[0], lines[5], *lines[1:5], lines[6]])  # J first
    alloc = allocate_year(load_dataset(make_data(files(overrides={"parter.csv": reordered}))), 2019)
    assert shares(alloc, "LIK", PRELIMINARY) == {"J": 16700, "R": 16700, "A": 16700, "B": 16700, "C": 16600, "M": 16600}


def test_budgetomslutning_split(alloc):
    # 118 000 × (3 000, 500, 300, 200, 150, 100) / 4 250: floors leave 3 kr for the largest remainders C, J, M
    assert shares(alloc, "OMS", FINAL) == {"R": 8329400, "A": 1388200, "B": 832900, "C": 555300, "J": 416500, "M": 277700}
    assert shares(alloc, "OMS", PRELIMINARY) == {"R": 8470600, "A": 1411800, "B": 847100, "C": 564700, "J": 423500,
                                                 "M": 282300}


def test_elevantal_may_update_replaces_the_preliminary_count(alloc):
    pa = project(alloc, "ELV")
    assert [s.weight.basis for s in pa.preliminary.shares] == ["2017-10-16"] * 3
    assert [s.weight.basis for s in pa.final.shares] == ["2018-10-15"] * 3
    assert shares(alloc, "ELV", PRELIMINARY) == {"A": 2857100, "B": 1428600, "C": 714300}  # 1 000 : 500 : 250
    assert shares(alloc, "ELV", FINAL) == {"A": 3091900, "B": 1264900, "C": 843200}  # 1 100 : 450 : 300
    assert {s.part: s.difference_ore for s in pa.settlements()} == {"A": 234800, "B": -163700, "C": 128900}


def test_kop_salj_split_gives_a_zero_weight_nothing(alloc):
    assert shares(alloc, "KOP", PRELIMINARY) == {"A": 1800000, "B": 1200000, "C": 0}
    assert shares(alloc, "KOP", FINAL) == {"A": 1860000, "B": 1240000, "C": 0}


def test_negative_amount_is_paid_back_split_as_its_absolute_value(alloc):
    assert shares(alloc, "NEG", PRELIMINARY) == {"R": -333400, "A": -333300, "B": -333300}
    assert shares(alloc, "NEG", FINAL) == {"R": -333400, "A": -333400, "B": -333300}
    assert {s.part: s.difference_ore for s in project(alloc, "NEG").settlements()} == {"R": 0, "A": -100, "B": 0}


def test_unit_of_one_ore_splits_without_rounding_the_amount(make_data):
    alloc = allocate_year(load_dataset(make_data(files(unit="0.01"))), 2019)
    final = project(alloc, "LIK").final
    assert (final.amount.rounded_ore, final.amount.avrundning_ore) == (100350, 0)
    assert shares(alloc, "LIK", FINAL) == {p: 16725 for p in "RABCJM"}
    assert shares(alloc, "NEG", FINAL) == {"R": -333367, "A": -333367, "B": -333366}


def test_the_split_is_the_same_whatever_the_order_of_rows(make_data, alloc):
    def reverse(text: str) -> str:
        lines = text.strip("\n").split("\n")
        return "\n".join([lines[0], *reversed(lines[1:])])

    flipped = allocate_year(load_dataset(make_data(files(overrides={
        name: reverse(text) for name, text in (("budget.csv", BUDGET), ("utfall.csv", LEDGER),
                                                ("nycklar/budgetomslutning.csv", TURNOVER),
                                                ("nycklar/elevantal.csv", PUPILS), ("nycklar/kop_salj.csv", PURCHASES))
    }))), 2019)
    for pa in alloc.projects:
        for phase in (PRELIMINARY, FINAL):
            assert shares(flipped, pa.obj.objekt, phase) == shares(alloc, pa.obj.objekt, phase)


def test_every_split_adds_up_to_its_rounded_amount(alloc):
    for pa in alloc.projects:
        for split in (pa.preliminary, pa.final):
            assert sum(s.share_ore for s in split.shares) == split.amount.rounded_ore


# --- rule 5: slutreglering and omfördelning -----------------------------------------------------


def test_parties_joining_mid_year_take_part_in_an_alla_project_and_the_split_moves(alloc):
    pa = project(alloc, "LIK")
    assert pa.parts == ("R", "A", "B", "C", "J", "M")
    r = pa.redistribution
    assert r.phase == FINAL
    assert r.joined == (("J", date(2019, 7, 1)), ("M", date(2019, 3, 15)))
    assert r.without_ore == (("R", 25100), ("A", 25100), ("B", 25100), ("C", 25100))  # 1 004 kr among four
    assert r.moved_ore == (("R", -8300), ("A", -8300), ("B", -8400), ("C", -8400), ("J", 16700), ("M", 16700))
    assert sum(m for _, m in r.moved_ore) == 0
    oms = project(alloc, "OMS").redistribution
    assert dict(oms.moved_ore) == {"R": -520600, "A": -86800, "B": -52100, "C": -34700, "J": 416500, "M": 277700}
    assert project(alloc, "ELV").redistribution is None


def test_a_named_deltagare_list_shows_no_omfordelning_even_with_a_party_joining_mid_year(make_data):
    # NEG is split between R, A, B and the mid-year member J by name: that list is the agreement.
    objects = OBJECTS.replace("NEG;Återbetalning;projekt;lika;R,A,B", "NEG;Återbetalning;projekt;lika;R,A,B,J")
    ds = load_dataset(make_data(files(overrides={"objekt.csv": objects})))
    year = allocate_year(ds, 2019)
    neg = project(year, "NEG")
    assert neg.parts == ("R", "A", "B", "J")
    assert [(s.part, s.share_ore) for s in neg.final.shares] == [("R", -250100), ("A", -250000), ("B", -250000), ("J", -250000)]
    assert neg.redistribution is None
    assert project(year, "LIK").redistribution is not None  # an `alla` project still shows it


def test_slutreglering_is_final_minus_preliminary(alloc):
    assert project(alloc, "KOP").settlements() == (
        Settlement("A", 1800000, 1860000), Settlement("B", 1200000, 1240000), Settlement("C", 0, 0))
    assert [s.difference_ore for s in project(alloc, "KOP").settlements()] == [60000, 40000, 0]


def test_a_project_without_budget_settles_its_whole_final_share(make_data):
    budget = without_line(BUDGET, "2019;KOP;")
    alloc = allocate_year(load_dataset(make_data(files(overrides={"budget.csv": budget}))), 2019)
    pa = project(alloc, "KOP")
    assert pa.preliminary is None
    assert [(s.preliminary_ore, s.difference_ore) for s in pa.settlements()] == [(None, 1860000), (None, 1240000),
                                                                                 (None, 0)]


def test_a_project_without_outcome_has_nothing_to_settle(make_data):
    ledger = without_line(LEDGER, ";KOP;")
    alloc = allocate_year(load_dataset(make_data(files(overrides={"utfall.csv": ledger}))), 2019)
    pa = project(alloc, "KOP")
    assert pa.final is None
    assert [s.difference_ore for s in pa.settlements()] == [None, None, None]


# --- missing weights and provenance ---------------------------------------------------------------


def test_allocate_year_lists_every_missing_weight(ds):
    broken = dataclasses.replace(ds, pupils=ds.pupils[ds.pupils["part"] != "B"],
                                 turnover=ds.turnover[ds.turnover["part"] != "M"])
    with pytest.raises(DataError) as e:
        allocate_year(broken, 2019)
    text = [str(p) for p in e.value.problems]
    assert len(text) == 4, text  # M's turnover (once per phase), B's pupils 2017 and 2018
    assert sum("parten M (Marsby kommun) år 2017" in t for t in text) == 2
    assert any("parten B (Bby kommun) per 2017-10-16" in t for t in text)
    assert any("parten B (Bby kommun) per 2018-10-15" in t for t in text)


def test_provenance_lists_every_weight_used_with_year_or_date_and_kalla(alloc):
    rows = alloc.provenance()
    assert len(rows) == 2 * (6 + 6 + 3 + 3 + 3)
    assert ProvenanceRow("ELV", "Skolprojekt", FINAL, "elevantal", "A", Decimal(1100), "elever", "2018-10-15",
                         "SCB 2018", "nycklar/elevantal.csv:7") in rows
    assert ProvenanceRow("OMS", "Omslutningsprojekt", PRELIMINARY, "budgetomslutning", "M", Decimal("100000000.00"),
                         "kr", "2017", "ÅR 2017 Marsby, s. 15", "nycklar/budgetomslutning.csv:7") in rows
    for part in ("A", "M", "okänd"):  # one party's rows: the same rows, in the same order, by lookup
        assert alloc.provenance(part) == tuple(r for r in rows if r.part == part)
    assert [(r.objekt, r.phase) for r in alloc.provenance("M")] == [
        ("LIK", PRELIMINARY), ("LIK", FINAL), ("OMS", PRELIMINARY), ("OMS", FINAL)]


def test_key_figures_in_the_shape_of_the_issue(ds):
    fig = allocation_key_figures(ds, 2019)
    assert fig["base_funding"] == {
        "total": "541866.67",
        "per_party": {"R": "101600.00", "A": "101600.00", "B": "101600.00", "C": "101600.00", "J": "50800.00",
                      "M": "84666.67"},
    }
    assert fig["allocations"]["LIK"] == {
        "key": "lika",
        "total": "1004.00",
        "shares": {"R": "168.00", "A": "168.00", "B": "167.00", "C": "167.00", "J": "167.00", "M": "167.00"},
        "preliminary_total": "1000.00",
        "preliminary_shares": {"R": "167.00", "A": "167.00", "B": "167.00", "C": "167.00", "J": "166.00",
                               "M": "166.00"},
    }
    assert fig["allocations"]["NEG"]["shares"] == {"R": "-3334.00", "A": "-3334.00", "B": "-3333.00"}
    assert list(fig["allocations"]) == ["LIK", "OMS", "ELV", "KOP", "NEG"]
