"""A column-mapped export as a source: each mapping option, and bad rows as `fil:rad:kolumn` in the export's terms."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pandas as pd

from gns_lib.core.errors import Problem
from gns_lib.data.source_columns import column_rows
from gns_lib.data.sources import COLUMNS, Source

RAINDANCE = """
    PERIOD;KONTO_ID;KST_ID;PROJ_ID;UTFALL_PER;BUDGET_PER
    201801;5010;410;N;1 200,50;1 000,00
    201802;3010;410;;-500,00;-400,00
    201802;5010;410;U;0,25;0
"""
UNIT4 = """
    period;account;dim_1;dim_2;dim_3;dim_4;dim_5;dim_6;dim_7;amount;voucher_no;description
    201801;5010;410;;;;;N;;1200.50;1001;Januarilöner
    201803;3010;410;;;;;U;;-500;1002;Faktura 17
"""


def source(table="utfall", columns=None, **settings) -> Source:
    mapped = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in (columns or {}).items()}
    return Source(table, COLUMNS, ("*.csv",), 1, columns=MappingProxyType(mapped), **settings)


def read(tmp_path, text: str, src: Source, encoding="utf-8"):
    path = tmp_path / "export.csv"
    path.write_bytes((textwrap.dedent(text).strip() + "\n").encode(encoding))
    return column_rows(path, "export/export.csv", src)


def values(rows) -> dict:
    out = {}
    for key, column in rows.columns.items():
        if isinstance(column, np.ndarray):
            out[key] = column.tolist()
        elif isinstance(column, pd.Categorical):
            out[key] = [str(v) for v in column]
        elif isinstance(column, list):
            out[key] = column
        else:
            out[key] = column.to_pylist()
    return out


def test_a_raindance_balance_table_as_outcome_with_the_object_from_one_of_two_columns(tmp_path):
    src = source(columns={"period": "period", "konto": "konto_id", "objekt": ["proj_id", "kst_id"], "belopp": "utfall_per"})
    rows, problems = read(tmp_path, RAINDANCE, src, "cp1252")
    assert problems == []
    assert (rows.name, rows.encoding, rows.rows.tolist()) == ("export/export.csv", "UTF-8", [2, 3, 4])
    assert values(rows) == {"period": [201801, 201802, 201802], "konto": ["5010", "3010", "5010"],
                            "objekt": ["N", "410", "U"], "belopp_ore": [120050, -50000, 25],
                            "text": ["", "", ""], "verifikation": ["", "", ""]}
    assert dict(rows.labels) == {"period": "period", "ar": "period", "konto": "konto_id", "objekt": "proj_id",
                                 "belopp": "utfall_per"}


def test_the_same_raindance_file_as_a_monthly_budget_with_revenue_positive(tmp_path):
    src = source("budget", {"period": "period", "konto": "konto_id", "objekt": "kst_id", "belopp": "budget_per"},
                 sign="intakter_positiva", decision="Budget 2018")
    rows, problems = read(tmp_path, RAINDANCE, src)
    assert problems == []
    assert values(rows) == {"ar": [2018, 2018, 2018], "manad": [1, 2, 2], "konto": ["5010", "3010", "5010"],
                            "objekt": ["410", "410", "410"], "belopp_ore": [-100000, 40000, 0],
                            "version": ["fastställd"] * 3, "beslut": ["Budget 2018"] * 3}


def test_an_annual_budget_with_version_and_decision_columns(tmp_path):
    text = """
        AR;KONTO;OBJ;BELOPP;VER;BESLUT
        2019;5010;N;1000;ändring;GNS § 28
        2019;3010;N;-500;;
    """
    src = source("budget", {"ar": "ar", "konto": "konto", "objekt": "obj", "belopp": "belopp", "version": "ver",
                            "beslut": "beslut"})
    rows, problems = read(tmp_path, text, src)
    assert problems == []
    assert values(rows) == {"ar": [2019, 2019], "manad": [0, 0], "konto": ["5010", "3010"], "objekt": ["N", "N"],
                            "belopp_ore": [100000, -50000], "version": ["ändring", "fastställd"],
                            "beslut": ["GNS § 28", ""]}


def test_a_unit4_transaction_table_with_decimal_point_voucher_text_and_kept_dimension(tmp_path):
    src = source(columns={"period": "period", "konto": "account", "objekt": "dim_6", "belopp": "amount",
                          "verifikation": "voucher_no", "text": "description"},
                 keep=MappingProxyType({"ansvar": "dim_1"}), decimal=".")
    rows, problems = read(tmp_path, UNIT4, src)
    assert problems == []
    assert values(rows) == {"period": [201801, 201803], "konto": ["5010", "3010"], "objekt": ["N", "U"],
                            "belopp_ore": [120050, -50000], "text": ["Januarilöner", "Faktura 17"],
                            "verifikation": ["1001", "1002"], "ansvar": ["410", "410"]}


def test_an_amount_with_a_comma_is_refused_when_the_mark_is_a_point(tmp_path):
    text = UNIT4 + "    201804;5010;410;;;;;N;;1,200.50;1003;x\n    201804;5010;410;;;;;N;;;1004;y\n"
    src = source(columns={"period": "period", "konto": "account", "objekt": "dim_6", "belopp": "amount"}, decimal=".")
    _, problems = read(tmp_path, text, src)
    assert problems == [
        Problem("export/export.csv", 4, "amount", "ogiltigt belopp '1,200.50'; väntade ett belopp med decimalpunkt, "
                                                  "t.ex. -1234.56 eller 1 234.56"),
        Problem("export/export.csv", 5, "amount", "belopp saknas; väntade ett belopp med decimalpunkt, t.ex. -1234.56 "
                                                  "eller 1 234.56"),
    ]


def test_bad_rows_are_named_by_the_exports_own_columns_all_at_once(tmp_path):
    text = """
        PERIOD;KONTO_ID;KST_ID;PROJ_ID;UTFALL_PER
        2018-01;5010;410;N;12,5
        201802;;;;1.234,00
    """
    src = source(columns={"period": "period", "konto": "konto_id", "objekt": ["proj_id", "kst_id"], "belopp": "utfall_per"})
    _, problems = read(tmp_path, text, src)
    assert problems == [
        Problem("export/export.csv", 2, "period", "ogiltig period '2018-01'; väntade ÅÅÅÅMM, t.ex. 201803"),
        Problem("export/export.csv", 3, "konto_id", "värde saknas"),
        Problem("export/export.csv", 3, "proj_id", "värde saknas i alla objektkolumner (proj_id, kst_id); väntade ett "
                                                   "objekt i någon"),
        Problem("export/export.csv", 3, "utfall_per", "ogiltigt belopp '1.234,00'; väntade ett belopp som -1234,56, "
                                                      "1 234,56 eller −1 234,56"),
    ]


def test_a_mapped_column_missing_from_the_export(tmp_path):
    src = source(columns={"period": "period", "konto": "konto", "objekt": "objekt", "belopp": "belopp"})
    rows, problems = read(tmp_path, RAINDANCE, src)
    assert rows is None
    have = "period, konto_id, kst_id, proj_id, utfall_per, budget_per"
    assert problems == [
        Problem("export/export.csv", 1, "konto", f"kolumnen 'konto' saknas; rubrikraden har: {have}"),
        Problem("export/export.csv", 1, "objekt", f"kolumnen 'objekt' saknas; rubrikraden har: {have}"),
        Problem("export/export.csv", 1, "belopp", f"kolumnen 'belopp' saknas; rubrikraden har: {have}"),
    ]


def _doc_blocks() -> list[tuple[str, str]]:
    """The (language, text) code blocks of the Källor section of docs/dataformat.md."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "dataformat.md").read_text(encoding="utf-8")
    section = doc.split("## Källor", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w*)\n(.*?)```", section, re.DOTALL)


def test_the_documented_raindance_and_unit4_examples_read_as_the_docs_say(tmp_path):
    from gns_lib.data.sources import load_sources

    blocks = _doc_blocks()
    tomls = [text for lang, text in blocks if lang == "toml"]
    for text in tomls:
        assert load_sources(text.encode("utf-8"))[1] == []
    csvs = [text for lang, text in blocks if lang == "" and text.startswith(("PERIOD;", "period;"))]
    raindance, unit4 = csvs
    utfall = load_sources(tomls[1].encode("utf-8"))[0]
    rows, problems = read(tmp_path, raindance, utfall.utfall[0])
    assert problems == []
    assert values(rows)["objekt"] == ["04120", "6671"] and values(rows)["belopp_ore"] == [4042500, 1200000]
    budget = load_sources(tomls[1].encode("utf-8"))[0].budget[0]
    rows, problems = read(tmp_path, raindance, budget)
    assert problems == [] and values(rows)["belopp_ore"] == [4042500, 3333333] and values(rows)["manad"] == [1, 1]
    rows, problems = read(tmp_path, unit4, load_sources(tomls[2].encode("utf-8"))[0].utfall[0])
    assert problems == []
    assert values(rows) == {"period": [201801, 201801], "konto": ["6540", "3410"], "objekt": ["6663", "6663"],
                            "belopp_ore": [7900000, -10300000], "text": ["Tieto serverdrift januari 2018",
                                                                          "Fakturering Åre kommun"],
                            "verifikation": ["180001", "180002"], "ansvar": ["04121", "04121"]}


def test_an_xlsx_export_reads_like_the_csv(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Period", "Konto_ID", "KST_ID", "PROJ_ID", "Utfall_per"])
    ws.append([201801, 5010, "410", "N", 1200.5])
    ws.append([201802, 3010, "410", None, -500])
    path = tmp_path / "raindance.xlsx"
    wb.save(path)
    src = source(columns={"period": "period", "konto": "konto_id", "objekt": ["proj_id", "kst_id"], "belopp": "utfall_per"})
    rows, problems = column_rows(path, "export/raindance.xlsx", src)
    assert problems == []
    again, problems = column_rows(path, "export/raindance.xlsx", replace(src, decimal="."))  # numbers, not text
    assert problems == [] and values(again) == values(rows)
    assert rows.rows.tolist() == [2, 3]
    assert values(rows) == {"period": [201801, 201802], "konto": ["5010", "3010"], "objekt": ["N", "410"],
                            "belopp_ore": [120050, -50000], "text": ["", ""], "verifikation": ["", ""]}
