"""`gns plan` end to end on the example data: the verksamhetsplan 2018 figure for figure, 2019's budgetunderlag, what-if."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest

from conftest import DATA
from gns_lib.cli.main import main
from gns_lib.report.html_checks import external_urls

pytestmark = pytest.mark.slow
NB = "\u00a0"


def rows(path: Path) -> list[list[str]]:
    page = path.read_text(encoding="utf-8")
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)]


def sentences(path: Path) -> list[str]:
    page = path.read_text(encoding="utf-8")
    return [html.unescape(p) for p in re.findall(r'<p class="gns-text">(.*?)</p>', page, flags=re.S)]


@pytest.fixture(scope="module")
def plan_2018(tmp_path_factory):
    out = tmp_path_factory.mktemp("ut")
    assert main(["plan", "--year", "2018", "--data", str(DATA), "--out", str(out), "--jobs", "2"]) == 0
    return out / "plan-2018"


@pytest.fixture(scope="module")
def plan_2019(tmp_path_factory):
    out = tmp_path_factory.mktemp("ut")
    assert main(["plan", "--year", "2019", "--data", str(DATA), "--out", str(out), "--jobs", "2",
                 "--ansluter", "nyby;2019-07-01;namn=Nyby kommun;budgetomslutning=900000000;elevantal=700;projekt=6672"]) == 0
    assert main(["allocate", "--year", "2019", "--data", str(DATA), "--out", str(out)]) == 0
    return out


def test_2018_reproduces_the_verksamhetsplans_ekonomi_chapter(plan_2018):
    page = plan_2018 / "verksamhetsplan_2018_ekonomi.html"
    table = rows(page)
    start = table.index(["Kostnadsslag", "Konton", "Budget, kr"])
    assert table[start + 1:start + 5] == [
        ["Administration och omkostnader för nämnden", "7690", f"45{NB}000"],
        ["Personalkostnader", "5011, 5510", f"675{NB}000"],
        ["Initiala kostnader", "4520", f"70{NB}000"],
        ["Totalt", "", f"790{NB}000"],
    ]
    text = sentences(page)
    assert "Den gemensamma nämnden har för år 2018 följande budget, beräknat från 1 april 2018." in text
    assert f"Varje part bidrar med 101{NB}600{NB}kr, totalt 914{NB}400{NB}kr (9 parter)." in text
    assert ("I enlighet med samarbetsöverenskommelsen balanseras uppkomna över- och underskott inom nämnden till "
            "efterföljande år.") in text
    assert ["Summa", "", f"914{NB}400"] in table  # the base contributions, 9 parties (named, no code column)


def test_2018_writes_every_file_offline_and_marks_completion(plan_2018):
    names = {p.relative_to(plan_2018).as_posix() for p in plan_2018.rglob("*") if p.is_file()}
    assert {"verksamhetsplan_2018_ekonomi.html", "budgetunderlag_2018.csv", "budgetunderlag_2018.xlsx", "KLAR.json",
            "budgetunderlag/region.html", "budgetunderlag/harjedalen.html"} <= names
    assert set(json.loads((plan_2018 / "KLAR.json").read_text(encoding="utf-8"))["files"]) == names - {"KLAR.json"}
    for page in plan_2018.rglob("*.html"):
        assert external_urls(page.read_text(encoding="utf-8")) == [], page
    assert not list(plan_2018.parent.glob(".plan-2018*"))  # no build folder left behind


def test_2019_budgetunderlag_equals_the_fakturaunderlags_preliminary_shares(plan_2019):
    def read(path: Path) -> list[dict]:
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))

    basis = {(r["part"], r["objekt"]): r["belopp"] for r in read(plan_2019 / "plan-2019" / "budgetunderlag_2019.csv")
             if r["post"] == "projekt"}
    invoiced = {(r["part"], r["objekt"]): r["preliminärt"] for r in read(plan_2019 / "2019" / "fakturaunderlag_2019.csv")
                if r["objekt"] in {o for _, o in basis}}
    assert basis == invoiced and len(basis) == 22
    krokom = rows(plan_2019 / "plan-2019" / "budgetunderlag" / "krokom.html")
    assert ["Att budgetera", "", "", "", "–", f"296{NB}000"] in krokom


def test_2019_what_if_shows_every_partys_change(plan_2019):
    table = rows(plan_2019 / "plan-2019" / "verksamhetsplan_2019_ekonomi.html")
    start = table.index(["Part", "Namn", "Före, kr", "Efter, kr", "Skillnad, kr"])
    changes = table[start + 1:start + 12]
    assert [r[0] for r in changes] == ["region", "are", "ostersund", "krokom", "berg", "ragunda", "stromsund",
                                       "bracke", "harjedalen", "nyby", ""]
    assert all(r[4].startswith("−") for r in changes[:9])
    assert changes[9] == ["nyby", "Nyby kommun", "0", f"148{NB}945", f"+148{NB}945"]
    assert changes[10] == ["", "Summa", f"2{NB}214{NB}400", f"2{NB}316{NB}000", f"+101{NB}600"]


def test_a_failed_run_keeps_the_last_good_plan_and_reads_the_data_only(tmp_path):
    import shutil

    from conftest import ROOT, write_folder
    from gns_lib.report.plan import run_plan

    data = write_folder(tmp_path / "data", {})
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    for name in ("06_budget", "07_budgetunderlag"):
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", notebooks)
    out = tmp_path / "ut"
    good = run_plan(data, 2018, out, jobs=2, notebook_dir=notebooks, progress=lambda line: None)
    assert good.ok and good.folder == out / "plan-2018"
    page = (out / "plan-2018" / "verksamhetsplan_2018_ekonomi.html").read_bytes()
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "fel.ipynb", notebooks / "06_budget.ipynb")
    bad = run_plan(data, 2018, out, jobs=2, notebook_dir=notebooks, progress=lambda line: None)
    assert not bad.ok and bad.folder == out / "plan-2018.misslyckad"
    assert any("06_budget misslyckades i cell 4" in p and "avsiktligt fel" in p for p in bad.problems)
    assert (out / "plan-2018" / "verksamhetsplan_2018_ekonomi.html").read_bytes() == page
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before
