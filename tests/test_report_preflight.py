"""Before a report run: a year folder or send log this user cannot change fails at once, in Swedish.

The colleague is simulated for real: when the tests run as root, the folders belong to root
(mode 0700) and the check runs in a forked child that has become `nobody`; otherwise the
folders are made read-only for their owner. Nothing is monkeypatched.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from gns_lib.report.batch import run_report
from gns_lib.core.errors import ReportError
from gns_lib.report.preflight import refuse_unfit_output, write_problems

NOBODY = 65534


@pytest.fixture
def shared():
    """A folder under /tmp that another user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="gns-rattigheter-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for root, dirs, _ in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
    shutil.rmtree(folder)


def colleague_only(path: Path, mode: int) -> None:
    """Make `path` the colleague's: `mode` for its owner, nothing for us (read-only for its owner when not root)."""
    path.chmod(mode if os.geteuid() == 0 else mode & ~0o222)


def owner_name(path: Path) -> str:
    import pwd

    return pwd.getpwuid(path.stat().st_uid).pw_name


def as_other_user(fn) -> str:
    """`fn()` in a forked child that is another user than the folders' owner; its result or error as text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        os.close(read)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            text = str(fn())
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            text = f"{type(e).__name__}: {e}"
        os.write(write, text.encode("utf-8"))
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode("utf-8")


def year_folder(shared: Path) -> tuple[Path, Path]:
    out = shared / "ut"
    (out / "2018" / "mail").mkdir(parents=True)
    out.chmod(0o777)
    (out / "2018" / "arsbokslut_2018.html").write_text("förra", encoding="utf-8")
    return out, out / "2018"


def test_a_colleagues_year_folder_stops_the_run_before_any_work(shared):
    out, year = year_folder(shared)
    colleague_only(year, 0o700)
    data = shared / "finns-inte"  # never read: the check comes first
    result = as_other_user(lambda: run_report(data, 2018, out, progress=lambda line: None))
    assert result == (
        "ReportError: Rapporten kan inte skrivas, inget kördes:\n"
        f"  årsmappen {year}: kan inte ändras av den här användaren: {year} (ägs av {owner_name(year)}, "
        f"rättigheter {stat.S_IMODE(year.stat().st_mode):04o}). Körningen behöver ersätta den och ta bort den förra "
        "rapporten; be ägaren ge skrivrättighet (t.ex. chmod -R u+rwX,g+rwX) eller ange en annan --out")
    assert (year / "arsbokslut_2018.html").read_text(encoding="utf-8") == "förra"
    assert sorted(p.name for p in out.iterdir()) == ["2018"]


def test_a_send_log_we_cannot_write_is_named(shared):
    out, year = year_folder(shared)
    for folder in (year, year / "mail"):
        folder.chmod(0o777)
    log = year / "mail" / "skickat.csv"
    log.write_text("mottagare;epost;tid;message_id;resultat\n", encoding="utf-8")
    colleague_only(log, 0o644)
    assert as_other_user(lambda: "\n".join(write_problems(out, 2018))) == (
        f"{log}: utskicksloggen kan inte läsas och skrivas (ägs av {owner_name(log)}, rättigheter "
        f"{stat.S_IMODE(log.stat().st_mode):04o}); den följer med till den nya rapporten och låses medan rapporten "
        "byts. Be ägaren ge skrivrättighet")


def test_an_out_folder_we_cannot_write_in(shared):
    out = shared / "ut"
    out.mkdir()
    colleague_only(out, 0o755)
    assert as_other_user(lambda: "\n".join(write_problems(out / "ny", 2018))) == (
        f"{out}: kan inte skriva i mappen (ägs av {owner_name(out)}, rättigheter {stat.S_IMODE(out.stat().st_mode):04o}); "
        "rapporten byggs där och flyttas på plats. Be ägaren ge skrivrättighet eller ange en annan --out")


def test_writable_folders_pass(tmp_path):
    (tmp_path / "ut" / "2018" / "mail").mkdir(parents=True)
    (tmp_path / "ut" / "2018" / "mail" / "skickat.csv").write_text("", encoding="utf-8")
    assert write_problems(tmp_path / "ut", 2018) == []
    assert write_problems(tmp_path / "saknas" / "ut", 2018) == []  # created by the run


def test_a_plan_folder_around_the_data_or_a_file_in_its_place_is_refused_before_anything_runs(tmp_path):
    data = tmp_path / "ut" / "plan-2019" / "data"
    data.mkdir(parents=True)
    with pytest.raises(ReportError) as e:
        refuse_unfit_output(tmp_path / "ut", data, "plan-2019", "Planen")
    assert str(e.value) == (f"datamappen {data} ligger i {tmp_path / 'ut' / 'plan-2019'}, som rapporten skriver och "
                            "ersätter; ange en annan --out")
    (tmp_path / "ut2").mkdir()
    (tmp_path / "ut2" / "plan-2019").write_text("", encoding="utf-8")
    with pytest.raises(ReportError) as e:
        refuse_unfit_output(tmp_path / "ut2", tmp_path / "data", "plan-2019", "Planen")
    assert str(e.value) == ("Planen kan inte skrivas, inget kördes:\n"
                            f"  {tmp_path / 'ut2' / 'plan-2019'} är inte en mapp; flytta bort den eller ange en annan --out")
    assert refuse_unfit_output(tmp_path / "ut3", tmp_path / "data", "plan-2019", "Planen") is None
