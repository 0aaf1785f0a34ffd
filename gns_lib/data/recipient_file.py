"""`mottagare.csv`: who gets which report by e-mail, read into checked `Recipient` records."""

from __future__ import annotations

import re

from gns_lib.data.fields import Fields, shown
from gns_lib.data.model import Recipient

REPORT_NAMES = ("arsbokslut", "partsrapport", "budgetunderlag")
MAX_NAME = 200  # characters; a name goes into the To header (see gns_lib.mail.addresses)
MAX_ADDRESS = 254  # characters (RFC 5321)
# Control characters (C0, DEL, C1), line/paragraph separators, bidi and zero-width format characters,
# and "=?", which starts an RFC 2047 encoded word that mail software decodes into header lines.
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]|=\\?")
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def recipients_from(f: Fields, known_parts: set[str]) -> tuple[Recipient, ...]:
    """Typed, checked rows of a recipients file (`namn;epost;part;rapporter`)."""
    names, mails = f.texts("namn"), f.texts("epost")
    parts = f.texts("part", required=False)
    reports = f.texts("rapporter")
    out = []
    for i in range(len(names)):
        if any(ch in names[i] + mails[i] for ch in "\r\n"):
            f.add(i, "epost", "radbrytning i namn eller adress är inte tillåten (skydd mot injektion i e-posthuvud)")
            continue
        unsafe = _UNSAFE_NAME.search(names[i])
        if unsafe:
            what = "\"=?\" (kodad text enligt RFC 2047)" if unsafe.group() == "=?" else f"styrtecknet U+{ord(unsafe.group()):04X}"
            f.add(i, "namn", f"namnet innehåller {what}, som inte är tillåtet (skydd mot injektion i e-posthuvud)")
        elif len(names[i]) > MAX_NAME:
            f.add(i, "namn", f"namnet har {len(names[i])} tecken; högst {MAX_NAME} är tillåtet")
        if len(mails[i]) > MAX_ADDRESS:
            f.add(i, "epost", f"adressen har {len(mails[i])} tecken; högst {MAX_ADDRESS} är tillåtet")
        elif mails[i] and not _EMAIL.match(mails[i]):
            f.add(i, "epost", f"ogiltig e-postadress {mails[i]!r}; väntade namn@exempel.se")
        if parts[i] and parts[i] not in known_parts:
            f.add(i, "part", f"okänd part {shown(parts[i])}; väntade en part ur parter.csv eller tomt")
        wanted = tuple(r.strip() for r in reports[i].split(",") if r.strip())
        for r in wanted:
            if r not in REPORT_NAMES:
                f.add(i, "rapporter", f"okänd rapport {shown(r)}; väntade arsbokslut, partsrapport och/eller budgetunderlag")
        for needs_part in ("partsrapport", "budgetunderlag"):
            if needs_part in wanted and not parts[i]:
                f.add(i, "part", f"{needs_part} kräver en part")
        out.append(Recipient(names[i], mails[i], parts[i] or None, wanted, int(f.table.rows[i])))
    f.finish()
    return tuple(out)
