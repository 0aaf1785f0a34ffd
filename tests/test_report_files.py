"""gns_lib.report.files: atomic writes and the build-then-swap of the report folder."""

from __future__ import annotations

import os

import pytest

from gns_lib.report import files
from gns_lib.core.atomic import atomic_write_text
from gns_lib.report.files import (
    failed_dir,
    keep_failed_build,
    new_build_dir,
    swap_into_place,
)


def tree(root):
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_swap_replaces_the_old_report_completely(tmp_path):
    final = tmp_path / "2018"
    (final / "tabeller").mkdir(parents=True)
    (final / "gammal.html").write_text("gammal", encoding="utf-8")
    (final / "tabeller" / "t.csv").write_text("gammal", encoding="utf-8")
    build = new_build_dir(final)
    assert build.parent == tmp_path and build.name.startswith(".2018.bygge-")
    atomic_write_text(build / "arsbokslut_2018.html", "ny")
    assert swap_into_place(build, final) == final
    assert tree(final) == {"arsbokslut_2018.html": "ny"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2018"]


def test_swap_into_a_missing_folder(tmp_path):
    final = tmp_path / "ut" / "2019"
    build = new_build_dir(final)
    atomic_write_text(build / "a.html", "a")
    swap_into_place(build, final)
    assert tree(final) == {"a.html": "a"}


def test_swap_puts_the_old_report_back_when_the_new_cannot_move_in(tmp_path, monkeypatch):
    final = tmp_path / "2018"
    final.mkdir()
    (final / "gammal.html").write_text("gammal", encoding="utf-8")
    build = new_build_dir(final)
    real_rename = os.rename

    def rename(src, dst):
        if str(src) == str(build):
            raise OSError("avbrott")
        real_rename(src, dst)

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(OSError, match="avbrott"):
        swap_into_place(build, final)
    assert tree(final) == {"gammal.html": "gammal"}


def test_swap_refuses_a_build_folder_elsewhere(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(ValueError, match="must lie beside"):
        swap_into_place(tmp_path / "a", tmp_path / "b" / "2018")


def test_failed_build_is_kept_beside_and_the_good_report_untouched(tmp_path):
    final = tmp_path / "2018"
    final.mkdir()
    (final / "arsbokslut_2018.html").write_text("god", encoding="utf-8")
    old_failed = failed_dir(final)
    old_failed.mkdir()
    (old_failed / "äldre.txt").write_text("x", encoding="utf-8")
    build = new_build_dir(final)
    (build / "fel.ipynb").write_text("{}", encoding="utf-8")
    kept = keep_failed_build(build, final)
    assert kept == tmp_path / "2018.misslyckad"
    assert tree(kept) == {"fel.ipynb": "{}"}
    assert tree(final) == {"arsbokslut_2018.html": "god"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2018", "2018.misslyckad"]


def dead_pid() -> int:
    """The pid of a process that has just ended (not reused this quickly)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def leftover(parent, name: str, size: int = 1000):
    folder = parent / name
    (folder / "notebooks").mkdir(parents=True)
    (folder / "notebooks" / "01_arsanalys.ipynb").write_bytes(b"x" * size)
    return folder


def test_the_owner_is_in_the_build_folders_name(tmp_path):
    build = new_build_dir(tmp_path / "2018")
    assert files.owner(build) == (os.getpid(), files._host())
    assert build.name.startswith(f".2018.bygge-{os.getpid()}@{files._host()}~")
    assert files.owner(tmp_path / ".2018.bygge-x1y2") is None  # a name from an older version


def test_a_dead_runs_folders_are_removed_and_a_living_runs_are_not(tmp_path):
    import subprocess
    import sys

    host, gone = files._host(), dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_build = leftover(tmp_path, f".2018.bygge-{gone}@{host}~a1", 2_000_000)
        dead_old = leftover(tmp_path, f".2018.gammal-{gone}@{host}~b2", 500_000)
        dead_failed_old = leftover(tmp_path, f".2018.misslyckad.gammal-{gone}@{host}~c3")
        failed = leftover(tmp_path, "2018.misslyckad", 1_000_000)
        keep = [
            leftover(tmp_path, f".2018.bygge-{sleeper.pid}@{host}~d4"),  # another run, still working
            leftover(tmp_path, f".2018.bygge-{os.getpid()}@{host}~e5"),  # this very process
            leftover(tmp_path, f".2018.bygge-{gone}@annan-dator~f6"),  # cannot tell on another computer
            leftover(tmp_path, ".2018.bygge-gammalt_namn"),  # no owner in the name
            leftover(tmp_path, f".2019.bygge-{gone}@{host}~g7"),  # another year
        ]
        removed = files.remove_leftovers(tmp_path / "2018")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert [(r.path, r.size, r.why) for r in removed] == [
        (dead_build, 2_000_000, f"en avbruten körnings byggmapp (process {gone} finns inte längre)"),
        (dead_old, 500_000, f"en avbruten körnings gamla rapport, som skulle tas bort (process {gone} finns inte längre)"),
        (dead_failed_old, 1000,
         f"en avbruten körnings gamla rapport, som skulle tas bort (process {gone} finns inte längre)"),
        (failed, 1_000_000, "en tidigare misslyckad körning (sparad för felsökning, ersätts av den här körningen)"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in keep)


def test_ten_killed_runs_leave_nothing_after_the_next(tmp_path):
    host = files._host()
    for i in range(10):
        leftover(tmp_path, f".2018.bygge-{dead_pid()}@{host}~k{i}", 100_000)
    assert len(files.remove_leftovers(tmp_path / "2018")) == 10
    assert list(tmp_path.iterdir()) == []


def test_disk_full_is_recognised_also_when_wrapped():
    import errno

    inner = OSError(errno.ENOSPC, "No space left on device")
    try:
        try:
            raise inner
        except OSError as e:
            raise RuntimeError("papermill") from e
    except RuntimeError as wrapped:
        assert files.is_disk_full(wrapped)
    assert not files.is_disk_full(OSError(errno.EACCES, "Permission denied"))


def test_the_report_folder_gets_the_users_normal_mode_after_the_swap(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        final = tmp_path / "out" / "2018"
        build = new_build_dir(final)
        (build / "sub").mkdir()
        swap_into_place(build, final)
        assert stat.S_IMODE(final.stat().st_mode) == 0o755  # not mkdtemp's 0700
        os.umask(0o002)
        build = new_build_dir(final)
        assert stat.S_IMODE(build.stat().st_mode) == 0o775
        kept = keep_failed_build(build, final)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o775
    finally:
        os.umask(old)
