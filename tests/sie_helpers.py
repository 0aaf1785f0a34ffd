"""Small SIE files for tests: written inline, read by both paths of the reader, which must agree."""

from __future__ import annotations

import textwrap

import numpy as np

from gns_lib.data.sie import parse_sie
from gns_lib.data.sie_records import SieFile

HEAD = """\
#FLAGGA 0
#PROGRAM "Testprogram" 1.0
#FORMAT PC8
#SIETYP 4
#FNAMN "Övningsbolaget AB"
#ORGNR 555555-5555
#RAR 0 20180101 20181231
#RAR -1 20170101 20171231
"""


def columns(table) -> dict:
    """A row table as plain Python lists, object list ids replaced by the lists themselves."""
    return {name: (value.tolist() if isinstance(value, np.ndarray) else value.to_pylist())
            for name, value in table.__dict__.items()}


def comparable(sie: SieFile) -> dict:
    """Everything a SieFile holds, in a form that compares with ==."""
    out = {name: getattr(sie, name) for name in (
        "name", "encoding", "declared_format", "sietyp", "program", "program_version", "company", "orgnr", "generated",
        "years", "balances", "problems", "object_lists")}
    out.update({name: dict(getattr(sie, name)) for name in ("accounts", "dimensions", "objects", "record_counts")})
    for name in ("psaldo", "pbudget", "vouchers", "trans", "rtrans", "btrans"):
        out[name] = columns(getattr(sie, name))
    return out


def read_both(data: bytes, name: str = "test.se") -> SieFile:
    """Read `data` with the fast path and with the tokeniser alone; both must give the same file."""
    fast, slow = parse_sie(data, name), parse_sie(data, name, fast=False)
    assert comparable(fast) == comparable(slow)
    return fast


def sie(text: str, encoding: str = "cp437", head: str = HEAD, name: str = "test.se") -> SieFile:
    """Read an inline SIE text (dedented, after `head`) in `encoding`, by both paths."""
    return read_both((head + textwrap.dedent(text).lstrip("\n")).encode(encoding), name)


def messages(s: SieFile) -> list[tuple[int | None, str]]:
    return [(p.row, p.message) for p in s.problems]
