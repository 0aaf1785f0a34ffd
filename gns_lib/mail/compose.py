"""Build one RFC 5322 message per recipient with the standard library's `email` package.

multipart/mixed[ multipart/alternative[ text/plain, text/html ], attachments ]; headers
with non-ASCII text are RFC 2047 encoded (UTF-8), attachments base64, so they decode
byte-identical. The Message-ID is stable for a recipient and a report run, so a rerun
is recognisable (and skipped when the send log says it went out).
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import zipfile
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from gns_lib.data.model import Recipient
from gns_lib.mail.addresses import one_line
from gns_lib.mail.bodies import BodyContext, html_body, plain_text, subject

# CRLF line ends, lines folded at 78, non-ASCII headers encoded: what goes on the wire.
WIRE_POLICY = policy.SMTP
DRAFT_HEADER = "X-Unsent"  # "1": Outlook opens the .eml as an unsent draft
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Attachment:
    """A file to attach: its name in the message, MIME type and exact bytes."""

    filename: str
    maintype: str
    subtype: str
    data: bytes


def attachment(filename: str, data: bytes) -> Attachment:
    """An attachment typed from its file name (.html → text/html, .zip → application/zip)."""
    guessed, _ = mimetypes.guess_type(filename, strict=True)
    maintype, subtype = (guessed or "application/octet-stream").split("/", 1)
    return Attachment(filename, maintype, subtype, data)


def zip_attachments(files: tuple[Attachment, ...], name: str, when: datetime | None = None) -> Attachment:
    """Pack attachments into one deflated zip with fixed timestamps (same input, same bytes)."""
    stamp = _ZIP_EPOCH if when is None or when.year < 1980 else when.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for f in files:
            info = zipfile.ZipInfo(f.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, f.data)
    return Attachment(name, "application", "zip", buffer.getvalue())


def recipient_key(r: Recipient) -> str:
    """What makes a message the same message: the address, the part and the reports (not --zip)."""
    text = f"{r.epost.lower()}\n{r.part or ''}\n{','.join(sorted(r.rapporter))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def message_id(year: int, run_id: str, r: Recipient, domain: str) -> str:
    """`<gns.<år>.<körning>.<mottagare>@<domän>>`: stable per recipient and report run."""
    return f"<gns.{year}.{run_id[:16]}.{recipient_key(r)[:16]}@{domain}>"


def id_token(msgid: str) -> str:
    """The part of a Message-ID that identifies recipient and run (the domain may change with --from)."""
    return msgid.strip().strip("<>").split("@", 1)[0]


def compose(
    recipient: Recipient,
    ctx: BodyContext,
    attachments: tuple[Attachment, ...],
    msgid: str,
    sender: Address | None,
    date: datetime,
) -> EmailMessage:
    """The message for one recipient (without the draft header; see `as_draft`)."""
    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = one_line(subject(ctx))
    if sender is not None:
        msg["From"] = sender
    msg["To"] = Address(display_name=recipient.namn, addr_spec=recipient.epost)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msgid
    msg.set_content(plain_text(ctx), subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html_body(ctx), subtype="html", charset="utf-8", cte="quoted-printable")
    for a in attachments:
        params = {"charset": "utf-8"} if a.maintype == "text" else {}
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=a.filename, params=params)
    msg["Content-Language"] = "sv"  # after the parts: making a multipart moves Content-* headers inward
    return msg


def wire_bytes(msg: EmailMessage) -> bytes:
    """The message as sent over SMTP (CRLF, 7-bit headers)."""
    return msg.as_bytes(policy=WIRE_POLICY)


def as_draft(msg: EmailMessage) -> bytes:
    """The message as an `.eml` draft: `X-Unsent: 1` first, so Outlook opens it for editing and sending."""
    return f"{DRAFT_HEADER}: 1\r\n".encode("ascii") + wire_bytes(msg)
