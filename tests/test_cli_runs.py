"""Tests for gns_lib.cli.runs: the lines `gns report` and `gns plan` print when a run ends."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from gns_lib.cli.runs import print_failure, print_summary
from gns_lib.present.fmt import kr


def _run(ok: bool) -> SimpleNamespace:
    results = (SimpleNamespace(ok=True), SimpleNamespace(ok=ok))
    return SimpleNamespace(results=results, seconds=12.345, sizes={"b.html": 1_250_000, "a.html": 900},
                           folder=Path("ut/2018.misslyckad"), problems=("02 misslyckades", "storleken"))


def test_the_summary_counts_the_notebooks_and_lists_each_page_size(capsys):
    print_summary("Årsbokslut 2018", _run(ok=False))
    assert capsys.readouterr().out.splitlines() == [
        "", "Årsbokslut 2018: 1 av 2 notebookar klara på 12,3 s.", "  a.html: 0 kB", "  b.html: 1\u00a0250 kB"]


def test_a_folder_of_many_pages_or_pdf_files_is_one_line_each(capsys):
    run_ = _run(ok=True)
    parties = {f"parter/k{i:04}.html": 1_405_000 + i for i in range(1, 1290)}
    run_.sizes = {"arsbokslut_2018.html": 1_574_000, **parties, "parter/region.html": 1_403_999,
                  **{f"parter/k{i:04}.pdf": 300_000 for i in range(1, 12)}, **{f"extra/{i}.html": 2_000 for i in range(10)}}
    print_summary("Årsbokslut 2018", run_)
    total = sum(parties.values()) + 1_403_999
    assert capsys.readouterr().out.splitlines()[2:] == [
        "  arsbokslut_2018.html: 1\u00a0574 kB", *[f"  extra/{i}.html: 2 kB" for i in range(10)],
        f"  parter/*.html: 1\u00a0290 sidor, 1\u00a0403–1\u00a0406 kB var, sammanlagt {kr(total // 1000)} kB",
        "  parter/*.pdf: 11 PDF-filer, 300–300 kB var, sammanlagt 3\u00a0300 kB"]


def test_a_failure_names_the_untouched_output_the_failed_files_and_every_problem(capsys):
    assert print_failure("Rapporten blev inte klar; den förra rapporten i ut/2018 är orörd.", _run(ok=False)) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["", "Rapporten blev inte klar; den förra rapporten i ut/2018 är orörd.",
                   "Den misslyckade körningens filer finns i ut/2018.misslyckad för felsökning.",
                   "  02 misslyckades", "  storleken"]
