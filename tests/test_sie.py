"""The SIE reader on small inline files: one test per pitfall real exports show.

Every file here is read twice, by the vectorised fast path and by the tokeniser alone, and
both must give exactly the same result (`sie_helpers.read_both`). The inline text starts on
line 9, after the eight lines of `sie_helpers.HEAD`.
"""

from datetime import date

import pytest

from gns_lib.data.sie import parse_sie, read_sie
from gns_lib.data.sie_records import Balance, FinancialYear, objects_in_dimension
from gns_lib.core.errors import DataError, Problem
from sie_helpers import HEAD, messages, read_both, sie

VOUCHER = """
#KONTO 1930 Företagskonto
#KONTO 3010 "Försäljning"
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "6663" "Nämnden"
#VER A 1 20180105 "Försäljning januari" 20180110
{
   #TRANS 1930 {} 1234.50
   #TRANS 3010 {1 "6663"} -1234.50 20180104 "Kund Åberg"
}
"""


def test_a_voucher_is_read_with_its_rows_dates_objects_and_texts():
    s = sie(VOUCHER)
    assert s.problems == ()
    assert (s.program, s.program_version, s.company, s.orgnr, s.sietyp) == ("Testprogram", "1.0", "Övningsbolaget AB", "555555-5555", "4")
    assert s.years == (FinancialYear(0, date(2018, 1, 1), date(2018, 12, 31), 7),
                       FinancialYear(-1, date(2017, 1, 1), date(2017, 12, 31), 8))
    assert s.accounts["3010"].name == "Försäljning" and s.accounts["1930"].name == "Företagskonto"
    v = s.vouchers
    assert (v.line.tolist(), v.series.to_pylist(), v.number.to_pylist(), v.date.tolist(), v.text.to_pylist(),
            v.regdate.tolist(), v.first.tolist(), v.count.tolist(), v.label(0)) == (
        [13], ["A"], ["1"], [20180105], ["Försäljning januari"], [20180110], [0], [2], "A 1")
    t = s.trans
    assert t.line.tolist() == [15, 16]
    assert t.konto.to_pylist() == ["1930", "3010"]
    assert t.amount_ore.tolist() == [123450, -123450]
    assert t.date.tolist() == [20180105, 20180104]  # no transdat: the voucher's date
    assert t.period.tolist() == [201801, 201801]
    assert t.text.to_pylist() == ["", "Kund Åberg"]
    assert t.voucher.tolist() == [0, 0]
    assert [s.object_lists[i] for i in t.objects.tolist()] == [(), (("1", "6663"),)]
    assert objects_in_dimension(s, t, "1").to_pylist() == [None, "6663"]
    assert objects_in_dimension(s, t, "6").to_pylist() == [None, None]


def test_tables_are_read_only():
    s = sie(VOUCHER)
    with pytest.raises(ValueError):
        s.trans.amount_ore[0] = 0
    with pytest.raises(AttributeError):
        s.trans = None


def test_latin1_and_utf8_files_under_format_pc8_read_the_same_letters():
    for encoding in ("cp437", "latin-1", "utf-8"):
        s = sie(VOUCHER, encoding=encoding)
        assert s.encoding == encoding and s.declared_format == "PC8"
        assert (s.company, s.accounts["1930"].name, s.objects["1", "6663"].name) == ("Övningsbolaget AB", "Företagskonto", "Nämnden")
        assert s.trans.text.to_pylist() == ["", "Kund Åberg"] and s.vouchers.text.to_pylist() == ["Försäljning januari"]


def test_a_file_without_format_is_read_and_says_so():
    s = sie("#KONTO 1930 Bank\n", head="#FLAGGA 0\n#SIETYP 1\n")
    assert s.declared_format is None and s.problems == () and s.record_counts == {"FLAGGA": 1, "KONTO": 1, "SIETYP": 1}


def test_tabs_separate_fields_also_inside_object_lists_and_crlf_ends_lines():
    text = '#DIM\t1\t"Ort"\r\n#OBJEKT\t1\t"2"\t"Syd"\r\n#OBJEKT\t10\t"12"\t"Faktura 12"\r\n' \
           '#VER\t"1"\t"1"\t20180107\t"Kassan"\t\r\n{\t\r\n' \
           '#TRANS\t3051\t{1 "2"\t10 "12"}\t-301050.00\t20180107\t"Kassan"\t""\r\n#TRANS\t1930\t{ }\t301050\r\n}\t\r\n'
    s = read_both((HEAD + text).encode("cp437"))
    assert s.problems == ()
    assert [s.object_lists[i] for i in s.trans.objects.tolist()] == [(("1", "2"), ("10", "12")), ()]
    assert s.trans.amount_ore.tolist() == [-30105000, 30105000] and s.trans.text.to_pylist() == ["Kassan", ""]


def test_several_dimensions_in_one_list_and_empty_lists_with_a_space():
    s = sie("""
        #DIM 6 "Projekt"
        #OBJEKT 1 "Syd" "Södra"
        #OBJEKT 6 "0001" "Bygget"
        #PSALDO 0 201801 1400 {"1" "Syd" "6" "0001"} -2600.00
        #PSALDO 0 201801 1400 { } -2600
        """)
    assert s.problems == ()
    assert [s.object_lists[i] for i in s.psaldo.objects.tolist()] == [(("1", "Syd"), ("6", "0001")), ()]
    assert objects_in_dimension(s, s.psaldo, "6").to_pylist() == ["0001", None]


def test_unquoted_names_with_swedish_letters_and_escaped_quotes():
    s = sie(r"""
        #KONTO 3010 Försäljning
        #KONTO 1915 "Kassa \"special\""
        #VER A 1 20180701 Återföring
        {
        #TRANS 3010 {} 17240 20180701 "Faktura \"brådskande\""
        #TRANS 1915 {} -17240
        }
        """)
    assert s.problems == ()
    assert (s.accounts["3010"].name, s.accounts["1915"].name) == ("Försäljning", 'Kassa "special"')
    assert s.vouchers.text.to_pylist() == ["Återföring"]
    assert s.trans.text.to_pylist() == ['Faktura "brådskande"', ""]


def test_amounts_without_decimals_or_with_one_are_exact():
    s = sie("""
        #VER A 1 20180101 ""
        {
        #TRANS 1930 {} 17240
        #TRANS 1931 {} 0.5
        #TRANS 1932 {} -17240.50
        #TRANS 1933 {} -0.00
        }
        """)
    assert s.trans.amount_ore.tolist() == [1724000, 50, -1724050, 0] and s.problems == ()


def test_objects_used_but_never_declared_are_problems_with_their_first_line():
    s = sie("""
        #DIM 20 "Avdelning"
        #OBJEKT 1 "A" "Avdelning A"
        #VER A 1 20180101 ""
        {
        #TRANS 3010 {1 "A" 20 "X"} 10
        #TRANS 3010 {1 "B"} 10
        #TRANS 1930 {20 "X"} -20
        }
        """)
    assert messages(s) == [
        (13, "objekt 'X' i dimension 20 används (2 rader) men är inte deklarerat med #OBJEKT"),
        (14, "objekt 'B' i dimension 1 används (1 rad) men är inte deklarerat med #OBJEKT"),
    ]


def test_reserved_dimensions_need_no_dim_but_other_numbers_do():
    s = sie("""
        #OBJEKT 6 "P1" "Projekt ett"
        #OBJEKT 30 "X" "Ett objekt"
        """)
    assert s.dimension_name("6") == "Projekt" and s.dimension_name("30") is None
    assert messages(s) == [(10, "dimension 30 används men är inte deklarerad med #DIM (och är inte reserverad i SIE)")]


def test_the_year_of_a_period_row_comes_from_its_period_not_its_year_number():
    s = sie("""
        #PSALDO 0 201812 3010 {} -100.00
        #PSALDO -1 201801 3010 {} -50.00
        #PSALDO -1 201802 3010 {} -25
        #PBUDGET 0 201901 3010 {} -1
        """)
    assert s.psaldo.year_index.tolist() == [0, -1, -1] and s.psaldo.period.tolist() == [201812, 201801, 201802]
    assert messages(s) == [
        (10, "#PSALDO anger år -1 men perioden 201801 ligger i år 0 (2018-01-01–2018-12-31) (och 1 rader till); perioden gäller"),
        (12, "#PBUDGET: perioden 201901 ligger utanför filens räkenskapsår (#RAR); raden räknas inte in i något år"),
    ]


def test_btrans_and_rtrans_are_kept_apart_and_the_voucher_balances_on_trans_alone():
    s = sie("""
        #VER "" "" 20180101 "Porto"
        {
        #TRANS 1910 {} -1000.00
        #TRANS 2640 {} 200.00
        #BTRANS 6110 {} 800.00
        #RTRANS 6250 {} 800.00
        #TRANS 6250 {} 800.00
        }
        """)
    assert s.problems == ()
    assert s.trans.konto.to_pylist() == ["1910", "2640", "6250"]
    assert (s.btrans.konto.to_pylist(), s.rtrans.konto.to_pylist()) == (["6110"], ["6250"])
    assert (s.btrans.voucher.tolist(), s.rtrans.line.tolist()) == ([0], [14])
    assert s.vouchers.label(0) == "på rad 9"


def test_a_voucher_that_does_not_balance_is_a_problem_on_its_line():
    s = sie("""
        #VER B 7 20180107 "Övrigt"
        {
        #TRANS 1910 {} -128.00
        #TRANS 7699 {} 127.00
        }
        """)
    assert messages(s) == [(9, "verifikation B 7 (2018-01-07) balanserar inte: summan av dess #TRANS-rader är -1.00")]


def test_malformed_records_are_problems_and_the_rest_of_the_file_is_read():
    s = sie("""
        #KONTO
        #KONTO 3010 Försäljning
        #IB 0 1930 12,50
        #IB 0 1930 12.50
        #RAR 1 20190101 20191231
        just text
        #VER A 1 20181301 "Fel datum"
        {
        #TRANS 1930 {} 10,00
        #TRANS 1930 {1 "x} 10
        #TRANS 3010 {} -10 2018011 "kort datum"
        #TRANS 1930 {} 10
        }
        #PSALDO 0 201801 3010 {1} 5
        #UB 0 1930 1.234
        """)
    assert messages(s) == [
        (9, "#KONTO: saknar kontonummer"),
        (11, "#IB: ogiltigt belopp '12,50'; väntade ett SIE-belopp som -1234.50 eller 1234"),
        (13, "#RAR: ogiltigt årsnummer '1'; väntade 0, -1, -2 …"),
        (14, "raden är ingen SIE-post (en post börjar med #): 'just text'"),
        (15, "#VER: ogiltigt datum '20181301'; väntade ÅÅÅÅMMDD"),
        (17, "#TRANS: ogiltigt belopp '10,00'; väntade ett SIE-belopp som -1234.50 eller 1234"),
        (18, "#TRANS: citattecknet i kolumn 16 avslutas aldrig"),
        (19, "#TRANS: ogiltigt datum '2018011'; väntade ÅÅÅÅMMDD; verifikationens datum används"),
        (22, "#PSALDO: objektlistan {1} har ett udda antal fält; väntade par av dimension och objekt"),
        (23, "#UB: beloppet '1.234' har fler än två decimaler"),
    ]
    assert s.accounts["3010"].name == "Försäljning"
    assert [b.amount_ore for b in s.balances] == [1250]
    # The voucher with unreadable rows is not called unbalanced; its readable rows are kept, undated.
    assert s.trans.konto.to_pylist() == ["3010", "1930"] and s.trans.date.tolist() == [0, 0]
    assert s.vouchers.date.tolist() == [0]


def test_braces_that_do_not_add_up_are_problems_and_rows_stay_with_their_voucher():
    s = sie("""
        #VER A 1 20180101 ""
        #TRANS 1930 {} 5
        #TRANS 3010 {} -5
        #VER A 2 20180102 ""
        {
        #TRANS 1930 {} 7
        #KONTO 1930 Bank
        #TRANS 3010 {} -7
        #TRANS 3011 {} 1
        """)
    assert messages(s) == [
        (9, "#VER följs inte av { före sina #TRANS-rader"),
        (9, "verifikationen avslutas inte med } före nästa #VER"),
        (12, "verifikation A 2 (2018-01-02) balanserar inte: summan av dess #TRANS-rader är 1.00"),
        (12, "verifikationen avslutas aldrig med }"),
        (15, "posten står inuti en verifikation (före dess })"),
    ]
    assert s.trans.voucher.tolist() == [0, 0, 1, 1, 1]


def test_rows_outside_any_voucher_are_problems_and_not_counted():
    s = sie("""
        #TRANS 1930 {} 5
        }
        {
        #TRANS 1930 {} 5
        }
        """)
    assert messages(s) == [
        (9, "#TRANS står utanför en verifikation och räknas inte"),
        (10, "} utan { före"),
        (11, "{ utan #VER före; raderna i blocket räknas inte"),
    ]
    assert len(s.trans) == 0


def test_unknown_records_are_counted_and_otherwise_ignored():
    s = sie("""
        #SRU 1930 7281
        #KSUMMA
        #EGENPOST med "vad som helst" {1 2}
        #ADRESS "Sven" "Box 1" "123 45 ÖSTBY" "070-1"
        """)
    assert s.problems == ()
    assert {k: s.record_counts[k] for k in ("SRU", "KSUMMA", "EGENPOST", "ADRESS")} == {"SRU": 1, "KSUMMA": 1, "EGENPOST": 1, "ADRESS": 1}


def test_balances_keep_their_year_number_and_objects():
    s = sie("""
        #IB 0 1930 100.00
        #UB -1 1930 100
        #RES 0 3010 -5.5
        #OIB 0 1510 {1 "6663"} 7
        #OUB -2 1510 {} 8
        """)
    assert s.balances == (
        Balance("IB", 0, "1930", (), 10000, 9), Balance("UB", -1, "1930", (), 10000, 10),
        Balance("RES", 0, "3010", (), -550, 11), Balance("OIB", 0, "1510", (("1", "6663"),), 700, 12),
        Balance("OUB", -2, "1510", (), 800, 13))
    assert messages(s) == [(12, "objekt '6663' i dimension 1 används (1 rad) men är inte deklarerat med #OBJEKT"),
                           (13, "#OUB anger år -2, som filen saknar #RAR för")]


def test_a_utf8_file_with_replacement_characters_says_letters_were_lost():
    s = sie('#KONTO 1060 Hyresr\ufffdtt\n#KONTO 1068 "Ack hyresr\ufffdtt"\n', encoding="utf-8")
    assert s.encoding == "utf-8" and s.accounts["1060"].name == "Hyresr\ufffdtt"
    assert messages(s) == [(9, "filen innehåller 2 ersättningstecken (\ufffd): bokstäver som å, ä och ö gick förlorade "
                               "redan när filen skrevs")]


def test_a_byte_order_mark_is_skipped(tmp_path):
    path = tmp_path / "bom.se"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "#KONTO 3010 Försäljning\n").encode("utf-8"))
    for s in (read_sie(path), parse_sie(path.read_bytes(), "bom.se")):
        assert s.problems == () and s.encoding == "utf-8" and s.record_counts["FLAGGA"] == 1
        assert s.accounts["3010"].name == "Försäljning"


def test_files_that_cannot_be_read_raise_one_data_error(tmp_path):
    cases = {tmp_path / "saknas.se": f"filen {str(tmp_path / 'saknas.se')!r} finns inte",
             tmp_path: f"{str(tmp_path)!r} är ingen vanlig fil"}
    (tmp_path / "bild.se").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    cases[tmp_path / "bild.se"] = "filen är ingen SIE-fil: ingen rad är en SIE-post som #FLAGGA, #KONTO eller #VER"
    (tmp_path / "tom.se").write_bytes(b"")
    cases[tmp_path / "tom.se"] = cases[tmp_path / "bild.se"]
    for path, message in cases.items():
        with pytest.raises(DataError) as e:
            read_sie(path)
        assert e.value.problems == (Problem(path.name, None, None, message),)


def test_a_file_without_a_final_line_break_keeps_its_last_record():
    s = read_both((HEAD + "#VER A 1 20180101 x\n{\n#TRANS 1930 {} 1\n#TRANS 3010 {} -1\n}").encode())
    assert s.problems == () and s.vouchers.count.tolist() == [2]
    s = read_both((HEAD + "#KONTO 1930 Bank").encode())
    assert s.accounts["1930"].name == "Bank"
