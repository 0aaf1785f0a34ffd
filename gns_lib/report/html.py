"""Executed notebooks to self-contained, offline HTML with our own nbconvert template.

Only outputs and Markdown are rendered (no code, no prompts). Plotly figures
(`application/vnd.plotly.v1+json` outputs) become a div plus an inert JSON
block; plotly.js (the smallest bundle that draws the file's charts, see
`plotlyjs`) is embedded once per file, only when the file has a chart. A
Content-Security-Policy with script hashes forbids every network request and
every inline event handler.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import nbformat
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from nbconvert.exporters import TemplateExporter

from gns_lib.present.chartkit import META_ALT, PLOTLY_MIME, page_settings
from gns_lib.report.plotlyjs import plotly_js, trace_types
from gns_lib.present.sanitize import clean_html, json_for_script, markdown_to_html

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE_NAME = "gns_rapport"
# Cells never shown: papermill's English error banners (we show our own) and
# the common "remove" tags of Jupyter Book.
HIDDEN_TAGS = frozenset(
    {"papermill-error-cell-tag", "injected-parameters", "remove-cell", "remove_cell", "remove-output"}
)


SWEDISH_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                  "oktober", "november", "december")
TIME_ZONE = "Europe/Stockholm"


def swedish_time(moment: datetime | None = None) -> str:
    """A moment as Swedish readers expect it, in Swedish local time: "1 december 2026 kl. 20.34"."""
    moment = moment or datetime.now(timezone.utc)
    try:
        from zoneinfo import ZoneInfo

        local = moment.astimezone(ZoneInfo(TIME_ZONE))
    except Exception:  # no time zone data (Windows without tzdata): the computer's own time
        local = moment.astimezone()
    return f"{local.day} {SWEDISH_MONTHS[local.month - 1]} {local.year} kl. {local.hour:02d}.{local.minute:02d}"


def folder_name(path: str | os.PathLike) -> str:
    """The data folder as readers know it: its name, never the whole path of the computer it ran on."""
    return Path(path).resolve().name or str(path)


@dataclass(frozen=True)
class ReportHeader:
    """What the report header shows; every field is escaped when rendered."""

    committee: str
    year: str | int
    run_time: str
    data_dir: str
    fingerprint: str
    period: str = ""  # a delår's first line, "Utfall till och med augusti 2018"; empty for the whole year


@dataclass(frozen=True)
class Section:
    """One rendered notebook: its title, HTML fragment and whether it failed."""

    title: str
    html: Markup
    failed: bool
    charts: int
    anchor: str = ""
    traces: frozenset[str] = frozenset()  # the plotly trace types of its charts


# ---- filters used by the section template -------------------------------------------------


def _hidden(cell) -> bool:
    return bool(HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])))


def _markdown(source: str) -> Markup:
    return Markup(markdown_to_html(source))


def chart_text(spec: dict) -> str:
    """The chart's text alternative (set by `chartkit`), else its title."""
    layout = spec.get("layout") if isinstance(spec.get("layout"), dict) else {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    if isinstance(meta.get(META_ALT), str) and meta[META_ALT]:
        return meta[META_ALT]
    title = layout.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    return f"Diagram: {_html.unescape(title)}" if isinstance(title, str) and title else "Diagram utan beskrivning."


def _chart(spec: dict) -> Markup:
    """A chart as a figure: the drawing area, its inert JSON, and its text alternative as caption.

    No role="img" around the chart: its toolbar buttons must stay reachable (axe nested-interactive).
    """
    caption = _html.escape(chart_text(spec), quote=False)
    return Markup(
        '<figure class="gns-figur-ram"><div class="gns-figur"></div>'
        f'<script type="application/json" class="gns-figur-data">{json_for_script(spec)}</script>'
        f'<figcaption class="gns-figurtext">{caption}</figcaption></figure>'
    )


def _image(mime: str, payload: str) -> Markup:
    if mime == "image/svg+xml":
        payload = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    payload = re.sub(r"\s+", "", payload)
    return Markup(f'<img class="gns-bild" alt="Bild" src="data:{mime};base64,{_html.escape(payload)}">')


def _output(output) -> Markup:
    """Pick one representation of a display output, richest safe one first."""
    data = output.get("data", {})
    if PLOTLY_MIME in data:
        return _chart(data[PLOTLY_MIME])
    if "text/html" in data:
        return Markup(f'<div class="gns-html">{clean_html(_text(data["text/html"]))}</div>')
    for mime in ("image/svg+xml", "image/png", "image/jpeg"):
        if mime in data:
            return _image(mime, _text(data[mime]))
    if "text/markdown" in data:
        return Markup(f'<div class="gns-text">{markdown_to_html(_text(data["text/markdown"]))}</div>')
    if "text/plain" in data:
        return Markup(f'<pre class="gns-utskrift">{_html.escape(_text(data["text/plain"]))}</pre>')
    return Markup("")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class _SectionExporter(TemplateExporter):
    """nbconvert exporter for one notebook's HTML fragment, with autoescape on."""

    output_mimetype = "text/html"
    file_extension = ".html"

    def __init__(self, **kw):
        kw.setdefault("extra_template_basedirs", [str(TEMPLATES)])
        kw.setdefault("template_name", TEMPLATE_NAME)
        kw.setdefault("template_file", "section.html.j2")
        kw.setdefault("default_preprocessors", ["nbconvert.preprocessors.CoalesceStreamsPreprocessor"])
        super().__init__(**kw)

    def _create_environment(self):
        environment = super()._create_environment()
        environment.autoescape = True
        for name, function in (("gns_hidden", _hidden), ("gns_markdown", _markdown), ("gns_output", _output)):
            environment.filters[name] = function
        return environment


@lru_cache(maxsize=1)
def _exporter() -> _SectionExporter:
    return _SectionExporter()


@lru_cache(maxsize=1)
def _page_environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def _static() -> tuple[str, str]:
    """The CSS and the chart start-up script, read once per process."""
    css = (TEMPLATES / "gns.css").read_text(encoding="utf-8")
    boot = (TEMPLATES / "boot.js").read_text(encoding="utf-8")
    return css, boot


@lru_cache(maxsize=1)
def _chart_settings() -> str:
    """The charts' config and Swedish locale (from `chartkit`) as an inert JSON block's text."""
    return json_for_script(page_settings())


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# ---- public API ----------------------------------------------------------------------------


def read_notebook(nb_path: str | os.PathLike) -> nbformat.NotebookNode:
    """Read an executed notebook (nbformat 4)."""
    return nbformat.read(os.fspath(nb_path), as_version=4)


def _figures(nb: nbformat.NotebookNode) -> list[dict]:
    """The plotly figures (JSON) of the notebook's visible outputs."""
    return [
        output["data"][PLOTLY_MIME]
        for cell in nb.cells
        if cell.cell_type == "code" and not _hidden(cell)
        for output in cell.get("outputs", [])
        if PLOTLY_MIME in output.get("data", {})
    ]


def chart_count(nb: nbformat.NotebookNode) -> int:
    """How many plotly figures the notebook's visible outputs hold."""
    return len(_figures(nb))


def notebook_title(nb: nbformat.NotebookNode, default: str) -> str:
    """The first Markdown heading of the notebook, else `default`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not _hidden(cell):
            for line in cell.source.splitlines():
                match = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
                if match and match.group(1):
                    return match.group(1)
    return default


def render_section(nb: nbformat.NotebookNode, default_title: str) -> Section:
    """Render one executed notebook as an HTML fragment through the nbconvert template."""
    body, _ = _exporter().from_notebook_node(nb)
    failed = bool(nb.metadata.get("gns", {}).get("fel")) or any(
        output.get("output_type") == "error" for cell in nb.cells for output in cell.get("outputs", [])
    )
    figures = _figures(nb)
    traces = frozenset().union(*(trace_types(f) for f in figures if isinstance(f, dict)))
    return Section(notebook_title(nb, default_title), Markup(body), failed, len(figures), traces=traces)


_HEADING = re.compile(r"<h([1-6])(\b[^>]*)>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)


def outline(fragment: str, shift: int, previous: int) -> tuple[str, int]:
    """Headings moved down `shift` levels, none deeper than one below the one before (WCAG 1.3.1).

    Returns the fragment and the level of its last heading (`previous` when it has none).
    """
    level = previous

    def fix(m: re.Match) -> str:
        nonlocal level
        wanted = min(6, int(m.group(1)) + shift)
        level = max(1, min(wanted, level + 1))
        return f"<h{level}{m.group(2)}>{m.group(3)}</h{level}>"

    return _HEADING.sub(fix, fragment), level


def render_page(sections: list[Section], header: ReportHeader, title: str, *, toc: bool) -> str:
    """Wrap rendered sections in the page: header, optional contents, CSS, scripts once.

    One h1 per page: the page title when it holds several notebooks (their headings move one
    level down), else the notebook's own title.
    """
    css, boot = _static()
    numbered = []
    level = 2 if toc else 0  # the page's h1 and the contents' h2 come first
    for i, s in enumerate(sections, 1):
        body, last = outline(str(s.html), 1 if toc else 0, level)
        level = 2 if toc else max(last, 1)
        numbered.append(Section(s.title, Markup(body), s.failed, s.charts, anchor=f"avsnitt-{i}", traces=s.traces))
    traces = frozenset().union(*(s.traces for s in sections))
    scripts = [plotly_js(traces), boot] if any(s.charts for s in sections) else []
    script_src = " ".join(_csp_hash(s) for s in scripts) or "'none'"
    csp = (
        "default-src 'none'; "
        f"script-src {script_src}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "worker-src 'none'; base-uri 'none'; form-action 'none'"
    )
    template = _page_environment().get_template("page.html.j2")
    return template.render(
        title=title,
        header=header,
        sections=numbered,
        toc=toc,
        css=Markup(css),
        chart_settings=Markup(_chart_settings()) if scripts else None,
        csp=csp,
        scripts=[Markup(s) for s in scripts],
    )


def notebook_to_html(nb_path: str | os.PathLike, header: ReportHeader, *, title: str | None = None) -> str:
    """One executed notebook as a complete HTML page."""
    path = Path(nb_path)
    section = render_section(read_notebook(path), path.stem)
    return render_page([section], header, title or section.title, toc=False)


def combine_html(nb_paths, header: ReportHeader, title: str) -> str:
    """Several executed notebooks as ONE page: contents list, one section each, plotly.js once."""
    sections = [render_section(read_notebook(p), Path(p).stem) for p in nb_paths]
    return render_page(sections, header, title, toc=True)
