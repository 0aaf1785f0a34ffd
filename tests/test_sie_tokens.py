"""SIE field rules (specification section 5): the tokeniser and the value parsers."""

from datetime import date

import pytest

from gns_lib.data.sie_tokens import (
    TokenError,
    format_ore,
    parse_date,
    parse_period,
    parse_year_index,
    sie_amount_ore,
    tokenize,
)


def test_fields_are_split_on_spaces_and_tabs_and_quotes_are_removed():
    assert tokenize('#KONTO\t1510   "Kundfordringar i Örebro"') == ("#KONTO", "1510", "Kundfordringar i Örebro")


def test_an_unquoted_field_may_hold_swedish_letters_and_quotes_inside():
    assert tokenize("#VER A 1 20090701 Återföring") == ("#VER", "A", "1", "20090701", "Återföring")
    assert tokenize('#KONTO 1 Sven"s') == ("#KONTO", "1", 'Sven"s')


def test_escaped_quote_and_backslash_inside_a_quoted_field():
    assert tokenize(r'#KONTO 1915 "Kassa \"special\""') == ("#KONTO", "1915", 'Kassa "special"')
    assert tokenize(r'#FNR "C:\\Mapp\\Företag"') == ("#FNR", "C:\\Mapp\\Företag")
    assert tokenize(r'#TRANS 1 {} 5 20090731 "1820\A012 Cykel"') == ("#TRANS", "1", (), "5", "20090731", r"1820\A012 Cykel")


def test_object_lists_become_one_field_also_with_tabs_and_several_dimensions():
    assert tokenize('#TRANS 3051 {1 "2"\t10 "12"} -301050.00') == ("#TRANS", "3051", ("1", "2", "10", "12"), "-301050.00")
    assert tokenize('#PSALDO 0 201101 1400 {"1" "Syd" "6" "0001"} -2600.00')[4] == ("1", "Syd", "6", "0001")
    assert tokenize("#TRANS 1010 { } 12.00")[2] == ()
    assert tokenize("#TRANS 1010 {}12.00") == ("#TRANS", "1010", (), "12.00")
    assert tokenize('#TRANS 1 {1 "a}b"} 5')[2] == ("1", "a}b")


def test_empty_quoted_fields_are_kept():
    assert tokenize('#VER "" "" 20120425 ""') == ("#VER", "", "", "20120425", "")


@pytest.mark.parametrize("line,message", [
    ('#FNAMN "Bolaget', "citattecknet i kolumn 8 avslutas aldrig"),
    ("#TRANS 1 {1 2 5", "objektlistan avslutas aldrig med }"),
    ("#TRANS 1 {1 {2}} 5", "objektlistan har en { till i kolumn 13"),
    ("#TRANS 1 } 5", "} i kolumn 10 saknar {"),
])
def test_malformed_lines_are_refused_in_swedish(line, message):
    with pytest.raises(TokenError) as e:
        tokenize(line)
    assert str(e.value) == message


def test_an_unclosed_quote_at_the_end_is_forgiven_with_a_note():
    notes = []
    assert tokenize('#TRANS 3010 {} -900.00 20140127 "260    aaaa', notes) == (
        "#TRANS", "3010", (), "-900.00", "20140127", "260    aaaa")
    assert notes == ["citattecknet i kolumn 33 avslutas aldrig; resten av raden blev fältets text"]
    with pytest.raises(TokenError):
        tokenize('#TRANS 3010 {1 "x} 5', [])  # not inside an object list


@pytest.mark.parametrize("text,ore", [
    ("-1234.50", -123450), ("1234", 123400), ("1234.5", 123450), ("0.05", 5), ("-0", 0), ("17240", 1724000),
    ("999999999999999.99", 99999999999999999),
])
def test_amounts_are_exact_ore(text, ore):
    assert sie_amount_ore(text) == ore
    assert isinstance(sie_amount_ore(text), int)


@pytest.mark.parametrize("text,message", [
    ("12.345", "beloppet '12.345' har fler än två decimaler"),
    ("12,50", "ogiltigt belopp '12,50'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("+5", "ogiltigt belopp '+5'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("1e3", "ogiltigt belopp '1e3'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("1234.", "ogiltigt belopp '1234.'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    (".5", "ogiltigt belopp '.5'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("1 234", "ogiltigt belopp '1 234'; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("", "ogiltigt belopp ''; väntade ett SIE-belopp som -1234.50 eller 1234"),
    ("1234567890123456", "beloppet '1234567890123456' är för stort (högst 15 siffror före punkten)"),
])
def test_other_amount_forms_are_refused_in_swedish(text, message):
    with pytest.raises(ValueError) as e:
        sie_amount_ore(text)
    assert str(e.value) == message


def test_dates_periods_and_year_numbers():
    assert parse_date("20160229") == date(2016, 2, 29)
    for bad in ("20150229", "2015-01-01", "201501", "20151301", "00000101"):
        with pytest.raises(ValueError, match="ogiltigt datum"):
            parse_date(bad)
    assert parse_period("201412") == 201412
    for bad in ("201413", "201400", "20141", "2014-1", "012014"):
        with pytest.raises(ValueError, match="ogiltig period"):
            parse_period(bad)
    assert [parse_year_index(x) for x in ("0", "-1", "-12")] == [0, -1, -12]
    for bad in ("1", "-0", "+1", "-01", "x"):
        with pytest.raises(ValueError, match="ogiltigt årsnummer"):
            parse_year_index(bad)


def test_ore_are_written_back_with_two_decimals_and_a_plain_minus():
    assert [format_ore(x) for x in (-123450, 5, 0, 100, -1)] == ["-1234.50", "0.05", "0.00", "1.00", "-0.01"]
