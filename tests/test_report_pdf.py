"""gns_lib.report.pdf: which Chromium prints the PDF, and a clear Swedish message when there is none."""

from __future__ import annotations

import pytest

from gns_lib.core.errors import ReportError
from gns_lib.report import pdf


def test_no_chromium_gives_a_swedish_message(monkeypatch):
    monkeypatch.setattr(pdf.os, "access", lambda path, mode: False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.find_browser() is None
    with pytest.raises(ReportError) as err:
        pdf.require_browser()
    assert str(err.value).startswith("PDF kan inte skrivas: ingen Chromium hittades på datorn.")


def test_playwright_is_preferred_and_the_command_line_is_the_fallback(monkeypatch):
    monkeypatch.setattr(pdf.os, "access", lambda path, mode: path == "/usr/bin/chromium")
    monkeypatch.setattr(pdf, "_playwright", lambda: True)
    assert pdf.find_browser() == pdf.Browser("/usr/bin/chromium", "playwright")
    monkeypatch.setattr(pdf, "_playwright", lambda: False)
    assert pdf.find_browser() == pdf.Browser("/usr/bin/chromium", "cli")


def test_pdf_names_follow_the_html_names():
    assert pdf.pdf_name("arsbokslut_2018.html") == "arsbokslut_2018.pdf"
    assert pdf.pdf_name("region.html") == "region.pdf"


def test_gns_report_pdf_stops_before_running_anything_without_chromium(monkeypatch, tmp_path, capsys):
    from conftest import DATA
    from gns_lib.cli.main import main

    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    assert main(["report", "--year", "2018", "--data", str(DATA), "--out", str(tmp_path), "--pdf"]) != 0
    assert "PDF kan inte skrivas: ingen Chromium hittades" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
