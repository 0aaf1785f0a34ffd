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
    "load": ("gns_lib.data.loader", "load_dataset"),
    "analyse": ("gns_lib.engine.analysis", "analyse_year"),
    "monthly_outcome": ("gns_lib.engine.ytd", "monthly_outcome_through"),
    "contributions": ("gns_lib.engine.ytd", "contributions_through"),
    "period": ("gns_lib.engine.periods", "period_of"),
    "allocate": ("gns_lib.allocation.interim", "allocate_through"),
    "party_statements": ("gns_lib.allocation.statements", "party_statements"),
    "commentary": ("gns_lib.present.commentary", "commentary"),
    "show": ("gns_lib.present.chartkit", "show"),
    "as_html": ("gns_lib.present.render", "as_html"),
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
}

__all__ = sorted(_PUBLIC)


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
