"""Who gets which report: the recipients table, the checks e-mail needs beyond the loader's, and the files.

The table (`namn;epost;part;rapporter`) is read and checked by `loader.recipients_from`
(address form, line breaks, unknown part or report, partsrapport without part); here come
the checks only sending needs: other control characters and RFC 2047 encoded words in names
(header injection), names over 200 characters, addresses outside ASCII (SMTP without
SMTPUTF8) or over RFC 5321's lengths, addresses the `email` package cannot parse, and
duplicate addresses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from gns_lib.core.errors import Problem
from gns_lib.data.fields import Fields
from gns_lib.data.loader import recipients_from
from gns_lib.data.model import Dataset, Recipient
from gns_lib.data.readers import read_table, resolve
from gns_lib.mail.addresses import address_problem, header_text_problem

DEFAULT_FILE = "mottagare.csv"
ARSBOKSLUT = "arsbokslut"
PARTSRAPPORT = "partsrapport"
BUDGETUNDERLAG = "budgetunderlag"  # sent from the plan folder (`gns mail --plan`), never with the årsbokslut
_UNSAFE_IN_PATH = re.compile(r"[/\\\x00]|^\.\.?$")


@dataclass(frozen=True)
class RecipientList:
    """The recipients and the file they came from (as shown in messages)."""

    source: str
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class ReportFile:
    """One report a recipient gets: its path in the year folder and its name as an attachment."""

    rel: str  # posix path relative to <out>/<Y>/
    filename: str


def read_recipients(path: str | Path, known_parts: set[str]) -> tuple[RecipientList, list[Problem]]:
    """Read a recipients file given with `--recipients` (CSV or XLSX) and check it like the loader does."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        return RecipientList(shown, ()), [Problem(shown, None, None, "filen finns inte; väntade en mottagarfil "
                                                  "med kolumnerna namn;epost;part;rapporter")]
    table, problems = read_table(path, shown)
    if table is None:
        return RecipientList(shown, ()), problems
    fields = Fields(table, problems)
    if not fields.require("namn", "epost", "rapporter"):
        return RecipientList(shown, ()), problems
    return RecipientList(shown, recipients_from(fields, known_parts)), problems


def dataset_recipients(ds: Dataset) -> tuple[RecipientList, list[Problem]]:
    """The recipients of the data folder (`mottagare.csv` or `.xlsx`), already checked by `load_dataset`."""
    path, problems = resolve(ds.data_dir, DEFAULT_FILE)
    if path is None:
        shown = str(ds.data_dir / DEFAULT_FILE)
        return RecipientList(shown, ()), problems or [
            Problem(shown, None, None, "filen saknas; väntade namn;epost;part;rapporter, eller ange --recipients FIL")]
    return RecipientList(str(path), ds.recipients), []


def recipient_problems(rl: RecipientList, known: list[Problem] | tuple[Problem, ...] = ()) -> list[Problem]:
    """E-mail checks on checked rows, one per cell; cells already in `known` (the loader's problems) are skipped."""
    reported = {(p.row, p.column) for p in known if p.file == rl.source}
    problems = []

    def add(row: int, column: str, message: str) -> None:
        if (row, column) not in reported:
            reported.add((row, column))
            problems.append(Problem(rl.source, row, column, message))

    if not rl.recipients and not reported:
        problems.append(Problem(rl.source, None, None, "inga mottagare; väntade minst en rad namn;epost;part;rapporter"))
    seen: dict[str, int] = {}
    for r in rl.recipients:
        why = header_text_problem(r.namn, "namnet")
        if why:
            add(r.src_row, "namn", why)
        if not r.rapporter:
            add(r.src_row, "rapporter", "inga rapporter; väntade arsbokslut, partsrapport och/eller budgetunderlag")
        if not r.epost:
            continue
        if not r.epost.isascii():
            add(r.src_row, "epost", f"adressen {r.epost!r} har tecken utanför ASCII (t.ex. å, ä, ö), som "
                "e-postservrar inte tar emot; väntade namn@exempel.se")
        elif (why := address_problem(r.epost)) is not None:
            add(r.src_row, "epost", why)
        key = r.epost.lower()
        if key in seen:
            add(r.src_row, "epost", f"adressen {r.epost} finns redan på rad {seen[key]}; en mottagare ska stå "
                "på en rad (ett meddelande per mottagare)")
        else:
            seen[key] = r.src_row
    return problems


def report_files(recipient: Recipient, year: int, plan: bool = False,
                 main: str | None = None) -> tuple[tuple[ReportFile, ...], str | None]:
    """The reports of `recipient` in the report folder (the plan folder with `plan`), or why the part names no file.

    `main` is the committee's report (default `arsbokslut_<år>.html`; a delår's `delarsrapport_<år>-<MM>.html`
    goes to the same recipients as the årsbokslut).
    """
    files = []
    if plan:
        if BUDGETUNDERLAG not in recipient.rapporter or not recipient.part:
            return (), None
        if _UNSAFE_IN_PATH.search(recipient.part):
            return (), f"parten {recipient.part!r} kan inte vara ett filnamn (budgetunderlag/<part>.html)"
        return (ReportFile(f"budgetunderlag/{recipient.part}.html",
                           f"budgetunderlag_{ascii_name(recipient.part)}_{year}.html"),), None
    main = main or f"arsbokslut_{year}.html"
    if ARSBOKSLUT in recipient.rapporter:
        files.append(ReportFile(main, main))
    if PARTSRAPPORT in recipient.rapporter and recipient.part:
        if _UNSAFE_IN_PATH.search(recipient.part):
            return (), f"parten {recipient.part!r} kan inte vara ett filnamn (parter/<part>.html)"
        files.append(ReportFile(f"parter/{recipient.part}.html", f"partsrapport_{ascii_name(recipient.part)}_{year}.html"))
    return tuple(files), None


def ascii_name(text: str) -> str:
    """A file-name-safe ASCII form: å/ä → a, ö → o, other characters → "_"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._") or "x"
