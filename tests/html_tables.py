"""Read what a rendered report shows: the rows of its HTML tables as cell texts, and its sentences.

Tests of a rendered page read the cell or sentence they check (a substring of the whole page
would find "0" anywhere and "100" inside "1 100").
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _Tables(HTMLParser):
    """Collects every table as a list of rows, each row the texts of its th/td cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []  # nested tables being read
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"[ \t\r\n]+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._open:
            self._open[-1].append(self._row)
            self._row = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


class _Blocks(HTMLParser):
    """Collects the text of every paragraph and list item (outside scripts and tables)."""

    BLOCKS = ("p", "li")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "table"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "table"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS and self._open:
            text = re.sub(r"[ \t\r\n]+", " ", "".join(self._open.pop())).strip()
            if text:
                self.blocks.append(text)

    def handle_data(self, data):
        if self._open and not self._skip:
            self._open[-1].append(data)


class _Elements(HTMLParser):
    """Collects the text of every element with one tag (h3, li, …), and whether it is inside a collapsed <details>."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.found, self._text, self._details = tag, [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self._details += 1
        elif tag == self.tag:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "details":
            self._details = max(0, self._details - 1)
        elif tag == self.tag and self._text is not None:
            self.found.append((re.sub(r"[ \t\r\n]+", " ", "".join(self._text)).strip(), self._details > 0))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def element_texts(markup: str, tag: str = "h3") -> list[tuple[str, bool]]:
    """(text, inside a <details>) of every `tag` element in `markup` (not nested in another), in document order."""
    parser = _Elements(tag)
    parser.feed(markup)
    parser.close()
    return parser.found


def paragraphs_of(markup: str) -> list[str]:
    """The text of every <p> and <li> in `markup`, whitespace folded (no-break spaces kept)."""
    parser = _Blocks()
    parser.feed(markup)
    parser.close()
    return parser.blocks


def tables_of(markup: str) -> list[list[list[str]]]:
    """Every table in `markup`, in document order: rows of cell texts (tags dropped, entities decoded)."""
    parser = _Tables()
    parser.feed(markup)
    parser.close()
    return parser.tables


def table_rows(markup: str) -> list[list[str]]:
    """Every table row in `markup`, as lists of cell texts."""
    return [row for table in tables_of(markup) for row in table]


def rows_of(nb) -> list[list[str]]:
    """Every table row shown in an executed notebook's HTML outputs."""
    return [row for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
            for row in table_rows(o.get("data", {}).get("text/html", ""))]


def page_rows(path: Path) -> list[list[str]]:
    """Every table row of an HTML file."""
    return table_rows(path.read_text(encoding="utf-8"))


def row_of(rows: list[list[str]], *first: str) -> list[str]:
    """The one row whose first cells are `first`; fails when there is none or more than one."""
    found = [r for r in rows if r[: len(first)] == list(first)]
    assert len(found) == 1, (first, found)
    return found[0]


def table_headed(tables: list[list[list[str]]], *header: str) -> list[list[str]]:
    """The rows (header row included) of the one table whose header row starts with `header`."""
    found = [t for t in tables if t and t[0][: len(header)] == list(header)]
    assert len(found) == 1, (header, [t[0] for t in tables])
    return found[0]


def page_sentences(path: Path) -> list[str]:
    """Every sentence of every paragraph and list item of an HTML file."""
    return [s for block in paragraphs_of(path.read_text(encoding="utf-8")) for s in sentences_of(block)]


def page_text(path: Path) -> str:
    """The visible text of an HTML page, whitespace folded (no-break spaces kept)."""
    text = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def sentences_of(text: str) -> list[str]:
    """The sentences of a text: split after ". " where a capital letter follows (not after "obj.")."""
    return [s.strip() for s in re.split(r"(?<=\.)(?<!obj\.) (?=[A-ZÅÄÖ])", text) if s.strip()]
