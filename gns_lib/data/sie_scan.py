"""The bytes of a SIE file for the reader's fast path: lines, fields and values, with numpy.

One table lookup gives every byte a class (space, line break, quote, brace, backslash,
ordinary); the line breaks, quotes and braces of a part of the file are then found once.
Fields are located for many lines at once, eight bytes at a time (SWAR: "SIMD within a
register" on uint64 lanes), and digits are read the same way. `sie_fast` uses this.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from gns_lib.data.sie_encoding import UTF8, UTF8_LENGTH, decode_bytes
from gns_lib.data.sie_records import int_values, string_array, take
from gns_lib.data.sie_tokens import ESCAPE as _ESCAPE

# Byte classes: every class but ordinary bytes (0) ends an unquoted field.
_SPACE, _CR, _NL, _QUOTE, _OPEN, _CLOSE, _BACKSLASH = 1, 2, 3, 4, 5, 6, 7
SPACE = _SPACE  # the class of spaces and tabs
_CLASS = bytearray(256)
for _chars, _cls in ((b" \t", _SPACE), (b"\r", _CR), (b"\n", _NL), (b'"', _QUOTE), (b"{", _OPEN), (b"}", _CLOSE),
                     (b"\\", _BACKSLASH)):
    for _char in _chars:
        _CLASS[_char] = _cls
_CLASS = bytes(_CLASS)
PAD = b"\n" * 16  # after the data: every 8-byte window stays inside, and every field ends
_STEP = 1 << 22  # bytes looked through at a time for special ones: the scratch arrays stay in the caches

_U = np.uint64
_LOW = np.array([(1 << (8 * m)) - 1 for m in range(9)], dtype=_U)  # the m lowest bytes
_SEVENS, _HIGHS, _ONES = _U(0x7F7F7F7F7F7F7F7F), _U(0x8080808080808080), _U(0x0101010101010101)
_ZEROS, _SIXES, _F0 = _U(0x3030303030303030), _U(0x0606060606060606), _U(0xF0F0F0F0F0F0F0F0)
_BYTE_INDEX = _U(0x0001020304050607)  # times 2**(8k): k in the top byte
_FAR = np.iinfo(np.int64).max // 2
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])  # most days a month can have


def _first_flagged(flags: np.ndarray) -> np.ndarray:
    """Index (0..7) of the lowest byte whose top bit is set in each word; 8 where none is."""
    lowest = (flags & (~flags + _U(1))) >> _U(7)  # 2**(8k) for the lowest flagged byte k
    return np.where(flags == 0, 8, ((lowest * _BYTE_INDEX) >> _U(56)).astype(np.int64))


def _stops(lane: np.ndarray) -> np.ndarray:
    """Flag the bytes of a class lane that end an unquoted field (any class but 0)."""
    return (lane + _SEVENS) & _HIGHS


stop_flags = _stops  # for sie_fast


def _not_spaces(lane: np.ndarray) -> np.ndarray:
    """Flag the bytes of a class lane that are not space or tab."""
    return ((lane ^ _ONES) + _SEVENS) & _HIGHS


def _eight_digits(words: np.ndarray) -> np.ndarray:
    """Eight ASCII digits per word, the first in the lowest byte, to their value (the simdjson recipe)."""
    words = (words & _U(0x0F0F0F0F0F0F0F0F)) * _U(2561) >> _U(8)
    words = (words & _U(0x00FF00FF00FF00FF)) * _U(6553601) >> _U(16)
    return ((words & _U(0x0000FFFF0000FFFF)) * _U(42949672960001) >> _U(32)).astype(np.int64)


def _window(array: np.ndarray) -> np.ndarray:
    """Every 8 consecutive bytes of `array` as one little-endian word (a view, one per byte)."""
    return np.ndarray(shape=(len(array) - 7,), dtype="<u8", buffer=array, strides=(1,))


_CLASSES = np.frombuffer(_CLASS, dtype=np.uint8)
_PAIRS = (_CLASSES[np.arange(65536) & 0xFF].astype(np.uint16) | (_CLASSES[np.arange(65536) >> 8].astype(np.uint16) << 8))


def byte_classes(buffer) -> np.ndarray:
    """The class of every byte of `buffer` (bytes or a numpy uint8 array; see _CLASS).

    Two bytes are looked up at a time when the length is even: half the lookups.
    """
    raw = np.frombuffer(buffer, dtype=np.uint8)
    if len(raw) % 2:
        return _CLASSES[raw]
    return _PAIRS[raw.view(np.uint16)].view(np.uint8)


def at(positions: np.ndarray, index: np.ndarray) -> np.ndarray:
    """positions[index] for a position array from `Scan` (it ends in far-away sentinels)."""
    return positions[np.minimum(index, len(positions) - 1)]


class Scan:
    """The bytes of one SIE file, a class per byte, its lines and the positions of special bytes."""

    def __init__(self, buffer, size: int, encoding: str = UTF8, offset: int = 0, classes: np.ndarray | None = None):
        """The `size` bytes of `buffer` (bytes or numpy uint8) from `offset`: whole lines, then a line feed or `PAD`.

        `classes` is `byte_classes(buffer)` when the caller has it (parts of one file share it).
        """
        if classes is None:
            classes = byte_classes(buffer)
        self.encoding, self.data = encoding, memoryview(buffer)[offset:]
        self.buf = np.frombuffer(buffer, dtype=np.uint8)[offset:]
        self.classes = classes[offset:]
        self.lanes, self.class_lanes = _window(self.buf), _window(self.classes)
        found = [self._specials(i, min(i + _STEP, size)) for i in range(0, size, _STEP)]
        line_ends, quotes, opens, closes, backslashes = (
            np.concatenate([f[c] for f in found] + [np.zeros(0, dtype=np.int64)]) for c in range(5))
        if size == 0 or self.buf[size - 1] != 10:
            line_ends = np.append(line_ends, size)
        if len(backslashes):  # a quote after an odd run of backslashes is part of a field, not its end
            quotes = quotes[~self._escaped(quotes, backslashes)]
        self.starts = np.concatenate(([0], line_ends[:-1] + 1)).astype(np.int64)
        self.ends = line_ends - ((self.classes[np.maximum(line_ends - 1, 0)] == _CR) & (line_ends > self.starts))
        far = np.array([_FAR, _FAR], dtype=np.int64)
        self.quotes, self.opens, self.closes, self.backslashes = (
            np.concatenate((x, far)) for x in (quotes, opens, closes, backslashes))

    def _specials(self, i: int, j: int) -> list[np.ndarray]:
        """The positions of line feeds, quotes, {, } and backslashes in bytes i..j (a slice at a time)."""
        classes = self.classes[i:j]
        where = np.flatnonzero(classes > _SPACE)
        cls = classes[where]
        where += i
        return [where[cls == c] for c in (_NL, _QUOTE, _OPEN, _CLOSE, _BACKSLASH)]

    def __len__(self) -> int:
        return len(self.starts)

    def line_text(self, i: int) -> str:
        """Line i (0-based) decoded, without its line break."""
        return decode_bytes(bytes(self.data[self.starts[i] : self.ends[i]]), self.encoding)

    def first_after(self, name: str, p: np.ndarray) -> np.ndarray:
        """For `quotes`, `opens` or `closes`: the index in that array of the first one at or after each p."""
        return np.searchsorted(getattr(self, name), p)

    def _escaped(self, quotes: np.ndarray, backslashes: np.ndarray) -> np.ndarray:
        """Per quote, whether an odd number of backslashes stands right before it (`\\"`, not `\\\\"`)."""
        escaped = np.zeros(len(quotes), dtype=bool)
        before = np.minimum(np.searchsorted(backslashes, quotes - 1), len(backslashes) - 1)
        candidates = np.flatnonzero(backslashes[before] == quotes - 1)
        for i in candidates.tolist():  # backslashes before quotes are rare: count each run
            run, q = 0, int(quotes[i]) - 1
            while q >= 0 and self.buf[q] == 92:
                run, q = run + 1, q - 1
            escaped[i] = run % 2 == 1
        return escaped

    def unescape(self, texts: pa.Array, start: np.ndarray, stop: np.ndarray) -> pa.Array:
        """`texts` (cut from [start, stop)) with `\\"` and `\\\\` read as `"` and `\\`, as the tokeniser reads them."""
        if len(self.backslashes) == 2:  # only the sentinels: no backslash in this part
            return texts
        rows = np.flatnonzero(np.searchsorted(self.backslashes, stop) > np.searchsorted(self.backslashes, start))
        if len(rows) == 0:
            return texts
        fixed = [_ESCAPE.sub(r"\1", t) for t in take(texts, rows).to_pylist()]
        order = np.arange(len(texts))
        order[rows] = len(texts) + np.arange(len(rows))
        return take(pa.concat_arrays([texts, string_array(fixed)]), order)

    # -- moving along lines --------------------------------------------------------------------

    def _scan(self, p: np.ndarray, flagged) -> np.ndarray:
        """From p, eight bytes at a time, the first byte that `flagged` flags."""
        out = p.copy()
        todo, q = np.arange(len(p)), p
        while len(todo):
            k = _first_flagged(flagged(self.class_lanes[q]))
            out[todo] = q + k
            more = k == 8
            todo, q = todo[more], q[more] + 8
        return out

    def skip_spaces(self, p: np.ndarray) -> np.ndarray:
        """The first byte at or after p that is not a space or tab (never past the line's end)."""
        at_space = self.classes[p] == _SPACE
        q = p + at_space
        more = np.flatnonzero(at_space & (self.classes[q] == _SPACE))
        if len(more):
            q[more] = self._scan(q[more], _not_spaces)
        return q

    def bare_end(self, p: np.ndarray, width: int = 0) -> np.ndarray:
        """The first byte at or after p that ends an unquoted field (never past the line's end).

        `width` is the length most fields are expected to have (8 for dates): checked, not scanned for.
        """
        lanes = _stops(self.class_lanes[p])
        if width:
            out = p + width
            guess = (lanes == 0) & (self.classes[out] != 0) if width == 8 else np.zeros(len(p), dtype=bool)
            rest = np.flatnonzero(~guess)
            if len(rest):
                out[rest] = self.bare_end(p[rest])
            return out
        k = _first_flagged(lanes)
        far = np.flatnonzero(k == 8)
        out = p + k
        if len(far):
            out[far] = self._scan(out[far], _stops)
        return out

    def field(self, p: np.ndarray, end: np.ndarray, quote: np.ndarray, width: int = 0) -> tuple[tuple, np.ndarray]:
        """The next field of each line from p: (start, stop, next, present, ok) and the next quote index.

        A quoted field's text excludes its quotes; `quote` is the index in `quotes` of the line's
        next quote. `ok` is true where the field is absent or in a form read here exactly.
        """
        p = self.skip_spaces(p)
        present = p < end
        quoted = self.classes[p] == _QUOTE
        some = quoted.any()
        if some:
            opening, closing = at(self.quotes, quote), at(self.quotes, quote + 1)
            quoted_ok = (opening == p) & (closing < end)
            quote = quote + 2 * quoted
        if some and quoted.all():
            start, stop, nxt, ok = p + 1, closing, closing + 1, quoted_ok
        else:
            stop = self.bare_end(p, width)
            start, nxt, ok = p, stop, stop > p
            if some:
                start, nxt = np.where(quoted, p + 1, p), np.where(quoted, closing + 1, stop)
                stop, ok = np.where(quoted, closing, stop), np.where(quoted, quoted_ok, ok)
        if some:
            stop, nxt = np.minimum(stop, end), np.minimum(nxt, end)
        ok &= (nxt >= end) | (self.classes[nxt] == _SPACE)
        return (start, stop, nxt, present, ~present | ok), quote

    # -- values --------------------------------------------------------------------------------

    def _lane_digits(self, start: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The value of the `count` (0..8) bytes from start as digits, and whether they are digits."""
        count = np.clip(count, 0, 8)
        lane = self.lanes[start] << ((8 - count) * 8).astype(_U) | (_ZEROS & _LOW[8 - count])
        lane[count == 0] = _ZEROS
        x = lane ^ _ZEROS
        return _eight_digits(lane), ((x & _F0) == 0) & (((x + _SIXES) & _F0) == 0)

    def all_digits(self, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """Whether [start, stop) holds 1..8 ASCII digits (an account number), without their value."""
        length = stop - start
        x = (self.lanes[start] ^ _ZEROS) & _LOW[np.clip(length, 0, 8)]
        return ((x & _F0) == 0) & (((x + _SIXES) & _F0) == 0) & (length >= 1) & (length <= 8)

    def digits(self, start: np.ndarray, stop: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
        """The value of 1..`most` (at most 16) ASCII digits in [start, stop), and whether they are that."""
        length = stop - start
        low = np.clip(length, 0, 8)
        value, ok = self._lane_digits(stop - low, low)
        ok &= (length >= 1) & (length <= most)
        if most > 8 and (length > 8).any():
            high, good = self._lane_digits(start, np.clip(length - 8, 0, 8))
            value, ok = value + high * 100_000_000, ok & good
        return value, ok

    def amounts(self, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """SIE amounts `-?digits(.d{1,2})?` as öre (at most 15 digits before the point), and ok."""
        buf = self.buf
        negative = buf[start] == ord("-")
        s = start + negative
        length = stop - s
        two = (length >= 4) & (buf[np.maximum(stop - 3, 0)] == ord("."))
        one = ~two & (length >= 3) & (buf[np.maximum(stop - 2, 0)] == ord("."))
        decimals = two * 2 + one
        whole_stop = stop - decimals - (decimals > 0)
        whole, ok = self.digits(s, whole_stop, 15)
        tenths = buf[whole_stop + 1].astype(np.int64) - 48
        hundredths = buf[whole_stop + 2].astype(np.int64) - 48
        ok &= (decimals == 0) | ((tenths >= 0) & (tenths <= 9))
        ok &= ~two | ((hundredths >= 0) & (hundredths <= 9))
        ore = whole * 100 + (decimals > 0) * tenths * 10 + two * hundredths
        return np.where(negative, -ore, ore), ok

    def dates(self, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Dates ÅÅÅÅMMDD as that integer, and whether each is a real calendar date."""
        lane = self.lanes[start]  # exactly eight digits: no shifting
        x = lane ^ _ZEROS
        value = _eight_digits(lane)
        ok = (stop - start == 8) & ((x & _F0) == 0) & (((x + _SIXES) & _F0) == 0) & (value >= 10000)
        month, day = value // 100 % 100, value % 100
        ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= _DAYS[np.clip(month, 0, 12)])
        leap_day = np.flatnonzero(ok & (month == 2) & (day == 29))
        if len(leap_day):  # 29 February: only in leap years
            y = value[leap_day] // 10000
            ok[leap_day] = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
        return value.astype(np.int32), ok

    def periods(self, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Periods ÅÅÅÅMM as that integer, and whether each is one."""
        value, ok = self.digits(start, stop, 6)
        ok &= (stop - start == 6) & (value % 100 >= 1) & (value % 100 <= 12) & (value >= 100000)
        return value.astype(np.int32), ok

    def year_indexes(self, start: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Year numbers `0`, `-1`, `-2` …, and whether each is one."""
        negative = self.buf[start] == ord("-")
        value, ok = self.digits(start + negative, stop, 3)
        first = self.buf[start + negative]
        ok &= np.where(negative, first != ord("0"), (value == 0) & (stop - start == 1))
        return np.where(negative, -value, value).astype(np.int32), ok

    def strings(self, start: np.ndarray, stop: np.ndarray) -> pa.Array:
        """The text in [start, stop) of each line (ascending, one span per line) as Arrow strings."""
        n = len(start)
        offsets = np.empty(2 * n + 1, dtype=np.int64)
        offsets[0], offsets[1::2], offsets[2::2] = 0, start, stop
        spans = pa.Array.from_buffers(pa.large_binary(), 2 * n, [None, pa.py_buffer(offsets), pa.py_buffer(self.data)])
        picked = take(spans, np.arange(1, 2 * n, 2, dtype=np.int64))
        if self.encoding == UTF8 or picked.buffers()[2] is None:
            return picked.view(pa.large_string())
        off = np.frombuffer(picked.buffers()[1], dtype=np.int64)[: n + 1]
        raw = np.frombuffer(picked.buffers()[2], dtype=np.uint8)[: off[-1]]
        high = np.flatnonzero(raw >= 0x80)
        if len(high) == 0:
            return picked.view(pa.large_string())
        encoded = picked.dictionary_encode()
        if len(encoded.dictionary) <= n // 4:  # texts repeat (a voucher's text on each row): recode each once
            texts = [decode_bytes(b, self.encoding) for b in encoded.dictionary.to_pylist()]
            return take(string_array(texts), int_values(encoded.indices))
        text = decode_bytes(raw.tobytes(), self.encoding).encode(UTF8)
        extra = np.concatenate(([0], np.cumsum(UTF8_LENGTH[self.encoding][raw[high]] - 1)))
        moved = off + extra[np.searchsorted(high, off)]
        return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(moved), pa.py_buffer(text)])
