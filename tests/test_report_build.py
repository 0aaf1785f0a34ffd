"""gns_lib.report.build: the end of a run shared by the årsbokslut and the plan (checks, KLAR.json, swap, broken-off runs)."""

from __future__ import annotations

import errno
import json

from gns_lib.report.build import broken_off, finish_build, page_sizes
from gns_lib.report.files import new_build_dir
from gns_lib.report.html import ReportHeader

HEADER = ReportHeader("Testnämnden", 2018, "2019-02-01T08:00:00+01:00", "data", "f" * 64)
LOG = "mottagare;epost;tid;message_id;resultat\nKim;kim@test.example;t;<m@x>;skickat\n"


def files_in(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_page_sizes_lists_every_page_and_adds_its_problems(tmp_path):
    (tmp_path / "parter").mkdir()
    (tmp_path / "a.html").write_text("<p>Åre</p>", encoding="utf-8")
    (tmp_path / "parter" / "b.html").write_text('<img src="https://x.example/y.png">', encoding="utf-8")
    (tmp_path / "c.csv").write_text("inte en sida", encoding="utf-8")
    problems = ["tidigare"]
    assert page_sizes(tmp_path, 20, problems) == {"a.html": 11, "parter/b.html": 35}
    assert problems == ["tidigare", "parter/b.html: extern adress i rapporten: https://x.example/y.png",
                        "parter/b.html: filen är 0,00 MB (35 byte), gränsen är 0,00 MB (20 byte)"]


def test_a_page_a_worker_checked_is_not_read_again(tmp_path):
    """The workers check the party pages as they write them; the batch adds their findings, not a second parse."""
    from types import SimpleNamespace

    from gns_lib.report.build import worker_checks
    from gns_lib.report.html_checks import PageCheck

    (tmp_path / "parter").mkdir()
    (tmp_path / "a.html").write_text('<a href="http://x.example">', encoding="utf-8")
    (tmp_path / "parter" / "b.html").write_text("ej läst", encoding="utf-8")  # the worker's check stands for it
    results = [SimpleNamespace(html_path=tmp_path / "parter" / "b.html", html_check=PageCheck(30, ("//y.example",))),
               SimpleNamespace(html_path=tmp_path / "a.html", html_check=None),  # killed: checked here
               SimpleNamespace(html_path=None, html_check=None)]
    problems = []
    assert page_sizes(tmp_path, 28, problems, worker_checks(tmp_path, results)) == {"a.html": 27, "parter/b.html": 30}
    assert problems == ["a.html: extern adress i rapporten: http://x.example",
                        "parter/b.html: extern adress i rapporten: //y.example",
                        "parter/b.html: filen är 0,00 MB (30 byte), gränsen är 0,00 MB (28 byte)"]


def test_a_build_with_problems_is_kept_and_the_last_report_stays(tmp_path):
    final = tmp_path / "2018"
    final.mkdir()
    (final / "gammal.html").write_text("gammal", encoding="utf-8")
    build = new_build_dir(final)
    (build / "ny.html").write_text("ny", encoding="utf-8")
    folder = finish_build(build, final, 2018, ["ett fel"], HEADER, {}, 0)
    assert folder == tmp_path / "2018.misslyckad"
    assert files_in(folder) == {"ny.html": "ny"} and files_in(final) == {"gammal.html": "gammal"}


def test_a_clean_build_is_marked_complete_and_swapped_in_with_the_send_log(tmp_path):
    final = tmp_path / "2018"
    (final / "mail").mkdir(parents=True)
    (final / "mail" / "skickat.csv").write_text(LOG, encoding="utf-8")
    build = new_build_dir(final)
    (build / "arsbokslut_2018.html").write_text("ny", encoding="utf-8")
    assert finish_build(build, final, 2018, [], HEADER, {"budget.csv": "a" * 64}, 0) == final
    assert sorted(files_in(final)) == ["KLAR.json", "arsbokslut_2018.html", "mail/skickat.csv"]
    assert (final / "mail" / "skickat.csv").read_text(encoding="utf-8") == LOG
    marker = json.loads((final / "KLAR.json").read_text(encoding="utf-8"))
    assert (marker["year"], marker["run_time"]) == (2018, "2019-02-01T08:00:00+01:00")
    assert marker["data"] == {"fingerprint": "f" * 64, "files": {"budget.csv": "a" * 64}}
    assert sorted(marker["files"]) == ["arsbokslut_2018.html"]  # the send log is not part of the report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2018"]


def test_a_broken_off_run_keeps_its_build_and_names_it(tmp_path):
    final = tmp_path / "plan-2019"
    build = new_build_dir(final)
    (build / "halv.html").write_text("halv", encoding="utf-8")
    error = broken_off(ValueError("oväntat"), build, final, "plankörningen", "den förra planen")
    kept = tmp_path / "plan-2019.misslyckad"
    assert str(error) == (f"plankörningen avbröts (ValueError: oväntat); den förra planen i {final} är orörd, "
                          f"det som hann byggas finns i {kept}")
    assert files_in(kept) == {"halv.html": "halv"}


def test_on_a_full_disk_the_build_is_removed(tmp_path):
    final = tmp_path / "2018"
    build = new_build_dir(final)
    (build / "halv.html").write_text("halv", encoding="utf-8")
    full = OSError(errno.ENOSPC, "No space left on device")
    error = broken_off(full, build, final, "rapportkörningen", "den förra rapporten")
    assert str(error) == (f"disken är full ({full}); det som hann byggas togs bort för att frigöra plats och "
                          f"den förra rapporten i {final} är orörd. Frigör utrymme och kör igen")
    assert list(tmp_path.iterdir()) == []
