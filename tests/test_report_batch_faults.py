"""The report batch around its work: leftovers of killed runs removed and reported, a full disk, --out in the data.

The notebooks are replaced by a stand-in for `_build` (what these tests check happens
before and after it), so the tests are fast.
"""

from __future__ import annotations

import errno

import pytest
from conftest import write_folder
from test_report_files import dead_pid, leftover

from gns_lib.core.errors import ReportError
from gns_lib.report import batch, files
from gns_lib.report.batch import ReportRun, run_report


def finished(year, final):
    final.mkdir(parents=True, exist_ok=True)
    return ReportRun(year, True, final, (), (), {}, (), 1.0)


def test_a_run_removes_what_killed_runs_left_and_says_so(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "data", {})
    out = tmp_path / "ut"
    host, gone = files._host(), dead_pid()
    (out / "2018").mkdir(parents=True)  # the last good report (else the killed swap's old folder is put back)
    leftover(out, f".2018.bygge-{gone}@{host}~a1", 7_300_000)
    leftover(out, f".2018.gammal-{gone}@{host}~b2", 250_000)
    living = leftover(out, f".2018.bygge-{os_pid()}@{host}~c3")
    monkeypatch.setattr(batch, "_build", lambda ds, year, final, build, *rest: finished(year, final))
    said = []
    run = run_report(data, 2018, out, progress=said.append)
    assert said[:3] == [
        "Städade bort 2 mappar från tidigare körningar (7,6\u00a0MB frigjordes):",
        f"  .2018.bygge-{gone}@{host}~a1: en avbruten körnings byggmapp (process {gone} finns inte längre), 7,3\u00a0MB",
        f"  .2018.gammal-{gone}@{host}~b2: en avbruten körnings gamla rapport, som skulle tas bort (process {gone} "
        "finns inte längre), 0,3\u00a0MB"]
    assert [r.path.name for r in run.removed] == [f".2018.bygge-{gone}@{host}~a1", f".2018.gammal-{gone}@{host}~b2"]
    assert living.exists()


def os_pid() -> int:
    import os

    return os.getpid()


def test_a_full_disk_removes_the_partial_build_instead_of_keeping_it(tmp_path, monkeypatch):
    data = write_folder(tmp_path / "data", {})
    out = tmp_path / "ut"
    (out / "2018").mkdir(parents=True)
    (out / "2018" / "arsbokslut_2018.html").write_text("förra", encoding="utf-8")

    def disk_full(ds, year, final, build, *rest):
        (build / "notebooks").mkdir()
        (build / "notebooks" / "01_arsanalys.ipynb").write_bytes(b"x" * 100_000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch, "_build", disk_full)
    with pytest.raises(ReportError) as e:
        run_report(data, 2018, out, progress=lambda line: None)
    assert str(e.value) == (f"disken är full ([Errno {errno.ENOSPC}] No space left on device); det som hann byggas "
                            f"togs bort för att frigöra plats och den förra rapporten i {out / '2018'} är orörd. "
                            "Frigör utrymme och kör igen")
    assert sorted(p.name for p in out.iterdir()) == ["2018"]  # no 2018.misslyckad, no hidden build folder
    assert (out / "2018" / "arsbokslut_2018.html").read_text(encoding="utf-8") == "förra"


@pytest.mark.parametrize("out_name", ["data/ut", "data"])
def test_out_inside_the_data_folder_is_refused_before_anything(tmp_path, out_name):
    data = write_folder(tmp_path / "data", {})
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    with pytest.raises(ReportError) as e:
        run_report(data, 2018, tmp_path / out_name, progress=lambda line: None)
    assert str(e.value) == (f"utmappen {tmp_path / out_name} ligger i datamappen {data}; gns skriver aldrig i indata. "
                            "Ange en utmapp utanför datamappen, t.ex. --out outputs")
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_a_data_folder_inside_the_year_folder_is_refused(tmp_path):
    data = write_folder(tmp_path / "ut" / "2018" / "data", {})
    with pytest.raises(ReportError, match="datamappen .* ligger i .*2018, som rapporten skriver och ersätter"):
        run_report(data, 2018, tmp_path / "ut", progress=lambda line: None)


def test_only_a_dead_runs_interrupted_swap_is_put_back(tmp_path):
    from gns_lib.report.files import restore_interrupted_swap

    host = files._host()
    living = leftover(tmp_path, f".2018.gammal-{os_pid()}@{host}~a1")  # a run in the middle of its swap
    restore_interrupted_swap(tmp_path / "2018")
    assert living.exists() and not (tmp_path / "2018").exists()
    gone = dead_pid()
    dead = leftover(tmp_path, f".2018.gammal-{gone}@{host}~b2")
    restore_interrupted_swap(tmp_path / "2018")
    assert not dead.exists() and (tmp_path / "2018" / "notebooks" / "01_arsanalys.ipynb").exists()
