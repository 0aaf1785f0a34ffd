"""gns_lib.present.allocation_tables: base contributions, project splits, statements and sources as exact-kronor tables."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from allocation_data import LEDGER, NAMND, files, without_line

from conftest import DATA
from gns_lib.allocation.year import allocate_year
from gns_lib.core.errors import GnsError
from gns_lib.data.loader import load_dataset
from gns_lib.allocation.statements import party_statements
from gns_lib.present.tables import AMOUNT, DEVIATION, LINE, RATE, TEXT, TOTAL
from gns_lib.present.allocation_tables import (
    base_table,
    party_provenance_table,
    project_table,
    project_tables,
    provenance_table,
    statement_of,
    statement_table,
    party_names,
    statements_overview,
)

NB = "\u00a0"
PARTIES = ["region", "are", "ostersund", "krokom", "berg", "ragunda", "stromsund", "bracke", "harjedalen"]
NAMES = ["Region Jämtland Härjedalen", "Åre kommun", "Östersunds kommun", "Krokoms kommun", "Bergs kommun",
         "Ragunda kommun", "Strömsunds kommun", "Bräcke kommun", "Härjedalens kommun"]
SPLIT_COLUMNS = [("Part", TEXT), ("Underlag", TEXT), ("Andel", RATE), ("Preliminärt", AMOUNT),
                 ("Slutligt", AMOUNT), ("Att fakturera (+) / kreditera (−)", DEVIATION)]


def columns(table):
    return [(c.title, c.kind) for c in table.columns]


def cells(table, first: str):
    """The cells of the one line whose first cell is `first`."""
    (row,) = [r for r in table.rows if r.cells[0] == first and r.role == LINE]
    return row.cells


def total(table):
    (row,) = [r for r in table.rows if r.role == TOTAL]
    return row.cells


def pct(value: D, places: str = "0.0000000001") -> D:
    return value.quantize(D(places), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def alloc(ds):
    return allocate_year(ds, 2019)


@pytest.fixture(scope="module")
def statements(ds, alloc):
    return party_statements(ds, alloc)


def project(alloc, objekt):
    return next(pa for pa in alloc.projects if pa.obj.objekt == objekt)


# --- grundbidrag ---------------------------------------------------------------------------------


def test_base_table_2019(ds, alloc):
    t = base_table(ds, alloc)
    assert t.title == "Grundbidrag 2019" and t.unit == "kr" and t.notes == ()
    assert columns(t) == [("Part", TEXT), ("Månader", TEXT), ("Grundbidrag", AMOUNT)]
    assert [r.cells for r in t.rows[:2]] == [
        ("Region Jämtland Härjedalen", "12", D("101600.00")), ("Åre kommun", "12", D("101600.00"))]
    assert [r.cells[0] for r in t.rows if r.role == LINE] == NAMES  # names for people, never codes
    assert {r.cells[2] for r in t.rows if r.role == LINE} == {D("101600.00")}
    assert total(t) == ("Summa", "", D("914400.00"))


def test_base_table_months_of_parties_joining_during_the_year(make_data):
    ds = load_dataset(make_data(files()))
    t = base_table(ds, allocate_year(ds, 2019))
    assert cells(t, "Juliby kommun") == ("Juliby kommun", "6", D("50800.00"))
    assert cells(t, "Marsby kommun") == ("Marsby kommun", "10", D("84666.67"))  # 101 600 × 10/12, half-up to öre
    assert total(t) == ("Summa", "", D("541866.67"))


def test_base_table_says_why_a_part_year_pays_the_whole_base_contribution(ds):
    from dataclasses import replace

    t = base_table(ds, allocate_year(ds, 2019))
    assert cells(t, "Bräcke kommun")[1] == "12"
    half = replace(ds, parties=tuple(replace(p, medlem_fran=date(2019, 7, 1)) if p.part == "bracke" else p
                                     for p in ds.parties))
    t = base_table(half, allocate_year(half, 2019))
    assert cells(t, "Bräcke kommun") == (
        "Bräcke kommun", "6 (helt grundbidrag: grundfinansieringen delas inte efter månader)", D("101600.00"))


def test_base_table_without_grundfinansiering_says_so(make_data):
    import dataclasses
    from types import MappingProxyType

    # Loading refuses a year with rows on the committee object and no grundfinansiering; a
    # dataset built in code can still lack it, and the table must then say so.
    ds = load_dataset(make_data(files(overrides={"namnd.toml": NAMND.format(unit="1", rule="manader")})))
    committee = dataclasses.replace(ds.committee, grundfinansiering=MappingProxyType({}))
    ds = dataclasses.replace(ds, committee=committee)
    t = base_table(ds, allocate_year(ds, 2019))
    assert t.notes == ("Ingen grundfinansiering är angiven för året i nämndens inställningar.",)
    assert [r.role for r in t.rows] == [TOTAL]


# --- project splits ------------------------------------------------------------------------------


def test_project_table_link2_2019(ds, alloc):
    t = project_table(ds, project(alloc, "6671"))
    assert t.title == "LINK2 införande (obj. 6671) 2019" and t.unit == "kr"
    assert columns(t) == SPLIT_COLUMNS
    region = cells(t, "Region Jämtland Härjedalen")
    assert region[:2] == ("Region Jämtland Härjedalen",
                          f"6{NB}512{NB}300{NB}000 kr (2017; Årsredovisning 2017 Region Jämtland Härjedalen, s. 52 (exempelvärde))")
    # 6 512 300 000 of 15 915 100 000 kr
    assert pct(region[2]) == D("40.9190014515")
    assert region[3:] == (D("270065.00"), D("261150.00"), D("-8915.00"))
    assert total(t) == ("Summa", "", D(100), D("660000.00"), D("638213.00"), D("-21787.00"))
    assert t.notes == (
        "Nyckel: budgetomslutning per org.nr enligt årsredovisningen två år före fördelningsåret.",
        "Slutlig fördelning: beloppet avrundat till hela kronor, avrundning 0,50 kr.",
    )
    lines = [r.cells for r in t.rows if r.role == LINE]
    assert [c[0] for c in lines] == NAMES
    for i in (3, 4, 5):
        assert sum((c[i] for c in lines), D(0)) == total(t)[i]


def test_project_table_purchases_and_pupils(ds, alloc):
    kop = project_table(ds, project(alloc, "6673"))
    assert [r.cells[0] for r in kop.rows if r.role == LINE] == NAMES[3:8]
    assert cells(kop, "Krokoms kommun")[2:] == (D(30), D("120000.00"), D("101520.00"), D("-18480.00"))
    assert total(kop)[2:] == (D(100), D("400000.00"), D("338400.00"), D("-61600.00"))
    assert kop.notes == ("Nyckel: partens köp av tjänsten under året (köp/sälj).",)
    elv = project_table(ds, project(alloc, "6672"))
    assert cells(elv, "Åre kommun")[1] == (
        f"1{NB}271 elever (2018-10-15; SCB, elever i grundskolan läsåret 2018/19 per 15 oktober (exempelvärde))")
    assert cells(elv, "Åre kommun")[3:] == (D("22377.00"), D("25486.00"), D("3109.00"))
    assert total(elv)[3:] == (D("240000.00"), D("268960.00"), D("28960.00"))


def test_project_table_notes_the_omfordelning_of_parties_joining(make_data):
    ds = load_dataset(make_data(files()))
    t = project_table(ds, project(allocate_year(ds, 2019), "LIK"))
    assert t.notes == (
        "Nyckel: lika delar mellan deltagarna.",
        "Slutlig fördelning: beloppet avrundat till hela kronor, avrundning 0,50 kr.",
        "Omfördelning: Juliby kommun (2019-07-01), Marsby kommun (2019-03-15) anslöt under året; "
        "fördelningen har räknats om.",
    )
    j = cells(t, "Juliby kommun")
    assert j[1:] == ("1 andel (2019; lika delar)", j[2], D("166.00"), D("167.00"), D("1.00"))
    assert pct(j[2]) == D("16.6666666667")
    assert total(t)[3:] == (D("1000.00"), D("1004.00"), D("4.00"))


def test_project_table_without_outcome_leaves_final_missing_not_zero(make_data):
    ds = load_dataset(make_data(files(overrides={"utfall.csv": without_line(LEDGER, ";KOP;")})))
    t = project_table(ds, project(allocate_year(ds, 2019), "KOP"))
    assert cells(t, "Aby kommun")[2:] == (D(60), D("18000.00"), None, None)
    assert total(t)[2:] == (D(100), D("30000.00"), None, None)


def test_project_tables_filtered_by_part(ds, alloc):
    def titles(part=None):
        return [t.title for t in project_tables(ds, alloc, part)]

    link2, zappa, dso = ("LINK2 införande (obj. 6671) 2019", "Zappa skolobjekt (obj. 6672) 2019",
                         "Dataskyddsombud (obj. 6673) 2019")
    assert titles() == [link2, zappa, dso]
    assert titles("region") == [link2]
    assert titles("are") == [link2, zappa]
    assert titles("krokom") == [link2, zappa, dso]
    with pytest.raises(KeyError):
        project_tables(ds, alloc, "okand")  # not a party at all


def test_no_project_is_said_not_left_blank(ds):
    from gns_lib.allocation.year import allocate_year

    (table,) = project_tables(ds, allocate_year(ds, 2018), "are")
    assert (table.title, table.columns, table.rows) == ("Projekt 2018", (), ())
    assert table.notes == ("Inga projekt att fördela år 2018 där Åre kommun deltar.",)


# --- party statements ----------------------------------------------------------------------------


def test_statement_table_krokom(statements):
    t = statement_table(statement_of(statements, "krokom"))
    assert t.title == "Partsavräkning 2019: Krokoms kommun" and t.unit == "kr"
    assert columns(t) == [("Post", TEXT), ("Objekt", TEXT), ("Nyckel", TEXT), ("Underlag", TEXT), ("Andel", RATE),
                          ("Preliminärt", AMOUNT), ("Slutligt", AMOUNT), ("Att fakturera (+) / kreditera (−)", DEVIATION)]
    lines = [r.cells for r in t.rows if r.role == LINE]
    assert [c[:3] for c in lines] == [
        ("Grundbidrag", "6660 Gemensam nämnd samverkan", "Grundfinansiering"),
        ("Projekt", "6671 LINK2 införande", "Budgetomslutning"),
        ("Projekt", "6672 Zappa skolobjekt", "Elevantal"),
        ("Köp/sälj", "6673 Dataskyddsombud", "Köp/sälj"),
    ]
    assert lines[0][3] == f"grundfinansiering 2019: 101{NB}600 kr, helår"
    assert lines[1][3] == (f"Budgetomslutning 2017: 1{NB}034{NB}800{NB}000 kr "
                           "(Årsredovisning 2017 Krokoms kommun, s. 44 (exempelvärde))")
    assert [c[5:] for c in lines] == [
        (D("101600.00"), D("101600.00"), D("0.00")),
        (D("42913.00"), D("41497.00"), D("-1416.00")),
        (D("31487.00"), D("35452.00"), D("3965.00")),
        (D("120000.00"), D("101520.00"), D("-18480.00")),
    ]
    assert pct(lines[0][4]) == D("11.1111111111") and lines[3][4] == D(30)
    assert total(t) == ("Summa", "", "", "", None, D("296000.00"), D("280069.00"), D("-15931.00"))


def test_statements_overview(statements):
    t = statements_overview(statements)
    assert t.title == "Parternas avräkning 2019" and t.unit == "kr"
    assert columns(t) == [("Part", TEXT), ("Preliminärt", AMOUNT), ("Slutligt", AMOUNT),
                          ("Att fakturera (+) / kreditera (−)", DEVIATION)]
    lines = [r.cells for r in t.rows if r.role == LINE]
    assert [c[0] for c in lines] == NAMES
    assert lines[0] == ("Region Jämtland Härjedalen", D("371665.00"), D("362750.00"), D("-8915.00"))
    assert lines[3] == ("Krokoms kommun", D("296000.00"), D("280069.00"), D("-15931.00"))
    assert total(t) == ("Summa", D("2214400.00"), D("2159973.00"), D("-54427.00"))
    for i in (1, 2, 3):
        assert sum((c[i] for c in lines), D(0)) == total(t)[i]


def test_statements_overview_with_a_missing_final_amount_has_no_final_total(make_data):
    ds = load_dataset(make_data(files(overrides={"utfall.csv": without_line(LEDGER, ";KOP;")})))
    t = statements_overview(party_statements(ds, allocate_year(ds, 2019)))
    assert cells(t, "Aby kommun")[2:] == (None, None)
    assert cells(t, "Region Test")[2:] == (D("181728.00"), D("-1411.00"))  # R does not take part in KOP
    assert total(t)[2:] == (None, None)


def test_statement_of_finds_the_party_or_says_in_swedish_who_the_members_are(statements):
    assert statement_of(statements, "bracke").party.namn == "Bräcke kommun"
    with pytest.raises(GnsError) as err:
        statement_of(statements, "okand")
    assert str(err.value) == (
        "parten 'okand' har ingen avräkning för året; medlemmar: "
        "region, are, ostersund, krokom, berg, ragunda, stromsund, bracke, harjedalen")
    with pytest.raises(GnsError, match="^parten 'A' har ingen avräkning för året; medlemmar: inga$"):
        statement_of((), "A")


# --- sources of the keys -------------------------------------------------------------------------


def test_provenance_table(alloc):
    t = provenance_table(alloc)
    assert t.title == "Underlag för fördelningsnycklar 2019" and t.unit == "kr"
    assert [c.title for c in t.columns] == ["Objekt", "Fördelning", "Nyckel", "Part", "Värde", "Avser", "Källa"]
    assert {c.kind for c in t.columns} == {TEXT}
    assert len(t.rows) == 2 * 9 + 2 * 8 + 2 * 5  # both phases of every participant of 6671, 6672 and 6673
    assert t.rows[0].cells == ("6671 LINK2 införande", "preliminär fördelning", "budgetomslutning", "region",
                               f"6{NB}512{NB}300{NB}000 kr", "2017",
                               "Årsredovisning 2017 Region Jämtland Härjedalen, s. 52 (exempelvärde)")
    assert ("6673 Dataskyddsombud", "slutlig fördelning", "kop_salj", "krokom", f"120{NB}000 kr", "2019",
            "Avtal om dataskyddsombud 2019 med Östersunds kommun, bilaga 1 (exempelvärde)") in [r.cells for r in t.rows]


def test_provenance_table_shows_party_names_when_given(ds, alloc):
    t = provenance_table(alloc, party_names(ds))
    assert t.rows[0].cells[3] == "Region Jämtland Härjedalen"
    assert [r.cells[3] for r in party_provenance_table(alloc, "are", party_names(ds)).rows] == ["Åre kommun"] * 4
    empty = provenance_table(allocate_year(ds, 2018), party_names(ds))
    assert empty.rows == () and empty.empty == "Inga projekt att fördela 2018, så inga fördelningsnycklar har använts."


def test_party_provenance_table(alloc):
    t = party_provenance_table(alloc, "are")
    assert t.title == "Underlag för fördelningsnycklar 2019" and t.unit == "kr"
    assert [r.cells for r in t.rows] == [
        ("6671 LINK2 införande", "preliminär fördelning", "budgetomslutning", "are", f"881{NB}400{NB}000 kr", "2017",
         "Årsredovisning 2017 Åre kommun, s. 39 (exempelvärde)"),
        ("6671 LINK2 införande", "slutlig fördelning", "budgetomslutning", "are", f"881{NB}400{NB}000 kr", "2017",
         "Årsredovisning 2017 Åre kommun, s. 39 (exempelvärde)"),
        ("6672 Zappa skolobjekt", "preliminär fördelning", "elevantal", "are", f"1{NB}238 elever", "2017-10-15",
         "SCB, elever i grundskolan läsåret 2017/18 per 15 oktober (exempelvärde)"),
        ("6672 Zappa skolobjekt", "slutlig fördelning", "elevantal", "are", f"1{NB}271 elever", "2018-10-15",
         "SCB, elever i grundskolan läsåret 2018/19 per 15 oktober (exempelvärde)"),
    ]
    assert [r.cells[0] for r in party_provenance_table(alloc, "region").rows] == ["6671 LINK2 införande"] * 2
    assert party_provenance_table(alloc, "okand").rows == ()


def test_a_year_without_base_funding_shows_no_total(make_data):
    from gns_lib.allocation.year import allocate_year
    from gns_lib.data.loader import load_dataset
    from gns_lib.present.allocation_tables import base_table

    from dataclasses import replace

    ds = load_dataset(make_data())
    table = base_table(ds, replace(allocate_year(ds, 2018), base=None))
    assert table.rows[-1].cells == ("Summa", "", None)
    assert table.notes == ("Ingen grundfinansiering är angiven för året i nämndens inställningar.",)
