"""The end of a report folder's build, shared by the årsbokslut and the plan run.

The pages are checked; a build with problems is kept as `<final>.misslyckad`, a clean one is
marked complete (`KLAR.json`) and swapped in with the send log carried over; a run that
breaks off keeps what it built and names it in a `ReportError`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Mapping

from gns_lib.core.errors import ReportError


def page_sizes(build: Path, max_bytes: int, problems: list[str], checked: Mapping | None = None) -> dict[str, int]:
    """Every HTML page's size in bytes by its path in `build`; its problems (external URLs, size) added to `problems`.

    `checked` ({path in build: PageCheck}) holds the pages a batch worker checked as it wrote them;
    the others are read and checked here.
    """
    from gns_lib.report.html_checks import check_page, page_problems

    checked = checked or {}
    sizes = {}
    for page in sorted(build.rglob("*.html")):
        rel = page.relative_to(build).as_posix()
        check = checked.get(rel) or check_page(page.read_text(encoding="utf-8"))
        sizes[rel] = check.size
        problems.extend(page_problems(check, rel, max_bytes=max_bytes))
    return sizes


def worker_checks(build: Path, results) -> dict:
    """{path in build: PageCheck} of the pages the notebook workers checked as they wrote them."""
    return {Path(r.html_path).relative_to(build).as_posix(): r.html_check
            for r in results if r.html_check is not None and r.html_path is not None}


def carry_send_log(final: Path, build: Path) -> None:
    """Keep `mail/skickat.csv` across runs: what was sent stays on record (not in KLAR.json)."""
    from gns_lib.core.atomic import atomic_write_bytes
    from gns_lib.mail.sendlog import LOG_NAME

    old = final / "mail" / LOG_NAME
    if old.is_file():
        atomic_write_bytes(build / "mail" / LOG_NAME, old.read_bytes())


def finish_build(build: Path, final: Path, year: int, problems: list[str], header, data_files: dict[str, str],
                 send_log_wait: float) -> Path:
    """Where the run's files end up: `<final>.misslyckad` when there are problems, else `final`, marked complete.

    The swap waits up to `send_log_wait` seconds for a `gns mail --send` to release the send log.
    """
    from gns_lib.mail.marker import write_completion_marker
    from gns_lib.mail.sendlog import LOG_NAME, paused
    from gns_lib.report.files import keep_failed_build, swap_into_place

    if problems:
        return keep_failed_build(build, final)
    write_completion_marker(build, year, sorted(p.relative_to(build) for p in build.rglob("*") if p.is_file()),
                            data_fingerprint=header.fingerprint, data_files=data_files, run_time=header.run_time)
    with paused(final / "mail" / LOG_NAME, send_log_wait):  # no send is recorded in the old folder after the copy
        carry_send_log(final, build)
        return swap_into_place(build, final)


def broken_off(error: Exception, build: Path, final: Path, run: str, previous: str) -> ReportError:
    """The error for a run that broke off: the build kept for inspection (removed on a full disk); `final` untouched.

    `run` names the run ("rapportkörningen"), `previous` what stays in `final` ("den förra rapporten").
    """
    from gns_lib.report.files import is_disk_full, keep_failed_build

    if is_disk_full(error):  # a kept build would go on filling the disk
        shutil.rmtree(build, ignore_errors=True)
        return ReportError(f"disken är full ({error}); det som hann byggas togs bort för att frigöra plats och "
                           f"{previous} i {final} är orörd. Frigör utrymme och kör igen")
    kept = keep_failed_build(build, final) if build.exists() else build
    return ReportError(f"{run} avbröts ({type(error).__name__}: {error}); {previous} i {final} är orörd, "
                       f"det som hann byggas finns i {kept}")
