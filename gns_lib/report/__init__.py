"""Generic report machinery for `gns report`: run notebooks, render offline HTML, swap outputs.

No names are re-exported here (importing the package stays cheap); import from the modules:

- runner:  run_notebooks(jobs, ...) -> tuple[NotebookResult, ...]
- result:  NotebookJob, NotebookResult, summarize
- html:    notebook_to_html, combine_html, ReportHeader (own nbconvert template, plotly.js once)
- html_checks: external_urls, check_page, html_problems (no external URL, size limit)
- build:   page_sizes, finish_build, broken_off (the end of a run, shared by `gns report` and `gns plan`)
- files:   new_build_dir, swap_into_place, keep_failed_build, failed_dir
"""
