"""The report batch end to end: real data, failures that lose nothing, escaping, offline HTML, size."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from plotly.offline import get_plotlyjs_version

from browsing import open_offline
from conftest import DATA, ROOT, write_folder
from html_tables import page_sentences, page_text, row_of, table_headed, tables_of
from gns_lib.report.batch import NOTEBOOK_DIR, run_report
from gns_lib.cli.main import main
from gns_lib.core.errors import ReportError
from gns_lib.mail.sendlog import SendLog
from gns_lib.report import plotlyjs
from gns_lib.report.html_checks import external_urls
from gns_lib.report.html import chart_count

pytestmark = pytest.mark.slow
NB = "\u00a0"


@pytest.fixture(scope="module")
def report_2018(tmp_path_factory):
    out = tmp_path_factory.mktemp("ut")
    assert main(["report", "--year", "2018", "--data", str(DATA), "--out", str(out)]) == 0
    return out / "2018"


def test_2018_annual_report_shows_the_documents_figures(report_2018):
    page = report_2018 / "arsbokslut_2018.html"
    sentences = page_sentences(page)
    assert f"Utfall mot budget för år 2018 är +13{NB}tkr." in sentences
    assert (f"Bidragen från parterna uppgick till 914,4{NB}tkr från 9 parter, därav reserveras ca 745{NB}tkr "
            "till 2019.") in sentences
    assert (f"Nämndens reserv (balanserat resultat) var 0{NB}tkr vid årets början och är 745{NB}tkr vid årets slut, "
            "som förs över till 2019.") in sentences
    assert "2017 var ett uppstartsår, varför nettokostnadsutvecklingen inte kan beräknas." in sentences
    tables = tables_of(page.read_text(encoding="utf-8"))
    objects = table_headed(tables, "Objekt", "Namn", "Budget, tkr")
    assert row_of(objects, "6663") == ["6663", "Serverdrift Åre kommun", "0", "0", "0", "13", "+13", "–"]
    assert row_of(objects, "", "Summa") == ["", "Summa", "0", "0", "0", "13", "+13", "–"]
    reserve = table_headed(tables, "", "2017, tkr", "2018, tkr")
    assert reserve[1:] == [["Ingående reserv", "0", "0"], ["Bidrag från parter", "0", "914"],
                           ["Nämndens kostnader", "0", "\u2212170"], ["Utgående reserv", "0", "745"]]


def test_2018_writes_every_output(report_2018):
    names = {str(p.relative_to(report_2018)) for p in report_2018.rglob("*") if p.is_file()}
    assert {"arsbokslut_2018.html", "01_arsanalys.html", "02_avvikelser.html", "03_nettokostnadsutveckling.html",
            "nyckeltal.json", "KLAR.json", "fakturaunderlag_2018.csv", "fakturaunderlag_2018.xlsx",
            "notebooks/01_arsanalys.ipynb", "tabeller/resultat_per_objekt.csv", "tabeller/reserv.csv"} <= names
    assert {f"parter/{p}.html" for p in ("region", "are", "bracke", "harjedalen")} <= names
    reserve = (report_2018 / "tabeller" / "reserv.csv").read_text(encoding="utf-8-sig").splitlines()
    assert reserve[-1] == "Utgående reserv;0,00;744800,00"


PAGE_LIMIT = 1_500_000  # bytes: bar and line charts only, so the basic plotly.js bundle (1,2 MB) and the page fit


def test_no_external_url_and_size_within_limit(report_2018):
    # One limit wherever it runs: the vendored basic bundle must be the plotly.js the installed plotly writes
    # (otherwise every page embeds the full 4,8 MB plotly.js: update gns_lib/report/vendor/).
    assert plotlyjs._basic()[0] == get_plotlyjs_version()
    for page in report_2018.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert external_urls(text) == [], page
        assert len(text.encode("utf-8")) <= PAGE_LIMIT, page
        assert text.count("Plotly.newPlot") <= 1 or "plotly" not in text


@pytest.mark.browser
def test_every_chart_of_the_annual_report_is_drawn_offline(browser, report_2018):
    path = report_2018 / "arsbokslut_2018.html"
    figures = sum(chart_count(nbformat.read(p, as_version=4)) for p in sorted((report_2018 / "notebooks").glob("0*.ipynb")))
    page, attempts, console, dialogs = open_offline(browser, path)
    try:
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=figures)
        assert figures == 7  # 2018 has no net-cost contributions (start-up year): that chart is a sentence instead
        assert page.locator(".js-plotly-plot").count() == figures
        for i in range(figures):
            assert page.locator(".js-plotly-plot").nth(i).locator("svg.main-svg").count() >= 1
        assert attempts == [path.as_uri()]
        assert [m for m in console if m[0] in ("error", "pageerror", "warning")] == []
        assert dialogs == []
    finally:
        page.close()


def test_party_reports_equal_the_invoicing_file(tmp_path):
    out = tmp_path / "ut"
    assert main(["report", "--year", "2019", "--data", str(DATA), "--out", str(out)]) == 0
    year = out / "2019"
    rows = list(csv.DictReader(io.StringIO((year / "fakturaunderlag_2019.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    parts = {r["part"] for r in rows}
    assert len(parts) == 9
    for part in parts:
        statement = table_headed(tables_of((year / "parter" / f"{part}.html").read_text(encoding="utf-8")), "Post", "Objekt")
        mine = [r for r in rows if r["part"] == part]
        assert len(statement) == 1 + len(mine) + 1  # header, one row per invoicing row, Summa
        for r in mine:
            cells = next(c for c in statement if c[1] == f"{r['objekt']} {r['objektnamn']}")
            # the invoicing file has exact kronor with decimal comma; the report shows whole kronor
            assert cells[-3:] == [whole_kronor(r["preliminärt"]), whole_kronor(r["slutligt"]),
                                  whole_kronor(r["att_fakturera"], signed=True)], (part, r["objekt"])
    are = table_headed(tables_of((year / "parter" / "are.html").read_text(encoding="utf-8")), "Post", "Objekt")
    assert are[2][1] == "6671 LINK2 införande" and are[2][-3:] == [f"36{NB}552", f"35{NB}345", f"\u22121{NB}207"]


def whole_kronor(value: str, signed: bool = False) -> str:
    """An invoicing-file amount ("-1207,00") as the report shows it ("−1 207"; signed: "+3 109", "±0")."""
    assert value.endswith(",00"), value
    n = int(value[:-3])
    shown = f"{abs(n):,}".replace(",", NB)
    if n < 0:
        return "\u2212" + shown
    if signed:
        return "+" + shown if n > 0 else "±0"
    return shown


# --- failures lose nothing ---------------------------------------------------------------------

SMALL = {
    "objekt.csv": "objekt;namn;typ;nyckel;deltagare\nN;Nämnden <script>alert(1)</script>;nämnd;;\nU;Uppdraget;uppdrag;;\n",
    "kommentarer/2018.md": "## U\nFörklaring <img src=x onerror=alert(1)> med **fetstil**.\n",
}


def broken_notebooks(tmp_path: Path, name: str, source: str) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, folder)
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def test_a_failing_notebook_keeps_the_previous_report(tmp_path, capsys):
    data = write_folder(tmp_path / "data", SMALL)
    out = tmp_path / "ut"
    first = run_report(data, 2018, out, progress=lambda line: None)
    assert first.ok
    before = {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()}
    notebooks = broken_notebooks(tmp_path, "02_avvikelser", 'raise ValueError("planterat fel")')
    second = run_report(data, 2018, out, notebook_dir=notebooks, progress=lambda line: None)
    assert not second.ok
    assert {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()} == before
    failed = out / "2018.misslyckad"
    assert second.folder == failed
    assert [r.name for r in second.results if not r.ok] == ["02_avvikelser"]
    assert all(r.ok for r in second.results if r.name != "02_avvikelser")
    assert (failed / "notebooks" / "02_avvikelser.ipynb").exists() and (failed / "02_avvikelser.html").exists()
    assert "ValueError" in second.problems[0] and "planterat fel" in second.problems[0]
    assert "02_avvikelser" in second.problems[0] and "cell" in second.problems[0]
    assert "planterat fel" in page_text(failed / "02_avvikelser.html")
    assert not (failed / "KLAR.json").exists()


def test_a_cell_time_out_is_a_failure(tmp_path):
    data = write_folder(tmp_path / "data", SMALL)
    notebooks = broken_notebooks(tmp_path, "03_nettokostnadsutveckling", "import time\ntime.sleep(600)")
    # 20 s: far above any real cell of the small committee, even the import cell on a loaded machine
    run = run_report(data, 2018, tmp_path / "ut", notebook_dir=notebooks, cell_timeout=20, progress=lambda line: None)
    assert not run.ok
    (bad,) = [r for r in run.results if not r.ok]
    assert bad.name == "03_nettokostnadsutveckling" and bad.kind == "cell_timeout"
    assert not (tmp_path / "ut" / "2018").exists()


HOSTILE_PARTY = '=HYPERLINK("http://evil.example","Alby")'
HOSTILE = {
    **SMALL,
    "parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\n"
                  "R;Region Test;232100-0016;region;2017-01-01;\n"
                  'A;"=HYPERLINK(""http://evil.example"",""Alby"")";212000-0001;kommun;2017-01-01;\n',
}


def test_hostile_strings_come_out_inert(tmp_path):
    data = write_folder(tmp_path / "data", HOSTILE)
    run = run_report(data, 2018, tmp_path / "ut", progress=lambda line: None)
    assert run.ok, run.problems  # a name with an address in a chart label is inert text, not refused
    party = page_text(tmp_path / "ut" / "2018" / "parter" / "A.html")
    assert HOSTILE_PARTY in party
    for page in (tmp_path / "ut" / "2018").rglob("*.html"):
        markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "<script" not in markup, page  # the only scripts are ours (plotly.js, chart data, start-up)
        assert not re.search(r"<[^>]*\bon[a-z]+\s*=", markup), page  # no event handler attribute anywhere
        assert "<img" not in markup, page
    page = tmp_path / "ut" / "2018" / "arsbokslut_2018.html"
    objects = table_headed(tables_of(page.read_text(encoding="utf-8")), "Objekt", "Namn", "Budget, tkr")
    assert row_of(objects, "N")[1] == "Nämnden <script>alert(1)</script>"  # shown as text, not run
    markup = (tmp_path / "ut" / "2018" / "arsbokslut_2018.html").read_text(encoding="utf-8")
    assert "Förklaring &lt;img src=x onerror=alert(1)&gt; med <strong>fetstil</strong>." in markup  # Markdown kept


def test_the_size_limit_fails_the_run(tmp_path):
    data = write_folder(tmp_path / "data", SMALL)
    run = run_report(data, 2018, tmp_path / "ut", max_bytes=100_000, progress=lambda line: None)
    assert not run.ok
    assert any("arsbokslut_2018.html: filen är" in p and "gränsen är" in p for p in run.problems)


def test_strict_fails_before_running_when_a_comment_is_missing(tmp_path, capsys):
    data = write_folder(tmp_path / "data", {"kommentarer/2018.md": "## Sammanfattning\nInget.\n"})
    with pytest.raises(ReportError, match="Kommentar saknas"):
        run_report(data, 2018, tmp_path / "ut", strict=True, progress=lambda line: None)
    assert not (tmp_path / "ut").exists()
    assert main(["report", "--year", "2018", "--data", str(data), "--out", str(tmp_path / "ut"), "--strict"]) == 1


def test_invalid_data_runs_nothing(tmp_path, capsys):
    data = write_folder(tmp_path / "data", {"budget.csv": "ar;objekt;konto;belopp\n2018;X;5010;5\n"})
    assert main(["report", "--year", "2018", "--data", str(data), "--out", str(tmp_path / "ut")]) == 1
    assert "budget.csv:2:objekt: okänt objekt 'X'" in capsys.readouterr().err
    assert not (tmp_path / "ut").exists()


def test_a_new_run_keeps_the_send_log_and_waits_for_a_sending_run(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "data", SMALL)
    out = tmp_path / "ut"
    assert run_report(data, 2018, out, progress=lambda line: None).ok
    log = out / "2018" / "mail" / "skickat.csv"
    log.parent.mkdir()
    log.write_text("mottagare;epost;tid;message_id;resultat\nKim;kim@test.example;t;<m@x>;skickat\n", encoding="utf-8")
    assert run_report(data, 2018, out, progress=lambda line: None).ok
    assert log.read_text(encoding="utf-8").endswith("<m@x>;skickat\n")
    assert "mail/skickat.csv" not in (out / "2018" / "KLAR.json").read_text(encoding="utf-8")
    # a `gns mail --send` holds the log past the wait: the run does not swap, so no row is lost
    before = {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()}
    monkeypatch.setattr("gns_lib.report.batch.SEND_LOG_WAIT", 0.3)
    with SendLog(log):
        with pytest.raises(ReportError, match="skickat.csv används av gns mail --send sedan mer än 0 s"):
            run_report(data, 2018, out, progress=lambda line: None)
    assert {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()} == before


def test_an_unexpected_error_keeps_the_previous_report_and_the_partial_build(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "data", SMALL)
    out = tmp_path / "ut"
    assert run_report(data, 2018, out, progress=lambda line: None).ok
    before = {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()}

    def disk_full(*args, **kwargs):
        raise OSError("disken är full")

    monkeypatch.setattr("gns_lib.report.batch._write_outputs", disk_full)
    with pytest.raises(ReportError, match="rapportkörningen avbröts \\(OSError: disken är full\\)"):
        run_report(data, 2018, out, progress=lambda line: None)
    assert {p: p.read_bytes() for p in (out / "2018").rglob("*") if p.is_file()} == before
    assert (out / "2018.misslyckad" / "notebooks" / "01_arsanalys.ipynb").exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no hidden build folder left


def test_a_swap_interrupted_half_way_is_repaired(tmp_path):
    from gns_lib.report.files import restore_interrupted_swap

    stranded = tmp_path / ".2018.gammal-x1"
    stranded.mkdir()
    (stranded / "arsbokslut_2018.html").write_text("förra", encoding="utf-8")
    restore_interrupted_swap(tmp_path / "2018")
    assert (tmp_path / "2018" / "arsbokslut_2018.html").read_text(encoding="utf-8") == "förra"
    assert not stranded.exists()


def test_a_relative_out_folder_as_make_report_uses(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "data", SMALL)
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--year", "2018", "--data", "data", "--out", "outputs"]) == 0
    marker = (tmp_path / "outputs" / "2018" / "KLAR.json").read_text(encoding="utf-8")
    assert '"arsbokslut_2018.html"' in marker and '"parter/A.html"' in marker


def test_every_notebook_reads_the_data_the_run_validated(tmp_path, monkeypatch):
    """The party files change once the run has validated them: the kernels still show the validated names."""
    from gns_lib.allocation import shared_year

    data = write_folder(tmp_path / "data", SMALL)
    original = shared_year.write_shared

    shared_keys = []

    def then_edit(folder, ds, results):
        shared_keys.extend(results)
        written = original(folder, ds, results)
        parties = data / "parter.csv"
        parties.write_text(parties.read_text(encoding="utf-8").replace("Testby kommun", "Ändrad kommun"), encoding="utf-8")
        return written

    monkeypatch.setattr(shared_year, "write_shared", then_edit)
    run = run_report(data, 2018, tmp_path / "ut", progress=lambda line: None)
    assert run.ok, run.problems
    page = (run.folder / "parter" / "A.html").read_text(encoding="utf-8")
    heading = re.search(r'<div class="gns-html"><h2>(.*?)</h2>', page)  # the party's name, from the kernel
    assert heading.group(1) == "Testby kommun"
    assert not (run.folder / shared_year.FOLDER).exists()
    assert shared_year.FOLDER not in (run.folder / "KLAR.json").read_text(encoding="utf-8")
    # the analysis and allocation are shared under the period the notebooks are run for
    injected = next(c for c in nbformat.read(run.folder / "notebooks" / "01_arsanalys.ipynb", 4).cells
                    if "injected-parameters" in c.metadata.get("tags", []))
    scope = {}
    exec(injected.source, scope)
    assert sorted(shared_keys) == [("analys", 2018, scope["through"]), ("fordelning", 2018, scope["through"])]
    assert scope["through"] == "2018-12"
