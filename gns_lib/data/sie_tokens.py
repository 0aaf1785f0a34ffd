"""SIE 4B field rules (specification section 5): one record line into fields, and field values.

Fields are separated by spaces or tabs and may be quoted; a quote inside a quoted field is
written `\\"` (and `\\\\` is read as one backslash). An object list `{1 "0123" 6 "P1"}` is one
field. Amounts use `.` as decimal point with at most two decimals; dates are `ÅÅÅÅMMDD`.
Every error message is Swedish, since it ends up in front of the user.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from gns_lib.data.money import kr_to_ore

Token = str | tuple[str, ...]  # a field, or the fields of an object list

_SKIP = re.compile(r"[ \t]*")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_BARE = re.compile(r"[^ \t{}]+")
ESCAPE = re.compile(r'\\(["\\])')  # what a backslash escapes in a quoted field
_REAL_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')  # a quote after an even run of backslashes
_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")
_YEAR_INDEX = re.compile(r"0|-[1-9][0-9]{0,2}")

MAX_INTEGER_DIGITS = 15  # as gns_lib.data.money: kronor up to 999 999 999 999 999
EXPECTED_AMOUNT = "ett SIE-belopp som -1234.50 eller 1234"


class TokenError(ValueError):
    """A record line that cannot be split into fields; the message is Swedish."""


def tokenize(line: str, notes: list[str] | None = None) -> tuple[Token, ...]:
    """Split one record line (without its line break) into fields; TokenError if malformed.

    With `notes`, a quote that is never closed outside an object list is forgiven: the rest of
    the line becomes that field (real files cut long texts so), and a Swedish note says so.
    """
    fields: list[Token] = []
    inner: list[str] | None = None  # the object list being read, if any
    pos, end = 0, len(line)
    while True:
        pos = _SKIP.match(line, pos).end()
        if pos >= end:
            break
        char = line[pos]
        if char == '"':
            m = _QUOTED.match(line, pos)
            if m is None and (notes is None or inner is not None):
                raise TokenError(f"citattecknet i kolumn {pos + 1} avslutas aldrig")
            if m is None:
                notes.append(f"citattecknet i kolumn {pos + 1} avslutas aldrig; resten av raden blev fältets text")
                value, next_pos = line[pos + 1 :], end
            else:
                value, next_pos = m.group(1), m.end()
            if "\\" in value:
                value = ESCAPE.sub(r"\1", value)
            pos = next_pos
        elif char == "{":
            if inner is not None:
                raise TokenError(f"objektlistan har en {{ till i kolumn {pos + 1}")
            inner, pos = [], pos + 1
            continue
        elif char == "}":
            if inner is None:
                raise TokenError(f"}} i kolumn {pos + 1} saknar {{")
            fields.append(tuple(inner))
            inner, pos = None, pos + 1
            continue
        else:
            m = _BARE.match(line, pos)
            value, pos = m.group(), m.end()
        (fields if inner is None else inner).append(value)
    if inner is not None:
        raise TokenError("objektlistan avslutas aldrig med }")
    return tuple(fields)


def real_quotes(text: str) -> int:
    """How many quotes in `text` are not escaped by a backslash (those a field's quoting uses)."""
    return len(_REAL_QUOTE.findall(text))


def sie_amount_ore(text: str) -> int:
    """A SIE amount (`-1234.50`, `1234`, `1234.5`) as exact integer öre; ValueError (Swedish) if not one."""
    if not _AMOUNT.fullmatch(text):
        raise ValueError(f"ogiltigt belopp {text!r}; väntade {EXPECTED_AMOUNT}")
    whole, _, fraction = text.lstrip("-").partition(".")
    if len(fraction) > 2:
        raise ValueError(f"beloppet {text!r} har fler än två decimaler")
    if len(whole) > MAX_INTEGER_DIGITS:
        raise ValueError(f"beloppet {text!r} är för stort (högst {MAX_INTEGER_DIGITS} siffror före punkten)")
    return kr_to_ore(Decimal(text))


def parse_date(text: str) -> date:
    """A SIE date `ÅÅÅÅMMDD`; ValueError (Swedish) if it is not a real date."""
    if len(text) == 8 and _DIGITS.fullmatch(text):
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    raise ValueError(f"ogiltigt datum {text!r}; väntade ÅÅÅÅMMDD")


def parse_period(text: str) -> int:
    """A SIE period `ÅÅÅÅMM` as the integer ÅÅÅÅMM; ValueError (Swedish) if it is not one."""
    if len(text) == 6 and _DIGITS.fullmatch(text) and 1 <= int(text[4:]) <= 12 and text[0] != "0":
        return int(text)
    raise ValueError(f"ogiltig period {text!r}; väntade ÅÅÅÅMM")


def parse_year_index(text: str) -> int:
    """A year number (`0` this year, `-1` the year before …); ValueError (Swedish) if not one."""
    if _YEAR_INDEX.fullmatch(text):
        return int(text)
    raise ValueError(f"ogiltigt årsnummer {text!r}; väntade 0, -1, -2 …")


def date_int(d: date) -> int:
    """A date as the integer ÅÅÅÅMMDD used in the columnar tables."""
    return d.year * 10000 + d.month * 100 + d.day


def format_ore(ore: int) -> str:
    """Öre as a SIE-style amount text with two decimals: `-1234.50`."""
    sign = "-" if ore < 0 else ""
    kr, rest = divmod(abs(int(ore)), 100)
    return f"{sign}{kr}.{rest:02d}"
