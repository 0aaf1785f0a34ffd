"""Values of a notebook run: the job, its result and the Swedish failure texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

# Failure kinds (NotebookResult.kind).
EXCEPTION = "exception"  # a cell raised
CELL_TIMEOUT = "cell_timeout"  # one cell ran past the per-cell limit
NOTEBOOK_TIMEOUT = "notebook_timeout"  # the notebook ran past its wall-clock limit
KERNEL_DIED = "kernel_died"  # the kernel process died (os._exit, segfault, OOM kill)
WORKER_DIED = "worker_died"  # our worker process died without reporting
NOT_RUN = "not_run"  # papermill could not start (missing file, no kernel, bad parameter)
HTML_FAILED = "html_failed"  # executed fine but the HTML could not be written

EXCERPT_LINES = 3
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to execute with `parameters`, kept as `output_ipynb` (+ HTML if `html_path`)."""

    name: str
    input_path: Path
    output_ipynb: Path
    parameters: Mapping[str, Any] = field(default_factory=dict)
    html_path: Path | None = None
    title: str | None = None  # HTML page title; default: the notebook's first heading
    varying: tuple[str, ...] = ()  # parameters that differ between runs sharing one warm kernel

    def shares_kernel_with(self, other: "NotebookJob") -> bool:
        """Whether `other` may run in the kernel this job warmed: same notebook, same fixed parameters."""
        return (bool(self.varying) and other.varying == self.varying and other.input_path == self.input_path
                and _fixed(other) == _fixed(self))


def _fixed(job: NotebookJob) -> dict:
    return {k: v for k, v in job.parameters.items() if k not in job.varying}


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook run ended. `cell_index` is 0-based in the *input* notebook."""

    name: str
    ok: bool
    output_ipynb: Path
    html_path: Path | None
    duration: float
    kind: str | None = None
    cell_index: int | None = None
    cell_source: str = ""
    error_name: str = ""
    error_message: str = ""
    log_path: Path | None = None
    html_check: object | None = None  # html_checks.PageCheck of the page as the worker wrote it, when asked for

    @property
    def status(self) -> str:
        return "ok" if self.ok else "misslyckades"

    def message(self) -> str:
        """One Swedish line: which notebook, which cell, what went wrong."""
        if self.ok:
            return f"{self.name}: klar ({seconds(self.duration)})"
        return failure_message(
            self.name, self.kind, self.cell_index, self.cell_source, self.error_name, self.error_message
        )


def excerpt(source: str) -> str:
    """The first lines of a cell's source, short enough for one message line."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    text = " ⏎ ".join(lines[:EXCERPT_LINES])
    if len(lines) > EXCERPT_LINES:
        text += " …"
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def seconds(value: float) -> str:
    """A duration for Swedish readers: `3,4 s`."""
    return f"{value:.1f} s".replace(".", ",")


def failure_message(name, kind, cell_index, cell_source, error_name, error_message) -> str:
    """The Swedish description of a failure, shared by the worker and the parent."""
    where = ""
    if cell_index is not None:
        where = f" i cell {cell_index + 1}"
        if cell_source:
            where += f" ({cell_source})"
    what = {
        EXCEPTION: f"{error_name}: {error_message}" if error_message else error_name,
        CELL_TIMEOUT: f"cellen överskred tidsgränsen {error_message}",
        NOTEBOOK_TIMEOUT: f"notebooken överskred tidsgränsen {error_message} och avbröts",
        KERNEL_DIED: "Python-kärnan dog oväntat (processen avslutades)",
        WORKER_DIED: f"körningen avbröts oväntat ({error_message})",
        NOT_RUN: f"kunde inte köras: {error_name}: {error_message}",
        HTML_FAILED: f"HTML kunde inte skapas: {error_name}: {error_message}",
    }.get(kind, f"{error_name}: {error_message}")
    return f"{name} misslyckades{where}: {what}"


def summarize(results) -> str:
    """A Swedish summary of a run: counts, then one line per failure."""
    results = list(results)
    failed = [r for r in results if not r.ok]
    head = f"{len(results)} notebookar: {len(results) - len(failed)} klara, {len(failed)} misslyckades."
    return "\n".join([head, *(f"  - {r.message()}" for r in failed)])
