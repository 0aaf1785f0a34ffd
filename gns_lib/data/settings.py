"""`namnd.toml`: the committee's settings, read into an immutable `Committee`.

Numbers may be written as TOML integers, decimals or strings (`"2,9"` or
`"2.9"`); they become exact `Decimal`s. Problems name the line of the key.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from gns_lib.core.errors import Problem
from gns_lib.data.model import PRO_RATA_RULES, Committee, CostType
from gns_lib.data.opening import MAX_TEXT_BYTES, read_regular
from gns_lib.data.periodisation_settings import load_periodisation

NAME = "namnd.toml"
ROUNDING_UNITS = (Decimal("1"), Decimal("0.01"))
# The reports' unit as written in namnd.toml, and its short name in `Committee.enhet`.
REPORT_UNITS = {"kr": "kr", "tkr": "tkr", "tkr, en decimal": "tkr1", "mnkr": "mnkr"}


def _table_header(text: str, table: str) -> re.Match | None:
    return re.search(rf"^[ \t]*\[{re.escape(table)}\]", text, re.MULTILINE)


def table_line(text: str, table: str) -> int | None:
    """The line of the `[table]` header, for problem messages about the table as a whole."""
    header = _table_header(text, table)
    return text.count("\n", 0, header.start()) + 1 if header else None


def _line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The line of `key = …` (inside `[table]` when given), for problem messages."""
    start = 0
    if table:
        header = _table_header(text, table)
        start = header.end() if header else 0
    m = re.compile(rf"^[ \t]*\"?{re.escape(key)}\"?\s*=", re.MULTILINE).search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else None


MAX_KR = Decimal(10) ** 15  # an amount has at most 15 digits in kronor, as in the CSV files
INDEX_MIN, INDEX_MAX = Decimal(-50), Decimal(100)  # price change per year, percent
PERCENT_DECIMALS = 6


def amount_problem(value: Decimal) -> str | None:
    """Why `value` is no amount in kronor (at most 15 digits, two decimals), or None."""
    if abs(value) >= MAX_KR:
        return "beloppet är orimligt stort; väntade högst 999 999 999 999 999,99 kr"
    if value != value.quantize(Decimal("0.01")):
        return "högst två decimaler"
    return None


def percent_problem(value: Decimal, low: Decimal, high: Decimal) -> str | None:
    """Why `value` is no percentage between `low` and `high` (at most six decimals), or None."""
    if not low <= value <= high:
        return f"väntade ett tal mellan {_pct(low)} och {_pct(high)} procent"
    if value != value.quantize(Decimal(1).scaleb(-PERCENT_DECIMALS)):
        return f"högst {PERCENT_DECIMALS} decimaler"
    return None


def _pct(value: Decimal) -> str:
    return str(value).replace("-", "\u2212")


def startup_ok(years: list[int]) -> bool:
    return all(1900 <= y <= 2099 for y in years)


def to_decimal(value) -> Decimal:
    """An exact Decimal from a TOML int, float (by its shortest repr) or string."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        d = Decimal(repr(value))
        if not d.is_finite():
            raise ValueError
        return d
    if isinstance(value, str):
        try:
            d = Decimal(value.strip().replace("\u2212", "-").replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            raise ValueError from None
        if not d.is_finite():  # "NaN", "Infinity" are not amounts
            raise ValueError
        return d
    raise ValueError


def _toml_problem(e: tomllib.TOMLDecodeError) -> Problem:
    m = re.search(r"line ([0-9]+), column ([0-9]+)", str(e))
    where = f" vid kolumn {m.group(2)}" if m else ""
    return Problem(NAME, int(m.group(1)) if m else None, None,
                   f"ogiltig TOML{where}; väntade nyckel = värde, t.ex. namn = \"Nämnden\"")


def load_committee(data_dir: Path) -> tuple[Committee | None, list[Problem], bytes | None]:
    """Read `namnd.toml`; returns (committee or None, problems, raw bytes for the fingerprint)."""
    path = data_dir / NAME
    if not path.exists():
        return None, [Problem(NAME, None, None, "filen saknas; väntade nämndens inställningar (namn, kortnamn …)")], None
    raw, _, problems = read_regular(path, NAME, MAX_TEXT_BYTES)
    if raw is None:
        return None, problems, None
    try:
        text = raw.decode("utf-8-sig")
        doc = tomllib.loads(text)
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return None, [Problem(NAME, line, None, "oläsbar teckenkodning; väntade UTF-8")], raw
    except ValueError as e:  # an integer of thousands of digits: int() refuses it, not the TOML parser
        if isinstance(e, tomllib.TOMLDecodeError):
            return None, [_toml_problem(e)], raw
        m = re.search(rb"[0-9_]{1000,}", raw)
        line = raw.count(b"\n", 0, m.start()) + 1 if m else None
        return None, [Problem(NAME, line, None, "talet har för många siffror; väntade rimliga belopp och år")], raw
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(NAME, _line_of(text, key), key, message))

    def text_value(key: str) -> str:
        v = doc.get(key)
        if not isinstance(v, str) or not v.strip():
            bad(key, "värde saknas; väntade en text")
            return ""
        return v.strip()

    def decimal_value(key: str, default: Decimal | None = None) -> Decimal:
        if key not in doc:
            if default is not None:
                return default
            bad(key, "värde saknas; väntade ett tal")
            return Decimal(0)
        try:
            return to_decimal(doc[key])
        except ValueError:
            bad(key, f"ogiltigt tal {doc[key]!r}; väntade t.ex. 50000 eller \"2,5\"")
            return Decimal(0)

    namn, kortnamn, vard = text_value("namn"), text_value("kortnamn"), text_value("vardorganisation")
    startup = doc.get("uppstartsar", [])
    if not isinstance(startup, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in startup):
        bad("uppstartsar", "väntade en lista med år, t.ex. [2017]")
        startup = []
    if not startup_ok(startup):
        bad("uppstartsar", "väntade år mellan 1900 och 2099, t.ex. [2017]")
        startup = []
    materiality_kr = decimal_value("vasentlighet_kr")
    materiality_pct = decimal_value("vasentlighet_procent")
    if materiality_kr < 0:
        bad("vasentlighet_kr", "väsentlighetsgränsen får inte vara negativ")
    elif msg := amount_problem(materiality_kr):
        bad("vasentlighet_kr", msg)
    if materiality_pct < 0:
        bad("vasentlighet_procent", "väsentlighetsgränsen får inte vara negativ")
    elif msg := percent_problem(materiality_pct, Decimal(0), Decimal(100)):
        bad("vasentlighet_procent", msg)
    unit = decimal_value("avrundning_kr")
    if unit not in ROUNDING_UNITS:
        bad("avrundning_kr", f"ogiltig avrundning {doc.get('avrundning_kr')!r}; väntade 1 (hela kronor) eller 0.01 (ören)")
    opening = decimal_value("ingaende_reserv", Decimal(0))
    if msg := amount_problem(opening):
        bad("ingaende_reserv", msg)
        opening = Decimal(0)
    opening_year = doc.get("ingaende_reserv_ar")
    if opening_year is not None and not (isinstance(opening_year, int) and not isinstance(opening_year, bool)
                                         and 1900 <= opening_year <= 2099):
        bad("ingaende_reserv_ar", f"ogiltigt år {opening_year!r}; väntade året som ingaende_reserv gäller, t.ex. 2017")
        opening_year = None
    pro_rata = doc.get("grundfinansiering_pro_rata", "helar")
    if pro_rata not in PRO_RATA_RULES:
        bad("grundfinansiering_pro_rata", f"ogiltigt värde {pro_rata!r}; väntade \"helar\" eller \"manader\"")
    unit_text = doc.get("enhet")
    if unit_text is not None and unit_text not in REPORT_UNITS:
        bad("enhet", f"ogiltig enhet {unit_text!r}; väntade " + ", ".join(f'"{u}"' for u in REPORT_UNITS))
    funding = _year_table(doc, "grundfinansiering", text, problems, required=True)
    index = _year_table(doc, "prisindex", text, problems, required=False)
    starts = _start_dates(doc, text, problems)
    cost_types = _cost_types(doc, text, problems)
    periods = load_periodisation(doc, text, problems)
    if problems:
        return None, problems, raw
    committee = Committee(
        namn=namn,
        kortnamn=kortnamn,
        vardorganisation=vard,
        uppstartsar=frozenset(startup),
        vasentlighet_kr=materiality_kr,
        vasentlighet_procent=materiality_pct,
        avrundning_kr=unit,
        ingaende_reserv=opening.quantize(Decimal("0.01")),
        grundfinansiering_pro_rata=pro_rata,
        grundfinansiering=MappingProxyType(funding),
        prisindex=MappingProxyType(index),
        budget_fran=MappingProxyType(starts),
        kostnadsslag=cost_types,
        ingaende_reserv_ar=opening_year,
        periodisering=periods,
        enhet=None if unit_text is None else REPORT_UNITS[unit_text],
    )
    return committee, problems, raw


def _year_table(doc: dict, key: str, text: str, problems: list[Problem], required: bool) -> dict[int, Decimal]:
    table = doc.get(key)
    if table is None:
        if required:
            problems.append(Problem(NAME, None, key, f"tabellen [{key}] saknas; väntade t.ex. 2018 = 101600"))
        return {}
    if not isinstance(table, dict):
        problems.append(Problem(NAME, _line_of(text, key), key, f"väntade en tabell [{key}] med år = belopp"))
        return {}
    out: dict[int, Decimal] = {}
    for year, value in table.items():
        where = _line_of(text, year, key)
        if not re.fullmatch(r"(19|20)[0-9][0-9]", str(year)):
            problems.append(Problem(NAME, where, key, f"ogiltigt år {year!r} i [{key}]; väntade t.ex. 2018"))
            continue
        try:
            amount = to_decimal(value)
        except ValueError:
            problems.append(Problem(NAME, where, key, f"ogiltigt tal {value!r} för {year} i [{key}]"))
            continue
        if key == "grundfinansiering" and (amount < 0 or amount_problem(amount)):
            why = "beloppet är negativt; väntade kronor ≥ 0, högst två decimaler" if amount < 0 else amount_problem(amount)
            problems.append(Problem(NAME, where, key, f"ogiltigt belopp {value!r} för {year}: {why}"))
            continue
        if key == "prisindex" and (msg := percent_problem(amount, INDEX_MIN, INDEX_MAX)):
            problems.append(Problem(NAME, where, key, f"prisindex {value!r} för {year}: {msg}"))
            continue
        out[int(year)] = amount
    return out


def _start_dates(doc: dict, text: str, problems: list[Problem]) -> dict[int, date]:
    """`[budget_fran]`: the first day a year's budget covers when it does not start on 1 January."""
    key = "budget_fran"
    table = doc.get(key, {})
    if not isinstance(table, dict):
        problems.append(Problem(NAME, _line_of(text, key), key, "väntade en tabell [budget_fran] med år = datum"))
        return {}
    out: dict[int, date] = {}
    for year, value in table.items():
        where = _line_of(text, year, key)
        if not re.fullmatch(r"(19|20)[0-9][0-9]", str(year)):
            problems.append(Problem(NAME, where, key, f"ogiltigt år {year!r} i [{key}]; väntade t.ex. 2018"))
            continue
        day = value if isinstance(value, date) else None
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            try:
                day = date.fromisoformat(value.strip())
            except ValueError:
                day = None
        if day is None or day.year != int(year):
            problems.append(Problem(NAME, where, key, f"ogiltigt datum {value!r} för {year} i [{key}]; "
                                    f"väntade ett datum under året, t.ex. {year}-04-01"))
            continue
        out[int(year)] = day
    return out


def _account_range(item) -> tuple[int, int] | None:
    """"7690" or "5000-5999" (also as integers) as an inclusive range; None when it is neither."""
    text = str(item).strip() if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
    m = re.fullmatch(r"([0-9]{1,10})(?:\s*-\s*([0-9]{1,10}))?", text)
    if not m:
        return None
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (lo, hi) if lo <= hi else None


def _cost_types(doc: dict, text: str, problems: list[Problem]) -> tuple[CostType, ...]:
    """`[kostnadsslag]`: heading = ["7690", "5000-5999", …]; no account in two headings."""
    key = "kostnadsslag"
    table = doc.get(key, {})
    if not isinstance(table, dict):
        problems.append(Problem(NAME, _line_of(text, key), key, "väntade en tabell [kostnadsslag] med rubrik = [konton]"))
        return ()
    out: list[CostType] = []
    for heading, accounts in table.items():
        where = _line_of(text, heading, key)
        items = accounts if isinstance(accounts, list) else [accounts]
        ranges = [_account_range(a) for a in items]
        if not heading.strip() or not items or None in ranges:
            problems.append(Problem(NAME, where, key, f"ogiltiga konton {accounts!r} för {heading!r} i [{key}]; "
                                    "väntade en lista med konton eller intervall, t.ex. [\"7690\", \"5000-5999\"]"))
            continue
        for other in out:
            if any(lo <= o_hi and o_lo <= hi for lo, hi in ranges for o_lo, o_hi in other.ranges):
                problems.append(Problem(NAME, where, key, f"kontona för {heading!r} överlappar {other.rubrik!r}; "
                                        "väntade att varje konto hör till ett kostnadsslag"))
                break
        else:
            out.append(CostType(heading.strip(), tuple(ranges)))
    return tuple(out)
