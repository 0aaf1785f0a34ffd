"""Which voucher each #TRANS line belongs to: `#VER`, then `{`, the rows, `}`.

A well-formed file is checked and numbered with numpy in one go; only a file whose braces
do not add up is walked line by line, to say exactly where (in Swedish) and to keep every
row that still clearly belongs to a voucher.
"""

from __future__ import annotations

import numpy as np

from gns_lib.data.sie_fast import BTRANS, CLOSE, LABEL, OPEN, RTRANS, TRANS, VER, of_kinds

_ROWS = (TRANS, RTRANS, BTRANS)
_NAMES = {TRANS: "#TRANS", RTRANS: "#RTRANS", BTRANS: "#BTRANS"}
_STRUCTURE = (VER, OPEN, CLOSE, *_ROWS, LABEL)


def link_vouchers(kinds: np.ndarray) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Per line, the number of its voucher (the count of #VER lines before it), -1 for none; and problems.

    `kinds` holds each line's kind as in `sie_fast`, LABEL only for known labels.
    Problems are (line number, Swedish message).
    """
    lines = np.flatnonzero(of_kinds(kinds, *_STRUCTURE))
    s = kinds[lines]
    is_ver, is_open, is_close = s == VER, s == OPEN, s == CLOSE
    is_row, is_other = of_kinds(s, *_ROWS), s == LABEL
    depth = np.cumsum(is_open, dtype=np.int32)  # after each line: 1 inside { }, 0 outside
    depth -= np.cumsum(is_close, dtype=np.int32)
    following = np.append(s[1:], -1)
    preceding = np.insert(s[:-1], 0, -1)
    well_formed = len(s) == 0 or (
        depth.min() >= 0 and depth.max() <= 1 and depth[-1] == 0
        and bool(np.all(following[is_ver] == OPEN)) and bool(np.all(depth[is_ver] == 0))
        and bool(np.all(preceding[is_open] == VER)) and bool(np.all(depth[is_row] == 1))
        and bool(np.all(depth[is_other] == 0))
    )
    if not well_formed:
        return _walk(len(kinds), lines, s)
    numbers = np.cumsum(is_ver, dtype=np.int32)
    numbers -= 1
    out = np.full(len(kinds), -1, dtype=np.int32)
    rows = np.flatnonzero(is_row)
    out[lines[rows]] = numbers[rows]
    return out, []


def _walk(n: int, lines: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Line by line, for a file whose vouchers are not all `#VER { … }`."""
    out = np.full(n, -1, dtype=np.int32)
    problems: list[tuple[int, str]] = []
    inside = False  # between { and }
    current = -1  # the voucher whose rows are being read (-1: a block without #VER)
    waiting = -1  # line of a #VER whose { has not come yet
    opened = -1  # line of the #VER (or {) that opened the block
    count = -1

    def no_block(ver_line: int) -> None:
        problems.append((ver_line, "#VER följs inte av { med verifikationens #TRANS-rader"))

    for pos, kind in zip(lines.tolist(), s.tolist()):
        line = pos + 1
        if kind == VER:
            if waiting > 0:
                no_block(waiting)
            if inside:
                problems.append((opened, "verifikationen avslutas inte med } före nästa #VER"))
                inside = False
            count += 1
            current, waiting = count, line
        elif kind == OPEN:
            if inside:
                problems.append((line, "{ inuti en verifikation som inte har avslutats med }"))
                continue
            if waiting < 0:
                problems.append((line, "{ utan #VER före; raderna i blocket räknas inte"))
                current = -1
            inside, opened, waiting = True, waiting if waiting > 0 else line, -1
        elif kind == CLOSE:
            if not inside:
                problems.append((line, "} utan { före"))
                continue
            inside, current = False, -1
        elif kind in _ROWS:
            if waiting > 0 and not inside:  # a #VER without {: its rows are still its own
                problems.append((waiting, "#VER följs inte av { före sina #TRANS-rader"))
                inside, opened, waiting = True, waiting, -1
            if inside and current >= 0:
                out[pos] = current
            elif not inside:
                problems.append((line, f"{_NAMES[kind]} står utanför en verifikation och räknas inte"))
        else:
            if waiting > 0:
                no_block(waiting)
                waiting, current = -1, -1
            if inside:
                problems.append((line, "posten står inuti en verifikation (före dess })"))
    if waiting > 0:
        no_block(waiting)
    if inside:
        problems.append((opened, "verifikationen avslutas aldrig med }"))
    return out, problems
