import hashlib
import os
import stat

import pytest

from gns_lib.core.atomic import _file_mode, atomic_write_bytes, atomic_write_text, sha256_file


def test_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "ny" / "rapport.html"
    atomic_write_text(target, "första")
    atomic_write_text(target, "andra – åäö")
    assert target.read_text(encoding="utf-8") == "andra – åäö"
    assert [p.name for p in target.parent.iterdir()] == ["rapport.html"]
    assert stat.S_IMODE(target.stat().st_mode) == _file_mode()


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failing_midway_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch, step):
    target = tmp_path / "fil.csv"
    target.write_bytes(b"gammal och hel")

    def fail(*args, **kwargs):
        raise OSError("disken är full")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match="disken är full"):
        atomic_write_bytes(target, b"ny" * 100_000)
    monkeypatch.undo()
    assert target.read_bytes() == b"gammal och hel"
    assert [p.name for p in tmp_path.iterdir()] == ["fil.csv"]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "fil.csv"
    target.write_bytes(b"gammal")
    target.chmod(0o640)
    atomic_write_bytes(target, b"ny")
    assert target.read_bytes() == b"ny"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_sha256_file(tmp_path):
    data = bytes(range(256)) * 5000
    (tmp_path / "f").write_bytes(data)
    assert sha256_file(tmp_path / "f") == hashlib.sha256(data).hexdigest()
