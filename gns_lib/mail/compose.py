"""Build one RFC 5322 message per recipient with the standard library's `email` package.

multipart/mixed[ multipart/alternative[ text/plain, text/html ], attachments ]; headers
with non-ASCII text are RFC 2047 encoded (UTF-8), attachments base64, so they decode
byte-identical. The Message-ID is derived from what the message carries (recipient,
subject, the reports' content), so a rerun — also after `gns report` on unchanged data —
is recognisable (and skipped when the send log says it went out). The bytes of every
message are checked to carry exactly the intended header lines.
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


def content_key(address: str, subject_text: str, contents: tuple[tuple[str, str], ...]) -> str:
    """What makes a message the same message: address, subject and each report's name and content hash.

    `contents` are (attachment file name, content hash) pairs; the hash leaves out the report
    run's own time stamp (see `marker.content_hash`), so a report rebuilt from unchanged data
    is the same message, while a changed figure makes a new one. Not the run, not --zip.
    """
    text = "\n".join([address.lower(), subject_text, *(f"{name}\0{digest}" for name, digest in sorted(contents))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def message_id(year: int, key: str, domain: str) -> str:
    """`<gns.<år>.<innehållsnyckel>@<domän>>`: the same for the same content, whichever run built it."""
    return f"<gns.{year}.{key[:32]}@{domain}>"


def id_token(msgid: str) -> str:
    """The part of a Message-ID that identifies the content (the domain may change with --from)."""
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


_HEADERS = ("Subject", "From", "To", "Date", "Message-ID", "Content-Type", "MIME-Version", "Content-Language")


def header_names(data: bytes) -> list[str]:
    """The names of the top-level header lines of a message's bytes, in order (continuation lines folded in)."""
    head = data.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n")
    return [line.split(b":", 1)[0].decode("ascii", "replace") for line in head.split(b"\n")
            if line and line[:1] not in (b" ", b"\t")]


def check_headers(data: bytes, recipient: Recipient, subject_text: str, sender: Address | None) -> None:
    """Refuse a message whose bytes carry other header lines or other values than intended (header injection)."""
    from email.parser import BytesHeaderParser

    from gns_lib.core.errors import MailError

    def same_text(a: str, b: str) -> bool:  # the package's folding may split a word in two: blanks do not count
        return "".join(a.split()) == "".join(b.split())

    names = header_names(data)
    expected = [n for n in _HEADERS if n != "From" or sender is not None]
    back = BytesHeaderParser(policy=policy.default).parsebytes(data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n")
    to = back["To"].addresses if back["To"] is not None else ()
    same = (sorted(names) == sorted(expected) and same_text(str(back["Subject"]), subject_text) and len(to) == 1
            and to[0].addr_spec == recipient.epost and same_text(to[0].display_name, recipient.namn))
    if same and sender is not None:
        frm = back["From"].addresses
        same = (len(frm) == 1 and frm[0].addr_spec == sender.addr_spec
                and same_text(frm[0].display_name, sender.display_name))
    if not same:
        raise MailError(f"meddelandet till {recipient.epost} byggdes inte som avsett (huvudrader {', '.join(names)}); "
                        "inget skickades. Kontrollera namnen i mottagarfilen och namnd.toml")


def wire_bytes(msg: EmailMessage) -> bytes:
    """The message as sent over SMTP (CRLF, 7-bit headers)."""
    return msg.as_bytes(policy=WIRE_POLICY)


def as_draft(msg: EmailMessage | bytes) -> bytes:
    """The message as an `.eml` draft: `X-Unsent: 1` first, so Outlook opens it for editing and sending."""
    data = msg if isinstance(msg, bytes) else wire_bytes(msg)
    return f"{DRAFT_HEADER}: 1\r\n".encode("ascii") + data
