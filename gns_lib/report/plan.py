"""The plan run: the verksamhetsplan's Ekonomi chapter and every party's budgetunderlag for year Y.

Everything is built in a fresh folder beside `<out>/plan-<Y>/` and swapped in only when the
whole run succeeded (the same helpers as the årsbokslut); a failed run is kept as
`<out>/plan-<Y>.misslyckad/`. A what-if is passed to the plan notebook as parameters and
applied in memory: the data folder is only read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping

from gns_lib.core.errors import ReportError
from gns_lib.report.batch import CELL_TIMEOUT, NOTEBOOK_DIR, NOTEBOOK_TIMEOUT

PLAN_NOTEBOOK = "06_budget"
BASIS_NOTEBOOK = "07_budgetunderlag"
BASIS_DIR = "budgetunderlag"
WHAT_IF_PARAMETERS = ("ansluter", "lamnar", "grundbidrag", "projektbudget")


@dataclass(frozen=True)
class PlanRun:
    """How a plan run ended: where its files are, each notebook's result, page sizes and problems."""

    year: int
    ok: bool
    folder: Path  # `<out>/plan-<Y>` after a complete run, else `<out>/plan-<Y>.misslyckad`
    results: tuple
    problems: tuple[str, ...]
    sizes: dict[str, int]
    seconds: float


def plan_folder(out: str | Path, year: int) -> Path:
    return Path(out) / f"plan-{year}"


def plan_page_name(year: int) -> str:
    return f"verksamhetsplan_{year}_ekonomi.html"


def run_plan(data_dir: str | Path, year: int, out: str | Path = "outputs", *, what_if: Mapping[str, str] | None = None,
             jobs: int | None = None, cell_timeout: float = CELL_TIMEOUT, notebook_timeout: float = NOTEBOOK_TIMEOUT,
             max_bytes: int | None = None, notebook_dir: Path = NOTEBOOK_DIR,
             progress: Callable[[str], None] | None = None) -> PlanRun:
    """Run the plan for `year`; DataError/ReportError before anything runs when the input is not fit."""
    from gns_lib.allocation.plan import budget_plan
    from gns_lib.allocation.weights import check_allocation_data
    from gns_lib.allocation.whatif import scenario_from_text, what_if as compare
    from gns_lib.data.loader import load_dataset
    from gns_lib.report.files import new_build_dir, restore_interrupted_swap
    from gns_lib.report.html_checks import DEFAULT_MAX_BYTES
    from gns_lib.report.preflight import refuse_unfit_output
    from gns_lib.report.runner import stderr_progress

    started = time.perf_counter()
    refuse_unfit_output(out, data_dir, plan_folder(out, year).name, "Planen")  # before anything heavy runs
    say = progress or stderr_progress
    parameters = {k: str((what_if or {}).get(k) or "") for k in WHAT_IF_PARAMETERS}
    unknown = sorted(set(what_if or {}) - set(WHAT_IF_PARAMETERS))
    if unknown:
        raise ValueError(f"unknown what-if parameters {unknown}")
    ds = check_allocation_data(load_dataset(data_dir))  # every problem at once; nothing runs on invalid data
    plan = budget_plan(ds, year)
    compare(ds, year, scenario_from_text(**parameters))  # a what-if that cannot be applied stops here, in Swedish
    if not plan.parties:
        raise ReportError(f"inget budgetunderlag för {year}: ingen grundfinansiering i namnd.toml och inga projekt med budget")
    missing = [n for n in (PLAN_NOTEBOOK, BASIS_NOTEBOOK) if not (notebook_dir / f"{n}.ipynb").exists()]
    if missing:
        raise ReportError(f"notebookarna saknas i {notebook_dir}: " + ", ".join(f"{n}.ipynb" for n in missing))
    final = plan_folder(out, year)
    restore_interrupted_swap(final)
    build = new_build_dir(final)
    try:
        return _build(ds, plan, year, final, build, notebook_dir, parameters, started, say, jobs, cell_timeout,
                      notebook_timeout, max_bytes or DEFAULT_MAX_BYTES, data_dir)
    except Exception as e:  # keep whatever was built for inspection; the last good plan stays
        from gns_lib.report.build import broken_off

        raise broken_off(e, build, final, "plankörningen", "den förra planen") from e


def _jobs(ds, year: int, build: Path, notebook_dir: Path, parameters: dict, parts: list[str]) -> list:
    from gns_lib.report.result import NotebookJob

    data = str(Path(ds.data_dir).resolve())
    jobs = [NotebookJob(PLAN_NOTEBOOK, notebook_dir / f"{PLAN_NOTEBOOK}.ipynb", build / "notebooks" / f"{PLAN_NOTEBOOK}.ipynb",
                        {"year": year, "data_dir": data, **parameters}, build / plan_page_name(year),
                        title=f"Verksamhetsplan {year} – Ekonomi – {ds.committee.kortnamn}")]
    for part in parts:
        jobs.append(NotebookJob(
            f"{BASIS_NOTEBOOK}_{part}", notebook_dir / f"{BASIS_NOTEBOOK}.ipynb",
            build / "notebooks" / BASIS_DIR / f"{part}.ipynb", {"year": year, "data_dir": data, "part": part},
            build / BASIS_DIR / f"{part}.html", title=f"Budgetunderlag {year}: {ds.party(part).namn}",
        ))
    return jobs


def _build(ds, plan, year, final, build, notebook_dir, parameters, started, say, jobs, cell_timeout, notebook_timeout,
           max_bytes, data_dir) -> PlanRun:
    from gns_lib.core.atomic import atomic_write_bytes
    from gns_lib.present.budget_basis import basis_files
    from gns_lib.report.batch import SEND_LOG_WAIT
    from gns_lib.report.build import finish_build, page_sizes, worker_checks
    from gns_lib.report.html import ReportHeader
    from gns_lib.report.runner import run_notebooks

    header = ReportHeader(
        committee=f"{ds.committee.namn} ({ds.committee.kortnamn})",
        year=year,
        run_time=datetime.now().astimezone().isoformat(timespec="seconds"),
        data_dir=str(Path(data_dir).resolve()),
        fingerprint=ds.fingerprint(),
    )
    job_list = _jobs(ds, year, build, notebook_dir, parameters, [p.part for p in plan.parties])
    say(f"Kör {len(job_list)} notebookar för verksamhetsplanen {year} ({ds.committee.kortnamn}) …")
    results = run_notebooks(job_list, header=header, jobs_parallel=jobs, cell_timeout=cell_timeout,
                            notebook_timeout=notebook_timeout, cwd=notebook_dir, progress=say)
    problems = [r.message() for r in results if not r.ok]
    for name, data in basis_files(ds, plan).items():
        atomic_write_bytes(build / name, data)
    sizes = page_sizes(build, max_bytes, problems, worker_checks(build, results))
    # KLAR.json: `gns mail --plan` checks the data and the content by it; what it sent stays on record
    folder = finish_build(build, final, year, problems, header, {f.name: f.sha256 for f in ds.files}, SEND_LOG_WAIT)
    return PlanRun(year, not problems, folder, tuple(results), tuple(problems), sizes, time.perf_counter() - started)
