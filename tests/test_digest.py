"""gns_lib.data.digest: the SHA-256 of each input file as it was read, taken only when asked for."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from gns_lib.data import digest as digest_module
from gns_lib.data.digest import FileDigest, read_with_digest
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset


def test_the_digest_is_of_the_bytes_read(tmp_path):
    path = tmp_path / "utfall.csv"
    path.write_bytes(b"period;konto\n201801;5010\n")
    data, digest, _ = read_with_digest(path, "utfall.csv")
    assert data == b"period;konto\n201801;5010\n"
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()
    assert FileDigest.of_bytes("x", b"").hexdigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled at once (instead of 3 s after their last change), so the hash is lazy."""
    monkeypatch.setattr(digest_module, "RACY_NS", 0)


@pytest.mark.parametrize("change", ["rewrite", "same size", "same size and time", "delete", "folder"])
def test_a_file_changed_after_reading_is_refused_not_hashed(tmp_path, settled, change):
    path = tmp_path / "utfall.csv"
    path.write_bytes(b"period;konto\n201801;5010\n")
    _, digest, _ = read_with_digest(path, "utfall.csv")
    if change == "rewrite":
        path.write_bytes(b"period;konto\n201801;5010\n201802;5010\n")
    elif change == "same size":  # same length, new content: the modification time tells
        st = path.stat()
        path.write_bytes(b"period;konto\n201801;6010\n")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "same size and time":  # as `cp -p` leaves it: the change time still tells
        st = path.stat()
        time.sleep(0.01)
        path.write_bytes(b"period;konto\n201801;6010\n")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif change == "delete":
        path.unlink()
    else:
        path.unlink()
        path.mkdir()
    with pytest.raises(DataError) as e:
        digest.hexdigest()
    assert [str(p) for p in e.value.problems] == [
        "utfall.csv: filen har ändrats sedan datamappen lästes; läs in datamappen igen"]


def test_a_file_changed_just_before_reading_is_hashed_at_once(tmp_path):
    """Within the racy window a same-size rewrite in the same clock tick could go unseen: such a
    file is hashed from the bytes read, so whatever happens to it later cannot change the digest."""
    path = tmp_path / "utfall.csv"
    path.write_bytes(b"period;konto\n201801;5010\n")
    st = path.stat()
    data, digest, _ = read_with_digest(path, "utfall.csv")
    with open(path, "r+b") as fh:
        fh.write(b"PERIOD")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_relative_path_is_hashed_from_where_it_was_read(tmp_path, settled, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "f.csv").write_bytes(b"a\n")
    monkeypatch.chdir(tmp_path)
    _, digest, _ = read_with_digest(Path("data/f.csv"), "f.csv")
    monkeypatch.chdir(tmp_path / "data")
    assert digest.hexdigest() == hashlib.sha256(b"a\n").hexdigest()


def test_once_taken_the_digest_stays(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a\n")
    _, digest, _ = read_with_digest(path, "f.csv")
    first = digest.hexdigest()
    path.write_bytes(b"b\n")
    assert digest.hexdigest() == first == hashlib.sha256(b"a\n").hexdigest()


def test_the_dataset_fingerprint_covers_every_file_by_name_and_content(make_data, settled):
    folder = make_data()
    ds = load_dataset(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    expected = hashlib.sha256()
    for p in files:
        expected.update(f"{p.relative_to(folder).as_posix()}\0{hashlib.sha256(p.read_bytes()).hexdigest()}\n".encode())
    assert sorted(f.name for f in ds.files) == [p.relative_to(folder).as_posix() for p in files]
    assert ds.fingerprint() == expected.hexdigest() == load_dataset(folder).fingerprint()
    unhashed = load_dataset(folder)
    budget = folder / "budget.csv"
    budget.write_text(budget.read_text(encoding="utf-8") + "2018;N;5010;1\n", encoding="utf-8")
    assert load_dataset(folder).fingerprint() != expected.hexdigest()
    assert ds.fingerprint() == expected.hexdigest()  # taken before the change: it stays
    with pytest.raises(DataError, match="budget.csv: filen har ändrats sedan datamappen lästes"):
        unhashed.fingerprint()  # the change came after reading, before hashing
