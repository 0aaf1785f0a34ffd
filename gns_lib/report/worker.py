"""The child-process side of `run_notebooks`: execute one notebook, record a failure, write HTML.

Each notebook runs in its own worker process (its own session on POSIX), so the
parent can kill the worker and its kernel when the wall-clock limit passes.
The worker tells the parent the kernel's pid and each cell it starts.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from gns_lib.report import result as R
from gns_lib.core.atomic import atomic_write_text
from gns_lib.report.html import notebook_to_html
from gns_lib.report.warm import ENGINE, WarmKernel  # registers the warm engine with papermill

_conn = None  # the pipe to the parent, set in run_job


def _send(*message) -> None:
    if _conn is not None:
        try:
            _conn.send(message)
        except (BrokenPipeError, OSError):
            pass


KERNEL_START_ATTEMPTS = 3  # a kernel that never answers at start-up is started again
_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")
_IPC_DIR: str | None = None  # the job's private socket folder (POSIX), made and removed by the parent
_kernels = itertools.count(1)


class ReportingKernelManager(AsyncKernelManager):
    """A kernel manager that tells the parent the kernel's pid once it has started.

    On POSIX the kernel talks over Unix sockets in the job's private folder, not TCP ports:
    kernels started side by side can pick the same free port and then never answer.
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        if _IPC_DIR is not None:
            self.transport = "ipc"
            self.ip = os.path.join(_IPC_DIR, f"k{next(_kernels)}")

    async def start_kernel(self, **kw):  # type: ignore[override]
        await super().start_kernel(**kw)
        pid = getattr(self.provisioner, "pid", None)
        if pid is not None:
            _send("kernel", pid)


class _CellTracker:
    """Maps papermill's executed-cell index back to the input notebook and reports it."""

    def __init__(self) -> None:
        self.injected = 0
        self.executed_index: int | None = None
        self.input_index: int | None = None
        self.source = ""

    def on_cell_start(self, cell, cell_index, **_):
        self.executed_index = cell_index
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            self.injected += 1
            self.input_index, self.source = None, "parametrar från gns"
        else:
            self.input_index, self.source = cell_index - self.injected, R.excerpt(cell.source)
        _send("cell", self.input_index, self.executed_index, self.source)


def _redirect_output(log_path: Path) -> None:
    """Send this process's and the kernel's stdout/stderr to the log file."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def log_path_for(job: R.NotebookJob) -> Path:
    """Where a job's kernel and papermill messages go (kept only when it fails)."""
    return Path(job.output_ipynb).with_suffix(".log")


def run_job(job: R.NotebookJob, options: dict, conn) -> None:
    """Worker entry point: run `job`, then send ("done", failure fields or None, the page's check or None).

    A job with varying parameters keeps its kernel warm: after a run without failure the worker
    waits for ("next", job) — a job sharing that kernel — or ("stop",). A failure ends the worker.
    """
    global _conn, _IPC_DIR
    _conn, _IPC_DIR = conn, options.get("ipc_dir")
    os.environ.update(options.get("env") or {})  # inherited by the kernels this worker starts
    if hasattr(os, "setsid"):
        try:
            os.setsid()
        except OSError:
            pass
    warm = None
    try:
        while job is not None:
            log_path = log_path_for(job)
            _redirect_output(log_path)
            failure, warm = execute(job, options, warm)
            failure, check = write_outputs(job, options.get("header"), failure)
            if failure is None:
                log_path.unlink(missing_ok=True)
            _send("done", failure, check)
            job = _next_job(conn) if job.varying and failure is None else None  # as the parent decides
    finally:
        if warm is not None:
            warm.close()


def _next_job(conn) -> R.NotebookJob | None:
    """The parent's answer after a warm run: the next job for this kernel, or None to stop."""
    try:
        message = conn.recv()
    except (EOFError, OSError):
        return None
    return message[1] if message[0] == "next" else None


def execute(job: R.NotebookJob, options: dict, warm=None) -> tuple[dict | None, object]:
    """Run the notebook; a kernel that does not start is tried again.

    Returns the failure fields (or None) and the warm kernel to reuse (None for a one-off job).
    """
    for _ in range(KERNEL_START_ATTEMPTS):
        if job.varying and warm is None:
            warm = WarmKernel(job.input_path, job.varying, ReportingKernelManager, options["kernel_name"])
        failure = _execute_once(job, options, warm)
        if failure is None or failure["kind"] != R.NOT_RUN or not failure["error_message"].startswith(_START_FAILURES):
            return failure, warm
        print(f"gns: kärnan startade inte ({failure['error_message']}); försöker igen", file=sys.stderr, flush=True)
        if warm is not None:
            warm.close()
            warm = None
    return failure, warm


def _execute_once(job: R.NotebookJob, options: dict, warm=None) -> dict | None:
    """Run the notebook through papermill's API once (in `warm`'s kernel if given); the failure or None."""
    tracker = _CellTracker()
    engine = {} if warm is None else {"engine_name": ENGINE, "warm": warm}
    Path(job.output_ipynb).parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(job.input_path),
            str(job.output_ipynb),
            parameters=dict(job.parameters),
            kernel_name=options["kernel_name"],
            cwd=str(options["cwd"]) if options.get("cwd") else None,
            execution_timeout=options.get("cell_timeout"),
            start_timeout=options.get("start_timeout", 60),
            progress_bar=False,
            log_output=False,
            kernel_manager_class=ReportingKernelManager,
            on_cell_start=tracker.on_cell_start,
            **engine,
        )
    except PapermillExecutionError as exc:
        return _failure(R.EXCEPTION, tracker, exc.ename, exc.evalue)
    except CellTimeoutError:
        return _failure(R.CELL_TIMEOUT, tracker, "CellTimeoutError", R.seconds(options["cell_timeout"]))
    except DeadKernelError as exc:
        return _failure(R.KERNEL_DIED, tracker, "DeadKernelError", str(exc))
    except Exception as exc:  # noqa: BLE001 - any other reason the notebook did not run
        kind = R.NOT_RUN if tracker.executed_index is None else R.EXCEPTION
        return _failure(kind, tracker, type(exc).__name__, str(exc))
    return None


def _failure(kind, tracker: _CellTracker, error_name: str, error_message: str) -> dict:
    return {
        "kind": kind,
        "cell_index": tracker.input_index,
        "executed_index": tracker.executed_index,
        "cell_source": tracker.source if tracker.executed_index is not None else "",
        "error_name": error_name,
        "error_message": error_message,
    }


def record_failure(job: R.NotebookJob, failure: dict) -> None:
    """Write the failure into the kept .ipynb (metadata + an error output on the cell)."""
    path = Path(job.output_ipynb)
    try:
        nb = nbformat.read(str(path), as_version=4)
    except (OSError, ValueError):
        try:
            nb = nbformat.read(str(job.input_path), as_version=4)
        except (OSError, ValueError):
            nb = nbformat.v4.new_notebook()
    message = R.failure_message(
        job.name, failure["kind"], failure["cell_index"], failure["cell_source"],
        failure["error_name"], failure["error_message"],
    )
    nb.metadata["gns"] = {
        "status": "misslyckad",
        "fel": {
            "meddelande": message,
            "typ": failure["kind"],
            "cell": failure["cell_index"],
            "felnamn": failure["error_name"],
            "feltext": failure["error_message"],
        },
    }
    index = failure.get("executed_index")
    if index is not None and index < len(nb.cells):
        # papermill may have added error banners above the cell; find it by tag-free count.
        cell = _executed_cell(nb, index)
        if cell is not None and cell.cell_type == "code":
            if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                cell.outputs.append(
                    nbformat.v4.new_output("error", ename=failure["error_name"], evalue=message, traceback=[])
                )
            cell.metadata.setdefault("papermill", {})["status"] = "failed"
    atomic_write_text(path, nbformat.writes(nb))


def _executed_cell(nb, executed_index: int):
    """The cell papermill executed as number `executed_index` (skipping its error banners)."""
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    return cells[executed_index] if executed_index < len(cells) else None


def write_outputs(job: R.NotebookJob, header, failure: dict | None) -> tuple[dict | None, object]:
    """Record a failure in the .ipynb, then write the HTML; a failing HTML is a failure too.

    Returns the failure (or None) and the check of the page as written (html_checks.PageCheck; None
    without a page): done here, while the other workers run, not by the batch at its end.
    """
    from gns_lib.report.html_checks import check_page

    if failure is not None:
        try:
            record_failure(job, failure)
        except Exception as exc:  # noqa: BLE001 - keep going: the HTML still shows the error
            print(f"kunde inte skriva felet i {job.output_ipynb}: {exc!r}", file=sys.stderr)
    if job.html_path is None or header is None:
        return failure, None
    try:
        page = notebook_to_html(job.output_ipynb, header, title=job.title)
        atomic_write_text(job.html_path, page)
    except Exception as exc:  # noqa: BLE001 - reported as a result, never raised in the batch
        if failure is None:
            return {
                "kind": R.HTML_FAILED, "cell_index": None, "executed_index": None, "cell_source": "",
                "error_name": type(exc).__name__, "error_message": str(exc),
            }, None
        return failure, None
    return failure, check_page(page)


def warm_up() -> float:
    """Import and initialise what a worker needs (for the fork server); returns seconds."""
    start = time.perf_counter()
    from gns_lib.report import html, plotlyjs

    html._exporter()
    html._static()
    plotlyjs.plotly_js(plotlyjs.BASIC_TRACES)  # reads the bundle our bar and line charts get
    return time.perf_counter() - start
