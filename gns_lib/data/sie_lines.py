"""The SIE reader's full path: one record line at a time, through the tokeniser, with Swedish problems.

Every line the fast path in `sie_fast` does not take comes here: the identification and
chart records, and any #VER, #TRANS, #PSALDO or #PBUDGET line with unusual quoting or
spacing, or a malformed value. A malformed record becomes a problem and the reading goes on.
"""

from __future__ import annotations

from datetime import date

from gns_lib.core.errors import Problem

from gns_lib.data import sie_fast as k
from gns_lib.data.sie_records import Account, Balance, Dimension, FinancialYear, ObjectList, SieObject
from gns_lib.data.sie_tokens import TokenError, Token, date_int, parse_date, parse_period, parse_year_index, sie_amount_ore, tokenize

KNOWN_LABELS = frozenset((
    "FLAGGA", "PROGRAM", "FORMAT", "GEN", "SIETYP", "FNAMN", "ORGNR", "RAR", "KONTO", "KTYP", "DIM", "UNDERDIM",
    "OBJEKT", "IB", "UB", "OIB", "OUB", "RES", "PSALDO", "PBUDGET", "VER", "TRANS", "RTRANS", "BTRANS",
))
_KINDS = {**{label: k.LABEL for label in KNOWN_LABELS}, **k.FAST_LABELS}
ACCOUNT_TYPES = frozenset("TSKI")


class RecordError(ValueError):
    """One record that cannot be read; the message is Swedish."""


def _text(fields: tuple[Token, ...], i: int, what: str, required: bool = True) -> str:
    if i >= len(fields):
        if required:
            raise RecordError(f"saknar {what}")
        return ""
    if isinstance(fields[i], tuple):
        raise RecordError(f"väntade {what}, inte en objektlista")
    return fields[i]


def _value(parse, fields: tuple[Token, ...], i: int, what: str):
    try:
        return parse(_text(fields, i, what))
    except ValueError as e:
        raise RecordError(str(e)) from None


def _object_list(fields: tuple[Token, ...], i: int) -> ObjectList:
    if i >= len(fields) or not isinstance(fields[i], tuple):
        raise RecordError("saknar objektlista {…} (skriv {} för ingen)")
    return object_pairs(fields[i])


def object_pairs(items: tuple[str, ...]) -> ObjectList:
    """The fields of an object list as (dimension, object) pairs; RecordError if they do not pair up."""
    if len(items) % 2:
        raise RecordError(f"objektlistan {{{' '.join(items)}}} har ett udda antal fält; väntade par av dimension och objekt")
    pairs = tuple(zip(items[0::2], items[1::2]))
    for dim, _ in pairs:
        if not dim.isdigit():
            raise RecordError(f"ogiltigt dimensionsnummer {dim!r} i objektlistan")
    return pairs


class Records:
    """Collects what the full path reads, record by record, and the problems found."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.head: dict[str, object] = {}
        self.years: dict[int, FinancialYear] = {}
        self.accounts: dict[str, Account] = {}
        self.dimensions: dict[str, Dimension] = {}
        self.objects: dict[tuple[str, str], SieObject] = {}
        self.balances: list[Balance] = []
        self.object_ids: dict[ObjectList, int] = {(): 0}
        self.object_texts: dict[str, tuple[int, int]] = {}  # the fast path's cache, see sie.Interner
        self.konto_ids: dict[str, int] = {}  # account number -> its index in the account dictionary
        self.periods: dict[str, list[tuple]] = {"PSALDO": [], "PBUDGET": []}
        self.trans: dict[str, list[tuple]] = {"TRANS": [], "RTRANS": [], "BTRANS": []}
        self.vouchers: list[tuple] = []  # (line, series, number, date, text, regdate)
        self.broken_trans: list[int] = []  # lines of #TRANS rows that could not be read

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, None, message))

    def object_id(self, pairs: ObjectList) -> int:
        return self.object_ids.setdefault(pairs, len(self.object_ids))

    def konto_id(self, konto: str) -> int:
        return self.konto_ids.setdefault(konto, len(self.konto_ids))

    def read_line(self, line: int, text: str) -> tuple[int, str | None]:
        """Read one line (numbered from 1): its kind as in `sie_fast` (LABEL for others) and label."""
        text = text.strip(" \t\r\x1a")
        if not text:
            return k.EMPTY, None
        if text[0] != "#":
            what = text if len(text) <= 40 else text[:40] + "…"
            self.problem(line, f"raden är ingen SIE-post (en post börjar med #): {what!r}")
            return k.OTHER, None
        head = text.split(None, 1)[0].split("{", 1)[0]
        label = head[1:]
        kind = _KINDS.get(label)
        if kind is None:
            return k.OTHER, label
        try:
            notes: list[str] = []
            fields = tokenize(text, notes)
            for note in notes:
                self.problem(line, f"{head}: {note}")
            getattr(self, "_" + label.lower())(line, fields[1:])
        except (TokenError, RecordError) as e:
            self.problem(line, f"{head}: {e}")
            if kind == k.TRANS:
                self.broken_trans.append(line)
            elif kind == k.VER and not (self.vouchers and self.vouchers[-1][0] == line):
                self.vouchers.append((line, "", "", 0, "", 0))
        return kind, label

    # -- identification ----------------------------------------------------------------------

    def _flagga(self, line, f):
        self.head["flagga"] = _text(f, 0, "flagga")

    def _program(self, line, f):
        self.head["program"] = _text(f, 0, "programnamn")
        self.head["program_version"] = _text(f, 1, "version", required=False) or None

    def _format(self, line, f):
        self.head["format"] = _text(f, 0, "teckenuppsättning")

    def _gen(self, line, f):
        self.head["generated"] = _value(parse_date, f, 0, "datum")

    def _sietyp(self, line, f):
        typ = _text(f, 0, "typnummer")
        if typ not in ("1", "2", "3", "4"):
            raise RecordError(f"okänd SIE-typ {typ!r}; väntade 1, 2, 3 eller 4")
        self.head["sietyp"] = typ

    def _fnamn(self, line, f):
        self.head["company"] = _text(f, 0, "företagsnamn")

    def _orgnr(self, line, f):
        self.head["orgnr"] = _text(f, 0, "organisationsnummer")

    def _rar(self, line, f):
        index = _value(parse_year_index, f, 0, "årsnummer")
        start, end = _value(parse_date, f, 1, "startdatum"), _value(parse_date, f, 2, "slutdatum")
        if end < start:
            raise RecordError(f"räkenskapsåret slutar {end} före sin början {start}")
        if index in self.years:
            raise RecordError(f"år {index} har redan ett #RAR på rad {self.years[index].line}")
        self.years[index] = FinancialYear(index, start, end, line)

    # -- chart of accounts and objects -------------------------------------------------------

    def _konto(self, line, f):
        konto = _text(f, 0, "kontonummer")
        if konto in self.accounts:
            raise RecordError(f"kontot {konto} har redan ett #KONTO på rad {self.accounts[konto].line}")
        self.accounts[konto] = Account(konto, _text(f, 1, "kontonamn", required=False), line)

    def _ktyp(self, line, f):
        konto, typ = _text(f, 0, "kontonummer"), _text(f, 1, "kontotyp")
        if typ not in ACCOUNT_TYPES:
            raise RecordError(f"okänd kontotyp {typ!r}; väntade T, S, K eller I")
        account = self.accounts.get(konto)
        if account is None:
            raise RecordError(f"kontot {konto} har inget #KONTO före")
        self.accounts[konto] = Account(account.konto, account.name, account.line, typ)

    def _dim(self, line, f, parent: str | None = None):
        number = _text(f, 0, "dimensionsnummer")
        if not number.isdigit():
            raise RecordError(f"ogiltigt dimensionsnummer {number!r}")
        if number in self.dimensions:
            raise RecordError(f"dimension {number} är redan deklarerad på rad {self.dimensions[number].line}")
        self.dimensions[number] = Dimension(number, _text(f, 1, "namn", required=False), line, parent)

    def _underdim(self, line, f):
        self._dim(line, f, parent=_text(f, 2, "överordnad dimension"))

    def _objekt(self, line, f):
        dim, code = _text(f, 0, "dimensionsnummer"), _text(f, 1, "objektnummer")
        if (dim, code) in self.objects:
            raise RecordError(f"objekt {code} i dimension {dim} är redan deklarerat på rad {self.objects[dim, code].line}")
        self.objects[dim, code] = SieObject(dim, code, _text(f, 2, "objektnamn", required=False), line)

    # -- balances ----------------------------------------------------------------------------

    def _balance(self, kind, line, f, with_objects: bool):
        index = _value(parse_year_index, f, 0, "årsnummer")
        konto = _text(f, 1, "kontonummer")
        objects = _object_list(f, 2) if with_objects else ()
        self.object_id(objects)
        amount = _value(sie_amount_ore, f, 3 if with_objects else 2, "belopp")
        self.balances.append(Balance(kind, index, konto, objects, amount, line))

    def _ib(self, line, f):
        self._balance("IB", line, f, False)

    def _ub(self, line, f):
        self._balance("UB", line, f, False)

    def _res(self, line, f):
        self._balance("RES", line, f, False)

    def _oib(self, line, f):
        self._balance("OIB", line, f, True)

    def _oub(self, line, f):
        self._balance("OUB", line, f, True)

    def _period(self, label, line, f):
        index = _value(parse_year_index, f, 0, "årsnummer")
        period = _value(parse_period, f, 1, "period")
        konto = self.konto_id(_text(f, 2, "kontonummer"))
        objects = self.object_id(_object_list(f, 3))
        self.periods[label].append((line, index, period, konto, objects, _value(sie_amount_ore, f, 4, "belopp")))

    def _psaldo(self, line, f):
        self._period("PSALDO", line, f)

    def _pbudget(self, line, f):
        self._period("PBUDGET", line, f)

    # -- vouchers ----------------------------------------------------------------------------

    def _ver(self, line, f):
        series, number = _text(f, 0, "serie"), _text(f, 1, "verifikationsnummer")
        text, regdate, day = _text(f, 3, "text", required=False), 0, 0
        try:
            day = date_int(_value(parse_date, f, 2, "verifikationsdatum"))
            if _text(f, 4, "registreringsdatum", required=False):
                regdate = date_int(_value(parse_date, f, 4, "registreringsdatum"))
        finally:  # the voucher exists even when a date is wrong; its #TRANS rows stay its own
            self.vouchers.append((line, series, number, day, text, regdate))

    def _trans_row(self, label, line, f):
        konto = self.konto_id(_text(f, 0, "kontonummer"))
        objects = self.object_id(_object_list(f, 1))
        amount = _value(sie_amount_ore, f, 2, "belopp")
        day, text = 0, _text(f, 4, "transaktionstext", required=False)
        if _text(f, 3, "transaktionsdatum", required=False):
            try:
                day = date_int(parse_date(f[3]))
            except ValueError as e:
                self.problem(line, f"#{label}: {e}; verifikationens datum används")
        self.trans[label].append((line, konto, objects, amount, day, text))

    def _trans(self, line, f):
        self._trans_row("TRANS", line, f)

    def _rtrans(self, line, f):
        self._trans_row("RTRANS", line, f)

    def _btrans(self, line, f):
        self._trans_row("BTRANS", line, f)


def to_date(value: int) -> date | None:
    """An integer ÅÅÅÅMMDD as a date (None for 0)."""
    return date(value // 10000, value // 100 % 100, value % 100) if value else None
