"""Tests for gns_lib.present.interactive: offline interactive tables, sorted by exact öre, escaped."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D

import pandas as pd
import pytest

from gns_lib.data.loader import load_dataset
from gns_lib.engine.drilldown import ledger_rows
from gns_lib.present import interactive as it

NB, M = "\u00a0", "\u2212"


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(it, "_loaded", False)


def _args(page: str) -> dict:
    """The DataTables arguments the page passes (the JSON after `let dt_args =`)."""
    text = re.search(r"let dt_args = (\{.*?\});\n", page, flags=re.S).group(1)
    return json.loads(text)


def test_money_is_swedish_text_sorted_by_hidden_öre():
    frame = pd.DataFrame({"text": ["a", "b"], "belopp": [D("-1234.50"), D("99.00")]})
    shown, defs = it.display_frame(frame)
    assert shown.values.tolist() == [["a", f"{M}1{NB}234,50", -123450], ["b", "99,00", 9900]]
    assert defs == [{"targets": 1, "orderData": [2], "className": "dt-right"},
                    {"targets": 2, "visible": False, "searchable": False}]


def test_the_library_is_embedded_once_and_nothing_is_fetched(fresh, make_data):
    ds = load_dataset(make_data({}))
    first = it.drilldown_html(ledger_rows(ds, 2018, objekt="U"))
    second = it.drilldown_html(ledger_rows(ds, 2018, objekt="N"))
    assert first.count("injectModule(") == 2 and "injectModule(" not in second  # definition + call, once
    for page in (first, second):
        assert not re.search(r"""src=["']?https?:|from ['"]https?:|url\(['"]?https?:""", page)  # links are not fetched
        assert "import " not in page.split("<script type=\"module\">", 1)[1].split("</script>", 1)[0].replace(
            "await window", "")


def test_drilldown_table_holds_every_row_escaped(fresh, make_data):
    ds = load_dataset(make_data({
        "utfall.csv": "period;konto;objekt;belopp;text\n201803;3010;U;-50000;<script>alert(1)</script> & co\n",
    }))
    page = it.drilldown_html(ledger_rows(ds, 2018, objekt="U"))
    assert "<script>alert" not in page
    assert "Tabellen laddas …" in page and "Loading ITables" not in page
    assert "Utfall 2018, objekt U</strong>: 1 rad, summa 50" + NB + "000,00 kr" in page
    args = _args(page.split("</script>", 1)[1] if page.startswith("<script>") else page)
    rows = json.loads(args["data_json"])
    assert rows == [["201803", "3", "U", "3010", "Verksamhetens intäkter", f"50{NB}000", f"{M}50{NB}000",
                     "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", "", "utfall.csv", "2", 5000000, -5000000]]
    assert args["pageLength"] == 25 and args["language"]["search"] == "Sök:"
