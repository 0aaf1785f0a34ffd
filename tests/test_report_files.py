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
