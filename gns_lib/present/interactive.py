"""Long tables (the ledger drill-down) as interactive tables: sort, search, page — offline.

itables' offline mode: the DataTables library is embedded once in the notebook (the output of
`interactive()`, or of the first drill-down shown in the kernel), so tables work without
internet in JupyterLab and in an exported HTML file. Amounts are shown as exact Swedish text
and sorted by hidden integer öre columns, never by floats. Not used by the årsbokslut.
"""

from __future__ import annotations

import html as _html
import re
from decimal import Decimal
from typing import Any

import pandas as pd

from gns_lib.engine.drilldown import Drilldown, VoucherList
from gns_lib.present import fmt
from gns_lib.present.frames import _decimals, cell_text
from gns_lib.present.tables import AMOUNT

SORT_SUFFIX = " (öre)"
LANGUAGE = {  # DataTables' texts in Swedish
    "search": "Sök:",
    "lengthMenu": "Visa _MENU_ rader",
    "info": "Rad _START_–_END_ av _TOTAL_",
    "infoEmpty": "Inga rader",
    "infoFiltered": "(av _MAX_ rader)",
    "zeroRecords": "Inga rader matchar",
    "emptyTable": "Inga rader",
    "paginate": {"first": "Första", "last": "Sista", "next": "Nästa", "previous": "Föregående"},
}
_LOADING = re.compile(r"Loading ITables v\S+ from the <code>init_notebook_mode</code> cell\.\.\.\s*\(need <a [^>]*>help</a>\?\)")
_loaded = False  # the library has been sent to this kernel's notebook


def _library() -> str:
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


class Library:
    """The interactive-table library as a displayable value (its plain text is one short line)."""

    def _repr_html_(self) -> str:
        global _loaded
        _loaded = True
        return _library()

    def __repr__(self) -> str:
        return "<Interaktiva tabeller (DataTables via itables), inbäddade för användning utan internet>"


def interactive() -> Library:
    """The interactive-table library for this notebook (about 1 MB, embedded: works offline).

    Display it once near the top of a notebook and keep its output; tables shown before it wait for it.
    """
    return Library()


def _is_money(series: pd.Series) -> bool:
    values = [v for v in series if v is not None and v is not pd.NA]
    return bool(values) and all(isinstance(v, Decimal) for v in values)


def _ore(value: Any) -> int | None:
    return None if value is None or value is pd.NA else int(value.scaleb(2))


def display_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Swedish text for every money column plus a hidden öre column it sorts by (DataTables columnDefs)."""
    shown: dict[str, Any] = {}
    defs: list[dict] = []
    money = [c for c in frame.columns if frame[c].dtype == object and _is_money(frame[c])]
    for c in frame.columns:
        if c in money:
            d = _decimals(frame[c])
            shown[c] = [cell_text(AMOUNT, v, d) for v in frame[c]]
        else:
            shown[c] = ["" if v is None or v is pd.NA else str(v) for v in frame[c]]
    names = list(shown)
    for c in money:
        shown[c + SORT_SUFFIX] = pd.array([_ore(v) for v in frame[c]], dtype="Int64")
        defs.append({"targets": names.index(c), "orderData": [len(shown) - 1], "className": "dt-right"})
        defs.append({"targets": len(shown) - 1, "visible": False, "searchable": False})
    return pd.DataFrame(shown), defs


def table_html(frame: pd.DataFrame, caption: str = "") -> str:
    """An interactive, escaped table of `frame` (all rows, no down-sampling)."""
    from itables import to_html_datatable

    shown, defs = display_frame(frame)
    table = to_html_datatable(
        shown, caption=caption or None, connected=False, showIndex=False, maxBytes=0, columnDefs=defs,
        language=LANGUAGE, classes="display compact", pageLength=25, lengthMenu=[10, 25, 100, 500],
        allow_html=False, display_logo_when_loading=False,
    )
    table = _LOADING.sub("Tabellen laddas …", table, count=1)
    global _loaded
    library = "" if _loaded else _library()
    _loaded = True
    return library + table


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def drilldown_html(d: Drilldown) -> str:
    """A drill-down: what it selects, its row count and exact sum, then the rows as an interactive table."""
    count = "1 rad" if len(d) == 1 else f"{len(d)} rader"
    head = (f'<p class="gns-urval"><strong>{_html.escape(_first_upper(d.describe()))}</strong>: {count}, '
            f"summa {_html.escape(fmt.kr(d.total, 2))} kr (rapportens tecken: intäkter positiva, kostnader negativa)</p>")
    return head + table_html(d.frame)


def vouchers_html(v: VoucherList) -> str:
    """The largest verifikationer of a drill-down, and what the others add up to."""
    head = (f'<p class="gns-urval"><strong>Största verifikationer, {_html.escape(v.source.describe())}</strong>: '
            f"övriga verifikationer {_html.escape(fmt.kr(v.rest, 2))} kr</p>")
    return head + table_html(v.frame)
