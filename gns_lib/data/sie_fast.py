"""The SIE reader's fast path: every #VER, #TRANS, #PSALDO and #PBUDGET line of a file at once.

Each line's kind is told from its label; the lines of a kind are then read field by field
for all of them together (see `sie_scan`). A line the fast path is not sure of (odd quoting
or bracing, a value out of form) is left over for the tokeniser in `sie_lines`, which reads
it the same way or words the problem.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np
import pyarrow as pa

from gns_lib.data.sie_scan import SPACE as _SPACE
from gns_lib.data.sie_scan import Scan, at, stop_flags as _stops

# Line kinds: LABEL is a readable label the fast path does not take, UNKNOWN one no reader knows,
# OTHER a line whose label cannot be read here (or no record at all).
EMPTY, OPEN, CLOSE, VER, TRANS, RTRANS, BTRANS, PSALDO, PBUDGET, LABEL, UNKNOWN, OTHER = range(12)
FAST_LABELS = {"VER": VER, "TRANS": TRANS, "RTRANS": RTRANS, "BTRANS": BTRANS, "PSALDO": PSALDO, "PBUDGET": PBUDGET}
_LOW = np.array([(1 << (8 * m)) - 1 for m in range(9)], dtype=np.uint64)
_FAST_WORDS = np.array(sorted(int.from_bytes(x.encode(), "little") for x in FAST_LABELS), dtype=np.uint64)
_FAST_KINDS = np.array([FAST_LABELS[int(w).to_bytes(8, "little").rstrip(b"\0").decode()] for w in _FAST_WORDS], dtype=np.int8)

class Interner(Protocol):
    """Numbers object lists and account numbers across the parts of a file (see sie.Interner)."""

    def objects(self, inner: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per row, from the text inside its braces: the object list's id, the quotes in it, and ok."""

    def kontos(self, words: np.ndarray) -> np.ndarray:
        """Per row, from its account number as a word (see label_word): the account's id."""


def of_kinds(kinds: np.ndarray, *wanted: int) -> np.ndarray:
    """Whether each line's kind is one of `wanted` (a lookup table: no sorting, unlike np.isin)."""
    table = np.zeros(16, dtype=bool)
    table[list(wanted)] = True
    return table[kinds]


def label_word(label: str) -> int:
    """A label (without #, at most 8 ASCII characters) as the little-endian integer of its bytes."""
    return int.from_bytes(label.encode("ascii"), "little")


def classify(scan: Scan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: its kind, the end of its label, and the label as a word (0 when not readable)."""
    return _classify(scan, scan.starts, scan.ends)


def _classify(scan: Scan, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    buf = scan.buf
    p = scan.skip_spaces(starts)
    first = np.where(p < ends, buf[p], 0)
    kinds = np.full(len(starts), OTHER, dtype=np.int8)
    kinds[p >= ends] = EMPTY
    for char, kind in ((ord("{"), OPEN), (ord("}"), CLOSE)):
        lines = np.flatnonzero(first == char)
        alone = scan.skip_spaces(p[lines] + 1) >= ends[lines]
        kinds[lines[alone]] = kind
    hashed = np.flatnonzero(first == ord("#"))
    label_end = p + 1
    words = np.zeros(len(starts), dtype=np.uint64)
    stop = scan.bare_end(p[hashed] + 1)
    label_end[hashed] = stop
    length = stop - p[hashed] - 1
    readable = (length >= 1) & (length <= 8) & ((stop >= ends[hashed]) | (scan.skip_spaces(stop) > stop))
    hashed, length = hashed[readable], length[readable]
    found = words[hashed] = scan.lanes[p[hashed] + 1] & _LOW[length]
    at = np.minimum(np.searchsorted(_FAST_WORDS, found), len(_FAST_WORDS) - 1)
    fast = _FAST_WORDS[at] == found
    kinds[hashed] = np.where(fast, _FAST_KINDS[at], LABEL)
    return kinds, label_end, words


class FastRows(NamedTuple):
    """Lines the fast path read (0-based indexes, ascending) and their values, column by column."""

    lines: np.ndarray
    columns: dict


def join(parts: list[FastRows]) -> FastRows:
    """The rows of several parts of a file (in file order) as one."""
    columns = {name: (np.concatenate([r.columns[name] for r in parts]) if isinstance(first, np.ndarray)
                      else pa.concat_arrays([r.columns[name] for r in parts]))
               for name, first in parts[0].columns.items()}
    return FastRows(np.concatenate([r.lines for r in parts]), columns)


def shifted(rows: FastRows, offset: int) -> FastRows:
    """The same rows with their line indexes moved by `offset` (a part's first line in the file)."""
    return FastRows(rows.lines + offset, rows.columns)


def _keep(scan: Scan, lines: np.ndarray, ok: np.ndarray, numbers: dict, texts: dict) -> tuple[FastRows, np.ndarray]:
    keep = slice(None) if ok.all() else np.flatnonzero(ok)
    columns = {name: values[keep] for name, values in numbers.items()}
    for name, f in texts.items():
        start, stop = f[0][keep], f[1][keep]
        columns[name] = scan.unescape(scan.strings(start, stop), start, stop)
    return FastRows(lines[keep], columns), lines[~ok]


def _braces(scan: Scan, p: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first { and } from p, and whether they are the only ones before end (the line's one object list)."""
    o, c = scan.first_after("opens", p), scan.first_after("closes", p)
    opening, closing = at(scan.opens, o), at(scan.closes, c)
    only = (opening < closing) & (closing < end) & (at(scan.opens, o + 1) >= end) & (at(scan.closes, c + 1) >= end)
    return np.where(only, opening, end), np.where(only, closing, end), only


def _objects(scan: Scan, p, end, intern: Interner):
    """The line's one object list `{…}` right after p; its id, the quotes in it, where it ends, ok."""
    opening, closing, ok = _braces(scan, p, end)
    ok &= scan.skip_spaces(p) == opening
    ids, quotes, good = intern.objects(scan.strings(np.where(ok, opening + 1, end), np.where(ok, closing, end)))
    return ids, quotes, np.where(ok, closing + 1, end), ok & good


def _start(scan: Scan, lines: np.ndarray):
    """Each line's end, the index of its first quote, and whether its quotes pair up."""
    start, end = scan.starts[lines], scan.ends[lines]
    quote = scan.first_after("quotes", start)
    return end, quote, (scan.first_after("quotes", end) - quote) % 2 == 0


def _words(scan: Scan, start: np.ndarray, stop: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Account numbers (1..8 digits where ok) as the little-endian words of their bytes, 0 elsewhere."""
    return np.where(ok, scan.lanes[start] & _LOW[np.clip(stop - start, 0, 8)], np.uint64(0))


def _trans_values(scan: Scan, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Öre, date (0 for none) and ok for rows whose konto, amount and date spans are the columns of `spans`."""
    ok = scan.all_digits(spans[0], spans[1])
    ore, good = scan.amounts(spans[2], spans[3])
    day, valid = scan.dates(spans[4], spans[5])
    no_date = spans[5] == spans[4]
    return ore, np.where(no_date, 0, day).astype(np.int32), ok & good & (no_date | valid)


def fast_trans(scan: Scan, lines: np.ndarray, label_end: np.ndarray, intern: Interner) -> tuple[FastRows, np.ndarray]:
    """`#TRANS konto {objekt} belopp [datum [text [kvantitet sign]]]` lines; returns rows and the lines left over.

    Lines written `#TRANS konto {…} belopp datum "text"` or `#TRANS konto {…} belopp`, one space apart
    (nearly all), are cut at places the braces and quotes give; the others are read field by field.
    """
    end, quote, ok = _start(scan, lines)
    c = scan.classes
    starts = label_end[lines]
    opening, closing, braced = _braces(scan, starts, end)
    ids, inner_quotes, good = intern.objects(scan.strings(np.minimum(opening + 1, end), closing))
    ok &= braced & good
    after = quote + inner_quotes  # the first quote after the braces (the account is no quoted field here)
    first, second = np.minimum(at(scan.quotes, after), end), np.minimum(at(scan.quotes, after + 1), end)
    with_text, bare = (second + 1 == end) & (first > closing), first >= end
    # Spans as rows: konto, amount, date, text (start, stop each).
    spans = np.stack([starts + 1, opening - 1, closing + 2, np.where(with_text, first - 10, end),
                      np.where(with_text, first - 9, end), np.where(with_text, first - 1, end),
                      np.where(with_text, first + 1, end), np.where(with_text, second, end)])
    shaped = (with_text | bare) & (c[starts] == _SPACE) & (c[opening - 1] == _SPACE) & (c[closing + 1] == _SPACE)
    shaped &= ~with_text | ((c[first - 10] == _SPACE) & (c[first - 1] == _SPACE))
    ore, day, valid = _trans_values(scan, spans)
    other = np.flatnonzero(~(shaped & valid) & ok)
    if len(other):  # field by field
        e = end[other]
        konto, q = scan.field(starts[other], e, quote[other])
        amount, q = scan.field(closing[other] + 1, e, q + inner_quotes[other])
        when, q = scan.field(amount[2], e, q, width=8)
        text, q = scan.field(when[2], e, q)
        fine = konto[3] & konto[4] & (scan.skip_spaces(konto[2]) == opening[other]) & amount[3] & amount[4]
        fine &= when[4] & text[4]
        spans[:, other] = np.stack([konto[0], konto[1], amount[0], amount[1], when[0], when[1], text[0], text[1]])
        ore[other], day[other], good = _trans_values(scan, spans[:, other])
        valid[other] = fine & good
    ok &= valid
    kontos = intern.kontos(_words(scan, spans[0], spans[1], ok))
    numbers = {"amount_ore": ore, "date": day, "objects": ids, "konto": kontos}
    return _keep(scan, lines, ok, numbers, {"text": spans[6:8]})


def fast_vouchers(scan: Scan, lines: np.ndarray, label_end: np.ndarray) -> tuple[FastRows, np.ndarray]:
    """`#VER serie vernr datum [text [regdatum [sign]]]` lines; returns rows and the lines left over.

    Lines written `#VER serie vernr datum "text" [regdatum]`, one space apart, are cut at places the
    quotes give (the series' end is looked for); the others are read field by field.
    """
    end, quote, ok = _start(scan, lines)
    c = scan.classes
    starts = label_end[lines]
    ok &= at(scan.opens, scan.first_after("opens", starts)) >= end  # no braces on a #VER line
    ok &= at(scan.closes, scan.first_after("closes", starts)) >= end
    first, second = np.minimum(at(scan.quotes, quote), end), np.minimum(at(scan.quotes, quote + 1), end)
    series_stop = scan.bare_end(starts + 1)
    registered = (second + 9 == end) & (c[second + 1] == _SPACE)
    # Spans as rows: series, number, date, text, regdate (start, stop each).
    spans = np.stack([starts + 1, series_stop, series_stop + 1, first - 10, first - 9, first - 1, first + 1, second,
                      np.where(registered, second + 2, end), end])
    number = spans[3] - spans[2]
    shaped = (second < end) & ((second + 1 == end) | registered) & (c[starts] == _SPACE) & (series_stop > starts + 1)
    shaped &= (c[series_stop] == _SPACE) & (number >= 1) & (number <= 8) & (c[first - 10] == _SPACE)
    shaped &= (c[first - 1] == _SPACE) & ((_stops(scan.class_lanes[spans[2]]) & _LOW[np.clip(number, 0, 8)]) == 0)
    day, valid = scan.dates(spans[4], spans[5])
    regday, regvalid = scan.dates(spans[8], spans[9])
    valid &= regvalid | (spans[8] == spans[9])
    other = np.flatnonzero(~(shaped & valid) & ok)
    if len(other):  # field by field
        e = end[other]
        series, q = scan.field(starts[other], e, quote[other])
        number, q = scan.field(series[2], e, q)
        when, q = scan.field(number[2], e, q, width=8)
        text, q = scan.field(when[2], e, q)
        regdate, q = scan.field(text[2], e, q, width=8)
        fine = series[3] & series[4] & number[3] & number[4] & when[3] & when[4] & text[4] & regdate[4]
        spans[:, other] = np.stack([series[0], series[1], number[0], number[1], when[0], when[1], text[0], text[1],
                                    regdate[0], regdate[1]])
        day[other], good = scan.dates(spans[4, other], spans[5, other])
        regday[other], regood = scan.dates(spans[8, other], spans[9, other])
        valid[other] = fine & good & (regood | (spans[8, other] == spans[9, other]))
    ok &= valid
    numbers = {"date": day, "regdate": np.where(spans[8] == spans[9], 0, regday).astype(np.int32)}
    return _keep(scan, lines, ok, numbers, {"series": spans[0:2], "number": spans[2:4], "text": spans[6:8]})


def fast_periods(scan: Scan, lines: np.ndarray, label_end: np.ndarray, intern: Interner) -> tuple[FastRows, np.ndarray]:
    """`#PSALDO`/`#PBUDGET årsnr period konto {objekt} saldo [kvantitet]` lines; rows and lines left over."""
    end, quote, ok = _start(scan, lines)
    year, quote = scan.field(label_end[lines], end, quote)
    period, quote = scan.field(year[2], end, quote)
    konto, quote = scan.field(period[2], end, quote)
    ids, inner_quotes, nxt, good = _objects(scan, konto[2], end, intern)
    amount, quote = scan.field(nxt, end, quote + inner_quotes)
    ok &= year[3] & year[4] & period[3] & period[4] & konto[3] & konto[4] & good & amount[3] & amount[4]
    ok &= scan.all_digits(konto[0], konto[1])
    year_index, good_year = scan.year_indexes(year[0], year[1])
    month, good_month = scan.periods(period[0], period[1])
    ore, good_amount = scan.amounts(amount[0], amount[1])
    ok &= good_year & good_month & good_amount
    kontos = intern.kontos(_words(scan, konto[0], konto[1], ok))
    numbers = {"year_index": year_index, "period": month, "amount_ore": ore, "objects": ids, "konto": kontos}
    return _keep(scan, lines, ok, numbers, {})
