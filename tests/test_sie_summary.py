"""What `gns sie` shows: the fixed JSON document and the Swedish text."""

from gns_lib.data.sie_summary import summary_document, summary_text
from sie_helpers import sie

EXPORT = """
#KONTO 1930 Företagskonto
#KONTO 3010 "Försäljning"
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "6663" "Nämnden"
#RES 0 3010 -1234.50
#UB 0 1930 1234.50
#PSALDO 0 201801 3010 {} -1234.50
#PSALDO 0 201801 3010 {1 "6663"} -1234.50
#PBUDGET 0 201801 3010 {} -1000
#VER A 1 20180105 "Försäljning januari" 20180110
{
   #TRANS 1930 {} 1234.50
   #TRANS 3010 {1 "6663"} -1234.50 20180104 "Kund Åberg"
   #RTRANS 3010 {} 5
}
#VER A 2 20170105 "Fjolårets"
{
   #TRANS 1930 {6 "P1"} 1
   #TRANS 3010 {} -2
}
"""


def test_the_json_document_is_exactly_this():
    assert summary_document(sie(EXPORT)) == {
        "file": "test.se", "encoding": "cp437", "declared_format": "PC8", "sietyp": "4", "program": "Testprogram",
        "company": "Övningsbolaget AB", "orgnr": "555555-5555",
        "years": {"0": {"start": "2018-01-01", "end": "2018-12-31"}, "-1": {"start": "2017-01-01", "end": "2017-12-31"}},
        "accounts": {"1930": "Företagskonto", "3010": "Försäljning"},
        "dimensions": {"1": {"name": "Kostnadsställe", "objects": {"6663": "Nämnden"}}, "6": {"name": "Projekt", "objects": {}}},
        "totals": {
            "0": {"1930": {"res": None, "psaldo": None, "pbudget": None, "trans": "1234.50"},
                  "3010": {"res": "-1234.50", "psaldo": "-1234.50", "pbudget": "-1000.00", "trans": "-1234.50"}},
            "-1": {"1930": {"res": None, "psaldo": None, "pbudget": None, "trans": "1.00"},
                   "3010": {"res": None, "psaldo": None, "pbudget": None, "trans": "-2.00"}},
        },
        "problems": [
            {"line": 24, "message": "verifikation A 2 (2017-01-05) balanserar inte: summan av dess #TRANS-rader är -1.00"},
            {"line": 26, "message": "objekt 'P1' i dimension 6 används (1 rad) men är inte deklarerat med #OBJEKT"},
        ],
    }


def test_the_text_tells_the_years_dimensions_checks_and_problems():
    lines = summary_text(sie(EXPORT)).splitlines()
    assert lines[:8] == [
        "SIE-fil: test.se", "  Typ: SIE 4", "  Kodning: CP437 (#FORMAT PC8)", "  Program: Testprogram 1.0",
        "  Företag: Övningsbolaget AB, org.nr 555555-5555", "Räkenskapsår:",
        "    0  2018-01-01 – 2018-12-31: 1 verifikation, 2 transaktioner, 2 periodsaldon, 1 budgetrad, 1 resultatsaldo, "
        "1 balans (#IB/#UB)",
        "   -1  2017-01-01 – 2017-12-31: 1 verifikation, 2 transaktioner, 0 periodsaldon, 0 budgetrader, 0 resultatsaldon, "
        "0 balanser (#IB/#UB)",
    ]
    assert lines[8:12] == ["Konton: 2", "Dimensioner:", "    1 Kostnadsställe: 1 objekt (6663 Nämnden)", "    6 Projekt: 0 objekt"]
    assert lines[13:] == [
        "Kontroller:",
        "  Verifikationer i balans: 1 av 2",
        "  #PSALDO mot #RES, år 0: 1 av 1 konto stämmer",
        "  Objektrader i #PSALDO/#PBUDGET: 1 (summorna per konto räknar bara raderna för kontot som helhet, {})",
        "  #RTRANS 1 och #BTRANS 0 rader räknas inte in i summorna",
        "Problem (2):",
        "  test.se:24: verifikation A 2 (2017-01-05) balanserar inte: summan av dess #TRANS-rader är -1.00",
        "  test.se:26: objekt 'P1' i dimension 6 används (1 rad) men är inte deklarerat med #OBJEKT",
    ]
    assert lines[12] == ("Poster: #DIM 1, #FLAGGA 1, #FNAMN 1, #FORMAT 1, #KONTO 2, #OBJEKT 1, #ORGNR 1, #PBUDGET 1, "
                         "#PROGRAM 1, #PSALDO 2, #RAR 2, #RES 1, #RTRANS 1, #SIETYP 1, #TRANS 4, #UB 1, #VER 2")


def test_the_text_says_when_the_real_encoding_is_not_the_declared_one():
    assert "  Kodning: UTF-8 (filen anger #FORMAT PC8, alltså CP437, men är skriven i UTF-8)" in \
        summary_text(sie(EXPORT, encoding="utf-8")).splitlines()
    text = summary_text(sie("#VER A 1 20200101 x\n{\n#TRANS 1 {} 0\n}\n", head="#FLAGGA 0\n"))
    assert "  Kodning: CP437 (filen saknar #FORMAT)" in text and "  (filen har inget #RAR)" in text
    assert "  Typ: SIE ? (saknar #SIETYP)" in text and "Problem: inga" in text and "Dimensioner: inga" in text
    assert summary_document(sie("", head="#FLAGGA 0\n"))["declared_format"] is None
