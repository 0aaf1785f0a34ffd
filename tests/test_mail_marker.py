"""The completion marker KLAR.json: written by the batch, read and checked by gns mail."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest

from gns_lib.core.errors import GnsError
from gns_lib.mail.marker import MARKER_NAME, read_completion_marker, read_verified, write_completion_marker


@pytest.fixture
def year_dir(tmp_path):
    d = tmp_path / "outputs" / "2018"
    (d / "parter").mkdir(parents=True)
    (d / "arsbokslut_2018.html").write_bytes(b"<p>\xc3\x85rsbokslut</p>\r\n")
    (d / "parter" / "A.html").write_bytes(b"<p>A</p>")
    (d / "nyckeltal.json").write_text('{"year": 2018}', encoding="utf-8")
    return d


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_marker_lists_each_file_with_its_sha256(year_dir):
    path = write_completion_marker(year_dir, 2018, ["parter/A.html", "arsbokslut_2018.html", year_dir / "nyckeltal.json"])
    assert path == year_dir / MARKER_NAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(doc) == {"year", "created", "files"}
    assert doc["year"] == 2018
    assert datetime.fromisoformat(doc["created"]).tzinfo is not None
    assert doc["files"] == {
        "arsbokslut_2018.html": sha(year_dir / "arsbokslut_2018.html"),
        "nyckeltal.json": sha(year_dir / "nyckeltal.json"),
        "parter/A.html": sha(year_dir / "parter" / "A.html"),
    }
    assert list(doc["files"]) == sorted(doc["files"])
    assert [p.name for p in year_dir.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "parter/../../x", MARKER_NAME, ""])
def test_paths_outside_the_year_folder_are_refused(year_dir, bad):
    with pytest.raises(GnsError, match="KLAR.json"):
        write_completion_marker(year_dir, 2018, [bad])
    assert not (year_dir / MARKER_NAME).exists()


def test_a_missing_file_writes_no_marker(year_dir):
    with pytest.raises(GnsError, match="finns inte.*parter/B.html"):
        write_completion_marker(year_dir, 2018, ["arsbokslut_2018.html", "parter/B.html"])
    assert not (year_dir / MARKER_NAME).exists()


def test_no_files_and_a_bad_year_are_refused(year_dir):
    with pytest.raises(GnsError, match="inga filer"):
        write_completion_marker(year_dir, 2018, [])
    with pytest.raises(GnsError, match="heltal"):
        write_completion_marker(year_dir, "2018", ["arsbokslut_2018.html"])


def test_read_back_and_run_id_depends_on_content_not_time(year_dir):
    write_completion_marker(year_dir, 2018, ["arsbokslut_2018.html"])
    first, problems = read_completion_marker(year_dir, 2018)
    assert problems == []
    doc = json.loads((year_dir / MARKER_NAME).read_text(encoding="utf-8"))
    doc["created"] = "2001-01-01T00:00:00+01:00"
    (year_dir / MARKER_NAME).write_text(json.dumps(doc), encoding="utf-8")
    again, _ = read_completion_marker(year_dir, 2018)
    assert again.run_id == first.run_id
    (year_dir / "arsbokslut_2018.html").write_bytes(b"ny rapport")
    write_completion_marker(year_dir, 2018, ["arsbokslut_2018.html"])
    changed, _ = read_completion_marker(year_dir, 2018)
    assert changed.run_id != first.run_id


def test_missing_marker_is_a_problem_naming_the_run(year_dir):
    marker, problems = read_completion_marker(year_dir, 2018)
    assert marker is None
    assert len(problems) == 1
    assert problems[0].file == str(year_dir / MARKER_NAME)
    assert "kör gns report --year 2018 först" in problems[0].message


@pytest.mark.parametrize("content, expected", [
    ("{inte json", "oläslig JSON"),
    ('{"year": 2018, "files": {}}', "fel format"),
    ('{"year": 2018, "created": "x", "files": {"a.html": "kort"}}', "fel format"),
    ('{"year": 2017, "created": "x", "files": {}}', "gäller år 2017, inte 2018"),
])
def test_broken_markers_are_refused(year_dir, content, expected):
    (year_dir / MARKER_NAME).write_text(content, encoding="utf-8")
    marker, problems = read_completion_marker(year_dir, 2018)
    assert marker is None
    assert expected in problems[0].message


def test_read_verified_returns_the_checked_bytes_or_why_not(year_dir):
    write_completion_marker(year_dir, 2018, ["arsbokslut_2018.html", "parter/A.html"])
    marker, _ = read_completion_marker(year_dir, 2018)
    assert read_verified(marker, year_dir, "arsbokslut_2018.html") == ((year_dir / "arsbokslut_2018.html").read_bytes(), None)
    data, why = read_verified(marker, year_dir, "nyckeltal.json")
    assert data is None and "finns inte med i KLAR.json" in why
    data, why = read_verified(marker, year_dir, "parter/B.html")
    assert data is None and why.startswith("saknas, och körningen har inte skrivit den")
    (year_dir / "parter" / "A.html").write_bytes("<p>A, ändrad</p>".encode())
    data, why = read_verified(marker, year_dir, "parter/A.html")
    assert data is None and "har ändrats efter körningen" in why
    (year_dir / "arsbokslut_2018.html").unlink()
    data, why = read_verified(marker, year_dir, "arsbokslut_2018.html")
    assert data is None and why.startswith("saknas, fast KLAR.json listar den")
