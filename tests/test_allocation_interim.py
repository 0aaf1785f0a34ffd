"""Tests for gns_lib.allocation.interim: before the year has ended there is no final split and nothing to settle."""

from __future__ import annotations

from conftest import BASE_FILES
from gns_lib.allocation.interim import allocate_through
from gns_lib.cli.main import main
from gns_lib.data.loader import load_dataset

FILES = {
    "objekt.csv": BASE_FILES["objekt.csv"].rstrip() + "\n        P;Projektet;projekt;lika;alla\n",
    "budget.csv": BASE_FILES["budget.csv"].rstrip() + "\n        2018;P;6010;30000\n",
    "utfall.csv": BASE_FILES["utfall.csv"].rstrip() + "\n        201803;6010;P;40000;Konsult\n",
}


def test_the_final_split_waits_for_the_year_end(make_data):
    ds = load_dataset(make_data(FILES))
    p = allocate_through(ds, 2018, "2018-03").projects[0]
    assert p.final is None and [s.share_ore for s in p.preliminary.shares] == [1_500_000, 1_500_000]
    assert [s.difference_ore for s in p.settlements()] == [None, None]
    whole = allocate_through(ds, 2018).projects[0]  # booked through December: the whole year
    assert [s.difference_ore for s in whole.settlements()] == [500_000, 500_000]


def test_cli_says_the_period_first_and_writes_to_its_folder(make_data, tmp_path, capsys):
    out = tmp_path / "ut"
    assert main(["allocate", "--year", "2018", "--through", "2018-03", "--data", str(make_data(FILES)), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("Utfall till och med mars 2018: ingen slutreglering före årets slut "
                        "(bara grundbidrag och preliminär fördelning).")
    assert sorted(p.name for p in (out / "2018-03").iterdir()) == ["fakturaunderlag_2018.csv", "fakturaunderlag_2018.xlsx"]
