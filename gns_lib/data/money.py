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
    Chunks written wholly in the usual export form `-1234,56` take `_plain_ore`.
    """
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    ores, bads = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=bool)]
    for chunk in chunks:
        chunk = chunk.cast(pa.string())
        ore = _plain_ore(chunk)
        if ore is None:
            ore, bad = _general_ore(chunk)
        else:
            bad = np.zeros(len(ore), dtype=bool)
        ores.append(ore)
        bads.append(bad)
    return np.concatenate(ores), np.concatenate(bads)


def _general_ore(chunk: pa.StringArray) -> tuple[np.ndarray, np.ndarray]:
    """Every accepted form, with arrow string kernels: (öre, invalid mask)."""
    s = pc.utf8_trim_whitespace(chunk)
    s = pc.replace_substring(s, "\u2212", "-")
    ok = pc.fill_null(pc.match_substring_regex(s, _AMOUNT_RE), False)
    digits = pc.replace_substring_regex(s, r"[ \x{00a0}\x{202f}]", "")
    # Pad the fraction to exactly two digits, then drop the comma: 12,5 -> 1250.
    digits = pc.replace_substring_regex(digits, r",([0-9])$", r",\10")
    has_comma = pc.fill_null(pc.match_substring(digits, ","), False)
    digits = pc.if_else(has_comma, pc.replace_substring(digits, ",", ""), pc.binary_join_element_wise(digits, "00", ""))
    digits = pc.if_else(ok, digits, pa.scalar("0"))
    ore = pc.cast(digits, pa.int64())
    return ore.to_numpy(zero_copy_only=False), pc.invert(ok).to_numpy(zero_copy_only=False)


# SWAR ("SIMD within a register") digit parsing over numpy uint64 lanes: eight ASCII
# digits, first digit in the lowest byte, to their value (the simdjson recipe).
_U64 = np.uint64
_LOW_BYTES = np.array([(1 << (8 * m)) - 1 for m in range(9)], dtype=np.uint64)  # the m lowest bytes
_ZEROS = _U64(0x3030303030303030)  # "00000000"


def _eight_digits(words: np.ndarray) -> np.ndarray:
    words = (words & _U64(0x0F0F0F0F0F0F0F0F)) * _U64(2561) >> _U64(8)
    words = (words & _U64(0x00FF00FF00FF00FF)) * _U64(6553601) >> _U64(16)
    return (words & _U64(0x0000FFFF0000FFFF)) * _U64(42949672960001) >> _U64(32)


def _digits_ending_at(words: np.ndarray, end: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Value of the `count` (0..8) digits that end before byte `end`; the bytes before them read as '0'."""
    lanes = words[end - 8]
    low = _LOW_BYTES[8 - count]
    return _eight_digits((lanes & ~low) | (_ZEROS & low))


def _plain_ore(chunk: pa.StringArray) -> np.ndarray | None:
    """Öre for a chunk whose every value is `-?[0-9]{1,15},[0-9]{2}`, or None if any is not.

    The shape is checked over the whole buffer (comma three from the end, an optional
    leading minus, no other non-digit byte), then the digits are read eight at a time.
    """
    if chunk.type != pa.string() or chunk.null_count or len(chunk) == 0:
        return None
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
    starts, ends = offsets[:-1], offsets[1:]
    lengths = ends - starts
    if lengths.min() < 4 or lengths.max() > 19:
        return None
    data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
    if not (data[ends - 3] == ord(",")).all():
        return None
    negative = data[starts] == ord("-")
    whole = lengths - 3 - negative  # digits before the comma
    if whole.min() < 1 or whole.max() > 15:
        return None
    non_digits = np.count_nonzero((data[offsets[0] : offsets[-1]] - np.uint8(ord("0"))) > 9)
    if non_digits != len(chunk) + np.count_nonzero(negative):
        return None
    padded = np.full(len(data) + 16, ord("0"), dtype=np.uint8)
    padded[16:] = data
    words = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))  # a lane at every byte
    comma = ends - 3 + 16
    kronor = _digits_ending_at(words, comma, np.minimum(whole, 8))
    if whole.max() > 8:
        kronor += _digits_ending_at(words, comma - 8, np.maximum(whole - 8, 0)) * _U64(100_000_000)
    ore = kronor.astype(np.int64) * 100 + (data[ends - 2].astype(np.int64) - ord("0")) * 10 + (data[ends - 1] - ord("0"))
    return np.where(negative, -ore, ore)
