"""gns_lib: the yearly financial analysis of a Swedish gemensam nämnd.

The notebooks' public surface is this package's top level (`from gns_lib import load,
analyse, allocate, show, …`); each name is imported on first use, so `import gns_lib`
stays cheap for the `gns` command and in every notebook kernel.

Layers, each importing only those below it (held by import-linter in the tests):
core → data → engine → allocation → present → mail → report → cli.
"""

import importlib
import sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat, plotly.io and papermill) builds a Lark grammar for
# its optional `iri` format checker at import: ~1 s in every process and notebook
# kernel. Nothing here validates `iri` formats, so that optional import is skipped.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

# public name -> (module, attribute); attribute None means the module itself
_PUBLIC: dict[str, tuple[str, str | None]] = {
    "load": ("gns_lib.allocation.shared_year", "load"),  # load_dataset, or the batch's data set
    "analyse": ("gns_lib.allocation.shared_year", "analyse"),  # analyse_year, or the batch's analysis
    "monthly_outcome": ("gns_lib.engine.ytd", "monthly_outcome_through"),
    "contributions": ("gns_lib.engine.ytd", "contributions_through"),
    "period": ("gns_lib.engine.periods", "period_of"),
    "allocate": ("gns_lib.allocation.shared_year", "allocate"),  # allocate_through, or the batch's
    "party_statements": ("gns_lib.allocation.statements", "party_statements"),
    "commentary": ("gns_lib.present.commentary", "commentary"),
    "show": ("gns_lib.present.chartkit", "show"),
    "as_html": ("gns_lib.present.render", "as_html"),
    "report_html": ("gns_lib.present.collapsed", "report_html"),
    "appendix_html": ("gns_lib.present.collapsed", "appendix_html"),
    "heading_html": ("gns_lib.present.render", "heading_html"),
    "commentary_as_html": ("gns_lib.present.render", "commentary_as_html"),
    "charts": ("gns_lib.present.charts", None),
    "tables": ("gns_lib.present.tables", None),
    "allocation_tables": ("gns_lib.present.allocation_tables", None),
    "budget_plan": ("gns_lib.allocation.plan", "budget_plan"),
    "what_if": ("gns_lib.allocation.whatif", "what_if"),
    "scenario_from_text": ("gns_lib.allocation.whatif", "scenario_from_text"),
    "plan_tables": ("gns_lib.present.plan_tables", None),
    "paragraphs_html": ("gns_lib.present.render", "paragraphs_html"),
    "ledger_rows": ("gns_lib.engine.drilldown", "ledger_rows"),
    "budget_rows": ("gns_lib.engine.drilldown", "budget_rows"),
    "forecast_rows": ("gns_lib.engine.drilldown", "forecast_rows"),
    "largest_vouchers": ("gns_lib.engine.drilldown", "largest_vouchers"),
    "monthly_of": ("gns_lib.engine.drilldown", "monthly_of"),
    "as_frame": ("gns_lib.present.frames", "as_frame"),
    "swedish": ("gns_lib.present.frames", "swedish"),
    "views": ("gns_lib.present.views", None),
    "interactive": ("gns_lib.present.interactive", "interactive"),
    "report_unit": ("gns_lib.present.units", "report_unit"),
    "party_names": ("gns_lib.present.allocation_tables", "party_names"),
}

__all__ = sorted(_PUBLIC)


def _html(value):
    """Jupyter's HTML for a gns value; gns_lib.present.reprs is imported on the first display."""
    return importlib.import_module("gns_lib.present.reprs").html(value)


def _register_display() -> None:
    """In a Jupyter kernel, show gns values as Swedish HTML: IPython's formatter is told the class
    names only, so neither the values' modules nor present are imported here (data and engine
    never import present; see gns_lib/present/reprs.py).

    IPython builds its formatters on the first display; until then registering would build them
    early (~50 ms), so it waits for that first display instead of slowing `import gns_lib`.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    display = getattr(shell, "display_formatter", None)
    if display is None:
        return

    def register() -> None:
        formatter = display.formatters["text/html"]
        for module, name in _HTML_TYPES:
            formatter.for_type_by_name(module, name, _html)

    if "formatters" in getattr(display, "_trait_values", {"formatters": None}) or "format" in vars(display):
        register()
        return
    first_format = display.format

    def format_first(*args, **kwargs):
        del display.format  # back to the class's method: this runs once
        register()
        return first_format(*args, **kwargs)

    display.format = format_first


# The classes Jupyter shows as HTML (gns_lib.present.reprs.html has a layout for each).
_HTML_TYPES = (
    ("gns_lib.data.model", "Dataset"),
    ("gns_lib.engine.analysis", "YearAnalysis"),
    ("gns_lib.engine.results", "BudgetReport"),
    ("gns_lib.engine.results", "ObjectResult"),
    ("gns_lib.engine.results", "BudgetLine"),
    ("gns_lib.engine.results", "MonthlyOutcome"),
    ("gns_lib.engine.forecast", "ForecastReport"),
    ("gns_lib.engine.reserve", "ReserveRollForward"),
    ("gns_lib.engine.netcost", "Contributions"),
    ("gns_lib.engine.netcost", "AccumulatedComparison"),
    ("gns_lib.engine.netcost", "NetCostYear"),
    ("gns_lib.engine.drilldown", "Drilldown"),
    ("gns_lib.engine.drilldown", "VoucherList"),
    ("gns_lib.allocation.year", "YearAllocation"),
    ("gns_lib.allocation.statements", "PartyStatement"),
    ("gns_lib.allocation.statements", "BalanceCheck"),
    ("gns_lib.present.tables", "Table"),
)

_register_display()


def __getattr__(name: str):
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'gns_lib' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    value = value if attr is None else getattr(value, attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
