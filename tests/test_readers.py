from pathlib import Path

import openpyxl
import pytest

from gns_lib.data.readers import ENC_CP1252, ENC_UTF8, ENC_UTF8_BOM, ENC_XLSX, read_table

TEXT = "part;namn\n01;Åre kommun\n02;Östersunds kommun\n"


def _read(tmp_path: Path, data: bytes, suffix=".csv"):
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    return read_table(p, f"parter{suffix}")


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), ENC_UTF8),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), ENC_UTF8_BOM),
        (TEXT.encode("cp1252"), ENC_CP1252),
        (TEXT.replace("\n", "\r\n").encode("cp1252"), ENC_CP1252),
    ],
)
def test_encodings_are_detected_and_named(tmp_path, data, encoding):
    table, problems = _read(tmp_path, data)
    assert problems == []
    assert table.encoding == encoding
    assert table.columns["part"].to_pylist() == ["01", "02"]  # leading zeros kept
    assert table.columns["namn"].to_pylist() == ["Åre kommun", "Östersunds kommun"]
    assert table.rows.tolist() == [2, 3]


def test_unreadable_encoding_names_line_and_byte(tmp_path):
    table, problems = _read(tmp_path, b"part;namn\n01;ok\n02;\x81bad\n")
    assert table is None
    assert [str(p) for p in problems] == [
        "parter.csv:3: oläsbar teckenkodning (byte 0x81); väntade UTF-8 eller Windows-1252"
    ]


def test_utf16_is_refused_with_advice(tmp_path):
    table, problems = _read(tmp_path, TEXT.encode("utf-16"))
    assert table is None and "UTF-16" in problems[0].message


@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_empty_file(tmp_path, data):
    table, problems = _read(tmp_path, data)
    assert table is None
    assert str(problems[0]) == "parter.csv: filen är tom; väntade en rubrikrad och datarader"


@pytest.mark.parametrize("data,rows", [
    (b"part;namn\n\n01;a\n;\n02;b\n\n", [3, 5]),
    (b"part;namn\r\n01;a\r\n\r\n02;b\r\n", [2, 4]),
    (b"part;namn\n01;a\n02;b\n\n\n", [2, 3]),
    (b"part;namn\n01;a\n02;b", [2, 3]),
    (b"part\n01\n\n02\n", [2, 4]),
])
def test_blank_lines_keep_true_line_numbers(tmp_path, data, rows):
    table, problems = _read(tmp_path, data)
    assert problems == [] and table.rows.tolist() == rows
    assert table.columns["part"].to_pylist() == ["01", "02"]


def test_wrong_field_count_lists_every_line(tmp_path):
    table, problems = _read(tmp_path, b"part;namn\n01;a;x\n02;b\n03\n")
    assert table is None
    assert [(p.row, p.message.split(";")[0]) for p in problems] == [
        (2, "raden har 3 fält men rubrikraden har 2"),
        (4, "raden har 1 fält men rubrikraden har 2"),
    ]


def test_comma_separated_file_is_refused(tmp_path):
    table, problems = _read(tmp_path, b"part,namn\n01,a\n")
    assert table is None and "semikolon" in problems[0].message


def test_duplicate_header_column(tmp_path):
    _, problems = _read(tmp_path, b"part;part\n01;a\n")
    assert str(problems[0]) == "parter.csv:1:part: kolumnen finns två gånger i rubrikraden"


def test_xlsx_stands_in_with_text_codes_and_decimal_comma(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ar", "objekt", "konto", "belopp"])
    ws.append([2018, "0663", 5010, 1234.5])
    ws.append([None, None, None, None])
    ws.append([2018, "0663", 3010, -20])
    p = tmp_path / "budget.xlsx"
    wb.save(p)
    table, problems = read_table(p, "budget.xlsx")
    assert problems == [] and table.encoding == f'{ENC_XLSX}, bladet "Sheet"'
    assert table.columns["objekt"].to_pylist() == ["0663", "0663"]
    assert table.columns["belopp"].to_pylist() == ["1234,50", "-20"]
    assert table.rows.tolist() == [2, 4]


def test_last_row_keeps_its_empty_trailing_fields(tmp_path):
    table, problems = _read(tmp_path, b"objekt;namn;typ;nyckel;deltagare\nN;a;n\xc3\xa4mnd;;\nU;b;uppdrag;;\n")
    assert problems == []
    assert table.columns["deltagare"].to_pylist() == ["", ""]
    assert table.rows.tolist() == [2, 3]


@pytest.mark.parametrize("repeat", [1, 50])  # unique texts, and texts that repeat (transcoded once each)
def test_windows_1252_text_columns_are_transcoded_exactly(tmp_path, repeat):
    texts = ["Lön för år", "Köp – Åre", "€ 5", "", "ascii only", "Östersund\u00a0AB", "ÿ‰"] * repeat
    body = "".join(f"{i};{t}\n" for i, t in enumerate(texts))
    table, problems = _read(tmp_path, ("nr;text\n" + body).encode("cp1252"))
    assert problems == [] and table.encoding == ENC_CP1252
    assert table.columns["text"].to_pylist() == texts
    assert table.columns["nr"].to_pylist() == [str(i) for i in range(len(texts))]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
@pytest.mark.parametrize("blank", ["", "\n;;\n"])  # with a blank line, the file is parsed a second time
def test_code_columns_are_dictionary_encoded_while_parsing_and_read_the_same(tmp_path, encoding, blank):
    rows = [("201801", "Ö1", "12,50"), ("201802", "0663", "-1"), ("201803", "", "3"), ("201801", " 0663", "4")] * 3
    text = "period;objekt;belopp\n" + "".join(f"{p};{o};{b}\n" + (blank if i == 1 else "") for i, (p, o, b) in enumerate(rows))
    path = tmp_path / "utfall.csv"
    path.write_bytes(text.encode(encoding))
    plain, problems = read_table(path, "utfall.csv")
    coded, coded_problems = read_table(path, "utfall.csv", codes=("period", "objekt"))
    assert problems == coded_problems == []
    assert coded.rows.tolist() == plain.rows.tolist() == ([2, 3] + list(range(6, 16)) if blank else list(range(2, 14)))
    assert list(coded.columns) == ["period", "objekt", "belopp"]
    for column in ("period", "objekt"):
        assert column in coded.columns and "saknas" not in coded.columns
        assert coded.columns[column].to_pylist() == plain.columns[column].to_pylist() == [r[("period", "objekt").index(column)] for r in rows]
        index, values = coded.distinct(column)
        assert [values[i] for i in index] == [r[("period", "objekt").index(column)] for r in rows]
