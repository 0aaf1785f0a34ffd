"""The one parser for money: Swedish amount text into exact öre.

Accepted forms: `-1234,56`, `1 234,56`, `−1 234,56` (space, no-break space or
narrow no-break space between groups of three, U+2212 or `-` as minus, at most
two decimals after a comma). Anything ambiguous (`1.234,56`, `1234.56`,
`1,234.56`, `12 34`) is refused rather than guessed.
"""

from __future__ import annotations

import numbers
import re
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ORE = Decimal("0.01")

# Separators accepted between thousands groups: space, NBSP, narrow NBSP.
_GROUP_SEPS = " \u00a0\u202f"
_AMOUNT_RE = r"^-?(?:[0-9]{1,3}(?:[ \x{00a0}\x{202f}][0-9]{3}){1,4}|[0-9]{1,15})(?:,[0-9]{1,2})?$"
_AMOUNT_PY = re.compile(r"^-?(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3}){1,4}|[0-9]{1,15})(?:,[0-9]{1,2})?$")

EXPECTED = "ett belopp som -1234,56, 1 234,56 eller −1 234,56"


def _normalise(text: str) -> str:
    return text.strip().replace("\u2212", "-")


def parse_amount(text: str) -> Decimal:
    """Parse one amount into Decimal kronor; ValueError (Swedish) if it is not one."""
    s = _normalise(text)
    if not _AMOUNT_PY.match(s):
        raise ValueError(f"ogiltigt belopp {text!r}, väntade {EXPECTED}")
    for sep in _GROUP_SEPS:
        s = s.replace(sep, "")
    return Decimal(s.replace(",", "."))


def kr_to_ore(amount: Decimal) -> int:
    """Exact kronor (at most two decimals) to integer öre."""
    q = amount * 100
    if q != q.to_integral_value():
        raise ValueError(f"beloppet {amount} har fler än två decimaler")
    return int(q)


def ore_to_kr(ore: numbers.Integral) -> Decimal:
    """Integer öre (also numpy integers) to exact Decimal kronor with two decimals."""
    if isinstance(ore, bool) or not isinstance(ore, numbers.Integral):
        raise TypeError(f"öre must be an integer, not {type(ore).__name__}")
    return Decimal(int(ore)).scaleb(-2)


def kr_or_none(ore: numbers.Integral | None) -> Decimal | None:
    """`ore_to_kr`, with missing kept missing (never zero)."""
    return None if ore is None else ore_to_kr(ore)


def parse_amounts_ore(values: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised `parse_amount` for a string column.

    Returns (öre as int64 with 0 where invalid, boolean mask of invalid rows).
    Null and empty strings count as invalid; the caller decides if that is allowed.
    """
    values = values.cast(pa.string())
    # Fast path for the usual export form "-1234,56": drop the comma, cast.
    plain = pc.match_substring_regex(values, r"^-?[0-9]{1,15},[0-9][0-9]$")
    if plain.null_count == 0 and pc.all(plain).as_py():
        ore = pc.cast(pc.replace_substring(values, ",", ""), pa.int64())
        ore = ore.combine_chunks() if isinstance(ore, pa.ChunkedArray) else ore
        return ore.to_numpy(zero_copy_only=False), np.zeros(len(ore), dtype=bool)
    s = pc.utf8_trim_whitespace(values)
    s = pc.replace_substring(s, "\u2212", "-")
    ok = pc.fill_null(pc.match_substring_regex(s, _AMOUNT_RE), False)
    digits = pc.replace_substring_regex(s, r"[ \x{00a0}\x{202f}]", "")
    # Pad the fraction to exactly two digits, then drop the comma: 12,5 -> 1250.
    digits = pc.replace_substring_regex(digits, r",([0-9])$", r",\10")
    has_comma = pc.fill_null(pc.match_substring(digits, ","), False)
    digits = pc.if_else(has_comma, pc.replace_substring(digits, ",", ""), pc.binary_join_element_wise(digits, "00", ""))
    digits = pc.if_else(ok, digits, pa.scalar("0"))
    ore = pc.cast(digits, pa.int64())
    if isinstance(ore, pa.ChunkedArray):
        ore = ore.combine_chunks()
    bad = pc.invert(ok)
    if isinstance(bad, pa.ChunkedArray):
        bad = bad.combine_chunks()
    return ore.to_numpy(zero_copy_only=False), bad.to_numpy(zero_copy_only=False)
