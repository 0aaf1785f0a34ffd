"""The encoding of a SIE file, told from its bytes rather than from `#FORMAT`.

The specification says CP437 (`#FORMAT PC8`), but programs also write UTF-8 and Latin-1
under that declaration. UTF-8 is tried strictly first; otherwise CP437 and Latin-1 are told
apart by which reading puts Swedish letters (åäöÅÄÖéÉü) next to other letters.
"""

from __future__ import annotations

import codecs

import numpy as np
import pyarrow as pa

CP437, UTF8, LATIN1 = "cp437", "utf-8", "latin-1"

_SWEDISH = "åäöÅÄÖéÉü"
_LETTERS = {enc: np.zeros(256, dtype=bool) for enc in (CP437, LATIN1)}
for _enc, _table in _LETTERS.items():
    _table[list(_SWEDISH.encode(_enc))] = True
_SAMPLE = 200_000  # high bytes enough to tell CP437 from Latin-1
_ASCII_LETTER = np.zeros(256, dtype=bool)
_ASCII_LETTER[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True


def _plausible_letters(raw: np.ndarray, high: np.ndarray, letters: np.ndarray) -> int:
    """How many high bytes read as a Swedish letter with a letter (ASCII or Swedish) beside them."""
    at = high[letters[raw[high]]]
    if len(at) == 0:
        return 0
    before = raw[np.maximum(at - 1, 0)]
    after = raw[np.minimum(at + 1, len(raw) - 1)]
    near = _ASCII_LETTER[before] | letters[before] | _ASCII_LETTER[after] | letters[after]
    return int(np.count_nonzero(near))


def is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (checked by Arrow, without copying the bytes)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    binary = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        binary.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _high_bytes(raw: np.ndarray) -> np.ndarray:
    """Positions of bytes >= 0x80: the first `_SAMPLE` or so, looked for a few megabytes at a time."""
    found, step = [], 1 << 22
    for offset in range(0, len(raw), step):
        found.append(np.flatnonzero(raw[offset : offset + step] >= 0x80) + offset)
        if sum(len(f) for f in found) >= _SAMPLE:
            break
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def detect_encoding(data: bytes) -> str:
    """`utf-8`, `cp437` or `latin-1`: what the bytes really are (pure ASCII counts as CP437)."""
    raw = np.frombuffer(data, dtype=np.uint8)
    high = _high_bytes(raw)
    if len(high) == 0:
        return CP437
    if is_utf8(data):
        return UTF8
    latin = _plausible_letters(raw, high, _LETTERS[LATIN1])
    return LATIN1 if latin > _plausible_letters(raw, high, _LETTERS[CP437]) else CP437


def _windows_latin1() -> str:
    """Latin-1, with Windows-1252's signs (€, –, ” …) where it defines 0x80–0x9F, as Windows writes it."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_TABLES = {LATIN1: _windows_latin1(), CP437: bytes(range(256)).decode(CP437)}

# Bytes each single-byte character takes in UTF-8, to move offsets when text is re-encoded.
UTF8_LENGTH = {enc: np.array([len(c.encode(UTF8)) for c in table], dtype=np.int64) for enc, table in _TABLES.items()}


def decode_bytes(data: bytes, encoding: str) -> str:
    """Bytes to text in `encoding` (for Latin-1 see `_windows_latin1`); UnicodeDecodeError if invalid UTF-8."""
    if encoding == UTF8:
        return data.decode(UTF8)
    return codecs.charmap_decode(data, "strict", _TABLES[encoding])[0]
