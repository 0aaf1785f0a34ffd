"""The ekonom's notebooks in a real JupyterLab: headless server, headless Chromium, no internet.

The test starts `jupyter lab` on 127.0.0.1 with a free port and a random token in a copy of
notebooks/ and data/, runs every cell of 05_utforska and 01_arsanalys through JupyterLab's
own "run all" command, and checks that no cell ends in an error and that the drill-down is
drawn as an interactive table. It stops the server it started.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import DATA, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RUN_TIMEOUT_MS = 300_000
SETTINGS = {  # JupyterLab user settings: render every cell, fetch no news
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"jupyter lab stopped with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("jupyter lab did not answer in time")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server in a copy of notebooks/ and data/; yields (base url, token)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(DATA, root / "data")
    settings = root / ".settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(root / ".ws"),
           "JUPYTER_RUNTIME_DIR": str(root / ".runtime"), "JUPYTER_CONFIG_DIR": str(root / ".config")}
    log = open(root / "lab.log", "wb")
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True", "--allow-root"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/status?token={token}", proc)
        yield base, token
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


ERRORS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const out = [];
  for (const cell of nb.widgets) {
    if (cell.model.type !== 'code') continue;
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const o = cell.model.outputs.get(i).toJSON();
      if (o.output_type === 'error') out.push(o.ename + ': ' + o.evalue);
    }
  }
  return out;
}"""
DONE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  return !!kernel && kernel.status === 'idle' && cells.every(c => c.model.executionCount !== null);
}"""


def _run_all(context, base: str, token: str, notebook: str):
    """Open `notebook` in JupyterLab, run all cells, wait for the kernel; requests leave only to the server."""
    page = context.new_page()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith((base, "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(f"{base}/lab/tree/notebooks/{notebook}?reset&token={token}", wait_until="load")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
        "window.jupyterapp.shell.currentWidget.sessionContext && "
        "window.jupyterapp.shell.currentWidget.sessionContext.session && "
        "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=RUN_TIMEOUT_MS)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=RUN_TIMEOUT_MS)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(DONE, timeout=RUN_TIMEOUT_MS, polling=500)
    return page, outside


def _close(page) -> None:
    """Shut the notebook's kernel down, then close the page."""
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.close()


def test_utforska_runs_and_draws_the_drilldown(browser, lab):
    base, token = lab
    page, outside = _run_all(browser, base, token, "05_utforska.ipynb")
    try:
        assert page.evaluate(ERRORS) == []
        page.wait_for_selector("table.dataTable tbody tr", timeout=60_000)
        tables = page.locator("table.dataTable")
        assert tables.count() >= 3  # ledger rows, largest vouchers, budget rows
        first = tables.first.locator("tbody tr")
        assert first.count() == 14  # objekt 6663, Övriga kostnader, 2018
        assert "LF18-0001" in first.first.inner_text()
        heads = page.locator("p.gns-urval strong").all_inner_texts()
        assert heads[:3] == ["Utfall 2018, objekt 6663, rad Övriga kostnader",
                             "Största verifikationer, utfall 2018, objekt 6663, rad Övriga kostnader",
                             "Budget 2018, objekt 6663, rad Övriga kostnader"]
        assert outside == []  # the tables need no internet
    finally:
        _close(page)


def test_arsanalys_runs_without_an_error(browser, lab):
    base, token = lab
    page, _ = _run_all(browser, base, token, "01_arsanalys.ipynb")
    try:
        assert page.evaluate(ERRORS) == []
        assert page.locator("table.gns-tabell").count() >= 5
    finally:
        _close(page)
