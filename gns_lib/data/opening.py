"""Open one input file safely: only a regular file, never blocking, never more than a bound.

A data folder is the user's: a file name may point at a folder, a named pipe (which
would wait forever), a device such as /dev/zero (which would fill the memory) or a
file far larger than any committee's. Each gets a Swedish `Problem` with the path
instead of an OS error or a hang. The limits are documented in docs/dataformat.md.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gns_lib.core.errors import Problem

MAX_TABLE_BYTES = 1 << 30  # one CSV or XLSX file: 1 GiB (a ledger of some 20 million rows)
MAX_TEXT_BYTES = 10 << 20  # namnd.toml, kommentarer/<år>.md: 10 MiB


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mapp"
    if stat.S_ISFIFO(mode):
        return "en namngiven pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhetsfil"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "inte en vanlig fil"


def _size_text(n: int) -> str:
    if n < 1 << 20:
        return f"{n} byte"
    return f"{n / (1 << 20):.0f} MiB" if n < 1 << 30 else f"{n / (1 << 30):.1f} GiB"


def not_a_file(name: str, mode: int) -> Problem:
    """The problem for a path that exists but is no regular file."""
    return Problem(name, None, None, f"sökvägen är {_kind(mode)}, inte en vanlig fil; väntade en fil")


def os_problem(name: str, error: OSError) -> Problem:
    """An OS error while reading, in Swedish with the path."""
    reason = {
        "EACCES": "behörighet saknas att läsa filen",
        "EPERM": "behörighet saknas att läsa filen",
        "ENOENT": "filen försvann medan den lästes",
        "ENOTDIR": "en del av sökvägen är en fil, inte en mapp",
        "EISDIR": "sökvägen är en mapp, inte en vanlig fil",
        "ELOOP": "sökvägen är en länk som pekar på sig själv",
    }.get(_errno_name(error), f"filen kunde inte läsas ({error.strerror or error})")
    return Problem(name, None, None, f"{reason}; väntade en läsbar fil")


def _errno_name(error: OSError) -> str:
    import errno

    return errno.errorcode.get(error.errno or 0, "")


def read_regular(path: Path, name: str, limit: int) -> tuple[bytes | None, os.stat_result | None, list[Problem]]:
    """(bytes, stat at opening, []) for a regular file of at most `limit` bytes, else (None, None, [why])."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None, None, [not_a_file(name, st.st_mode)]
        if st.st_size > limit:
            return None, None, [_too_large(name, st.st_size, limit)]
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)  # non-blocking: a file swapped for a FIFO after stat does not hang
        with os.fdopen(fd, "rb") as fh:
            before = os.fstat(fh.fileno())
            if not stat.S_ISREG(before.st_mode):
                return None, None, [not_a_file(name, before.st_mode)]
            data = fh.read(min(before.st_size, limit) + 1)  # sized to the file: no 1-GiB buffer for a small one
            if len(data) > before.st_size:  # grew while read: read on, but never past the bound
                data += fh.read(limit + 1 - len(data))
    except OSError as e:
        return None, None, [os_problem(name, e)]
    if len(data) > limit:  # grew while read
        return None, None, [_too_large(name, len(data), limit)]
    return data, before, []


def _too_large(name: str, size: int, limit: int) -> Problem:
    return Problem(name, None, None, f"filen är för stor ({_size_text(size)}); högst {_size_text(limit)} läses "
                                     "(se docs/dataformat.md, Gränser)")


def folder_problem(path: Path, name: str) -> Problem | None:
    """Why `path` cannot be used as a folder (a file in its place, unreadable), or None if it can."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        return os_problem(name, e)
    if not stat.S_ISDIR(st.st_mode):
        return Problem(name, None, None, f"sökvägen är {'en fil' if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)}, "
                                         "inte en mapp; väntade en mapp")
    return None
