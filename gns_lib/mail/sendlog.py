"""The send log `<out>/<Y>/mail/skickat.csv`: one row per attempt, flushed and fsynced at once.

Columns `mottagare;epost;tid;message_id;resultat` (UTF-8 with BOM, so Excel opens it).
`resultat` is "påbörjat" (written and fsynced just before the message is handed over:
the intent), then "skickat", "fel: <orsak>" (certainly not delivered) or "osäker: <orsak>"
(handed over, but no answer: it may have arrived). A message counts as sent when a row
with its Message-ID says "skickat"; a "påbörjat" without a later row (the run was killed)
becomes "osäker" on the next run. An uncertain message is not sent again unless the user
asks (`--skicka-osakra`), so nobody gets a message twice without being told. The file is
locked while a run sends, so two runs cannot send the same list at once.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from gns_lib.core.errors import MailError
from gns_lib.present.spreadsheet import csv_text
from gns_lib.mail.compose import id_token

LOG_NAME = "skickat.csv"
COLUMNS = ("mottagare", "epost", "tid", "message_id", "resultat")
SENT = "skickat"
FAILED_PREFIX = "fel: "
INTENT = "påbörjat"
UNCERTAIN_PREFIX = "osäker: "
UNCERTAIN = "osäker"
KILLED = ("körningen avbröts just när meddelandet lämnades till servern; okänt om det kom fram "
          "(skicka igen med --skicka-osakra när du vet att det inte kom fram)")

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def read_log(path: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of a send log (a torn last line from a crash is skipped)."""
    p = Path(path)
    if not p.exists():
        return []
    text = p.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows:
        return []
    if tuple(rows[0]) != COLUMNS:
        raise MailError(f"{p}: okänd rubrikrad {';'.join(rows[0])!r}; väntade {';'.join(COLUMNS)}")
    return [dict(zip(COLUMNS, row)) for row in rows[1:] if len(row) == len(COLUMNS)]


def sent_tokens(path: str | os.PathLike) -> set[str]:
    """The content tokens of every message the log records as sent."""
    return {t for t, state in states(read_log(path)).items() if state == SENT}


def states(rows: list[dict[str, str]]) -> dict[str, str]:
    """Each message's state by its content token: SENT (once sent, always), else that of its last row.

    A last row "påbörjat" or "osäker: …" gives UNCERTAIN; "fel: …" gives "fel".
    """
    out: dict[str, str] = {}
    for r in rows:
        token, result = id_token(r["message_id"]), r["resultat"]
        if out.get(token) == SENT:
            continue
        if result == SENT:
            out[token] = SENT
        elif result == INTENT:
            out[token] = INTENT
        elif result.startswith(UNCERTAIN_PREFIX):
            out[token] = UNCERTAIN
        else:
            out[token] = "fel"
    return out


@contextmanager
def paused(path: str | os.PathLike, wait: float) -> Iterator[None]:
    """Hold the log's lock (if the log exists): no `gns mail --send` appends meanwhile.

    A report run copies the log into its new folder and swaps the folders under it, so a
    row written in between is not lost. Waits up to `wait` seconds for a sending run.
    """
    p = Path(path)
    if fcntl is None or not p.parent.parent.is_dir():  # no year folder: nothing can be sending
        yield
        return
    p.parent.mkdir(exist_ok=True)
    with open(p, "a+b") as handle:  # created if missing, so a first send also waits
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise MailError(f"{p} används av gns mail --send sedan mer än {wait:.0f} s; "
                                "kör gns report igen när utskicket är klart")
            time.sleep(0.2)
        yield  # closing the file releases the lock


def _try_lock(handle) -> bool:
    """Take the file's exclusive lock if no other run holds it."""
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _same_file(handle, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


class SendLog:
    """The open, locked log of one sending run; use as a context manager."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._handle = None

    def __enter__(self) -> "SendLog":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")
        if fcntl is not None:
            if not _try_lock(handle):
                handle.close()
                raise MailError(f"{self.path} används av en annan körning (gns mail --send eller gns report); "
                                "vänta tills den är klar")
            if not _same_file(handle, self.path):
                handle.close()  # gns report swapped the year folder between open and lock
                raise MailError(f"{self.path} byttes ut av gns report just nu; kör gns mail igen")
        self._handle = handle
        try:
            rows = read_log(self.path)  # refuses a file that is not a send log
            self.state = states(rows)
            handle.seek(0, os.SEEK_END)
            if handle.tell() == 0:
                self._write("\ufeff" + _line(COLUMNS))
            else:
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":  # a torn line from a crash: start a fresh one
                    self._write("\r\n")
            self._settle_killed(rows)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            self._handle.close()  # closing releases the lock
            self._handle = None

    def _write(self, text: str) -> None:
        self._handle.seek(0, os.SEEK_END)
        self._handle.write(text.encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def _settle_killed(self, rows: list[dict[str, str]]) -> None:
        """A message whose last row is the intent belonged to a killed run: record it as uncertain."""
        last = {id_token(r["message_id"]): r for r in rows}
        for token, state in list(self.state.items()):
            if state == INTENT:
                r = last[token]
                self.record(r["mottagare"], r["epost"], r["message_id"], UNCERTAIN_PREFIX + KILLED)

    @property
    def sent(self) -> set[str]:
        return {t for t, state in self.state.items() if state == SENT}

    def is_sent(self, msgid: str) -> bool:
        return self.state.get(id_token(msgid)) == SENT

    def is_uncertain(self, msgid: str) -> bool:
        """True when the message was handed to the server without an answer: it may have arrived."""
        return self.state.get(id_token(msgid)) in (UNCERTAIN, INTENT)

    def intent(self, name: str, address: str, msgid: str) -> None:
        """Record, durably, that the message is about to be handed over (the row a killed run leaves behind)."""
        self.record(name, address, msgid, INTENT)

    def record(self, name: str, address: str, msgid: str, result: str) -> None:
        """Append one row and make it durable before returning."""
        tid = datetime.now().astimezone().isoformat(timespec="seconds")
        self._write(_line((csv_text(name), csv_text(address), tid, msgid, csv_text(result))))
        token = id_token(msgid)
        if self.state.get(token) == SENT:
            return
        self.state[token] = (SENT if result == SENT else INTENT if result == INTENT
                             else UNCERTAIN if result.startswith(UNCERTAIN_PREFIX) else "fel")


def _line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()
