"""The notebooks: thin (rules read from every notebook), clean, and executed with exact figures."""

from __future__ import annotations

import ast
import html
import textwrap
from pathlib import Path

import nbformat
import pytest

from conftest import BASE_FILES, ROOT, write_folder
from html_tables import rows_of

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_LINES = 4
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.AsyncFor, ast.While,
             ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.If, ast.Try, ast.With)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    cells = code_cells(nb)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0] is cells[0], "one parameters cell, the first code cell"
    for stmt in ast.parse(params[0].source).body:
        assert isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant), "parameters are literals"
    imports = ast.parse(cells[1].source).body
    assert imports and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in imports), "then one import cell"
    for cell in cells[2:]:
        tree = ast.parse(cell.source)
        assert not any(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body), "imports only in the import cell"
        bad = [type(n).__name__ for n in ast.walk(tree) if isinstance(n, FORBIDDEN)]
        assert not bad, f"{path.name}: {bad} in {cell.source!r}"
        assert len(cell.source.splitlines()) <= MAX_LINES, f"{path.name}: long cell {cell.source!r}"
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)):
            assert call.func.id in ("display", "show") or call.func.id in {
                a.asname or a.name for s in imports for a in s.names
            }, f"{path.name}: {call.func.id}() is not from gns_lib"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in code_cells(nb):
        assert cell.outputs == [] and cell.execution_count is None


# --- executed with papermill on a fixture folder -------------------------------------------------


def _base_with(name: str, *lines: str) -> str:
    """The base fixture's `name` with `lines` appended."""
    return "\n".join([textwrap.dedent(BASE_FILES[name]).strip(), *lines])


# The base committee with a hostile party name and a projekt P split equally (lika) between R and A.
FIXTURE = {
    "parter.csv": BASE_FILES["parter.csv"].replace("Testby kommun", "Testby <kommun>"),
    "objekt.csv": _base_with("objekt.csv", "P;Projektet;projekt;lika;alla"),
    "budget.csv": _base_with("budget.csv", "2018;P;6010;30001"),
    "utfall.csv": _base_with("utfall.csv", "201809;6010;P;40001;Konsult"),
}


def test_fixture_has_the_hostile_party_name():
    assert "A;Testby <kommun>;212000-0001;kommun;2017-01-01;" in FIXTURE["parter.csv"]


def texts_of(nb) -> str:
    return "\n".join(html.unescape(o.get("data", {}).get("text/html", "")) for c in code_cells(nb) for o in c.get("outputs", []))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    import papermill

    data = write_folder(tmp_path_factory.mktemp("nbdata"), FIXTURE)
    out = tmp_path_factory.mktemp("nbout")
    done = {}
    for path in NOTEBOOKS:
        params = {"year": 2018, "data_dir": str(data)}
        if path.stem in ("04_partsrapport", "07_budgetunderlag"):
            params["part"] = "A"
        if path.stem == "05_utforska":
            params.update(objekt="P", rad="Övriga kostnader")
        target = out / path.name
        papermill.execute_notebook(str(path), str(target), parameters=params, kernel_name="python3",
                                   cwd=str(path.parent), progress_bar=False, execution_timeout=120)
        done[path.stem] = nbformat.read(target, as_version=4)
    return done


NB = "\u00a0"


@pytest.mark.slow
def test_arsanalys_figures(executed):
    rows = rows_of(executed["01_arsanalys"])
    assert ["U", "Uppdraget", "0", "0", "0", "5", "+5", "–"] in rows
    assert ["P", "Projektet", "−30", "0", "−30", "−40", "−10", "−33,3\u00a0%"] in rows
    assert ["Utgående reserv", "80"] in rows  # 0 + 200 000 − 120 000
    assert ["Region Test", "12", f"100{NB}000"] in rows  # names for people, not party codes
    # the project's 40 001 kr split equally: the odd krona to the party first in parter.csv
    assert ["Region Test", "1 andel (2018; lika delar)", "50,0\u00a0%", f"15{NB}001", f"20{NB}001", f"+5{NB}000"] in rows
    assert ["Testby <kommun>", "1 andel (2018; lika delar)", "50,0\u00a0%", f"15{NB}000", f"20{NB}000", f"+5{NB}000"] in rows
    assert ["Summa", "", "100,0\u00a0%", f"30{NB}001", f"40{NB}001", f"+10{NB}000"] in rows
    assert ["Summa", f"230{NB}001", f"240{NB}001", f"+10{NB}000"] in rows


@pytest.mark.slow
def test_avvikelser_text(executed):
    text = texts_of(executed["02_avvikelser"])
    assert "Utfall mot budget för år 2018 är −5" in text.replace(NB, " ")
    assert "Kommentar saknas" in text  # P is 10 tkr worse, 33 %: material by per cent, unexplained


@pytest.mark.slow
def test_nettokostnad_figures(executed):
    rows = rows_of(executed["03_nettokostnadsutveckling"])
    assert any(r[:2] == ["2018", "155"] for r in rows)  # 120 000 + 45 000 + 40 001 − 50 000


@pytest.mark.slow
def test_partsrapport_figures(executed):
    nb = executed["04_partsrapport"]
    rows = rows_of(nb)
    assert ["Summa", "", "", "", "–", f"115{NB}000", f"120{NB}000", f"+5{NB}000"] in rows
    assert "Testby &lt;kommun&gt;" in "".join(o.get("data", {}).get("text/html", "") for c in code_cells(nb) for o in c.get("outputs", []))



@pytest.mark.slow
def test_budget_figures(executed):
    nb = executed["06_budget"]
    rows = rows_of(nb)
    assert ["Personalkostnader", "5010", f"150{NB}000"] in rows  # no [kostnadsslag]: the kontoplan row
    assert ["Totalt", "", f"150{NB}000"] in rows
    assert ["A", "Testby <kommun>", f"1 andel (2018; lika delar)", f"50,0{NB}%", f"15{NB}000"] in rows
    assert ["A", "Testby <kommun>", f"100{NB}000", f"15{NB}000", f"115{NB}000"] in rows
    text = texts_of(nb)
    assert f"Varje part bidrar med 100{NB}000{NB}kr, totalt 200{NB}000{NB}kr (2 parter)." in text
    assert "Testby &lt;kommun&gt;" in "".join(o.get("data", {}).get("text/html", "") for c in code_cells(nb) for o in c.get("outputs", []))


@pytest.mark.slow
def test_budgetunderlag_figures(executed):
    rows = rows_of(executed["07_budgetunderlag"])
    assert ["Grundbidrag", "N Nämnden", "", "", "–", f"100{NB}000"] in rows
    assert ["Projekt", "P Projektet", "lika", "1 andel (2018; lika delar)", f"50,0{NB}%", f"15{NB}000"] in rows
    assert ["Att budgetera", "", "", "", "–", f"115{NB}000"] in rows


@pytest.mark.slow
def test_utforska_walks_down_to_the_rows(executed):
    nb = executed["05_utforska"]
    text = texts_of(nb).replace(NB, " ")
    assert "Utfall 2018, objekt P, rad Övriga kostnader</strong>: 1 rad, summa −40 001,00 kr" in text
    assert "Budget 2018, objekt P, rad Övriga kostnader</strong>: 1 rad, summa −30 001,00 kr" in text
    rows = rows_of(nb)
    assert ["Övriga kostnader", "6010", "−30", "0", "−30", "−40", "−10", "−33,3\u00a0%"] in rows
    assert ["Resultat", "", "−30", "0", "−30", "−40", "−10", "−33,3\u00a0%"] in rows
    assert not [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]


def test_utforska_is_not_in_the_annual_report():
    from gns_lib.report.batch import PARTY_NOTEBOOK, YEAR_NOTEBOOKS

    assert "05_utforska" not in (*YEAR_NOTEBOOKS, PARTY_NOTEBOOK)
    assert (ROOT / "notebooks" / "05_utforska.ipynb").exists()


def test_every_section_says_what_it_shows():
    """After each `## ` heading of notebooks 01–05 there is a sentence telling what the table shows."""
    for path in (p for p in NOTEBOOKS if p.stem[:2] in ("01", "02", "03", "04", "05")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and cell.source.startswith("## "):
                body = cell.source.split("\n", 1)[1].strip() if "\n" in cell.source else ""
                assert body.endswith(".") and len(body) > 40, f"{path.name}: {cell.source!r}"


@pytest.mark.slow
def test_every_notebook_runs_with_its_defaults(tmp_path):
    """Opened as they are (year 2018, data_dir "../data"), as the ekonom does in JupyterLab."""
    from gns_lib.report.result import NotebookJob
    from gns_lib.report.runner import run_notebooks

    jobs = [NotebookJob(p.stem, p, tmp_path / p.name) for p in NOTEBOOKS]
    results = run_notebooks(jobs, cwd=ROOT / "notebooks", progress=None)
    assert [r.message() for r in results if not r.ok] == []
    done = {p.stem: nbformat.read(tmp_path / p.name, as_version=4) for p in NOTEBOOKS}
    assert ["6663", "Serverdrift Åre kommun", "0", "0", "0", "13", "+13", "–"] in rows_of(done["01_arsanalys"])
    assert "Utfall mot budget för år 2018 är +13\u00a0tkr." in texts_of(done["02_avvikelser"])
    assert any(r[0] == "2018" and r[-1] == "ej jämförbar: 2017 var ett uppstartsår" for r in rows_of(done["03_nettokostnadsutveckling"]))
    assert ["Grundbidrag", "6660 Gemensam nämnd samverkan"] == rows_of(done["04_partsrapport"])[1][:2]
    assert ["Totalt", "", f"790{NB}000"] in rows_of(done["06_budget"])
    assert ["Att budgetera", "", "", "", "–", f"371{NB}665"] in rows_of(done["07_budgetunderlag"])
