"""tests/html_tables.py, the helper that reads rendered reports: cells, not substrings of the page."""

from __future__ import annotations

import nbformat

from html_tables import row_of, rows_of, sentences_of, table_rows, tables_of

NB = "\u00a0"
PAGE = f"""
<p>Före</p><script>var t = "<table><tr><td>0</td></tr></table>";</script>
<table class="gns-tabell"><thead><tr><th>Objekt</th><th>Utfall, tkr</th></tr></thead>
<tbody><tr><th scope="row">6663 <em>Serverdrift</em></th><td class="num">1{NB}100</td></tr>
<tr><td>A &amp; B &lt;x&gt;</td><td>
  100
</td></tr></tbody></table>
"""


def test_cells_are_read_whole_with_tags_dropped_and_entities_decoded():
    assert table_rows(PAGE) == [["Objekt", "Utfall, tkr"], ["6663 Serverdrift", f"1{NB}100"], ["A & B <x>", "100"]]
    assert len(tables_of(PAGE)) == 1  # the table inside the script is not one


def test_row_of_finds_the_one_row_by_its_first_cells():
    rows = table_rows(PAGE)
    assert row_of(rows, "A & B <x>") == ["A & B <x>", "100"]
    assert row_of(rows, "6663 Serverdrift")[1] == f"1{NB}100"  # "100" is not this cell


def test_rows_of_reads_every_html_output_of_a_notebook():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": PAGE})]
    nb.cells = [nbformat.v4.new_markdown_cell("<table><tr><td>inte</td></tr></table>"), cell]
    assert rows_of(nb) == table_rows(PAGE)


def test_sentences_split_where_a_new_sentence_starts():
    text = f"Nämnden (obj. N): Årets kostnader har varit 150{NB}tkr. Bidragen uppgick till 914,4{NB}tkr. Övrigt."
    assert sentences_of(text) == [f"Nämnden (obj. N): Årets kostnader har varit 150{NB}tkr.",
                                  f"Bidragen uppgick till 914,4{NB}tkr.", "Övrigt."]
