"""Prepare every message of a mailing, refusing bad input before anything is written or sent.

`prepare_outbox` checks everything at once — the data folder, the recipients, the
completion marker and each report's hash, the key figures, the sender and each
message's size — and raises one `MailError` listing every problem. Only a clean
outbox is returned; `write_drafts` then writes one `.eml` per recipient atomically.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from gns_lib.core.errors import DataError, GnsError, MailError, Problem
from gns_lib.present.fmt import NBSP, kr
from gns_lib.data.model import Dataset, Recipient
from gns_lib.engine.periods import period_of
from gns_lib.mail.bodies import BodyContext
from gns_lib.mail.addresses import control_chars, is_address, one_line
from gns_lib.mail.compose import as_draft, attachment, compose, message_id, wire_bytes, zip_attachments
from gns_lib.core.atomic import atomic_write_bytes
from gns_lib.mail.report_figures import committee_figures, parse_key_figures, party_figures
from gns_lib.mail.marker import CompletionMarker, read_completion_marker, read_verified
from gns_lib.mail.selection import ARSBOKSLUT, PARTSRAPPORT, RecipientList, ascii_name, dataset_recipients, \
    read_recipients, recipient_problems, report_files

MB = 1024 * 1024
DEFAULT_MAX_MB = Decimal(20)
KEY_FIGURES = "nyckeltal.json"
MAIL_DIR = "mail"
DRAFT_DOMAIN = "gns.invalid"  # Message-ID domain of drafts without a sender


@dataclass(frozen=True)
class OutgoingMessage:
    """One recipient's message and its exact bytes on the wire."""

    recipient: Recipient
    message_id: str
    message: EmailMessage
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class Outbox:
    """A checked mailing: one message per recipient, from one complete report run."""

    year: int
    year_dir: Path
    run_id: str
    sender: Address | None
    recipients_source: str
    messages: tuple[OutgoingMessage, ...]
    first_line: str = ""  # a delår's "Utfall till och med augusti 2018"

    @property
    def mail_dir(self) -> Path:
        return self.year_dir / MAIL_DIR


def max_bytes_from_mb(mb: Decimal | int) -> int:
    """A limit in MB (1 MB = 1 048 576 bytes) as whole bytes."""
    return int(Decimal(mb) * MB)


def _mb(n: int) -> str:
    """A size for people, formatted by `fmt`: "2,1 MB", "1 500,0 MB", or whole kB below 0,1 MB."""
    if n * 10 < MB:
        return kr(Decimal(n) / 1024, 0) + NBSP + "kB"
    return kr(Decimal(n) / MB, 1) + NBSP + "MB"


def parse_sender(text: str, default_name: str) -> tuple[Address | None, list[Problem]]:
    """`--from` ("adr@x.se" or "Namn <adr@x.se>") as an Address; the committee's name when no name is given."""
    if control_chars(text):
        return None, [Problem("--from", None, None, "styrtecken eller radbrytning i avsändaren är inte tillåtet")]
    name, addr = parseaddr(text)
    if is_address(addr):
        try:
            return Address(display_name=name or one_line(default_name), addr_spec=addr), []
        except (HeaderParseError, ValueError, IndexError):
            pass
    return None, [Problem("--from", None, None, f"ogiltig avsändare {text!r}; väntade adr@exempel.se eller "
                                                "\"Namn <adr@exempel.se>\"")]


def prepare_outbox(
    year: int,
    out_dir: str | os.PathLike = "outputs",
    data_dir: str | os.PathLike = "data",
    recipients_file: str | os.PathLike | None = None,
    *,
    use_zip: bool = False,
    max_bytes: int = max_bytes_from_mb(DEFAULT_MAX_MB),
    sender: str | None = None,
    now: datetime | None = None,
    extra_problems: tuple[Problem, ...] | list[Problem] = (),
    plan: bool = False,
    through: str | None = None,
) -> Outbox:
    """Check everything and build every message; raise MailError listing all problems, else the outbox.

    With `plan` the budgetunderlag of `gns plan` are sent from `<out>/plan-<Y>/` instead of the årsbokslut.
    """
    problems: list[Problem] = list(extra_problems)
    ds: Dataset | None
    try:
        from gns_lib.data.loader import load_dataset

        ds = load_dataset(data_dir)
    except DataError as e:
        problems.extend(e.problems)
        ds = None
    committee = ds.committee.namn if ds else ""
    from_addr = None
    if sender:
        from_addr, sp = parse_sender(sender, committee)
        problems += sp
    period = None if plan else _period(ds, year, through, problems)
    main = period.report_file if period is not None else None
    if plan:
        year_dir = Path(out_dir) / f"plan-{year}"
    else:
        year_dir = Path(out_dir) / (period.folder_name if period is not None else str(year))
    marker, mp = read_completion_marker(year_dir, year)
    problems += mp
    rl = RecipientList(str(recipients_file or Path(data_dir) / "mottagare.csv"), ())
    if ds is not None:
        rl, rp = (read_recipients(recipients_file, {p.part for p in ds.parties}) if recipients_file
                  else dataset_recipients(ds))
        problems += rp
        problems += recipient_problems(rl, problems)
    bad_rows = {p.row for p in problems if p.file == rl.source}
    if marker is None or ds is None:
        _raise_if(problems)
    doc = {} if plan else _key_figures(marker, year_dir, year, problems)
    files = _report_data(marker, year_dir, year, rl, problems, bad_rows, plan, main)
    domain = from_addr.domain if from_addr else DRAFT_DOMAIN
    date = now or datetime.now().astimezone()
    messages = []
    for r in rl.recipients:
        if r.src_row in bad_rows or doc is None:
            continue
        reports, _ = report_files(r, year, plan, main)
        if not reports:  # nothing of this mailing is for them (e.g. only budgetunderlag in an årsbokslut mailing)
            continue
        parts = tuple(attachment(f.filename, files[f.rel]) for f in reports)
        zip_name = None
        if use_zip:
            zip_name = f"{ascii_name(ds.committee.kortnamn)}_rapporter_{year}.zip"
            sent = (zip_attachments(parts, zip_name, marker.created_at),)
        else:
            sent = parts
        party = ds.party(r.part) if r.part and (plan or PARTSRAPPORT in r.rapporter) else None
        ctx = BodyContext(
            year=year, committee=committee, recipient_name=r.namn, party_name=party.namn if party else None,
            committee_figures=committee_figures(doc) if ARSBOKSLUT in r.rapporter and not plan else None,
            party_figures=party_figures(doc, r.part) if party and not plan else None,
            attachment_names=tuple(a.filename for a in parts), zip_name=zip_name, budget_basis=plan,
            period_title="" if period is None or period.whole_year else period.report_title,
        )
        msgid = message_id(year, marker.run_id, r, domain)
        msg = compose(r, ctx, sent, msgid, from_addr, date)
        out = OutgoingMessage(r, msgid, msg, wire_bytes(msg))
        if out.size > max_bytes:
            hint = "höj gränsen med --max-mb" if use_zip else "packa rapporterna med --zip eller höj gränsen med --max-mb"
            problems.append(Problem(rl.source, r.src_row, None, f"meddelandet till {r.epost} blir {_mb(out.size)}, "
                                    f"över gränsen {_mb(max_bytes)}; {hint}"))
        messages.append(out)
    if plan and not messages and not problems:
        problems.append(Problem(rl.source, None, "rapporter", "ingen mottagare har budgetunderlag; väntade minst en "
                                "rad med part och budgetunderlag i rapporter"))
    _raise_if(problems)
    first = "" if period is None or period.whole_year else period.first_line
    return Outbox(year, year_dir, marker.run_id, from_addr, rl.source, tuple(messages), first)


def _period(ds: Dataset | None, year: int, through: str | None, problems: list[Problem]):
    """The report's period, found like `gns report` finds it (rule 1 of the delår); None when it cannot be."""
    if ds is None:
        return None
    try:
        return period_of(ds, year, through)
    except GnsError as e:
        problems.append(Problem("--through", None, None, str(e)))
        return None


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        head = f"Inget skickades och inga utkast skrevs: {len(problems)} fel:"
        raise MailError("\n".join([head, *(f"  {p}" for p in problems)]), failures=tuple(problems))


def _key_figures(marker: CompletionMarker, year_dir: Path, year: int, problems: list[Problem]) -> dict | None:
    shown = str(year_dir / KEY_FIGURES)
    data, why = read_verified(marker, year_dir, KEY_FIGURES)
    if data is None:
        problems.append(Problem(shown, None, None, why))
        return None
    try:
        return parse_key_figures(data, year)
    except GnsError as e:
        problems.append(Problem(shown, None, None, str(e)))
        return None


def _report_data(marker: CompletionMarker, year_dir: Path, year: int, rl: RecipientList,
                 problems: list[Problem], bad_rows: set[int | None], plan: bool = False,
                 main: str | None = None) -> dict[str, bytes]:
    """The verified bytes of every report some recipient needs; one problem per bad file, naming the rows."""
    users: dict[str, list[int]] = {}
    for r in rl.recipients:
        if r.src_row in bad_rows:
            continue
        reports, why = report_files(r, year, plan, main)
        if why:
            problems.append(Problem(rl.source, r.src_row, "part", why))
            bad_rows.add(r.src_row)
        for f in reports:
            users.setdefault(f.rel, []).append(r.src_row)
    data: dict[str, bytes] = {}
    for rel, rows in users.items():
        content, why = read_verified(marker, year_dir, rel)
        if content is None:
            shown_rows = ", ".join(str(n) for n in rows)
            what = "rad" if len(rows) == 1 else "raderna"
            problems.append(Problem(str(year_dir / rel), None, None, f"{why} (behövs för {rl.source} {what} {shown_rows})"))
            bad_rows.update(rows)
        else:
            data[rel] = content
    return data


def _slug(address: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", address.replace("@", "_at_"))


def write_drafts(outbox: Outbox, mail_dir: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """Write one `.eml` draft per recipient (atomically) and remove drafts of an earlier mailing."""
    folder = Path(mail_dir) if mail_dir is not None else outbox.mail_dir
    written = []
    for i, m in enumerate(outbox.messages, start=1):
        written.append(atomic_write_bytes(folder / f"{i:02d}-{_slug(m.recipient.epost)}.eml", as_draft(m.message)))
    keep = {p.name for p in written}
    for old in folder.glob("*.eml"):
        if old.name not in keep:
            old.unlink()
    return tuple(written)
