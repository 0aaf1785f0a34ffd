"""Which cells of a parameterised notebook a warm kernel runs once for many parameter values.

A batch runs the party notebook once per party. The cells right after the parameters cell that
never read a varying parameter (`part`) — imports, loading the data set, the year's allocation —
give the same result for every party, so a kernel that already ran them for one party only
re-runs the rest for the next. A cell counts as shared only when it can be read (no magics), reads
no varying name, and binds no name that a per-party cell binds or deletes (else a party would
see another party's value).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable


def shared_cells(cells: Iterable[dict], varying: Iterable[str]) -> frozenset[int]:
    """Indices (in `cells`) of the code cells a warm kernel runs once; empty when none is safe."""
    cells = list(cells)
    varying = frozenset(varying)
    params = next((i for i, c in enumerate(cells) if "parameters" in _tags(c)), None)
    if params is None or not varying:
        return frozenset()
    code = [i for i in range(params + 1, len(cells)) if cells[i].get("cell_type") == "code"]
    names = {i: _names(_source(cells[i])) for i in code}
    prefix = 0  # the shared cells are code[:prefix]
    while prefix < len(code) and names[code[prefix]] is not None and not (set().union(*names[code[prefix]]) & varying):
        prefix += 1
    while True:  # a per-party cell that rebinds a shared name makes that cell and the rest per party
        per_party = [names[i] for i in code[prefix:]]
        if any(n is None for n in per_party):
            return frozenset()  # a per-party cell we cannot read might rebind anything
        rebound = set().union(*(n[1] for n in per_party))
        clash = next((k for k in range(prefix) if names[code[k]][1] & rebound), None)
        if clash is None:
            return frozenset(code[:prefix])
        prefix = clash


def _names(source: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(names read, names bound or deleted) anywhere in the cell; None when it is not plain Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    read, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            if node.name == "*":
                return None  # binds names we cannot see
            bound.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return frozenset(read), frozenset(bound)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell: dict) -> list:
    return cell.get("metadata", {}).get("tags", [])
