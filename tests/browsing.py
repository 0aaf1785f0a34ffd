"""Headless Chromium for tests, with every request outside the file blocked.

Needs Debian's `chromium` (/usr/bin/chromium) and the playwright package; without them the
tests that use `browser` are skipped, except when the environment variable CI is set.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser test must run")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} is missing (install Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-profil")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def open_offline(context, path: Path, charts: int = 1):
    """Open `path` with every request outside the file aborted; record what was attempted.

    Waits until at least `charts` charts are drawn (0: a page that may have none).
    """
    page = context.new_page()
    attempts, console, dialogs = [], [], []

    def route(route):
        url = route.request.url
        attempts.append(url)
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n", arg=charts, timeout=15_000
        )
    return page, attempts, console, dialogs
