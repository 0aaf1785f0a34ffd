"""Which voucher each #TRANS line belongs to, from the kinds of the lines alone."""

import numpy as np

from gns_lib.data.sie_fast import BTRANS, CLOSE, EMPTY, LABEL, OPEN, OTHER, RTRANS, TRANS, UNKNOWN, VER
from gns_lib.data.sie_vouchers import link_vouchers


def link(*kinds):
    out, problems = link_vouchers(np.array(kinds, dtype=np.int8))
    return out.tolist(), problems


def test_well_formed_vouchers_are_numbered_in_order():
    assert link(LABEL, VER, OPEN, TRANS, RTRANS, TRANS, BTRANS, CLOSE, EMPTY, VER, OPEN, UNKNOWN, TRANS, CLOSE, LABEL) == (
        [-1, -1, -1, 0, 0, 0, 0, -1, -1, -1, -1, -1, 1, -1, -1], [])
    assert link() == ([], [])
    assert link(VER, OPEN, CLOSE) == ([-1, -1, -1], [])  # a voucher without rows


def test_broken_structure_is_walked_line_by_line_with_problems_numbered_from_1():
    out, problems = link(VER, TRANS, VER, VER, OPEN, TRANS, OPEN, LABEL, CLOSE, CLOSE, TRANS, OPEN, TRANS, CLOSE, OTHER, VER)
    assert out == [-1, 0, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1]
    assert problems == [
        (1, "#VER följs inte av { före sina #TRANS-rader"),
        (1, "verifikationen avslutas inte med } före nästa #VER"),
        (3, "#VER följs inte av { med verifikationens #TRANS-rader"),
        (7, "{ inuti en verifikation som inte har avslutats med }"),
        (8, "posten står inuti en verifikation (före dess })"),
        (10, "} utan { före"),
        (11, "#TRANS står utanför en verifikation och räknas inte"),
        (12, "{ utan #VER före; raderna i blocket räknas inte"),
        (16, "#VER följs inte av { med verifikationens #TRANS-rader"),
    ]


def test_a_block_left_open_at_the_end_keeps_its_rows():
    assert link(VER, OPEN, TRANS, TRANS) == ([-1, -1, 0, 0], [(1, "verifikationen avslutas aldrig med }")])
