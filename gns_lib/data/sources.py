"""`[kallor]` in namnd.toml: take `utfall` and `budget` from finance-system exports instead of our CSV files.

```toml
[kallor.utfall]                 # or [[kallor.utfall]] once per source
filer = ["export/*.se"]         # files or glob patterns inside the data folder
dimensioner = ["6"]             # SIE: the dimensions that hold the committee's objects
```

This module reads the section into immutable `Source` records (every problem as
`namnd.toml:rad:kallor.…`) and finds each source's files; `source_sie` and
`source_columns` read the rows.
"""

from __future__ import annotations

import glob
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from gns_lib.core.errors import Problem

NAME = "namnd.toml"
KEY = "kallor"
TABLES = ("utfall", "budget")
SIE, COLUMNS = "sie", "kolumner"
SIE_SUFFIXES = (".se", ".si", ".sie")
OUTCOME_FROM = ("trans", "psaldo")
AS_BOOKED, REVENUE_POSITIVE = "bokfort", "intakter_positiva"
DECIMAL_MARKS = (",", ".")
VERSIONS = ("fastställd", "ändring")
# Columns a column-mapped export may name, per table; the first ones are required.
COLUMN_FIELDS = {
    "utfall": (("period", "konto", "objekt", "belopp"), ("text", "verifikation")),
    "budget": (("konto", "objekt", "belopp"), ("period", "ar", "version", "beslut")),
}
_SOURCE_KEYS = {"filer", "format", "dimensioner", "utfall_fran", "konton", "kolumner", "behall", "decimaltecken",
                "tecken", "version", "beslut"}
_LEDGER_OWN = {"ar", "period", "manad", "objekt", "konto", "rad", "belopp", "belopp_ore", "text", "verifikation",
               "src_row", "src_file"}
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Source:
    """One source of a table: its files and how to read them (SIE or column-mapped CSV/XLSX)."""

    table: str  # "utfall" or "budget"
    kind: str  # SIE or COLUMNS
    patterns: tuple[str, ...]
    line: int | None  # the line of its [kallor.…] header in namnd.toml
    dimensions: tuple[str, ...] = ()  # SIE: object dimensions, first match wins
    outcome_from: str = "trans"  # SIE utfall: #TRANS rows or #PSALDO object rows
    accounts: tuple[tuple[int, int], ...] = ()  # SIE: only these accounts (empty: all)
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    keep: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # ledger column -> dim or column
    decimal: str = ","
    sign: str = AS_BOOKED
    version: str = "fastställd"  # budget rows without a version column
    decision: str = ""  # budget rows without a beslut column

    def column(self, name: str) -> str | None:
        """The export column mapped to `name` (the first of several), or None."""
        found = self.columns.get(name)
        return found[0] if found else None

    @property
    def label(self) -> str:
        return f"{KEY}.{self.table}"


@dataclass(frozen=True)
class SourcePlan:
    """Every source of namnd.toml, per table; an empty tuple means the table's own CSV file."""

    utfall: tuple[Source, ...] = ()
    budget: tuple[Source, ...] = ()
    named: frozenset[str] = frozenset()  # tables namnd.toml gives sources for, even ones with problems

    def of(self, table: str) -> tuple[Source, ...]:
        return getattr(self, table)


def load_sources(raw: bytes | None) -> tuple[SourcePlan, list[Problem]]:
    """The `[kallor]` section of namnd.toml's bytes (no section: no sources), with its problems."""
    if raw is None:
        return SourcePlan(), []
    try:
        text = raw.decode("utf-8-sig")
        doc = tomllib.loads(text)
    except (UnicodeDecodeError, ValueError):
        return SourcePlan(), []  # settings.load_committee reports it
    section = doc.get(KEY)
    if section is None:
        return SourcePlan(), []
    problems: list[Problem] = []
    if not isinstance(section, dict):
        return SourcePlan(), [Problem(NAME, _header_line(text, KEY, 0), KEY, "väntade en tabell [kallor.utfall] "
                                      "och/eller [kallor.budget]; se docs/dataformat.md, Källor")]
    for key in section:
        if key not in TABLES:
            problems.append(Problem(NAME, _header_line(text, f"{KEY}.{key}", 0), f"{KEY}.{key}",
                                    f"okänd tabell {key!r}; väntade utfall eller budget"))
    plan = {}
    for table in TABLES:
        value = section.get(table, [])
        items = value if isinstance(value, list) else [value]
        out = []
        for n, item in enumerate(items):
            line = _header_line(text, f"{KEY}.{table}", n)
            if not isinstance(item, dict):
                problems.append(Problem(NAME, line, f"{KEY}.{table}", "väntade en tabell med filer = [...]"))
                continue
            source = _source(table, item, line, problems)
            if source is not None:
                out.append(source)
        plan[table] = tuple(out)
    return SourcePlan(**plan, named=frozenset(t for t in TABLES if t in section)), problems


def _header_line(text: str, name: str, n: int) -> int | None:
    """The line of the n-th `[name]` or `[[name]]` header (or of `name =` when written inline)."""
    pattern = re.compile(rf"^[ \t]*\[\[?[ \t]*{re.escape(name)}[ \t]*\]\]?[ \t]*(#.*)?$|^[ \t]*{re.escape(name.split('.')[-1])}[ \t]*=",
                         re.MULTILINE)
    found = list(pattern.finditer(text))
    if not found:
        return None
    m = found[min(n, len(found) - 1)]
    return text.count("\n", 0, m.start()) + 1


def _strings(value) -> tuple[str, ...] | None:
    """A string, a number or a list of them as strings; None when it is something else."""
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            return None
        if not str(v).strip():
            return None
        out.append(str(v).strip())
    return tuple(out) if out else None


def _ranges(value) -> tuple[tuple[int, int], ...] | None:
    items = _strings(value)
    if items is None:
        return None
    out = []
    for item in items:
        m = re.fullmatch(r"([0-9]{1,10})\s*(?:[-–]\s*([0-9]{1,10}))?", item)
        if not m or int(m.group(2) or m.group(1)) < int(m.group(1)):
            return None
        out.append((int(m.group(1)), int(m.group(2) or m.group(1))))
    return tuple(out)


def _source(table: str, item: dict, line: int | None, problems: list[Problem]) -> Source | None:
    """One source table of namnd.toml, or None (with problems) when it cannot be used."""
    label = f"{KEY}.{table}"
    before = len(problems)

    def bad(key: str, message: str) -> None:
        problems.append(Problem(NAME, line, f"{label}.{key}", message))

    for key in item:
        if key not in _SOURCE_KEYS:
            bad(key, f"okänd nyckel {key!r}; väntade " + ", ".join(sorted(_SOURCE_KEYS)))
    patterns = _strings(item.get("filer"))
    if patterns is None:
        bad("filer", "väntade en fil eller en lista med filer eller mönster, t.ex. [\"export/*.se\"]")
        patterns = ()
    for p in patterns:
        if Path(p).is_absolute() or ".." in Path(p).parts:
            bad("filer", f"{p!r} ligger utanför datamappen; väntade en sökväg i mappen, t.ex. export/2018.se")
    kind = item.get("format")
    if kind is None:
        kind = SIE if patterns and all(p.lower().endswith(SIE_SUFFIXES) for p in patterns) else COLUMNS
    if kind not in (SIE, COLUMNS):
        bad("format", f"ogiltigt format {kind!r}; väntade \"sie\" eller \"kolumner\"")
        return None
    fields: dict = {}
    if kind == SIE:
        _sie_settings(table, item, bad, fields)
    else:
        _column_settings(table, item, bad, fields)
    version = item.get("version", "fastställd")
    decision = item.get("beslut", "")
    if version not in VERSIONS:
        bad("version", f"ogiltig version {version!r}; väntade \"fastställd\" eller \"ändring\"")
    if not isinstance(decision, str):
        bad("beslut", "väntade en text, t.ex. \"Verksamhetsplan 2018\"")
        decision = ""
    if table == "utfall" and ("version" in item or "beslut" in item):
        bad("version" if "version" in item else "beslut", "version och beslut gäller bara budget")
    if len(problems) > before:
        return None
    return Source(table=table, kind=kind, patterns=patterns, line=line, version=version, decision=decision, **fields)


def _sie_settings(table: str, item: dict, bad, fields: dict) -> None:
    dims = _strings(item.get("dimensioner"))
    if dims is None or not all(d.isdigit() for d in dims):
        bad("dimensioner", "väntade dimensionerna som har nämndens objekt, t.ex. [\"6\"] eller [\"1\", \"6\"]")
        dims = ()
    fields["dimensions"] = dims
    outcome_from = item.get("utfall_fran", "trans")
    if table == "budget" and "utfall_fran" in item:
        bad("utfall_fran", "budgeten läses alltid ur #PBUDGET; utfall_fran gäller bara utfall")
    elif outcome_from not in OUTCOME_FROM:
        bad("utfall_fran", f"ogiltigt värde {outcome_from!r}; väntade \"trans\" (verifikationernas rader) eller "
                           "\"psaldo\" (periodsaldon per objekt)")
    fields["outcome_from"] = outcome_from
    if "konton" in item:
        ranges = _ranges(item["konton"])
        if ranges is None:
            bad("konton", "väntade ett konto eller intervall eller en lista, t.ex. [\"3000-8999\"]")
        fields["accounts"] = ranges or ()
    keep = item.get("behall", {})
    if not isinstance(keep, dict) or not all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                             and str(v).strip().isdigit() for v in keep.values()):
        bad("behall", "väntade kolumn = dimension, t.ex. { ansvar = \"1\" }")
        keep = {}
    fields["keep"] = MappingProxyType({k: str(v).strip() for k, v in keep.items()})
    _keep_names(table, fields["keep"], bad)
    for key in ("kolumner", "decimaltecken", "tecken"):
        if key in item:
            bad(key, f"{key} gäller kolumnexporter (CSV/XLSX), inte SIE-filer"
                + ("; SIE har alltid bokföringens tecken" if key == "tecken" else ""))


def _column_settings(table: str, item: dict, bad, fields: dict) -> None:
    required, optional = COLUMN_FIELDS[table]
    mapping = item.get("kolumner")
    if not isinstance(mapping, dict):
        bad("kolumner", "väntade en tabell som säger vilken kolumn i exporten som är " + ", ".join(required)
            + ", t.ex. [kallor.utfall.kolumner] med konto = \"KONTO_ID\"")
        mapping = {}
    columns = {}
    for key, value in mapping.items():
        names = _strings(value)
        if key not in required + optional:
            bad(f"kolumner.{key}", f"okänt fält {key!r}; väntade " + ", ".join(required + optional))
        elif names is None or (len(names) > 1 and key != "objekt"):
            bad(f"kolumner.{key}", "väntade ett kolumnnamn" + (" eller en lista med kolumner" if key == "objekt" else ""))
        else:
            columns[key] = tuple(n.lower() for n in names)
    for key in required:
        if mapping and key not in mapping:
            bad(f"kolumner.{key}", f"kolumnen för {key} saknas; väntade t.ex. {key} = \"{key.upper()}\"")
    if table == "budget" and mapping and ("period" in mapping) == ("ar" in mapping):
        bad("kolumner.period", "väntade antingen period (månadsbudget, ÅÅÅÅMM) eller ar (årsbudget), inte båda och inte ingen")
    fields["columns"] = MappingProxyType(columns)
    decimal = item.get("decimaltecken", ",")
    if decimal not in DECIMAL_MARKS:
        bad("decimaltecken", f"ogiltigt decimaltecken {decimal!r}; väntade \",\" eller \".\"")
    fields["decimal"] = decimal
    sign = item.get("tecken", AS_BOOKED)
    if sign not in (AS_BOOKED, REVENUE_POSITIVE):
        bad("tecken", f"ogiltigt tecken {sign!r}; väntade \"{AS_BOOKED}\" (kostnader positiva, intäkter negativa) "
                      f"eller \"{REVENUE_POSITIVE}\" (intäkter positiva, kostnader negativa)")
    fields["sign"] = sign
    keep = item.get("behall", {})
    if not isinstance(keep, dict) or not all(isinstance(v, str) and v.strip() for v in keep.values()):
        bad("behall", "väntade kolumn = kolumn i exporten, t.ex. { ansvar = \"KST_ID\" }")
        keep = {}
    fields["keep"] = MappingProxyType({k: v.strip().lower() for k, v in keep.items()})
    _keep_names(table, fields["keep"], bad)
    for key in ("dimensioner", "utfall_fran", "konton"):
        if key in item:
            bad(key, f"{key} gäller SIE-filer, inte kolumnexporter")


def _keep_names(table: str, keep: Mapping[str, str], bad) -> None:
    if keep and table != "utfall":
        bad("behall", "behall gäller bara utfall (kolumner för verifikationernas rader)")
    for name in keep:
        if not _NAME_RE.match(name) or name in _LEDGER_OWN:
            bad("behall", f"ogiltigt kolumnnamn {name!r}; väntade ett eget namn med a–z, siffror och _, "
                          "inte ett av utfallets egna (period, konto, objekt …)")


def source_files(data_dir: Path, source: Source) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files of a source, in pattern order and sorted within a pattern: (path, name shown)."""
    problems, out, seen = [], [], set()
    root = data_dir.resolve()
    for pattern in source.patterns:
        matches = sorted(glob.glob(glob.escape(str(data_dir)) + "/" + pattern, recursive=True))
        if not matches:
            problems.append(Problem(NAME, source.line, f"{source.label}.filer",
                                    f"inga filer matchar {pattern!r} i {data_dir}; väntade minst en fil"))
        for match in matches:
            path = Path(match)
            shown = path.relative_to(data_dir).as_posix()
            if not path.resolve().is_relative_to(root):
                problems.append(Problem(NAME, source.line, f"{source.label}.filer",
                                        f"{shown} pekar utanför datamappen; väntade en fil i mappen"))
            elif shown in seen:
                problems.append(Problem(NAME, source.line, f"{source.label}.filer",
                                        f"{shown} matchas två gånger; varje fil läses en gång"))
            else:
                seen.add(shown)
                out.append((path, shown))
    return out, problems


@dataclass(frozen=True, eq=False)
class SourceRows:
    """The rows one export file gives a table, in our terms, with their lines in the file.

    `columns` hold, for utfall: period (int64 ÅÅÅÅMM), konto, objekt (str), belopp_ore (int64, the
    ledger's sign), text, verifikation and the `behall` columns (str); for budget: ar, manad (int64,
    0 = the whole year), konto, objekt, belopp_ore, version, beslut. `labels` name the file's own
    column behind konto, objekt and period, for problems as `fil:rad:kolumn`.
    """

    name: str
    encoding: str  # as `gns validate` shows it, e.g. "SIE 4, cp437" or "Windows-1252"
    columns: Mapping[str, object]
    rows: object  # numpy int64 line numbers, one per row
    labels: Mapping[str, str]
    digest: object = None  # FileDigest of the bytes read

    def __len__(self) -> int:
        return len(self.rows)


def read_source(path: Path, shown: str, source: Source, cache: dict | None = None
                ) -> tuple[SourceRows | None, list[Problem]]:
    """Read one file of a source with the reader its format needs (`cache`: SIE files already read)."""
    if source.kind == SIE:
        from gns_lib.data.source_sie import sie_rows

        return sie_rows(path, shown, source, cache)
    from gns_lib.data.source_columns import column_rows

    return column_rows(path, shown, source)
