"""The reports as PDF (A4, for printing and archiving) through a headless Chromium on this computer.

Playwright drives Chromium when both are installed; otherwise `chromium --headless
--print-to-pdf` is used. The page is printed with its print style sheet after every chart is
drawn at the printed width; nothing outside the file is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gns_lib.core.atomic import atomic_write_bytes
from gns_lib.core.errors import ReportError

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PRINT_WIDTH = 720  # px: the A4 text width (182 mm) plus the page's screen padding, so charts fit the page
TIMEOUT_MS = 60_000
UNAVAILABLE = ("PDF kan inte skrivas: ingen Chromium hittades på datorn. Installera Chromium (t.ex. "
               "`apt-get install chromium` på Debian/Ubuntu) eller kör utan --pdf och skriv ut HTML-filen "
               "som PDF från webbläsaren.")


@dataclass(frozen=True)
class Browser:
    """A Chromium found on this computer and how to drive it ("playwright" or "cli")."""

    executable: str
    driver: str


def _playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def find_browser() -> Browser | None:
    """The Chromium to print with, Playwright first; None when there is none."""
    found = [p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)]
    found += [w for w in (shutil.which(n) for n in CHROMIUM_NAMES) if w]
    if not found:
        return None
    return Browser(found[0], "playwright" if _playwright() else "cli")


def require_browser() -> Browser:
    """The Chromium to print with, or a ReportError with what to do in Swedish."""
    browser = find_browser()
    if browser is None:
        raise ReportError(UNAVAILABLE)
    return browser


def pdf_name(html_name: str) -> str:
    """`arsbokslut_2018.html` → `arsbokslut_2018.pdf`."""
    return str(Path(html_name).with_suffix(".pdf"))


def write_pdfs(pages: list[tuple[Path, Path]], browser: Browser) -> None:
    """Print each (html, pdf) pair; every PDF is written atomically."""
    if browser.driver == "playwright":
        _in_own_thread(_with_playwright, pages, browser.executable)
    else:
        for html, pdf in pages:
            _with_cli(html, pdf, browser.executable)


def _in_own_thread(function, *args) -> None:
    """Run `function` in a thread of its own: Playwright's sync API refuses a thread with a running event loop."""
    import threading

    failure: list[BaseException] = []

    def run() -> None:
        try:
            function(*args)
        except BaseException as e:  # carried to the caller
            failure.append(e)

    worker = threading.Thread(target=run, name="gns-pdf")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def _with_playwright(pages: list[tuple[Path, Path]], executable: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        try:
            for html, pdf in pages:
                page = browser.new_page(viewport={"width": PRINT_WIDTH, "height": 1000})
                try:
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                               else r.abort())
                    page.goto(Path(html).resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
                    page.evaluate("() => window.gnsCharts ? window.gnsCharts.ready.then(() => true) : true")
                    page.emulate_media(media="print")
                    page.evaluate("() => window.gnsCharts ? (window.gnsCharts.resize(), true) : true")
                    page.wait_for_timeout(300)
                    data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                finally:
                    page.close()
                atomic_write_bytes(pdf, data)
        finally:
            browser.close()


def _with_cli(html: Path, pdf: Path, executable: str) -> None:
    with tempfile.TemporaryDirectory(prefix="gns-pdf-") as tmp:
        out = Path(tmp) / "rapport.pdf"
        cmd = [executable, *ARGS, f"--window-size={PRINT_WIDTH},1000", "--no-pdf-header-footer",
               "--virtual-time-budget=15000", f"--user-data-dir={tmp}/profil", f"--print-to-pdf={out}",
               Path(html).resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_MS / 1000)
        if done.returncode != 0 or not out.exists():
            raise ReportError(f"PDF kunde inte skrivas för {Path(html).name}: Chromium avslutades med kod "
                              f"{done.returncode}")
        atomic_write_bytes(pdf, out.read_bytes())
