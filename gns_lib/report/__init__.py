"""Generic report machinery for `gns report`: run notebooks, render offline HTML, swap outputs.

- runner:  run_notebooks(jobs, ...) -> tuple[NotebookResult, ...]
- html:    notebook_to_html, combine_html (own nbconvert template, plotly.js once)
- checks:  external_urls, html_problems (no external URL, size limit)
- files:   atomic_write_text, new_build_dir, swap_into_place, keep_failed_build
"""

from gns_lib.report.html_checks import DEFAULT_MAX_BYTES, external_urls, html_problems
from gns_lib.core.atomic import atomic_write_bytes, atomic_write_text
from gns_lib.report.files import (
    failed_dir,
    keep_failed_build,
    new_build_dir,
    swap_into_place,
)
from gns_lib.report.html import ReportHeader, combine_html, notebook_to_html
from gns_lib.report.result import NotebookJob, NotebookResult, summarize
from gns_lib.report.runner import run_notebooks

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NotebookJob",
    "NotebookResult",
    "ReportHeader",
    "atomic_write_bytes",
    "atomic_write_text",
    "combine_html",
    "external_urls",
    "failed_dir",
    "html_problems",
    "keep_failed_build",
    "new_build_dir",
    "notebook_to_html",
    "run_notebooks",
    "summarize",
    "swap_into_place",
]
