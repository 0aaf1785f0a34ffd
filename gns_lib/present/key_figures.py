"""The year's machine-readable key figures (`gns figures`, `nyckeltal.json`), checked against the schema.

Amounts are strings in kronor with two decimals in the report sign; missing values are null.
Other parts of the document (the allocation's `base_funding`, `allocations`) come in as extensions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from gns_lib.engine.analysis import YearAnalysis, analyse_year
from gns_lib.core.errors import GnsError
from gns_lib.present.fmt import json_amount, json_pct
from gns_lib.data.model import Dataset

SCHEMA = "nyckeltal.schema.json"
BASE_KEYS = ("year", "committee", "objects", "total", "reserve", "net_cost")

# An extension adds top-level keys to the document: (dataset, year) -> {"key": value, ...}.
Extension = Callable[[Dataset, int], Mapping[str, Any]]


def default_extensions() -> tuple[Extension, ...]:
    """The allocation's part of the document: `base_funding` and `allocations`."""
    from gns_lib.present.allocation_figures import allocation_key_figures

    return (allocation_key_figures,)


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema shipped in `gns_lib/present/schemas/` (a package resource)."""
    return json.loads(resources.files("gns_lib.present").joinpath("schemas", SCHEMA).read_text(encoding="utf-8"))


def validate(doc: Mapping[str, Any]) -> None:
    """Raise GnsError (Swedish, every problem listed) unless `doc` follows the schema."""
    from jsonschema import Draft202012Validator  # lazy: only needed here

    errors = sorted(Draft202012Validator(schema()).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"  {'/'.join(map(str, e.absolute_path)) or '(dokumentet)'}: {e.message}" for e in errors]
        raise GnsError("nyckeltalen följer inte schemat " + SCHEMA + ":\n" + "\n".join(lines))


def _figures(budget, actual, variance, forecast, forecast_variance) -> dict[str, str | None]:
    return {
        "budget_net": json_amount(budget),
        "actual_net": json_amount(actual),
        "variance": json_amount(variance),
        "forecast_net": json_amount(forecast),
        "forecast_variance": json_amount(forecast_variance),
    }


def base_document(ds: Dataset, a: YearAnalysis) -> dict[str, Any]:
    """The engine's part of the document: objects, total, reserve and net-cost trend."""
    latest = a.forecasts.latest
    objects = {}
    for obj in a.budget.objects:
        t = obj.total
        f = latest.object(obj.objekt) if latest is not None else None
        objects[obj.objekt] = {
            "name": obj.namn,
            "type": obj.typ,
            **_figures(t.budget, t.actual, t.variance, f and f.forecast, f and f.variance),
        }
    t = a.budget.total
    f = latest.total if latest is not None else None
    r = a.reserve_year
    return {
        "year": a.year,
        "committee": ds.committee.kortnamn,
        "objects": objects,
        "total": _figures(t.budget, t.actual, t.variance, f and f.forecast, f and f.variance),
        "reserve": {
            "opening": json_amount(None if r is None else r.opening),
            "contributions": json_amount(None if r is None else r.contributions),
            "costs": json_amount(None if r is None else r.costs),
            "closing": json_amount(None if r is None else r.closing),
        },
        "net_cost": {
            str(n.year): {
                "net_cost": json_amount(n.net_cost),
                "change": json_amount(n.change),
                "change_pct": json_pct(n.change_pct),
                "comparable": n.comparable,
            }
            for n in a.net_cost_trend
        },
    }


def key_figures(
    ds: Dataset,
    year: int,
    analysis: YearAnalysis | None = None,
    extensions: Sequence[Extension] | None = None,
) -> dict[str, Any]:
    """The validated key-figures document of `year`; `extensions` default to `default_extensions()`."""
    a = analysis if analysis is not None else analyse_year(ds, year)
    doc = base_document(ds, a)
    for extend in default_extensions() if extensions is None else extensions:
        extra = dict(extend(ds, year))
        clash = sorted(set(extra) & set(doc))
        if clash:
            raise GnsError(f"nyckeltalen: tillägget {getattr(extend, '__name__', extend)!r} skriver över {', '.join(clash)}")
        doc.update(extra)
    validate(doc)
    return doc


def to_json(doc: Mapping[str, Any]) -> str:
    """The document as JSON text (UTF-8, readable), validated first."""
    validate(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
