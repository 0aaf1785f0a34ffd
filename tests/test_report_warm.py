"""gns_lib.report.warm: party notebooks in one warm kernel per worker, pages as papermill gives them."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import papermill
import pytest

from conftest import write_folder
from gns_lib.data.loader import load_dataset
from gns_lib.report.batch import NOTEBOOK_DIR, PARTY_NOTEBOOK, run_report
from gns_lib.report.html import ReportHeader, folder_name, notebook_to_html
from gns_lib.report.result import EXCEPTION, NotebookJob
from gns_lib.report.runner import run_notebooks

pytestmark = pytest.mark.slow
HEADER = ReportHeader("Testnämnden", 2018, "1 februari 2019 kl. 08.00", "tests", "0" * 64)
RUN_TIME = "1 januari 2019 kl. 08.00"


def party_notebook(folder: Path) -> Path:
    """Shared cells that log each run to `logg`; per-party cells that print, leave a name, fail for b."""
    params = nbformat.v4.new_code_cell('part = "a"\nlogg = ""')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Partstest"),
        params,
        nbformat.v4.new_code_cell("import os"),
        nbformat.v4.new_code_cell('karna = os.getpid()\nwith open(logg, "a") as fil:\n    fil.write("delad\\n")\nprint("delad")'),
        nbformat.v4.new_code_cell('print(part, karna, "rest" in globals())'),
        nbformat.v4.new_code_cell('if part == "b":\n    raise ValueError("planterat fel")\nrest = part'),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "parter.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def parties(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    notebook, log = party_notebook(folder), folder / "delade.log"
    jobs = [NotebookJob(f"parter_{p}", notebook, folder / f"{p}.ipynb", {"part": p, "logg": str(log)},
                        folder / f"{p}.html", varying=("part",)) for p in "abcd"]
    lines: list[str] = []
    (folder / "tmp").mkdir()
    with pytest.MonkeyPatch.context() as mp:  # the kernels' socket folders go here
        mp.setenv("TMPDIR", str(folder / "tmp"))
        mp.setattr(tempfile, "tempdir", None)
        results = run_notebooks(jobs, header=HEADER, jobs_parallel=1, cell_timeout=60, notebook_timeout=120,
                                cwd=folder, progress=lines.append)
    assert list((folder / "tmp").glob("gns-kernel-*")) == []  # both kernels' socket folders were removed
    return {r.name[-1]: r for r in results}, log, lines


def printed(result, cell: int) -> str:
    """What code cell `cell` of the input notebook printed in the executed notebook."""
    cells = [c for c in nbformat.read(result.output_ipynb, as_version=4).cells
             if "injected-parameters" not in c.metadata.get("tags", [])]
    return "".join(o.get("text", "") for o in cells[cell].outputs if o.output_type == "stream")


def test_the_shared_cells_run_once_per_kernel_and_a_failure_ends_the_kernel(parties):
    results, log, lines = parties
    assert [results[p].ok for p in "abcd"] == [True, False, True, True]
    assert log.read_text(encoding="utf-8") == "delad\ndelad\n"  # in a's kernel and, after b failed, in c's
    pid = {p: printed(results[p], 4).split()[1] for p in "acd"}
    assert pid["c"] == pid["d"] != pid["a"]
    assert [line.split("] ", 1)[1] for line in lines if "startar" in line] == [
        "startar parter_a", "startar parter_b", "startar parter_c", "startar parter_d"]


def test_a_warm_run_gets_the_shared_outputs_and_a_fresh_kernels_names_and_prompt_numbers(parties):
    results, _, _ = parties
    assert [printed(results[p], 3) for p in "acd"] == ["delad\n"] * 3
    assert [printed(results[p], 4).split()[::2] for p in "acd"] == [["a", "False"], ["c", "False"], ["d", "False"]]
    counts = [c.execution_count for c in nbformat.read(results["d"].output_ipynb, as_version=4).cells
              if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4, 5, 6]  # parameters, injected parameters, then the notebook's four cells


def test_a_failing_party_cell_is_reported_with_the_party_and_the_cell(parties):
    results, _, _ = parties
    b = results["b"]
    assert (b.kind, b.cell_index, b.error_name, b.error_message) == (EXCEPTION, 5, "ValueError", "planterat fel")
    assert b.message() == ('parter_b misslyckades i cell 6 (if part == "b": ⏎ raise ValueError("planterat fel") '
                           '⏎ rest = part): ValueError: planterat fel')
    assert b.html_path.exists() and not results["d"].log_path


def test_the_batch_page_of_a_party_equals_the_page_papermill_gives_for_it(tmp_path, monkeypatch):
    """Three parties in one worker: the second and third run warm. Only the run time is fixed (not normalised)."""
    data = write_folder(tmp_path / "data", {"parter.csv": (
        "part;namn;org_nr;typ;medlem_fran;medlem_till\n"
        "R;Region Test;232100-0016;region;2017-01-01;\n"
        "A;Testby kommun;212000-0001;kommun;2017-01-01;\n"
        "B;Andraby kommun;212000-0100;kommun;2017-01-01;\n")})
    monkeypatch.setattr("gns_lib.report.html.swedish_time", lambda moment=None: RUN_TIME)
    run = run_report(data, 2018, tmp_path / "ut", jobs=1, progress=lambda line: None)
    assert run.ok, run.problems
    ds = load_dataset(data)
    header = ReportHeader(f"{ds.committee.namn} ({ds.committee.kortnamn})", 2018, RUN_TIME, folder_name(data),
                          ds.fingerprint())
    loaded = []  # whether the party's run loaded the data itself (nbclient records timing only on a run cell)
    for part in ("R", "A", "B"):
        batch_nb = nbformat.read(run.folder / "notebooks" / "parter" / f"{part}.ipynb", as_version=4)
        loaded.append(any("execution" in c.metadata for c in batch_nb.cells if c.source.startswith("ds = load(")))
        alone = tmp_path / f"{part}.ipynb"
        papermill.execute_notebook(NOTEBOOK_DIR / f"{PARTY_NOTEBOOK}.ipynb", alone,
                                   parameters=dict(batch_nb.metadata.papermill.parameters), kernel_name="python3",
                                   cwd=NOTEBOOK_DIR, progress_bar=False)
        page = notebook_to_html(alone, header, title=f"Partsrapport 2018: {ds.party(part).namn}")
        assert (run.folder / "parter" / f"{part}.html").read_text(encoding="utf-8") == page, part
    assert sorted(loaded) == [False, False, True]  # one kernel loaded the data; two parties ran warm


def test_an_unreadable_notebook_shares_nothing_and_papermill_reports_it(tmp_path):
    from gns_lib.report.warm import WarmKernel
    from gns_lib.report.worker import ReportingKernelManager

    warm = WarmKernel(tmp_path / "saknas.ipynb", ("part",), ReportingKernelManager, "python3")
    assert (warm.shared, warm.params, warm.ready) == (frozenset(), -1, False)
    warm.close()  # no kernel was started: nothing to stop


@pytest.mark.parametrize("save_every, writes", [(3600, [3, 3]), (0, [17, 17])])
def test_a_warm_run_saves_its_notebook_at_start_and_end_and_a_slow_cell_between(tmp_path, monkeypatch, save_every,
                                                                                writes):
    """papermill writes the notebook before and after every cell; a warm run only when SAVE_EVERY has passed."""
    import papermill.engines
    import papermill.execute

    from gns_lib.report import warm, worker

    notebook, log = party_notebook(tmp_path), tmp_path / "delade.log"
    jobs = [NotebookJob(f"parter_{p}", notebook, tmp_path / f"{p}.ipynb", {"part": p, "logg": str(log)},
                        varying=("part",)) for p in "ac"]
    counted: list[str] = []
    for module in (papermill.engines, papermill.execute):
        original = module.write_ipynb
        monkeypatch.setattr(module, "write_ipynb", lambda nb, path, _w=original: (counted.append(path), _w(nb, path)))
    monkeypatch.setattr(warm, "SAVE_EVERY", save_every)
    options = {"kernel_name": "python3", "cwd": str(tmp_path), "cell_timeout": 60, "start_timeout": 60}
    kernel, per_run = None, []
    try:
        for job in jobs:
            failure, kernel = worker.execute(job, options, kernel)
            assert failure is None
            per_run.append(sum(1 for p in counted if str(p) == str(job.output_ipynb)))
    finally:
        kernel.close()
    assert per_run == writes  # papermill's start, end and final write; at 0 s also the 7 cells' starts and ends
    assert printed(SimpleNamespace(output_ipynb=jobs[1].output_ipynb), 4).split()[::2] == ["c", "False"]
