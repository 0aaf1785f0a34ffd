"""Hostile CSV bytes: every fault located as fil:rad:kolumn, never a traceback, nothing wrong accepted."""

from pathlib import Path

import pytest

from gns_lib.core.errors import Problem
from gns_lib.data.readers import ENC_CP1252, read_table

BUDGET_HEAD = "ar;objekt;konto;belopp;version;beslut\n"


def _read(tmp_path: Path, data: bytes, name: str = "budget.csv"):
    p = tmp_path / name
    p.write_bytes(data)
    return read_table(p, name)


def _budget_rows(n: int) -> str:
    return "".join(f"2018;N;50{i:02d};{i}00;fastställd;Beslut {i}\n" for i in range(n))


def test_old_mac_line_ends_are_read_as_lines(tmp_path):
    table, problems = _read(tmp_path, b"part;namn\r01;A\r02;B\r")
    assert problems == []
    assert table.columns["namn"].to_pylist() == ["A", "B"]
    assert table.rows.tolist() == [2, 3]


def test_a_stray_carriage_return_inside_a_row_is_located(tmp_path):
    table, problems = _read(tmp_path, b"part;namn;kalla\r\n01;A\rB;x\r\n02;C;y\r\n")
    assert table is None
    assert problems == [Problem("budget.csv", 2, "namn", "fristående vagnretur (CR, byte 0x0D) mitt i raden; "
                                                         "väntade radslut LF eller CRLF")]


def test_utf16_without_bom_is_refused(tmp_path):
    table, problems = _read(tmp_path, "part;namn\n01;Åre\n".encode("utf-16-le"))
    assert table is None
    assert problems == [Problem("budget.csv", None, None,
                                "filen verkar vara UTF-16 (utan BOM); spara den som UTF-8 eller Windows-1252 (CSV)")]


@pytest.mark.parametrize("byte,what", [(b"\x00", "NUL (byte 0x00)"), (b"\x1b", "ESC (byte 0x1B)"),
                                       (b"\x7f", "DEL (byte 0x7F)"), (b"\x0c", "sidmatning (byte 0x0C)")])
def test_control_characters_are_located(tmp_path, byte, what):
    _, problems = _read(tmp_path, b"namn;epost;part\nA;a@b.se;\nB" + byte + b"C;b@b.se;\n", "mottagare.csv")
    assert problems == [Problem("mottagare.csv", 3, "namn", f"{what} i texten; väntade text utan kontrolltecken")]


def test_a_utf8_line_in_a_windows_1252_file_is_located(tmp_path):
    data = "part;namn\n01;Åre kommun\n".encode("cp1252") + "02;Östersund\n".encode("utf-8") + "03;Bräcke\n".encode("cp1252")
    _, problems = _read(tmp_path, data, "parter.csv")
    assert problems == [Problem("parter.csv", 3, None, "raden är skriven i UTF-8 men andra rader (t.ex. rad 2) i "
                                                      "Windows-1252; spara hela filen i en och samma teckenkodning")]


def test_a_windows_1252_line_in_a_utf8_file_is_located(tmp_path):
    data = ("part;namn\n01;Åre kommun\n02;Östersund\n".encode("utf-8") + "03;Bräcke\n".encode("cp1252"))
    _, problems = _read(tmp_path, data, "parter.csv")
    assert problems == [Problem("parter.csv", 4, None, "raden är skriven i Windows-1252 men andra rader (t.ex. rad 2) i "
                                                      "UTF-8; spara hela filen i en och samma teckenkodning")]


def test_plain_windows_1252_is_not_taken_for_mixed(tmp_path):
    table, problems = _read(tmp_path, "part;namn\n01;Åre – Östersund ½ €\n".encode("cp1252"), "parter.csv")
    assert problems == [] and table.encoding == ENC_CP1252


def test_an_unbalanced_quote_does_not_swallow_the_rest_of_the_file(tmp_path):
    rows = _budget_rows(38).split("\n")
    rows[3] = rows[3].replace("Beslut 3", '"Beslut 3')
    table, problems = _read(tmp_path, (BUDGET_HEAD + "\n".join(rows)).encode())
    assert table is None
    assert problems == [Problem("budget.csv", 5, "beslut", "citattecknet som inleder fältet avslutas inte på raden, och "
                                                          "rad 6 ser ut som en egen rad; väntade ett avslutande \" på samma rad")]


def test_a_quote_that_never_closes_on_the_last_row_is_located(tmp_path):
    table, problems = _read(tmp_path, (BUDGET_HEAD + _budget_rows(2) + '2018;N;5010;1;fastställd;"Beslut\n').encode())
    assert table is None
    assert problems == [Problem("budget.csv", 4, "beslut", "citattecknet som inleder fältet avslutas aldrig; väntade ett "
                                                          "avslutande \" på samma rad (resten av filen skulle annars bli "
                                                          "ett enda fält)")]


def test_text_after_a_closing_quote_is_located(tmp_path):
    _, problems = _read(tmp_path, (BUDGET_HEAD + '2018;N;5010;1;fastställd;"Beslut" 12\n').encode())
    assert problems == [Problem("budget.csv", 2, "beslut", "text efter det avslutande citattecknet; väntade ; eller "
                                                          "radslut direkt efter \"")]


def test_rows_after_a_quoted_field_over_two_lines_keep_their_line_numbers(tmp_path):
    data = BUDGET_HEAD + '2018;N;5010;1;fastställd;"Beslut\nmed två rader"\n2018;N;5020;x;fastställd;B\n\n2018;N;5030;3;;\n'
    table, problems = _read(tmp_path, data.encode())
    assert problems == []
    assert table.rows.tolist() == [2, 4, 6]
    assert table.columns["beslut"].to_pylist() == ["Beslut\nmed två rader", "B", ""]


def test_a_quote_inside_an_unquoted_field_is_text(tmp_path):
    table, problems = _read(tmp_path, (BUDGET_HEAD + '2018;N;5010;1;fastställd;Skärm 24" till "A"\n').encode())
    assert problems == [] and table.columns["beslut"].to_pylist() == ['Skärm 24" till "A"']


def test_wrong_field_count_with_crlf_is_located_without_a_traceback(tmp_path):
    _, problems = _read(tmp_path, b"part;namn\r\n01;A;x\r\n02;B\r\n")
    assert problems == [Problem("budget.csv", 2, None, "raden har 3 fält men rubrikraden har 2; väntade lika många fält "
                                                      "på varje rad")]


def test_an_over_long_line_and_too_many_columns_are_refused(tmp_path, monkeypatch):
    from gns_lib.data import csvscan

    monkeypatch.setattr(csvscan, "MAX_LINE_BYTES", 1 << 20)
    _, problems = _read(tmp_path, b"part;namn\n01;" + b"x" * (1 << 20) + b"\n02;B\n")
    assert problems == [Problem("budget.csv", 2, None, "raden är längre än 1 MiB; väntade kortare rader "
                                                      "(se docs/dataformat.md, Gränser)")]
    _, problems = _read(tmp_path, (";".join(f"k{i}" for i in range(100_000)) + "\n" + ";" * 99_999 + "\n").encode())
    assert problems == [Problem("budget.csv", 1, None, "rubrikraden har 100000 kolumner; högst 500 läses "
                                                      "(se docs/dataformat.md, Gränser)")]
