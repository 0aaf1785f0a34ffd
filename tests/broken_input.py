"""A generator of broken committee folders: every CSV/XLSX file × bytes, encodings, line ends, quoting, sizes, types.

Each `Case` writes a small valid folder with one fault and names where the fault must be
reported (file, row and column where one exists). `tests/test_broken_input.py` runs
`gns validate` on each.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from conftest import namnd_toml

# file -> (header, rows, {column: kind}); every file has at least two data rows.
TABLES: dict[str, tuple[list[str], list[list[str]], dict[str, str]]] = {
    "parter.csv": (["part", "namn", "org_nr", "typ", "medlem_fran", "medlem_till"],
                   [["R", "Region Test", "232100-0016", "region", "2017-01-01", ""],
                    ["A", "Testby kommun", "212000-0001", "kommun", "2017-01-01", ""]],
                   {"part": "id", "namn": "text", "org_nr": "orgnr", "typ": "choice", "medlem_fran": "date"}),
    "objekt.csv": (["objekt", "namn", "typ", "nyckel", "deltagare"],
                   [["N", "Nämnden", "nämnd", "", ""], ["U", "Uppdraget", "uppdrag", "", ""]],
                   {"objekt": "id", "namn": "text", "typ": "choice"}),
    "kontoplan.csv": (["fran_konto", "till_konto", "rad"],
                      [["3000", "3799", "Verksamhetens intäkter"], ["3800", "3899", "Bidrag från parter"],
                       ["5000", "5999", "Personalkostnader"], ["6000", "7799", "Övriga kostnader"]],
                      {"fran_konto": "int", "till_konto": "int", "rad": "choice"}),
    "budget.csv": (["ar", "objekt", "konto", "belopp", "version", "beslut"],
                   [["2018", "N", "5010", "150000", "fastställd", "Nämnden 2017-12-01 § 3"],
                    ["2018", "N", "3810", "-200000", "fastställd", "Nämnden 2017-12-01 § 3"],
                    ["2018", "U", "3010", "-50000", "ändring", "Nämnden 2018-06-01 § 9"]],
                   {"ar": "year", "objekt": "objref", "konto": "konto", "belopp": "amount", "version": "choice",
                    "beslut": "text"}),
    "utfall.csv": (["period", "konto", "objekt", "belopp", "text", "verifikation"],
                   [["201801", "3810", "N", "-200000,00", "Bidrag", "V1"],
                    ["201806", "5010", "N", "120000,00", "Lön", "V2"],
                    ["201803", "3010", "U", "-50000,00", "Försäljning", "V3"]],
                   {"period": "period", "konto": "konto", "objekt": "objref", "belopp": "amount", "text": "text"}),
    "prognos.csv": (["ar", "prognos", "datum", "objekt", "konto", "belopp"],
                    [["2018", "Delår april", "2018-04-30", "N", "5010", "140 000"],
                     ["2018", "Delår augusti", "2018-08-31", "N", "5010", "130 000"]],
                    {"ar": "year", "prognos": "text", "datum": "date", "objekt": "objref", "konto": "konto",
                     "belopp": "amount"}),
    "nycklar/budgetomslutning.csv": (["part", "ar", "belopp", "kalla"],
                                     [["R", "2016", "3000000000", "ÅR 2016 s. 10"], ["A", "2016", "500000000", "ÅR 2016"]],
                                     {"part": "partref", "ar": "year", "belopp": "amount", "kalla": "text"}),
    "nycklar/elevantal.csv": (["part", "matdatum", "antal", "kalla"],
                              [["R", "2017-10-16", "100", "SCB"], ["A", "2017-10-16", "1000", "SCB"]],
                              {"part": "partref", "matdatum": "date", "antal": "int", "kalla": "text"}),
    "nycklar/kop_salj.csv": (["ar", "objekt", "part", "belopp", "kalla"],
                             [["2018", "U", "A", "120000", "Avtal"], ["2018", "U", "R", "0", "Avtal"]],
                             {"ar": "year", "objekt": "objref", "part": "partref", "belopp": "amount", "kalla": "text"}),
    "mottagare.csv": (["namn", "epost", "part", "rapporter"],
                      [["Ordförande", "ordf@test.example", "", "arsbokslut"],
                       ["Ekonom A", "ekonom@a.example", "A", "arsbokslut,partsrapport"]],
                      {"namn": "text", "epost": "email", "part": "partref", "rapporter": "choice"}),
}
REQUIRED = ("parter.csv", "objekt.csv", "kontoplan.csv", "budget.csv", "utfall.csv")
OTHER_FILES = {"namnd.toml": namnd_toml(), "kommentarer/2018.md": "## N\nBra år.\n\n## Sammanfattning\nInget att anmärka.\n"}

BAD_VALUES: dict[str, list[str]] = {
    "amount": ["12.34", "1,234", "9" * 5000, "", "1e5"],
    "year": ["18", "", "2O18"],
    "period": ["201813", "2018-01"],
    "date": ["2018-13-01", "31/12/2017"],
    "int": ["12,5", "9" * 5000, ""],
    "objref": ["ZZZ"],
    "partref": ["ZZZ"],
    "konto": ["12a", "9" * 5000],
    "choice": ["okänd"],
    "email": ["inte-en-adress"],
    "id": ["a b", ""],
    "orgnr": ["232100-0017"],
    "text": [],
}


@dataclass(frozen=True)
class Case:
    """One fault: what it is, how to write it into a valid folder, and where it must be reported."""

    kind: str
    file: str
    row: int | None
    column: str | None
    write: Callable[[Path], None]

    @property
    def where(self) -> str:
        """The prefix a located message starts with: `fil:rad:kolumn:`, `fil:rad:`, `fil::kolumn:` or `fil:`."""
        if self.row is not None:
            return f"{self.file}:{self.row}:{self.column}:" if self.column else f"{self.file}:{self.row}:"
        return f"{self.file}::{self.column}:" if self.column else f"{self.file}:"


def csv_text(header: list[str], rows: list[list[str]], newline: str = "\n") -> str:
    return newline.join(";".join(r) for r in [header, *rows]) + newline


def write_valid(root: Path, skip: str | None = None, optional: bool = True) -> None:
    """The valid committee folder without `skip`; without the optional files unless `optional` (faster to check)."""
    for name, (header, rows, _) in TABLES.items():
        if name != skip and (optional or name in REQUIRED):
            _put(root / name, csv_text(header, rows).encode("utf-8"))
    for name, text in OTHER_FILES.items():
        if name != skip and (optional or name == "namnd.toml"):
            _put(root / name, text.encode("utf-8"))


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _with(name: str, data: bytes | Callable[[Path], None]) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        write_valid(root, skip=name, optional=False)
        if callable(data):
            data(root)
        else:
            _put(root / name, data)
    return write


def _text_column(name: str) -> str:
    header, _, kinds = TABLES[name]
    texts = [c for c, k in kinds.items() if k == "text"]
    return texts[-1] if texts else header[-1]


def _cell_fault(name: str, row: int, column: str, mutate: Callable[[str], str], encoding: str = "utf-8",
                newline: str = "\n") -> bytes:
    header, rows, _ = TABLES[name]
    rows = [r[:] for r in rows]
    j = header.index(column)
    rows[row - 2][j] = mutate(rows[row - 2][j])
    return csv_text(header, rows, newline).encode(encoding)


def byte_cases(name: str) -> list[Case]:
    header, rows, kinds = TABLES[name]
    text = _text_column(name)
    last = len(rows) + 1
    valid = csv_text(header, rows)
    cases = [
        Case("NUL i en cell", name, 2, text, _with(name, _cell_fault(name, 2, text, lambda v: v[:1] + "\x00" + v[1:]))),
        Case("ESC i en cell", name, last, text, _with(name, _cell_fault(name, last, text, lambda v: v + "\x1b"))),
        Case("fristående CR i en rad", name, 2, text,
             _with(name, _cell_fault(name, 2, text, lambda v: v[:1] + "\r" + v[1:], newline="\r\n"))),
        Case("UTF-16 utan BOM", name, None, None, _with(name, valid.encode("utf-16-le"))),
        Case("UTF-16 med BOM", name, None, None, _with(name, valid.encode("utf-16"))),
        Case("odefinierad byte 0x81", name, 2, None, _with(name, _cell_fault(name, 2, text, lambda v: v + "é")
                                                          .replace("é".encode(), b"\x81"))),
        Case("obalanserat citattecken", name, 2, text, _with(name, _cell_fault(name, 2, text, lambda v: '"' + v))),
        Case("citattecken som aldrig stängs", name, last, text,
             _with(name, _cell_fault(name, last, text, lambda v: '"' + v))),
        Case("text efter avslutande citattecken", name, 2, text,
             _with(name, _cell_fault(name, 2, text, lambda v: f'"{v}" x'))),
        Case("ett fält för mycket", name, 2, None, _with(name, _row_fault(name, lambda r: r + ["extra"]))),
        Case("ett fält för lite", name, last, None, _with(name, _row_fault(name, lambda r: r[:-1], row=last))),
        Case("tom fil", name, None, None, _with(name, b"")),
        Case("bara blanksteg", name, None, None, _with(name, b" \n\n ;; \n")),
        Case("kommaseparerad", name, 1, None, _with(name, valid.replace(";", ",").encode())),
        Case("för många kolumner", name, 1, None,
             _with(name, (";".join(header + [f"x{i}" for i in range(600)]) + "\n").encode())),
        Case("för lång rad", name, 2, None, _with(name, _cell_fault(name, 2, text, lambda v: v + "x" * (1 << 20)))),
        Case("kolumn två gånger", name, 1, header[0],
             _with(name, csv_text(header + [header[0]], [r + [r[0]] for r in rows]).encode())),
        Case("mapp i stället för fil", name, None, None, _with(name, lambda root: (root / name).mkdir(parents=True))),
        Case("länk till /dev/zero", name, None, None, _with(name, lambda root: _link(root / name, "/dev/zero"))),
        Case("namngiven pipe", name, None, None, _with(name, lambda root: _fifo(root / name))),
        Case("både csv och xlsx", name, None, None,
             _with(name, lambda root: (_put(root / name, valid.encode()), _xlsx(root, name)))),
    ]
    required = [c for c in kinds if c in _required_columns(name)]
    if required:
        col = required[0]
        cases.append(Case("kolumn saknas", name, 1, col,
                          _with(name, valid.replace(col, col + "_x", 1).encode())))
    if name in REQUIRED:
        cases.append(Case("bara rubrikrad", name, None, None, _with(name, (";".join(header) + "\n").encode())))
    return cases


def _required_columns(name: str) -> set[str]:
    return {"parter.csv": {"part", "namn", "org_nr", "typ", "medlem_fran"}, "objekt.csv": {"objekt", "namn", "typ"},
            "kontoplan.csv": {"fran_konto", "till_konto", "rad"}, "budget.csv": {"ar", "objekt", "konto", "belopp"},
            "utfall.csv": {"period", "konto", "objekt", "belopp"},
            "prognos.csv": {"ar", "prognos", "datum", "objekt", "konto", "belopp"},
            "nycklar/budgetomslutning.csv": {"part", "ar", "belopp"},
            "nycklar/elevantal.csv": {"part", "matdatum", "antal"},
            "nycklar/kop_salj.csv": {"ar", "objekt", "part", "belopp"},
            "mottagare.csv": {"namn", "epost", "rapporter"}}[name]


def _row_fault(name: str, change, row: int = 2) -> bytes:
    header, rows, _ = TABLES[name]
    rows = [r[:] for r in rows]
    rows[row - 2] = change(rows[row - 2])
    return csv_text(header, rows).encode()


def _link(path: Path, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def mixed_case(name: str) -> Case:
    """One UTF-8 row (line 3) in an otherwise Windows-1252 file."""
    header, rows, _ = TABLES[name]
    j = header.index(_text_column(name))
    lines = [";".join(header).encode("cp1252")]
    for n, row in enumerate(rows, start=2):
        row = row[:j] + [row[j] + ("ÄÖ" if n == 3 else "Å")] + row[j + 1:]
        lines.append(";".join(row).encode("utf-8" if n == 3 else "cp1252"))
    return Case("UTF-8-rad i Windows-1252-fil", name, 3, None, _with(name, b"\n".join(lines) + b"\n"))


def type_cases(name: str) -> list[Case]:
    header, rows, kinds = TABLES[name]
    cases = []
    for k, (column, kind) in enumerate(kinds.items()):
        values = [v for v in BAD_VALUES[kind] if v or column in _required_columns(name)]
        for value in values[k % len(values):k % len(values) + 1] if values else []:
            shown = value if len(value) < 20 else f"{value[:3]}…({len(value)} tecken)"
            cases.append(Case(f"{kind} {shown!r}", name, 2, column,
                              _with(name, _cell_fault(name, 2, column, lambda v, value=value: value))))
    return cases


def _xlsx(root: Path, name: str, change=None, hidden_first: bool = False) -> None:
    header, rows, _ = TABLES[name]
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.append(header)
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("Data")
    values = [list(header)] + [[_typed(v) for v in r] for r in rows]
    if change:
        change(values)
    for r in values:
        ws.append(r)
    path = (root / name).with_suffix(".xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _typed(value: str):
    return int(value) if value.lstrip("-").isdigit() and not value.startswith("0") and len(value) < 12 else value


def xlsx_cases(name: str) -> list[Case]:
    header, rows, kinds = TABLES[name]
    shown = name.replace(".csv", ".xlsx")
    cases = [
        Case("xlsx: sanningsvärde", shown, 2, header[0], _with(name, lambda root: _xlsx(
            root, name, lambda v: v[1].__setitem__(0, True)))),
        Case("xlsx: dolt första blad", shown, None, None, _with(name, lambda root: _xlsx(root, name, hidden_first=True))),
        Case("xlsx: trasig fil", shown, None, None, _with(name, lambda root: _put(root / shown, b"PK\x03\x04trasig"))),
    ]
    amounts = [c for c, k in kinds.items() if k == "amount"]
    if amounts:
        j = header.index(amounts[0])
        cases.append(Case("xlsx: beräknat belopp", shown, 3, amounts[0], _with(name, lambda root: _xlsx(
            root, name, lambda v: v[2].__setitem__(j, 1 / 3)))))
    return cases


def setting_cases() -> list[Case]:
    def toml(**kw) -> Callable[[Path], None]:
        return _with("namnd.toml", namnd_toml(**kw).encode())

    def line(text: str, start: str, after: str | None = None) -> int:
        """The 1-based line of `text` that starts with `start` (the first one after the line `after`)."""
        lines = text.splitlines()
        first = lines.index(after) + 1 if after else 0
        return next(i for i, s in enumerate(lines[first:], start=first + 1) if s.startswith(start))

    base = namnd_toml()
    funding = line(base, "2018 =", "[grundfinansiering]")
    index = line(namnd_toml(extra="[prisindex]\n2018 = 1"), "2018 =", "[prisindex]")
    return [
        Case("grundfinansiering 1e30", "namnd.toml", funding, "grundfinansiering", toml(grundfinansiering="2018 = 1e30")),
        Case("ingående reserv 1e30", "namnd.toml", line(base, "ingaende_reserv ="), "ingaende_reserv", toml(ingaende_reserv="1e30")),
        Case("prisindex 1e30", "namnd.toml", index, "prisindex", toml(extra="[prisindex]\n2018 = 1e30")),
        Case("prisindex −100", "namnd.toml", index, "prisindex", toml(extra="[prisindex]\n2018 = -100")),
        Case("väsentlighet 1e308 %", "namnd.toml", line(base, "vasentlighet_procent ="), "vasentlighet_procent",
             _with("namnd.toml", base.replace("vasentlighet_procent = 10", "vasentlighet_procent = 1e308").encode())),
        Case("TOML-syntaxfel", "namnd.toml", 1, None, _with("namnd.toml", b'namn = "N\n' + base.encode())),
        Case("heltal med 5000 siffror", "namnd.toml", funding, None, toml(grundfinansiering="2018 = " + "9" * 5000)),
        Case("grundfinansiering saknas för ett år med utfall", "namnd.toml", line(base, "[grundfinansiering]"),
             "grundfinansiering", toml(grundfinansiering="2019 = 100000")),
        Case("namnd.toml är en mapp", "namnd.toml", None, None,
             _with("namnd.toml", lambda root: (root / "namnd.toml").mkdir())),
        Case("namnd.toml i Windows-1252", "namnd.toml", 1, None,
             _with("namnd.toml", base.encode("cp1252"))),
        Case("kommentar under okänt objekt", "kommentarer/2018.md", 3, None,
             _with("kommentarer/2018.md", b"## N\nBra.\n## 9999\nTappas.\n")),
        Case("NUL i kommentar", "kommentarer/2018.md", 2, None, _with("kommentarer/2018.md", b"## N\nBr\x00a.\n")),
        Case("kommentar i fel kodning", "kommentarer/2018.md", 2, None,
             _with("kommentarer/2018.md", "## N\nBra år.\n".encode("cp1252"))),
        Case("nycklar är en fil", "nycklar", None, None, _with("nycklar", b"x")),
        Case("kommentarer är en fil", "kommentarer", None, None, _with("kommentarer", b"x")),
    ]


def all_cases(every: bool = False) -> list[Case]:
    """The faults to run: types, xlsx and settings for every file; each byte-level fault on every third file
    (rotating, so that every file meets a third of them) unless `every` (the full cross product)."""
    cases = []
    for f, name in enumerate(TABLES):
        cases += [c for i, c in enumerate(byte_cases(name) + [mixed_case(name)]) if every or (i + f) % 3 == 0]
        cases += type_cases(name)
        cases += xlsx_cases(name)
    return cases + setting_cases()
