"""gns_lib.report.runner: parallel papermill runs, every failure kind reported, nothing lost."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest

from gns_lib.report.files import keep_failed_build, new_build_dir
from gns_lib.report.html import ReportHeader
from gns_lib.report.html_checks import check_page
from gns_lib.report.result import CELL_TIMEOUT, EXCEPTION, KERNEL_DIED, NOT_RUN, NOTEBOOK_TIMEOUT, NotebookJob, summarize
from gns_lib.report.runner import run_notebooks

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
HEADER = ReportHeader("Testnämnden", 2018, "2019-02-01 08:00", "tests/fixtures", "0" * 64)
PLOTLY = "application/vnd.plotly.v1+json"
HOSTILE = "<img src=x onerror=alert(1)>"


def job(build: Path, name: str, **parameters) -> NotebookJob:
    return NotebookJob(name, FIXTURES / f"{name}.ipynb", build / f"{name}.ipynb", parameters, build / f"{name}.html")


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper counts as dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch of five fixtures run beside an earlier good report, as `gns report` would."""
    out = tmp_path_factory.mktemp("ut")
    final = out / "2018"
    final.mkdir()
    (final / "arsbokslut_2018.html").write_text("förra körningen", encoding="utf-8")
    build = new_build_dir(final)
    jobs = [
        job(build, "diagram", namn=HOSTILE, belopp=[100, 2500]),
        job(build, "fel", n=7),
        job(build, "sover", sekunder=30),
        job(build, "doende"),
        job(build, "linje"),
    ]
    lines: list[str] = []
    started = time.monotonic()
    results = run_notebooks(
        jobs, header=HEADER, jobs_parallel=2, cell_timeout=3, notebook_timeout=90,
        cwd=FIXTURES, progress=lines.append,
    )
    elapsed = time.monotonic() - started
    return {r.name: r for r in results}, list(results), lines, build, final, elapsed


pytestmark = pytest.mark.slow


def test_results_come_back_in_job_order(batch):
    _, results, _, _, _, _ = batch
    assert [r.name for r in results] == ["diagram", "fel", "sover", "doende", "linje"]
    assert [r.ok for r in results] == [True, False, False, False, True]


def test_a_raising_cell_is_reported_with_notebook_cell_and_error(batch):
    r = batch[0]["fel"]
    assert (r.kind, r.cell_index, r.error_name, r.error_message) == (EXCEPTION, 3, "ValueError", "avsiktligt fel 7")
    assert r.cell_source == 'raise ValueError(f"avsiktligt fel {n}")'
    assert r.message() == 'fel misslyckades i cell 4 (raise ValueError(f"avsiktligt fel {n}")): ValueError: avsiktligt fel 7'


def test_a_cell_time_out_is_a_failure(batch):
    r = batch[0]["sover"]
    assert (r.kind, r.cell_index, r.error_name) == (CELL_TIMEOUT, 3, "CellTimeoutError")
    assert r.message() == (
        "sover misslyckades i cell 4 (import os, pathlib, time ⏎ if pidfil: ⏎ "
        "pathlib.Path(pidfil).write_text(str(os.getpid())) …): cellen överskred tidsgränsen 3,0 s"
    )


def test_a_killed_kernel_is_a_failure(batch):
    r = batch[0]["doende"]
    assert (r.kind, r.cell_index, r.error_name) == (KERNEL_DIED, 3, "DeadKernelError")
    assert r.message() == "doende misslyckades i cell 4 (import os ⏎ os._exit(kod)): Python-kärnan dog oväntat (processen avslutades)"


def test_other_notebooks_complete_with_parameters_and_charts(batch):
    r = batch[0]["diagram"]
    assert r.ok and r.kind is None and r.log_path is None
    nb = nbformat.read(str(r.output_ipynb), as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    charts = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert len(charts) == 1
    assert set(charts[0]["data"]) == {PLOTLY, "text/plain"}
    assert charts[0]["data"][PLOTLY]["data"][0]["x"] == ["&lt;img src=x onerror=alert(1)&gt;", "Region"]
    markdown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert markdown == ["Summa: **2600** kr"]
    assert not (r.output_ipynb.with_suffix(".log")).exists()


def test_every_notebook_gets_an_html_page_failed_or_not(batch):
    results, _, _, build, _, _ = batch
    for name in ("diagram", "linje", "fel", "sover", "doende"):
        assert (build / f"{name}.html").is_file(), name
    page = (build / "fel.html").read_text(encoding="utf-8")
    assert "Rapporten är ofullständig: notebooken misslyckades." in page
    assert "fel misslyckades i cell 4 (raise ValueError(f&#34;avsiktligt fel {n}&#34;)): ValueError: avsiktligt fel 7" in page
    good = (build / "diagram.html").read_text(encoding="utf-8")
    assert "misslyckades" not in good
    for name in ("diagram", "fel"):  # each page checked by the worker that wrote it, as written
        assert results[name].html_check == check_page((build / f"{name}.html").read_text(encoding="utf-8"))
    assert HOSTILE not in good and "&lt;td class" not in good
    assert '<td class="num">&lt;img src=x onerror=alert(1)&gt;</td>' in good


def test_failed_notebooks_keep_their_executed_ipynb_with_the_error(batch):
    results = batch[0]
    for name, cell_index in (("fel", 3), ("sover", 3), ("doende", 3)):
        nb = nbformat.read(str(results[name].output_ipynb), as_version=4)
        failure = nb.metadata["gns"]["fel"]
        assert failure["cell"] == cell_index and failure["meddelande"] == results[name].message()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert len(errors) == 1, name
        assert results[name].log_path == results[name].output_ipynb.with_suffix(".log")


def test_progress_lines_are_swedish_and_count_to_the_end(batch):
    results, _, lines, _, _, _ = batch
    starts = sorted(line.split("] ", 1)[1] for line in lines if "] startar " in line)
    assert starts == ["startar diagram", "startar doende", "startar fel", "startar linje", "startar sover"]
    ends = [line for line in lines if "] startar " not in line]
    assert [line.split("] ", 1)[0] for line in ends] == ["[1/5", "[2/5", "[3/5", "[4/5", "[5/5"]
    by_name = {line.split("] ", 1)[1].removeprefix("FEL: ").split(" ", 1)[0].rstrip(":"): line for line in ends}
    assert by_name["fel"].split("] ", 1)[1] == f"FEL: {results['fel'].message()} (" + by_name["fel"].rsplit(" (", 1)[1]
    assert by_name["diagram"].split("] ", 1)[1] == results["diagram"].message()
    assert results["diagram"].message().startswith("diagram: klar (") and results["diagram"].message().endswith(" s)")


def test_summary_names_each_failure(batch):
    text = summarize(batch[1])
    assert text.splitlines()[0] == "5 notebookar: 2 klara, 3 misslyckades."
    assert [l.split(" misslyckades")[0] for l in text.splitlines()[1:]] == ["  - fel", "  - sover", "  - doende"]


def test_a_failed_run_leaves_the_previous_report_intact(batch):
    results, _, _, build, final, _ = batch
    assert not all(r.ok for r in results.values())
    kept = keep_failed_build(build, final)
    assert [p.name for p in final.iterdir()] == ["arsbokslut_2018.html"]
    assert (final / "arsbokslut_2018.html").read_text(encoding="utf-8") == "förra körningen"
    assert {"fel.ipynb", "fel.html", "fel.log", "diagram.html"} <= {p.name for p in kept.iterdir()}


def test_the_notebook_wall_clock_limit_kills_kernel_and_worker(tmp_path):
    pid_file = tmp_path / "kernel.pid"
    started = time.monotonic()
    (result,) = run_notebooks(
        [job(tmp_path, "sover", sekunder=600, pidfil=str(pid_file))],
        header=HEADER, cell_timeout=300, notebook_timeout=15, progress=None,
    )
    # generous for a loaded 2-core CI machine; without the 15 s limit the 300 s cell limit would end it
    assert time.monotonic() - started < 120
    assert (result.kind, result.cell_index, result.error_name) == (NOTEBOOK_TIMEOUT, 3, "NotebookTimeout")
    assert result.message().endswith("notebooken överskred tidsgränsen 15,0 s och avbröts")
    kernel_pid = int(pid_file.read_text())
    deadline = time.monotonic() + 60  # a wait, not a bound: it ends as soon as the kernel is gone
    while alive(kernel_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(kernel_pid)
    nb = nbformat.read(str(result.output_ipynb), as_version=4)
    assert nb.metadata["gns"]["fel"]["typ"] == NOTEBOOK_TIMEOUT
    page = result.html_path.read_text(encoding="utf-8")
    assert "notebooken överskred tidsgränsen 15,0 s och avbröts" in page
    assert result.html_check is None  # the parent wrote this page: the batch checks it when it ends


def test_a_missing_notebook_is_reported_not_raised(tmp_path):
    missing = NotebookJob("saknas", tmp_path / "saknas.ipynb", tmp_path / "ut" / "saknas.ipynb", {}, tmp_path / "saknas.html")
    (result,) = run_notebooks([missing], header=HEADER, progress=None)
    assert (result.kind, result.cell_index, result.error_name) == (NOT_RUN, None, "FileNotFoundError")
    assert result.message().startswith("saknas misslyckades: kunde inte köras: FileNotFoundError: ")
    assert "Rapporten är ofullständig" in (tmp_path / "saknas.html").read_text(encoding="utf-8")


def test_job_names_must_be_unique_and_html_needs_a_header(tmp_path):
    with pytest.raises(ValueError, match="unique"):
        run_notebooks([job(tmp_path, "fel"), job(tmp_path, "fel")], header=HEADER, progress=None)
    with pytest.raises(ValueError, match="header"):
        run_notebooks([job(tmp_path, "fel")], progress=None)


def test_parallel_runs_overlap(batch):
    """Two at a time: the five fixtures take less than their summed durations."""
    _, results, _, _, _, elapsed = batch
    assert elapsed < sum(r.duration for r in results)


def test_a_kernel_that_does_not_start_is_started_again(tmp_path, monkeypatch):
    from gns_lib.report import worker

    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) < worker.KERNEL_START_ATTEMPTS:
            raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(worker.papermill, "execute_notebook", flaky)
    j = job(tmp_path, "ok")
    assert worker.execute(j, {"kernel_name": "python3"}) == (None, None)
    assert len(calls) == worker.KERNEL_START_ATTEMPTS

    def never(*args, **kwargs):
        calls.append(args)
        raise RuntimeError("Kernel died before replying to kernel_info")

    calls.clear()
    monkeypatch.setattr(worker.papermill, "execute_notebook", never)
    failure, _ = worker.execute(j, {"kernel_name": "python3"})
    assert (failure["kind"], failure["error_message"]) == (NOT_RUN, "Kernel died before replying to kernel_info")
    assert len(calls) == worker.KERNEL_START_ATTEMPTS

    def broken(*args, **kwargs):  # any other failure is not retried
        calls.append(args)
        raise RuntimeError("något annat")

    calls.clear()
    monkeypatch.setattr(worker.papermill, "execute_notebook", broken)
    assert worker.execute(j, {"kernel_name": "python3"})[0]["error_message"] == "något annat"
    assert len(calls) == 1


def test_kernels_talk_over_unix_sockets_in_the_jobs_folder_not_tcp_ports(tmp_path, monkeypatch):
    from gns_lib.report import worker

    monkeypatch.setattr(worker, "_IPC_DIR", str(tmp_path))
    one, two = worker.ReportingKernelManager(kernel_name="python3"), worker.ReportingKernelManager(kernel_name="python3")
    assert one.transport == two.transport == "ipc"
    assert Path(one.ip).parent == Path(two.ip).parent == tmp_path and one.ip != two.ip  # a retry gets fresh sockets
    monkeypatch.setattr(worker, "_IPC_DIR", None)  # Windows: TCP, as jupyter_client does
    assert worker.ReportingKernelManager(kernel_name="python3").transport == "tcp"


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_run_leaves_no_socket_folder_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    results = run_notebooks([job(tmp_path / "ut", "linje")], header=HEADER, cwd=FIXTURES, progress=None)
    assert results[0].ok, results[0].message()
    assert list((tmp_path / "tmp").glob("gns-kernel-*")) == []
