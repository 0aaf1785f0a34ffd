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
from gns_lib.engine.periods import Period, period_of
from gns_lib.core.errors import GnsError
from gns_lib.present.fmt import json_amount, json_pct
from gns_lib.data.model import Dataset

SCHEMA = "nyckeltal.schema.json"
BASE_KEYS = ("year", "through", "committee", "objects", "total", "reserve", "net_cost", "ytd")

# An extension adds top-level keys to the document: (dataset, year) -> {"key": value, ...}.
Extension = Callable[[Dataset, int], Mapping[str, Any]]


def allocation_key_figures_through(ds: Dataset, year: int, period: Period | None = None) -> Mapping[str, Any]:
    """`base_funding` and `allocations` as of `period` (default: rule 1 of the delår): before the year
    has ended the final split waits for the year's outcome."""
    from gns_lib.allocation.interim import before_year_end
    from gns_lib.present.allocation_figures import allocation_key_figures

    period = period if period is not None else period_of(ds, year)
    return allocation_key_figures(before_year_end(ds, period), year)


def default_extensions(analysis: YearAnalysis | None = None) -> tuple[Extension, ...]:
    """The allocation's part of the document: `base_funding` and `allocations` (in a delår: no final split yet)."""
    if analysis is None or analysis.period is None:
        return (allocation_key_figures_through,)
    period = analysis.period

    def allocation_key_figures(ds: Dataset, year: int) -> Mapping[str, Any]:
        return allocation_key_figures_through(ds, year, period)

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


def _reserve(a: YearAnalysis) -> dict[str, str | None]:
    """The reserve of the year; in a delår the result to date, no closing yet, and the closing the forecast expects."""
    if a.interim_reserve is not None:
        r = a.interim_reserve
        return {
            "opening": json_amount(r.opening),
            "contributions": json_amount(r.contributions),
            "costs": json_amount(r.costs),
            "closing": None,
            "expected_closing": json_amount(r.expected_closing),
        }
    r = a.reserve_year  # None before the reserve chain starts: every figure missing, never zero
    return {
        "opening": json_amount(None if r is None else r.opening),
        "contributions": json_amount(None if r is None else r.contributions),
        "costs": json_amount(None if r is None else r.costs),
        "closing": json_amount(None if r is None else r.closing),
    }


def _ytd(a: YearAnalysis) -> dict[str, Any]:
    """Rules 2–3 through M: budget, outcome and variance to date, and last year's same months."""

    def figures(line) -> dict[str, str | None]:
        return {
            "budget_net": json_amount(line.budget),
            "actual_net": json_amount(line.actual),
            "variance": json_amount(line.variance),
            "prev_actual_net": json_amount(line.previous),
        }

    return {"objects": {o.objekt: figures(o) for o in a.ytd.objects}, "total": figures(a.ytd.total)}


def base_document(ds: Dataset, a: YearAnalysis) -> dict[str, Any]:
    """The engine's part of the document: objects, total, reserve and net-cost trend.

    In a delår (`through` set) every figure covers months 1..M and the forecast deviation is the
    full-year forecast against the annual budget (docs/regler.md, rules 1–5 of the delår).
    """
    latest = a.forecasts.latest

    def forecast_variance(f):
        if f is None:
            return None
        return f.forecast_vs_budget if a.interim else f.variance

    objects = {}
    for obj in a.budget.objects:
        t = obj.total
        f = latest.object(obj.objekt) if latest is not None else None
        objects[obj.objekt] = {
            "name": obj.namn,
            "type": obj.typ,
            **_figures(t.budget, t.actual, t.variance, f and f.forecast, forecast_variance(f)),
        }
    t = a.budget.total
    f = latest.total if latest is not None else None
    doc = {
        "year": a.year,
        "through": a.period.label if a.interim else None,
        "committee": ds.committee.kortnamn,
        "objects": objects,
        "total": _figures(t.budget, t.actual, t.variance, f and f.forecast, forecast_variance(f)),
        "reserve": _reserve(a),
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
    if a.interim:
        doc["ytd"] = _ytd(a)
    return doc


def key_figures(
    ds: Dataset,
    year: int,
    analysis: YearAnalysis | None = None,
    extensions: Sequence[Extension] | None = None,
    through: str | None = None,
) -> dict[str, Any]:
    """The validated key-figures document of `year` (through `through`, default: rule 1 of the delår).

    `extensions` default to `default_extensions()`; in a delår they see the data as of the month.
    """
    a = analysis if analysis is not None else analyse_year(ds, year, through)
    doc = base_document(ds, a)
    for extend in default_extensions(a) if extensions is None else extensions:
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
