"""The tokeniser path, record by record: identification, chart of accounts, dimensions, objects."""

from datetime import date

from gns_lib.data import sie_fast as k
from gns_lib.data.sie_lines import Records
from gns_lib.data.sie_records import Account, Dimension, SieObject
from sie_helpers import messages, sie


def test_identification_records():
    s = sie("#GEN 20190115 AN\n", head='#FLAGGA 0\n#PROGRAM "Fortnox Bokföring" 2.0.0\n#FORMAT "PC8"\n#SIETYP 2\n'
                                       '#FNAMN "Målerifirman Axelsson & Johnsson AB"\n#ORGNR 556334-3689 1\n')
    assert (s.program, s.program_version, s.declared_format, s.sietyp, s.company, s.orgnr, s.generated) == (
        "Fortnox Bokföring", "2.0.0", "PC8", "2", "Målerifirman Axelsson & Johnsson AB", "556334-3689", date(2019, 1, 15))
    assert s.problems == ()


def test_accounts_types_dimensions_and_objects():
    s = sie("""
        #KONTO 1510 "Kundfordringar"
        #KONTO 3010
        #KTYP 1510 T
        #DIM 20 "Avdelning"
        #UNDERDIM 21 "Underavdelning" 20
        #OBJEKT 20 "01" "Barnavd"
        #OBJEKT 21 "0101" "Spädbarn"
        """)
    assert s.accounts == {"1510": Account("1510", "Kundfordringar", 9, "T"), "3010": Account("3010", "", 10)}
    assert s.dimensions == {"20": Dimension("20", "Avdelning", 12), "21": Dimension("21", "Underavdelning", 13, "20")}
    assert s.objects[("21", "0101")] == SieObject("21", "0101", "Spädbarn", 15)
    assert s.problems == ()


def test_declarations_that_repeat_or_contradict_are_problems():
    s = sie("""
        #KONTO 1510 A
        #KONTO 1510 B
        #KTYP 1510 X
        #KTYP 9999 T
        #KTYP 1510
        #DIM 1 "Ort"
        #DIM 1 "Plats"
        #DIM x "Fel"
        #OBJEKT 1 "A" "Ett"
        #OBJEKT 1 "A" "Två"
        #RAR 0 20190101 20181231
        #RAR 0 20190101 20191231
        #SIETYP 5
        #GEN 2019
        """)
    assert messages(s) == [
        (10, "#KONTO: kontot 1510 har redan ett #KONTO på rad 9"),
        (11, "#KTYP: okänd kontotyp 'X'; väntade T, S, K eller I"),
        (12, "#KTYP: kontot 9999 har inget #KONTO före"),
        (13, "#KTYP: saknar kontotyp"),
        (15, "#DIM: dimension 1 är redan deklarerad på rad 14"),
        (16, "#DIM: ogiltigt dimensionsnummer 'x'"),
        (18, "#OBJEKT: objekt A i dimension 1 är redan deklarerat på rad 17"),
        (19, "#RAR: räkenskapsåret slutar 2018-12-31 före sin början 2019-01-01"),
        (20, "#RAR: år 0 har redan ett #RAR på rad 7"),
        (21, "#SIETYP: okänd SIE-typ '5'; väntade 1, 2, 3 eller 4"),
        (22, "#GEN: ogiltigt datum '2019'; väntade ÅÅÅÅMMDD"),
    ]
    assert s.accounts["1510"].name == "A" and s.dimensions["1"].name == "Ort" and s.objects["1", "A"].name == "Ett"


def test_a_field_where_an_object_list_does_not_belong_is_a_problem():
    s = sie('#KONTO {} "x"\n#PSALDO 0 201801 3010 5\n')
    assert messages(s) == [(9, "#KONTO: väntade kontonummer, inte en objektlista"),
                           (10, "#PSALDO: saknar objektlista {…} (skriv {} för ingen)")]


def test_read_line_returns_the_kind_and_label():
    r = Records("x.se")
    assert r.read_line(1, "   ") == (k.EMPTY, None)
    assert r.read_line(2, "#TRANS{} 1") == (k.TRANS, "TRANS")
    assert r.read_line(3, "#EGEN 1") == (k.OTHER, "EGEN")
    assert r.read_line(4, "\x1a") == (k.EMPTY, None)
    assert [str(p) for p in r.problems] == ["x.se:2: #TRANS: väntade kontonummer, inte en objektlista"]
    assert r.broken_trans == [2]
