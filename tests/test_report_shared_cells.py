"""gns_lib.report.shared_cells: which cells a warm kernel may run once for every party."""

from __future__ import annotations

import nbformat

from gns_lib.report.batch import NOTEBOOK_DIR
from gns_lib.report.shared_cells import shared_cells


def cells(*sources: str, params: str = 'year = 2018\npart = "region"') -> list:
    """A notebook's cells: a title, the parameters cell, then one code cell per source."""
    parameters = nbformat.v4.new_code_cell(params)
    parameters.metadata["tags"] = ["parameters"]
    return [nbformat.v4.new_markdown_cell("# Titel"), parameters, *(nbformat.v4.new_code_cell(s) for s in sources)]


def test_the_party_notebook_shares_its_import_and_data_cells():
    nb = nbformat.read(NOTEBOOK_DIR / "04_partsrapport.ipynb", as_version=4)
    shared = sorted(shared_cells(nb.cells, ["part"]))
    assert [nb.cells[i].source.split(" ", 2)[:2] for i in shared] == [["from", "gns_lib"], ["ds", "="]]
    assert nb.cells[shared[1]].source.splitlines() == [
        "ds = load(data_dir)", "allocation = allocate(ds, year, through)", "statements = party_statements(ds, allocation)"]


def test_the_shared_cells_end_at_the_first_cell_reading_a_varying_name():
    nb = cells("import math", "ds = load(year)", "x = ds[part]", "y = ds")
    assert shared_cells(nb, ["part"]) == {2, 3}


def test_a_cell_binding_a_varying_name_is_not_shared():
    assert shared_cells(cells("import math", "part = 'x'", "y = 1"), ["part"]) == {2}


def test_a_shared_name_rebound_by_a_party_cell_makes_its_cell_and_the_rest_per_party():
    nb = cells("import math", "ds = 1", "tot = 2", "s = ds[part]", "ds = s")
    assert shared_cells(nb, ["part"]) == {2}
    nb = cells("import math", "ds = 1", "s = part", "for math in s: pass")  # a loop variable binds too
    assert shared_cells(nb, ["part"]) == set()
    nb = cells("def f(): return 1", "g = part", "def f(): return part")  # so does a def
    assert shared_cells(nb, ["part"]) == set()


def test_a_party_cell_that_is_not_plain_python_shares_nothing():
    assert shared_cells(cells("import math", "%matplotlib inline\nx = part"), ["part"]) == set()
    assert shared_cells(cells("import math", "from math import *\nx = part"), ["part"]) == set()


def test_a_magic_ends_the_shared_cells():
    assert shared_cells(cells("import math", "!ls", "y = 1"), ["part"]) == set()  # it is per party, and unreadable


def test_nothing_is_shared_without_parameters_cell_or_varying_names():
    nb = cells("import math", "x = part")
    assert shared_cells(nb, []) == set()
    assert shared_cells([c for c in nb if "parameters" not in c.metadata.get("tags", [])], ["part"]) == set()


def test_cells_before_the_parameters_cell_are_never_shared():
    nb = [nbformat.v4.new_code_cell("import math"), *cells("import os", "x = part")]
    assert shared_cells(nb, ["part"]) == {3}
