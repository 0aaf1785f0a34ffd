"""One exception family for gns_lib, and the user-data problem value.

Problems in user data are collected as `Problem` values (file, row, column,
message) and raised together in one `DataError`, never one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the user's data, located as `fil:rad:kolumn`."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}" if self.row is not None else f"::{self.column}"
        return f"{where}: {self.message}"


class GnsError(Exception):
    """Base of every error gns_lib raises on purpose; the text is Swedish."""


class DataError(GnsError):
    """The data folder has one or more problems; all are listed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        n = len(self.problems)
        head = f"Data innehåller {n} fel:" if n != 1 else "Data innehåller 1 fel:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class ReportError(GnsError):
    """A report run failed; `failures` names each notebook and cell that failed."""

    def __init__(self, message: str, failures: tuple = ()):
        self.failures = tuple(failures)
        super().__init__(message)


class MailError(GnsError):
    """E-mail could not be prepared or sent; `failures` lists each recipient."""

    def __init__(self, message: str, failures: tuple = ()):
        self.failures = tuple(failures)
        super().__init__(message)
