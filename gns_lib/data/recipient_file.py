"""`mottagare.csv`: who gets which report by e-mail, read into checked `Recipient` records."""

from __future__ import annotations

import re

from gns_lib.data.fields import Fields
from gns_lib.data.model import Recipient

REPORT_NAMES = ("arsbokslut", "partsrapport", "budgetunderlag")
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
        if mails[i] and not _EMAIL.match(mails[i]):
            f.add(i, "epost", f"ogiltig e-postadress {mails[i]!r}; väntade namn@exempel.se")
        if parts[i] and parts[i] not in known_parts:
            f.add(i, "part", f"okänd part {parts[i]!r}; väntade en part ur parter.csv eller tomt")
        wanted = tuple(r.strip() for r in reports[i].split(",") if r.strip())
        for r in wanted:
            if r not in REPORT_NAMES:
                f.add(i, "rapporter", f"okänd rapport {r!r}; väntade arsbokslut, partsrapport och/eller budgetunderlag")
        for needs_part in ("partsrapport", "budgetunderlag"):
            if needs_part in wanted and not parts[i]:
                f.add(i, "part", f"{needs_part} kräver en part")
        out.append(Recipient(names[i], mails[i], parts[i] or None, wanted, int(f.table.rows[i])))
    f.finish()
    return tuple(out)
