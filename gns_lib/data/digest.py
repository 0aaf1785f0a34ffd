"""SHA-256 of the input files, computed when first asked for and always of the bytes that were read.

Loading records each file's identity (size, modification and change times, inode) as it
reads it; the hash is taken later only if the file is still that file, else a `DataError`
says it changed. As in git's "racy" rule, a file modified so shortly before it was read
that a rewrite could keep its timestamps (coarse clocks on FAT, SMB, older ext4), or that
changed while it was read, is hashed at once from the bytes in hand.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from gns_lib.core.errors import DataError, Problem
from gns_lib.data.opening import MAX_TABLE_BYTES, read_regular

RACY_NS = 3_000_000_000  # a file modified less than 3 s before reading is hashed at once (FAT's tick is 2 s)


def _identity(st: os.stat_result) -> tuple[int, ...]:
    # st_ctime_ns is the inode change time on POSIX (any write or utime moves it); on Windows
    # it is the creation time, which still tells a replaced file.
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


class FileDigest:
    """The SHA-256 of one input file as it was read (hex), computed on first use."""

    __slots__ = ("name", "_path", "_identity", "_hex")

    def __init__(self, name: str, path: Path | None, identity: tuple | None, hexdigest: str | None = None):
        self.name, self._path, self._identity, self._hex = name, path, identity, hexdigest

    @classmethod
    def of_bytes(cls, name: str, data: bytes) -> FileDigest:
        """A digest taken at once from bytes in hand."""
        return cls(name, None, None, hashlib.sha256(data).hexdigest())

    def hexdigest(self) -> str:
        if self._hex is None:
            try:
                with open(self._path, "rb") as fh:
                    held = _identity(os.fstat(fh.fileno())) == self._identity
                    digest = hashlib.file_digest(fh, "sha256").hexdigest() if held else ""
                    held = held and _identity(os.fstat(fh.fileno())) == self._identity
            except OSError:  # gone, replaced by a folder, unreadable now
                held = False
            if not held:
                raise DataError([Problem(self.name, None, None,
                                         "filen har ändrats sedan datamappen lästes; läs in datamappen igen")])
            self._hex = digest
        return self._hex

    def __repr__(self) -> str:
        return f"FileDigest({self.name!r})"


def read_with_digest(path: Path, name: str, limit: int = MAX_TABLE_BYTES) -> tuple[bytes | None, FileDigest | None, list[Problem]]:
    """The file's bytes and a digest of exactly those bytes (lazy when the file has long held still).

    A path that is no regular file or is larger than `limit` gives (None, None, [problem]).
    """
    data, before, problems = read_regular(path, name, limit)
    if data is None:
        return None, None, problems
    try:
        after = os.stat(path)
    except OSError:
        return data, FileDigest.of_bytes(name, data), []
    settled = time.time_ns() - max(after.st_mtime_ns, after.st_ctime_ns) >= RACY_NS
    if settled and _identity(before) == _identity(after) and len(data) == after.st_size:
        return data, FileDigest(name, Path(path).absolute(), _identity(after)), []
    return data, FileDigest.of_bytes(name, data), []
