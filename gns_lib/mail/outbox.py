"""Prepare every message of a mailing, refusing bad input before anything is written or sent.

`prepare_outbox` checks everything at once — the data folder, the recipients, the
completion marker and each report's hash, the key figures, the sender and each
message's size — and raises one `MailError` listing every problem. Only a clean
outbox is returned; `write_drafts` then writes one `.eml` per recipient atomically.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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
from gns_lib.present.units import report_unit
from gns_lib.mail.bodies import BodyContext, subject
from gns_lib.mail.addresses import header_text_problem, is_address, one_line
from gns_lib.mail.compose import as_draft, attachment, check_headers, compose, content_key, message_id, wire_bytes, \
    zip_attachments
from gns_lib.core.atomic import atomic_write_bytes
from gns_lib.mail.report_figures import committee_figures, parse_key_figures, party_figures
from gns_lib.mail.marker import MARKER_NAME, CompletionMarker, content_hash, data_problems, read_completion_marker, \
    read_verified
from gns_lib.mail.selection import ARSBOKSLUT, DEFAULT_FILE, PARTSRAPPORT, RecipientList, ReportFile, ascii_name, \
    dataset_recipients, read_recipients, recipient_problems, report_files

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
class MessagePlan:
    """What one message will carry, without its bytes: built only when it is written or sent."""

    recipient: Recipient
    ctx: BodyContext
    reports: tuple[ReportFile, ...]
    message_id: str


@dataclass(frozen=True)
class Outbox:
    """A checked mailing: one planned message per recipient, from one complete report run.

    Messages are built one at a time by `iter_messages`, so a mailing to 10 000 recipients
    holds one message in memory, not 10 000; the verified report bytes are held once each.
    """

    year: int
    year_dir: Path
    run_id: str
    sender: Address | None
    recipients_source: str
    plans: tuple[MessagePlan, ...]
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False)  # verified report bytes by path
    zip_name: str | None = None
    zip_time: datetime | None = None
    date: datetime | None = None
    first_line: str = ""  # a delår's "Utfall till och med augusti 2018"
    _zips: dict = field(default_factory=dict, repr=False, compare=False)  # one zip per distinct set of reports

    @property
    def mail_dir(self) -> Path:
        return self.year_dir / MAIL_DIR

    def build(self, plan: MessagePlan) -> OutgoingMessage:
        """The message of `plan`, its bytes checked to carry exactly the intended header lines."""
        parts = tuple(attachment(f.filename, self.files[f.rel]) for f in plan.reports)
        if self.zip_name:
            key = tuple(f.rel for f in plan.reports)
            if key not in self._zips:
                self._zips[key] = zip_attachments(parts, self.zip_name, self.zip_time)
            parts = (self._zips[key],)
        msg = compose(plan.recipient, plan.ctx, parts, plan.message_id, self.sender, self.date or datetime.now().astimezone())
        data = wire_bytes(msg)
        check_headers(data, plan.recipient, one_line(subject(plan.ctx)), self.sender)
        return OutgoingMessage(plan.recipient, plan.message_id, msg, data)

    def iter_messages(self) -> Iterator[OutgoingMessage]:
        """Every message, built when it is asked for."""
        for plan in self.plans:
            yield self.build(plan)

    @property
    def messages(self) -> tuple[OutgoingMessage, ...]:
        """All messages at once (for small mailings and tests; sending and drafts use `iter_messages`)."""
        return tuple(self.iter_messages())


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
    why = header_text_problem(text, "avsändaren")  # control characters, also encoded ones, and "=?"
    if why:
        return None, [Problem("--from", None, None, why)]
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
    """Check everything and plan every message; raise MailError listing all problems, else the outbox.

    Each message is built once here (one at a time) to check its size and header lines. With `plan`
    the budgetunderlag of `gns plan` are sent from `<out>/plan-<Y>/` instead of the årsbokslut.
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
    names = _name_problems(ds) if ds is not None else []
    problems += names + (_data_problems(ds, marker, year_dir) if ds is not None else [])
    domain = from_addr.domain if from_addr else DRAFT_DOMAIN
    hashes = {rel: content_hash(data, marker.run_time) for rel, data in files.items()}
    unit = report_unit(ds, year) if ds is not None else None  # each figure as the reports show it
    plans = []
    for r in rl.recipients:
        if r.src_row in bad_rows or doc is None:
            continue
        reports, _ = report_files(r, year, plan, main)
        if not reports:  # nothing of this mailing is for them (e.g. only budgetunderlag in an årsbokslut mailing)
            continue
        party = ds.party(r.part) if r.part and (plan or PARTSRAPPORT in r.rapporter) else None
        ctx = BodyContext(
            year=year, committee=committee, recipient_name=r.namn, party_name=party.namn if party else None,
            committee_figures=committee_figures(doc) if ARSBOKSLUT in r.rapporter and not plan else None,
            party_figures=party_figures(doc, r.part) if party and not plan else None,
            attachment_names=tuple(f.filename for f in reports),
            zip_name=f"{ascii_name(ds.committee.kortnamn)}_rapporter_{year}.zip" if use_zip else None,
            budget_basis=plan,
            period_title="" if period is None or period.whole_year else period.report_title,
            period_span="" if period is None or period.whole_year else period.span,
            **({"unit": unit} if unit is not None else {}),
        )
        key = content_key(r.epost, one_line(subject(ctx)), tuple((f.filename, hashes[f.rel]) for f in reports))
        plans.append(MessagePlan(r, ctx, reports, message_id(year, key, domain)))
    if plan and not plans and not problems:
        problems.append(Problem(rl.source, None, "rapporter", "ingen mottagare har budgetunderlag; väntade minst en "
                                "rad med part och budgetunderlag i rapporter"))
    box = Outbox(year, year_dir, marker.run_id, from_addr, rl.source, tuple(plans), files,
                 zip_name=f"{ascii_name(ds.committee.kortnamn)}_rapporter_{year}.zip" if use_zip else None,
                 zip_time=marker.created_at, date=now or datetime.now().astimezone(),
                 first_line="" if period is None or period.whole_year else period.first_line)
    if not names:  # a bad committee or party name would be reported again for every message
        problems += _size_problems(box, max_bytes, use_zip)
    _raise_if(problems)
    return box


def _name_problems(ds: Dataset) -> list[Problem]:
    """The names from the data folder that go into headers: the committee's and the parties'."""
    problems = []
    why = header_text_problem(ds.committee.namn, "nämndens namn")  # in every Subject and the default From
    if why:
        problems.append(Problem("namnd.toml", None, "namn", why))
    for party in ds.parties:
        why = header_text_problem(party.namn, f"partens namn ({party.part})")
        if why:
            problems.append(Problem("parter.csv", None, "namn", why))
    return problems


def _data_problems(ds: Dataset, marker: CompletionMarker, year_dir: Path) -> list[Problem]:
    """What differs between the data the reports were built from and the data folder now."""
    problems: list[Problem] = []
    try:
        current = {f.name: f.sha256 for f in ds.files}
    except DataError as e:
        return problems + list(e.problems)
    recipients = frozenset(f"{DEFAULT_FILE.rsplit('.', 1)[0]}.{ext}" for ext in ("csv", "xlsx"))
    return problems + data_problems(marker, current, str(year_dir / MARKER_NAME), recipients)


def _size_problems(box: Outbox, max_bytes: int, use_zip: bool) -> list[Problem]:
    """Build every message once, one at a time, to check its size and headers (nothing is kept)."""
    problems = []
    for plan in box.plans:
        r = plan.recipient
        try:
            size = box.build(plan).size
        except MailError as e:
            problems.append(Problem(box.recipients_source, r.src_row, None, str(e)))
            continue
        if size > max_bytes:
            hint = "höj gränsen med --max-mb" if use_zip else "packa rapporterna med --zip eller höj gränsen med --max-mb"
            problems.append(Problem(box.recipients_source, r.src_row, None, f"meddelandet till {r.epost} blir "
                                    f"{_mb(size)}, över gränsen {_mb(max_bytes)}; {hint}"))
    return problems


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


MAX_SLUG = 60  # characters of the address in a draft's file name; longer ones are cut and get a hash


def draft_name(index: int, address: str) -> str:
    """`02-namn_at_exempel.se.eml`; an address over 60 characters is cut and gets 12 hex digits of its SHA-256."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", address.replace("@", "_at_"))
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG - 13] + "-" + hashlib.sha256(address.lower().encode("utf-8")).hexdigest()[:12]
    return f"{index:02d}-{slug}.eml"


def write_drafts(outbox: Outbox, mail_dir: str | os.PathLike | None = None) -> tuple[Path, ...]:
    """Write one `.eml` draft per recipient (atomically, one at a time) and remove drafts of an earlier mailing."""
    folder = Path(mail_dir) if mail_dir is not None else outbox.mail_dir
    written = []
    for i, m in enumerate(outbox.iter_messages(), start=1):
        written.append(atomic_write_bytes(folder / draft_name(i, m.recipient.epost), as_draft(m.data)))
    keep = {p.name for p in written}
    for old in folder.glob("*.eml"):
        if old.name not in keep:
            old.unlink()
    return tuple(written)
