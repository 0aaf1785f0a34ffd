"""The byte scanner under the fast path: lines, field ends, digits read eight bytes at a time."""

import numpy as np
import pytest

from gns_lib.data.sie_scan import PAD, Scan


def scan_of(text: str, encoding: str = "cp437") -> Scan:
    data = text.encode(encoding)
    return Scan(data + PAD, len(data), encoding)


def spans(text: str) -> tuple[Scan, np.ndarray, np.ndarray]:
    """One field per line: the whole line, for the value readers."""
    s = scan_of(text)
    return s, s.starts, s.ends


def test_lines_end_at_line_feeds_with_an_optional_carriage_return():
    s = scan_of("#A 1\r\n\r\n#B 2\n#C")
    assert [s.line_text(i) for i in range(len(s))] == ["#A 1", "", "#B 2", "#C"]
    s = scan_of("#A\n")
    assert [s.line_text(i) for i in range(len(s))] == ["#A"]


def test_spaces_and_field_ends_also_past_eight_bytes():
    s = scan_of('x' + ' ' * 20 + 'abcdefghijklmnopqrstu"v\tw  ')
    start = s.skip_spaces(np.array([1]))
    assert start.tolist() == [21]
    assert s.bare_end(start).tolist() == [42]  # stops at the quote
    assert s.bare_end(np.array([43])).tolist() == [44]  # and at a tab
    assert s.bare_end(np.array([45])).tolist() == [46]
    assert s.skip_spaces(np.array([0, 46])).tolist() == [0, 48]  # trailing spaces end at the line's end
    assert s.bare_end(np.array([48])).tolist() == [48]


def test_a_field_of_the_expected_width_is_checked_not_scanned():
    s = scan_of("20180101 201801011 2018 \"x\"\n")
    p = np.array([0, 9, 19, 24])
    assert s.bare_end(p, width=8).tolist() == [8, 18, 23, 24]


def test_fields_quoted_or_bare_and_their_checks():
    s = scan_of('#VER "A b" 12 "" x"y 7\n')
    end = s.ends
    quote = s.first_after("quotes", s.starts[:1])
    first, quote = s.field(np.array([4]), end, quote)
    assert (first[0].tolist(), first[1].tolist(), first[4].tolist()) == ([6], [9], [True])
    second, quote = s.field(first[2], end, quote)
    assert s.data[second[0][0]:second[1][0]] == b"12"
    third, quote = s.field(second[2], end, quote)
    assert (third[0] == third[1]).tolist() == [True] and third[4].tolist() == [True]  # ""
    fourth, quote = s.field(third[2], end, quote)
    assert fourth[4].tolist() == [False]  # x"y is left to the tokeniser
    s = scan_of("#VER\n")
    absent, _ = s.field(np.array([4]), s.ends, np.array([0]))
    assert (absent[3].tolist(), absent[4].tolist()) == ([False], [True])


@pytest.mark.parametrize("text,ore,ok", [
    ("0", 0, True), ("7", 700, True), ("-7", -700, True), ("12345678", 1234567800, True), ("1.5", 150, True),
    ("-1234.50", -123450, True), ("123456789012345.99", 12345678901234599, True), ("99999999.01", 9999999901, True),
    ("1234.567", None, False), ("12,50", None, False), ("1234.", None, False), (".5", None, False), ("-", None, False),
    ("1e3", None, False), ("+5", None, False), ("1234567890123456", None, False), ("--5", None, False), ("5-", None, False),
])
def test_amounts_agree_with_the_scalar_rules(text, ore, ok):
    s, start, stop = spans(text)
    value, good = s.amounts(start, stop)
    assert good.tolist() == [ok]
    if ok:
        assert value.tolist() == [ore]


def test_many_amounts_at_once_in_every_length():
    texts = [f"{sign}{digits}{frac}" for sign in ("", "-") for digits in ("1", "12345678", "123456789", "999999999999999")
             for frac in ("", ".5", ".05")]
    s, start, stop = spans("\n".join(texts))
    value, good = s.amounts(start, stop)
    expected = [int(round(float(t) * 100)) if len(t.split(".")[0].lstrip("-")) < 15 else None for t in texts]
    assert good.all()
    assert [v for v, e in zip(value.tolist(), expected) if e is not None] == [e for e in expected if e is not None]
    assert value.tolist()[texts.index("-999999999999999.05")] == -99999999999999905


def test_dates_periods_and_year_numbers():
    s, start, stop = spans("20160229\n20150229\n20181301\n2018010\n00000101\n20181231")
    value, ok = s.dates(start, stop)
    assert ok.tolist() == [True, False, False, False, False, True]
    assert value[ok].tolist() == [20160229, 20181231]
    s, start, stop = spans("201812\n201813\n201800\n012018")
    value, ok = s.periods(start, stop)
    assert ok.tolist() == [True, False, False, False] and value[0] == 201812
    s, start, stop = spans("0\n-1\n-12\n1\n-0\n-01\n00")
    value, ok = s.year_indexes(start, stop)
    assert ok.tolist() == [True, True, True, False, False, False, False] and value[:3].tolist() == [0, -1, -12]


def test_strings_are_cut_from_the_file_and_recoded_to_utf8():
    for encoding in ("cp437", "latin-1", "utf-8"):
        s = scan_of("Åre\nÖstersund, Ås\n\nSälen\n", encoding)
        assert s.strings(s.starts, s.ends).to_pylist() == ["Åre", "Östersund, Ås", "", "Sälen"]
    s = scan_of("ab\ncd\n")
    assert s.strings(s.starts[:0], s.ends[:0]).to_pylist() == []


def test_an_escaped_quote_is_part_of_its_field_and_is_unescaped():
    s = scan_of('a "x\\"y" "C:\\dir" "C:\\\\" "1820\\A"\n')
    assert [s.data[q:q + 1].tobytes() for q in s.quotes[:-2]] == [b'"'] * 8  # the escaped one is not among them
    assert s.quotes[:-2].tolist() == [2, 7, 9, 16, 18, 23, 25, 32]
    start, stop = s.quotes[:-2:2] + 1, s.quotes[1:-2:2]
    texts = s.unescape(s.strings(start, stop), start, stop)
    assert texts.to_pylist() == ['x"y', "C:\\dir", "C:\\", "1820\\A"]
