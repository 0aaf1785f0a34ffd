"""`[periodisering]` in namnd.toml: the profiles that spread an annual budget over the months.

```toml
[periodisering.profiler]
personal = [1, 1, 1, 1, 1, 1, 0.5, 1, 1, 1, 1, 1]   # twelve weights, January first

[[periodisering.regler]]
profil = "personal"
konton = "5000-5999"      # an account or a range; left out: every account
objekt = ["6660"]         # one code or a list; left out: every object
```
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType

from gns_lib.core.errors import Problem
from gns_lib.data.model import EVEN_PROFILE, Periodisation, ProfileRule

NAME = "namnd.toml"
KEY = "periodisering"
_RANGE = re.compile(r"^\s*([0-9]+)\s*(?:[-–]\s*([0-9]+))?\s*$")


def _line(text: str, pattern: str, start: int = 0) -> int | None:
    m = re.compile(pattern, re.MULTILINE).search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _weights(name: str, value, where: int | None, problems: list[Problem]) -> tuple[Decimal, ...] | None:
    from gns_lib.data.settings import to_decimal

    column = f"{KEY}.profiler.{name}"
    if not isinstance(value, list) or len(value) != 12:
        problems.append(Problem(NAME, where, column, "väntade tolv vikter, januari till december, t.ex. [1, 1, 1, 1, 1, 1, 0.5, 1, 1, 1, 1, 1]"))
        return None
    out = []
    for i, v in enumerate(value, 1):
        try:
            w = to_decimal(v)
        except ValueError:
            problems.append(Problem(NAME, where, column, f"vikt {i} ({v!r}) är inget tal"))
            return None
        if w < 0:
            problems.append(Problem(NAME, where, column, f"vikt {i} är negativ ({v!r}); väntade 0 eller mer"))
            return None
        out.append(w)
    if sum(out) == 0:
        problems.append(Problem(NAME, where, column, "alla vikter är 0; minst en månad måste ha en vikt över 0"))
        return None
    return tuple(out)


def _rule(i: int, doc, names: set[str], where: int | None, problems: list[Problem]) -> ProfileRule | None:
    column = f"{KEY}.regler"

    def bad(message: str) -> None:
        problems.append(Problem(NAME, where, column, f"regel {i}: {message}"))

    if not isinstance(doc, dict):
        bad('väntade profil = "namn" med konton och/eller objekt')
        return None
    unknown = sorted(set(doc) - {"profil", "konton", "objekt"})
    if unknown:
        bad(f"okänd nyckel {', '.join(unknown)}; väntade profil, konton och objekt")
    profil = doc.get("profil")
    if not isinstance(profil, str) or profil not in names:
        known = ", ".join(sorted(names))
        bad(f"okänd profil {profil!r}; väntade en av {known}")
        return None
    fran = till = None
    if "konton" in doc:
        m = _RANGE.match(str(doc["konton"])) if isinstance(doc["konton"], (str, int)) else None
        if m is None:
            bad(f"ogiltiga konton {doc['konton']!r}; väntade ett konto eller ett intervall, t.ex. \"5000-5999\"")
            return None
        fran, till = int(m.group(1)), int(m.group(2) or m.group(1))
        if till < fran:
            bad(f"kontointervallet {doc['konton']!r} slutar före det börjar")
            return None
    objekt = None
    if "objekt" in doc:
        raw = doc["objekt"]
        codes = [raw] if isinstance(raw, (str, int)) else raw
        if not isinstance(codes, list) or not codes or not all(isinstance(c, (str, int)) and str(c).strip() for c in codes):
            bad(f"ogiltiga objekt {raw!r}; väntade en objektkod eller en lista, t.ex. [\"6660\"]")
            return None
        objekt = frozenset(str(c).strip() for c in codes)
    return ProfileRule(profil, objekt, fran, till, where)


def load_periodisation(doc: dict, text: str, problems: list[Problem]) -> Periodisation:
    """The `[periodisering]` table of a parsed namnd.toml (empty when absent); problems name the line."""
    table = doc.get(KEY)
    if table is None:
        return Periodisation()
    head = _line(text, rf"^[ \t]*\[\[?{KEY}")
    if not isinstance(table, dict):
        problems.append(Problem(NAME, head, KEY, "väntade tabellen [periodisering] med profiler och regler"))
        return Periodisation()
    unknown = sorted(set(table) - {"profiler", "regler"})
    if unknown:
        problems.append(Problem(NAME, head, KEY, f"okänd nyckel {', '.join(unknown)}; väntade profiler och regler"))
    raw_profiles = table.get("profiler", {})
    profiles: dict[str, tuple[Decimal, ...]] = {EVEN_PROFILE: (Decimal(1),) * 12}
    if not isinstance(raw_profiles, dict):
        problems.append(Problem(NAME, head, f"{KEY}.profiler", "väntade namn = [tolv vikter]"))
        raw_profiles = {}
    start = text.find(f"[{KEY}.profiler]")
    for name, value in raw_profiles.items():
        where = _line(text, rf"^[ \t]*\"?{re.escape(name)}\"?\s*=", max(start, 0))
        if name == EVEN_PROFILE:
            problems.append(Problem(NAME, where, f"{KEY}.profiler.{name}", f"profilen {EVEN_PROFILE} är inbyggd (lika varje månad) och kan inte ändras"))
            continue
        weights = _weights(name, value, where, problems)
        if weights is not None:
            profiles[name] = weights
    raw_rules = table.get("regler", [])
    if not isinstance(raw_rules, list):
        problems.append(Problem(NAME, head, f"{KEY}.regler", "väntade [[periodisering.regler]] med profil, konton och objekt"))
        raw_rules = []
    headers = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(rf"^[ \t]*\[\[{KEY}\.regler\]\]", text, re.MULTILINE)]
    names = set(profiles) | {n for n in raw_profiles if isinstance(n, str)}
    rules = []
    for i, raw in enumerate(raw_rules, 1):
        rule = _rule(i, raw, names, headers[i - 1] if i <= len(headers) else head, problems)
        if rule is not None:
            rules.append(rule)
    return Periodisation(MappingProxyType(profiles), tuple(rules))
