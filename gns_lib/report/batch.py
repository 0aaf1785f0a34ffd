"""The årsbokslut batch: validate, run every notebook, write HTML, tables and key figures, then swap.

Everything is built in a fresh folder beside `<out>/<Y>/`; only a complete run replaces the
previous report, a failed one is kept as `<out>/<Y>.misslyckad/` for inspection.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from gns_lib.core.errors import ReportError

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"  # the repository's notebooks/
YEAR_NOTEBOOKS = ("01_arsanalys", "02_avvikelser", "03_nettokostnadsutveckling")
PARTY_NOTEBOOK = "04_partsrapport"
CELL_TIMEOUT = 300
NOTEBOOK_TIMEOUT = 900
SEND_LOG_WAIT = 600  # seconds a finished run waits for a `gns mail --send` to release the send log


@dataclass(frozen=True)
class ReportRun:
    """How a report run ended: where its files are, each notebook's result, sizes and problems."""

    year: int
    ok: bool
    folder: Path  # `<out>/<Y>` (a delår: `<out>/<Y>-<MM>`) after a complete run, else `<folder>.misslyckad`
    results: tuple
    problems: tuple[str, ...]
    sizes: dict[str, int]
    missing_comments: tuple[str, ...]
    seconds: float
    period: object = None  # the `Period` the run covered
    removed: tuple = ()  # `files.Removed`: folders of dead or failed earlier runs this run removed


def annual_report_name(year: int) -> str:
    return f"arsbokslut_{year}.html"


def report_name(period) -> str:
    """The combined report's file: `arsbokslut_2018.html`, or a delår's `delarsrapport_2018-08.html`."""
    return period.report_file


def report_folder(out: str | Path, period) -> Path:
    """`<out>/2018` for the årsbokslut, `<out>/2018-08` for a delår."""
    return Path(out) / period.folder_name


def run_report(data_dir: str | Path, year: int, out: str | Path = "outputs", *, jobs: int | None = None,
               strict: bool = False, cell_timeout: float = CELL_TIMEOUT, notebook_timeout: float = NOTEBOOK_TIMEOUT,
               max_bytes: int | None = None, notebook_dir: Path = NOTEBOOK_DIR,
               progress: Callable[[str], None] | None = None, through: str | None = None,
               pdf: bool = False) -> ReportRun:
    """Run the year's report through `through` ("2018-08": a delår; default: the last booked month).

    DataError/ReportError before anything runs when the input is not fit. `pdf`: also print the
    årsbokslut and every party report as PDF (needs Chromium; checked first).
    """
    from gns_lib.report.preflight import refuse_unfit_output

    started = time.perf_counter()
    refuse_unfit_output(out, data_dir, year, "Rapporten")  # checked first, before anything heavy is even imported

    from gns_lib.allocation.interim import allocate_through
    from gns_lib.engine.analysis import analyse_year
    from gns_lib.engine.periods import period_of
    from gns_lib.present.commentary import commentary
    from gns_lib.data.loader import load_dataset
    from gns_lib.allocation.weights import check_allocation_data
    from gns_lib.report.files import new_build_dir, remove_leftovers, restore_interrupted_swap
    from gns_lib.report.html_checks import DEFAULT_MAX_BYTES
    from gns_lib.report.runner import stderr_progress
    from gns_lib.allocation.statements import party_statements

    say = progress or stderr_progress
    printer = None
    if pdf:
        from gns_lib.report.pdf import require_browser

        printer = require_browser()  # a clear Swedish message before anything runs
    ds = check_allocation_data(load_dataset(data_dir))  # every problem at once; nothing runs on invalid data
    analysis = analyse_year(ds, year, through)
    period = analysis.period
    if not period.whole_year:
        say(period.first_line)
    missing = commentary(ds, year, analysis).missing_lines
    if strict and missing:
        raise ReportError("Kommentar saknas för väsentliga avvikelser (--strict):\n" + "\n".join(f"  {m}" for m in missing))
    alloc = allocate_through(ds, year, period.label)
    statements = party_statements(ds, alloc)
    missing_nb = [n for n in (*YEAR_NOTEBOOKS, PARTY_NOTEBOOK) if not (notebook_dir / f"{n}.ipynb").exists()]
    if missing_nb:
        raise ReportError(f"notebookarna saknas i {notebook_dir}: " + ", ".join(f"{n}.ipynb" for n in missing_nb))

    final = report_folder(out, period)
    restore_interrupted_swap(final)
    removed = remove_leftovers(final)
    for line in removed_lines(removed):
        say(line)
    build = new_build_dir(final)
    try:
        run = _build(ds, year, final, build, notebook_dir, analysis, alloc, statements, missing, started, say,
                     jobs, cell_timeout, notebook_timeout, max_bytes or DEFAULT_MAX_BYTES, data_dir, printer)
    except Exception as e:  # keep whatever was built for inspection; the last good report stays
        from gns_lib.report.build import broken_off

        raise broken_off(e, build, final, "rapportkörningen", "den förra rapporten") from e
    return replace(run, period=period, removed=removed)


def _build(ds, year, final, build, notebook_dir, analysis, alloc, statements, missing, started, say,
           jobs, cell_timeout, notebook_timeout, max_bytes, data_dir, printer=None) -> ReportRun:
    from gns_lib.allocation.shared_year import ENV
    from gns_lib.report.html import ReportHeader, folder_name, swedish_time
    from gns_lib.report.runner import run_notebooks

    period = analysis.period
    header = ReportHeader(
        committee=f"{ds.committee.namn} ({ds.committee.kortnamn})",
        year=year if period.whole_year else period.span,
        run_time=swedish_time(),
        data_dir=folder_name(data_dir),
        fingerprint=ds.fingerprint(),
        period="" if period.whole_year else period.first_line,
    )
    job_list = _jobs(ds, period, build, notebook_dir, [s.party.part for s in statements])
    data_files = {f.name: f.sha256 for f in ds.files}  # hashed now: the input this run reads
    say(f"Kör {len(job_list)} notebookar för {period.report_title} ({ds.committee.kortnamn}) …")
    shared = _write_shared(ds, build, analysis, alloc)
    try:
        results = run_notebooks(job_list, header=header, jobs_parallel=jobs, cell_timeout=cell_timeout,
                                notebook_timeout=notebook_timeout, cwd=notebook_dir, progress=say,
                                env={ENV: str(shared)})
    finally:
        shutil.rmtree(shared.parent, ignore_errors=True)  # not part of the report
    problems = [r.message() for r in results if not r.ok]
    sizes = _write_outputs(ds, year, build, header, analysis, alloc, statements, results, max_bytes, problems)
    if printer is not None and not problems:
        from gns_lib.report.pdf import pdf_name, write_pdfs

        pages = [build / report_name(analysis.period), *sorted((build / "parter").glob("*.html"))]
        say(f"Skriver {len(pages)} PDF-filer …")
        write_pdfs([(page, page.with_name(pdf_name(page.name))) for page in pages], printer)
        for page in pages:
            pdf_file = page.with_name(pdf_name(page.name))
            sizes[str(pdf_file.relative_to(build))] = pdf_file.stat().st_size
    return _finish(year, build, final, results, problems, sizes, missing, started, header, data_files)


def _write_shared(ds, build: Path, analysis, alloc) -> Path:
    """The data set, analysis and allocation this run computed, for the notebooks to read (see shared_year)."""
    from gns_lib.allocation.shared_year import write_shared

    period = analysis.period  # the notebooks are run with through = period.label (see _jobs)
    return write_shared(build, ds, {("fordelning", period.year, period.label): alloc,
                                    ("analys", period.year, period.label): analysis})


def removed_lines(removed) -> list[str]:
    """Swedish lines saying which leftovers of earlier runs were removed, and how much space that freed."""
    from decimal import Decimal

    from gns_lib.present.fmt import NBSP, kr

    if not removed:
        return []
    total = sum(r.size for r in removed)
    what = "mapp" if len(removed) == 1 else "mappar"
    lines = [f"Städade bort {len(removed)} {what} från tidigare körningar "
             f"({kr(Decimal(total) / 1_000_000, 1)}{NBSP}MB frigjordes):"]
    return lines + [f"  {r.path.name}: {r.why}, {kr(Decimal(r.size) / 1_000_000, 1)}{NBSP}MB" for r in removed]


def _jobs(ds, period, build: Path, notebook_dir: Path, parts: list[str]) -> list:
    """The same notebooks for the årsbokslut and a delår: `through` picks the months."""
    from gns_lib.report.result import NotebookJob

    data = str(Path(ds.data_dir).resolve())
    year = period.year
    params = {"year": year, "data_dir": data, "through": period.label}
    jobs = [
        NotebookJob(name, notebook_dir / f"{name}.ipynb", build / "notebooks" / f"{name}.ipynb",
                    params, build / f"{name}.html")
        for name in YEAR_NOTEBOOKS
    ]
    when = str(year) if period.whole_year else period.name
    for part in parts:
        jobs.append(NotebookJob(
            f"{PARTY_NOTEBOOK}_{part}", notebook_dir / f"{PARTY_NOTEBOOK}.ipynb",
            build / "notebooks" / "parter" / f"{part}.ipynb", {**params, "part": part},
            build / "parter" / f"{part}.html", title=f"Partsrapport {when}: {ds.party(part).namn}",
            varying=("part",),  # the parties share a warm kernel per worker (see report/warm.py)
        ))
    return jobs


def _write_outputs(ds, year, build, header, analysis, alloc, statements, results, max_bytes, problems) -> dict[str, int]:
    """The combined årsbokslut, key figures, tables and invoicing files; checks every HTML page."""
    from gns_lib.present.exports import report_tables, tables_as_csv
    from gns_lib.present.key_figures import key_figures, to_json
    from gns_lib.present.invoicing import invoice_title, invoicing_files
    from gns_lib.core.atomic import atomic_write_bytes, atomic_write_text
    from gns_lib.report.build import page_sizes, worker_checks
    from gns_lib.report.html import combine_html

    executed = [r.output_ipynb for r in results if r.name in YEAR_NOTEBOOKS]
    name = report_name(analysis.period)
    if all(p.exists() for p in executed):
        page = combine_html(executed, header, f"{analysis.period.report_title} – {ds.committee.kortnamn}")
        atomic_write_text(build / name, page)
    else:
        problems.append(f"{name} kunde inte skrivas: någon notebook kördes inte alls")
    atomic_write_text(build / "nyckeltal.json", to_json(key_figures(ds, year, analysis)))
    for name, data in tables_as_csv(report_tables(ds, analysis, alloc, statements)).items():
        atomic_write_bytes(build / "tabeller" / name, data)
    for name, data in invoicing_files(year, statements, alloc.provenance(), invoice_title(year, ds.committee.namn)).items():
        atomic_write_bytes(build / name, data)
    return page_sizes(build, max_bytes, problems, worker_checks(build, results))


def _finish(year, build, final, results, problems, sizes, missing, started, header, data_files) -> ReportRun:
    from gns_lib.report.build import finish_build

    folder = finish_build(build, final, year, problems, header, data_files, SEND_LOG_WAIT)
    return ReportRun(year, not problems, folder, tuple(results), tuple(problems), sizes, tuple(missing),
                     time.perf_counter() - started)
