import pytest

from gns_lib.present.spreadsheet import csv_text, is_formula_like


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert is_formula_like(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Åre kommun", "", "1-2", "a=b", " =1"])
def test_plain_text_is_unchanged(text):
    assert not is_formula_like(text)
    assert csv_text(text) == text
