"""Run notebooks through papermill in parallel worker processes, with time limits and progress.

Every notebook gets its own worker process (forked from a warm fork server on
POSIX, spawned on Windows) and its own kernel — except jobs with varying parameters
(the party reports): a worker that ran one without failure is handed the next queued
job that shares its kernel (`NotebookJob.shares_kernel_with`, see `warm`). The parent
enforces the per-notebook wall-clock limit by killing the kernel and the worker;
papermill's per-cell limit is enforced inside the worker. One failure never stops the rest.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Sequence

from gns_lib.report import result as R
from gns_lib.report.html import ReportHeader

KERNEL_NAME = "python3"
DEFAULT_CELL_TIMEOUT = 600
DEFAULT_NOTEBOOK_TIMEOUT = 1800
_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)

Progress = Callable[[str], None]


def stderr_progress(line: str) -> None:
    """The default progress display: one Swedish line per event on stderr."""
    print(line, file=sys.stderr, flush=True)


@dataclass
class _Running:
    index: int
    job: R.NotebookJob
    process: mp.process.BaseProcess
    conn: object
    started: float
    deadline: float
    kernel_pid: int | None = None
    cell: tuple = field(default_factory=lambda: (None, None, ""))
    done: dict | None = None
    finished: bool = False
    sockets: str | None = None  # the kernel's private Unix-socket folder, removed when the job ends


def _context():
    """A fork server that has imported papermill and nbconvert once; spawn where there is none."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["gns_lib.report._preload"])
        return ctx
    return mp.get_context("spawn")


def run_notebooks(
    jobs: Sequence[R.NotebookJob],
    *,
    header: ReportHeader | None = None,
    jobs_parallel: int | None = None,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT,
    cwd: str | os.PathLike | None = None,
    kernel_name: str = KERNEL_NAME,
    start_timeout: float = 60,
    progress: Progress | None = stderr_progress,
    env: dict[str, str] | None = None,
) -> tuple[R.NotebookResult, ...]:
    """Execute `jobs` (at most `jobs_parallel` at once) and return one result each, in job order.

    A job with `html_path` also gets its HTML page (with `header`), failed or not, checked by the
    worker that wrote it (`html_check`, see html_checks). `env`: extra environment variables for the kernels.
    """
    jobs = list(jobs)
    names = [j.name for j in jobs]
    if len(set(names)) != len(names):
        raise ValueError("notebook job names must be unique")
    if header is None and any(j.html_path for j in jobs):
        raise ValueError("a header is needed to write HTML")
    parallel = max(1, jobs_parallel or os.cpu_count() or 1)
    say = progress or (lambda line: None)
    options = {
        "header": header,
        "kernel_name": kernel_name,
        "cwd": os.fspath(cwd) if cwd else None,
        "cell_timeout": cell_timeout,
        "start_timeout": start_timeout,
        "env": dict(env or {}),
    }
    ctx = _context()
    queue = list(enumerate(jobs))
    running: dict[int, _Running] = {}
    results: list[R.NotebookResult | None] = [None] * len(jobs)
    finished = 0
    try:
        while queue or running:
            while queue and len(running) < parallel:
                index, job = queue.pop(0)
                running[index] = _start(ctx, index, job, options, notebook_timeout)
                say(f"[{finished}/{len(jobs)}] startar {job.name}")
            _wait_for_events(running)
            for run in list(running.values()):
                _drain(run)
                result = _finish_if_done(run, header, notebook_timeout)
                if result is not None:
                    del running[run.index]
                    results[run.index] = result
                    finished += 1
                    say(f"[{finished}/{len(jobs)}] {_progress_text(result)}")
                    if _hand_over(run, queue, notebook_timeout):
                        running[run.index] = run
                        say(f"[{finished}/{len(jobs)}] startar {run.job.name}")
    finally:
        for run in running.values():
            _kill(run)
            _remove_sockets(run)
    return tuple(results)  # type: ignore[arg-type]


def _progress_text(result: R.NotebookResult) -> str:
    if result.ok:
        return result.message()
    return f"FEL: {result.message()} ({R.seconds(result.duration)})"


def _start(ctx, index: int, job: R.NotebookJob, options: dict, notebook_timeout: float) -> _Running:
    from gns_lib.report.worker import run_job

    receiver, sender = ctx.Pipe(duplex=bool(job.varying))  # a warm worker also hears which job is next
    sockets = tempfile.mkdtemp(prefix="gns-kernel-") if os.name == "posix" else None  # see ReportingKernelManager
    process = ctx.Process(target=run_job, args=(job, {**options, "ipc_dir": sockets}, sender), name=f"gns-{job.name}",
                          daemon=True)
    started = time.monotonic()
    process.start()
    sender.close()
    return _Running(index, job, process, receiver, started, started + notebook_timeout, sockets=sockets)


def _wait_for_events(running: dict[int, _Running]) -> None:
    now = time.monotonic()
    timeout = max(0.0, min(r.deadline for r in running.values()) - now) if running else 0
    waitables = [r.conn for r in running.values() if not r.finished] + [r.process.sentinel for r in running.values()]
    wait(waitables, timeout=min(timeout, 1.0) + 0.01)


def _drain(run: _Running) -> None:
    """Read every message the worker has sent so far."""
    while not run.finished:
        try:
            if not run.conn.poll():
                return
            message = run.conn.recv()
        except (EOFError, OSError):
            run.finished = True
            return
        if message[0] == "kernel":
            run.kernel_pid = message[1]
        elif message[0] == "cell":
            run.cell = (message[1], message[2], message[3])
        elif message[0] == "done":
            run.done = {"failure": message[1], "check": message[2]}
            run.finished = True


def _finish_if_done(run: _Running, header, notebook_timeout: float) -> R.NotebookResult | None:
    if run.done is not None:
        if _waits_for_next(run):
            return _result(run, None)  # the worker waits: `_hand_over` gives it a job or stops it
        run.process.join(timeout=30)  # the worker reported; it only has to exit
        if run.process.is_alive():
            _kill(run)
        return _result(run, run.done["failure"])
    if not run.process.is_alive():
        _drain(run)
        if run.done is not None:
            return _result(run, run.done["failure"])
        _kill(run)
        failure = _parent_failure(run, R.WORKER_DIED, "WorkerDied", f"slutkod {run.process.exitcode}")
        return _result(run, _record_in_parent(run, header, failure))
    if time.monotonic() >= run.deadline:
        _kill(run)
        failure = _parent_failure(run, R.NOTEBOOK_TIMEOUT, "NotebookTimeout", R.seconds(notebook_timeout))
        return _result(run, _record_in_parent(run, header, failure))
    return None


def _waits_for_next(run: _Running) -> bool:
    """A warm worker that ran its job without failure waits for ("next", job) or ("stop",)."""
    return bool(run.job.varying) and run.done is not None and run.done["failure"] is None


def _hand_over(run: _Running, queue: list, notebook_timeout: float) -> bool:
    """Give a waiting warm worker the next queued job sharing its kernel; else stop it. True if handed."""
    if not _waits_for_next(run):
        return False
    alive = run.process.is_alive()
    found = next((k for k, (_, job) in enumerate(queue) if alive and run.job.shares_kernel_with(job)), None)
    if found is not None:
        index, job = queue.pop(found)
        try:
            run.conn.send(("next", job))
        except (BrokenPipeError, OSError):
            queue.insert(found, (index, job))  # the worker is gone: a new one takes the job
        else:
            started = time.monotonic()
            run.index, run.job, run.started, run.deadline = index, job, started, started + notebook_timeout
            run.cell, run.done, run.finished = (None, None, ""), None, False
            return True
    try:
        run.conn.send(("stop",))
    except (BrokenPipeError, OSError):
        pass
    run.process.join(timeout=30)
    if run.process.is_alive():
        _kill(run)
    _remove_sockets(run)
    return False


def _parent_failure(run: _Running, kind: str, name: str, message: str) -> dict:
    input_index, executed_index, source = run.cell
    return {
        "kind": kind,
        "cell_index": input_index,
        "executed_index": executed_index,
        "cell_source": source or "",
        "error_name": name,
        "error_message": message,
    }


def _record_in_parent(run: _Running, header, failure: dict) -> dict:
    """The worker is gone: write the failure into the .ipynb and the HTML here."""
    from gns_lib.report.worker import write_outputs

    return write_outputs(run.job, header, failure)[0] or failure


def _kill(run: _Running) -> None:
    """Kill the kernel, then the worker's whole process group, and reap the worker."""
    if run.kernel_pid is not None:
        try:
            os.kill(run.kernel_pid, _KILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    if run.process.is_alive():
        killed = False
        if hasattr(os, "killpg"):
            try:
                if os.getpgid(run.process.pid) == run.process.pid:
                    os.killpg(run.process.pid, _KILL)
                    killed = True
            except (ProcessLookupError, PermissionError, OSError):
                pass
        if not killed:
            run.process.kill()
    run.process.join(timeout=10)
    try:
        run.conn.close()
    except OSError:
        pass


def _remove_sockets(run: _Running) -> None:
    if run.sockets is not None:
        shutil.rmtree(run.sockets, ignore_errors=True)


def _result(run: _Running, failure: dict | None) -> R.NotebookResult:
    from gns_lib.report.worker import log_path_for

    if not _waits_for_next(run):  # a waiting warm kernel still talks over them
        _remove_sockets(run)
    duration = time.monotonic() - run.started
    log_path = log_path_for(run.job)
    job = run.job
    check = (run.done or {}).get("check")
    if failure is None:
        return R.NotebookResult(job.name, True, Path(job.output_ipynb), job.html_path, duration, html_check=check)
    return R.NotebookResult(
        job.name,
        False,
        Path(job.output_ipynb),
        job.html_path,
        duration,
        kind=failure["kind"],
        cell_index=failure["cell_index"],
        cell_source=failure["cell_source"],
        error_name=failure["error_name"],
        error_message=failure["error_message"],
        log_path=log_path if log_path.exists() else None,
        html_check=check,
    )
