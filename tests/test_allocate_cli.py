"""`gns allocate` and the allocation key figures on the example committee in data/."""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from decimal import Decimal

import openpyxl
import pytest
from conftest import DATA

from gns_lib.allocation.year import allocate_year
from gns_lib.present.allocation_figures import allocation_key_figures
from gns_lib.cli.main import main
from gns_lib.data.loader import load_dataset
from gns_lib.mail.marker import read_completion_marker, read_verified, write_completion_marker
from gns_lib.allocation.statements import check_balance, committee_totals, party_statements

PARTS = ("region", "are", "ostersund", "krokom", "berg", "ragunda", "stromsund", "bracke", "harjedalen")
KOMMUNER = PARTS[1:]


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def kr(values: dict[str, int]) -> dict[str, str]:
    return {p: f"{v}.00" for p, v in values.items()}


def test_figures_2018_base_funding_is_101_600_for_each_of_the_nine_parties(ds):
    fig = allocation_key_figures(ds, 2018)
    assert fig == {"base_funding": {"total": "914400.00", "per_party": {p: "101600.00" for p in PARTS}},
                   "allocations": {}}


def test_figures_2019_split_link2_zappa_and_dataskyddsombud_exactly(ds):
    fig = allocation_key_figures(ds, 2019)
    assert fig["base_funding"]["total"] == "914400.00"
    link2, zappa, dso = (fig["allocations"][o] for o in ("6671", "6672", "6673"))
    assert list(fig["allocations"]) == ["6671", "6672", "6673"]
    # LINK2, budgetomslutning 2017 for all nine; outcome 638 212,50 kr rounds half-up to 638 213 kr
    assert link2 == {
        "key": "budgetomslutning",
        "total": "638213.00",
        "shares": kr(dict(zip(PARTS, (261150, 35345, 166696, 41497, 22934, 18539, 36320, 21598, 34134)))),
        "preliminary_total": "660000.00",
        "preliminary_shares": kr(dict(zip(PARTS, (270065, 36552, 172387, 42913, 23717, 19172, 37559, 22336, 35299)))),
    }
    # Zappa, elevantal of the eight kommuner: 15 October 2018 (final) and 2017 (preliminary)
    assert zappa == {
        "key": "elevantal",
        "total": "268960.00",
        "shares": kr(dict(zip(KOMMUNER, (25486, 132425, 35452, 13916, 10487, 20674, 11751, 18769)))),
        "preliminary_total": "240000.00",
        "preliminary_shares": kr(dict(zip(KOMMUNER, (22377, 117704, 31487, 12436, 9345, 18906, 10718, 17027)))),
    }
    # Dataskyddsombud, köp/sälj 120 000 : 80 000 : 60 000 : 80 000 : 60 000
    dso_parts = ("krokom", "berg", "ragunda", "stromsund", "bracke")
    assert dso == {
        "key": "kop_salj",
        "total": "338400.00",
        "shares": kr(dict(zip(dso_parts, (101520, 67680, 50760, 67680, 50760)))),
        "preliminary_total": "400000.00",
        "preliminary_shares": kr(dict(zip(dso_parts, (120000, 80000, 60000, 80000, 60000)))),
    }


def test_2019_statements_add_up_to_the_committee_totals(ds):
    alloc = allocate_year(ds, 2019)
    statements = party_statements(ds, alloc)
    assert check_balance(statements, committee_totals(alloc)).ok
    assert sum(s.final_ore for s in statements) == 91440000 + 63821300 + 26896000 + 33840000
    assert sum(s.difference_ore for s in statements) == -5442700  # −21 787 + 28 960 − 61 600 kr
    assert next(pa for pa in alloc.projects if pa.obj.objekt == "6671").final.amount.avrundning_ore == 50


def test_gns_allocate_2019_prints_the_summary_and_writes_both_files(tmp_path, capsys):
    assert main(["allocate", "--year", "2019", "--data", str(DATA), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Fördelning 2019 – Gemensam nämnd för samverkan")
    summa = next(ln for ln in lines if ln.startswith("Summa"))
    assert re.split(" +", summa) == ["Summa", "914\u00a0400", "638\u00a0213", "268\u00a0960", "338\u00a0400",
                                     "2\u00a0214\u00a0400", "2\u00a0159\u00a0973", "\u221254\u00a0427"]
    krokom = next(ln for ln in lines if ln.startswith("krokom"))
    assert re.split(" +", krokom) == ["krokom", "101\u00a0600", "41\u00a0497", "35\u00a0452", "101\u00a0520",
                                      "296\u00a0000", "280\u00a0069", "\u221215\u00a0931"]
    assert "Kontroll: partsavräkningarna summerar exakt till nämndens totaler." in lines
    xlsx = tmp_path / "2019" / "fakturaunderlag_2019.xlsx"
    csv_path = tmp_path / "2019" / "fakturaunderlag_2019.csv"
    assert f"Skrev {xlsx}" in lines and f"Skrev {csv_path}" in lines

    records = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert len(records) == 1 + 9 + 9 + 8 + 5  # header, grundbidrag, LINK2, Zappa, Dataskyddsombud
    krokom_dso = next(r for r in records if r[0] == "krokom" and r[3] == "6673")
    assert krokom_dso[4:6] == ["Dataskyddsombud", "kop_salj"]
    assert krokom_dso[7:] == ["30,0000", "120000,00", "101520,00", "-18480,00"]

    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Fakturaunderlag"]
    assert ws.max_row == 32
    total = sum(Decimal(str(ws.cell(i, 11).value)) for i in range(2, ws.max_row + 1))
    assert total == Decimal("-54427")
    assert all(c.data_type != "f" for s in wb.worksheets for line in s.iter_rows() for c in line)
    prov = wb["Underlag för nycklar"]
    assert prov.max_row == 1 + 2 * (9 + 8 + 5)


def test_a_failed_run_leaves_the_previous_files_whole(tmp_path, capsys):
    assert main(["allocate", "--year", "2019", "--data", str(DATA), "--out", str(tmp_path / "ut")]) == 0
    folder = tmp_path / "ut" / "2019"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    broken = tmp_path / "data"
    shutil.copytree(DATA, broken)
    elev = broken / "nycklar" / "elevantal.csv"
    elev.write_text("\n".join(ln for ln in elev.read_text(encoding="utf-8").splitlines()
                              if not ln.startswith("berg;2018")) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["allocate", "--year", "2019", "--data", str(broken), "--out", str(tmp_path / "ut")]) == 1
    err = capsys.readouterr().err
    assert "nycklar/elevantal.csv: vikt saknas för parten berg (Bergs kommun) per 2018-10-15" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_year_without_base_funding_says_so(tmp_path, capsys):
    assert main(["allocate", "--year", "2017", "--data", str(DATA), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Grundfinansiering för 2017 saknas i namnd.toml: inga grundbidrag." in out
    assert "Inga projekt att fördela 2017." in out
    assert "Inget att fakturera för 2017; inga filer skrevs." in out
    assert not (tmp_path / "2017").exists()


def test_the_year_is_asked_for_in_swedish(capsys):
    assert main(["allocate"]) == 2
    assert "ange fördelningsåret med --year" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["allocate", "--year", "nitton"])
    assert e.value.code == 2
    assert "ogiltigt år 'nitton'; väntade fyra siffror" in capsys.readouterr().err


def test_a_rerun_on_the_same_data_leaves_a_signed_report_folder_true(tmp_path, capsys):
    """gns report signs the folder in KLAR.json; gns allocate on the same data must not make those
    hashes stale, and on changed data it replaces the files and says the report is out of date."""
    out = tmp_path / "ut"
    assert main(["allocate", "--year", "2019", "--data", str(DATA), "--out", str(out)]) == 0
    folder = out / "2019"
    write_completion_marker(folder, 2019, [p.name for p in sorted(folder.iterdir())])
    marker, _ = read_completion_marker(folder, 2019)
    signed = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    time.sleep(1.1)  # the workbook's own save time would differ: it is not what is compared
    assert main(["allocate", "--year", "2019", "--data", str(DATA), "--out", str(out)]) == 0
    run = capsys.readouterr()
    assert f"Oförändrad: {folder / 'fakturaunderlag_2019.xlsx'} (samma innehåll, skrevs inte om)" in run.out.splitlines()
    assert f"Oförändrad: {folder / 'fakturaunderlag_2019.csv'} (samma innehåll, skrevs inte om)" in run.out.splitlines()
    assert "KLAR.json" not in run.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == signed
    assert all(read_verified(marker, folder, name)[1] is None for name in marker.files)

    changed = tmp_path / "data"
    shutil.copytree(DATA, changed)
    kop = changed / "nycklar" / "kop_salj.csv"
    kop.write_text(kop.read_text(encoding="utf-8").replace(";krokom;120000;", ";krokom;110000;"), encoding="utf-8")
    assert main(["allocate", "--year", "2019", "--data", str(changed), "--out", str(out)]) == 0
    run = capsys.readouterr()
    assert f"Skrev {folder / 'fakturaunderlag_2019.csv'}" in run.out.splitlines()
    assert run.err.strip() == (f"Obs: {folder / 'KLAR.json'} från gns report listar det tidigare fakturaunderlaget, "
                               "som nu har ersatts. Kör gns report --year 2019 igen så att rapporterna och "
                               "fakturaunderlaget bygger på samma data.")
    assert read_verified(marker, folder, "fakturaunderlag_2019.csv")[1].startswith("har ändrats efter körningen")
