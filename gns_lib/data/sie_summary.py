"""What a SIE export holds, for `gns sie`: a JSON document and a short text, both in Swedish terms.

The JSON document's shape is fixed (see `summary_document`); amounts are strings with two
decimals, `.` as decimal point and `-` as minus, in the file's own sign.
"""

from __future__ import annotations

import numpy as np

from gns_lib.data.sie_checks import voucher_sums
from gns_lib.data.sie_records import SieFile, year_of_periods
from gns_lib.data.sie_tokens import date_int, format_ore
from gns_lib.data.sie_totals import AccountTotals, account_totals

_ENCODING_NAMES = {"cp437": "CP437", "utf-8": "UTF-8", "latin-1": "Latin-1"}
_SPEC_ENCODING = "cp437"  # what #FORMAT PC8 declares


def _amount(ore: int | None) -> str | None:
    return None if ore is None else format_ore(ore)


def _totals_json(t: AccountTotals) -> dict:
    return {"res": _amount(t.res), "psaldo": _amount(t.psaldo), "pbudget": _amount(t.pbudget), "trans": _amount(t.trans)}


def dimensions(sie: SieFile) -> dict[str, dict]:
    """Declared dimensions and dimensions in use, in number order: name (None if unknown) and declared objects."""
    numbers = set(sie.dimensions) | {dim for dim, _ in sie.objects}
    numbers |= {dim for objects in sie.object_lists for dim, _ in objects}
    out = {}
    for number in sorted(numbers, key=lambda d: (len(d), d)):
        objects = {o.code: o.name for o in sie.objects.values() if o.dimension == number}
        out[number] = {"name": sie.dimension_name(number), "objects": objects}
    return out


def summary_document(sie: SieFile) -> dict:
    """The JSON document of `gns sie --json`."""
    totals = account_totals(sie)
    return {
        "file": sie.name,
        "encoding": sie.encoding,
        "declared_format": sie.declared_format,
        "sietyp": sie.sietyp,
        "program": sie.program,
        "company": sie.company,
        "orgnr": sie.orgnr,
        "years": {str(y.index): {"start": y.start.isoformat(), "end": y.end.isoformat()} for y in sie.years},
        "accounts": {konto: a.name for konto, a in sie.accounts.items()},
        "dimensions": dimensions(sie),
        "totals": {str(index): {konto: _totals_json(t) for konto, t in accounts.items()}
                   for index, accounts in totals.items()},
        "problems": [{"line": p.row, "message": p.message} for p in sie.problems],
    }


def _encoding_line(sie: SieFile) -> str:
    real = _ENCODING_NAMES[sie.encoding]
    if sie.declared_format is None:
        return f"Kodning: {real} (filen saknar #FORMAT)"
    if sie.declared_format.upper() == "PC8" and sie.encoding != _SPEC_ENCODING:
        return f"Kodning: {real} (filen anger #FORMAT {sie.declared_format}, alltså CP437, men är skriven i {real})"
    return f"Kodning: {real} (#FORMAT {sie.declared_format})"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _year_lines(sie: SieFile) -> list[str]:
    v, trans = sie.vouchers, sie.trans
    voucher_year = np.full(len(v), 1, dtype=np.int64)  # 1: no financial year
    for y in sie.years:
        voucher_year[(v.date >= date_int(y.start)) & (v.date <= date_int(y.end))] = y.index
    rows_per_voucher = np.asarray(v.count)
    psaldo_year = year_of_periods(sie.years, sie.psaldo.period)
    pbudget_year = year_of_periods(sie.years, sie.pbudget.period)
    lines = [] if sie.years else ["  (filen har inget #RAR)"]
    for y in sie.years:
        mine = voucher_year == y.index
        res = sum(1 for b in sie.balances if b.kind == "RES" and b.year_index == y.index)
        balances = sum(1 for b in sie.balances if b.kind != "RES" and b.year_index == y.index)
        counts = (_n(int(mine.sum()), "verifikation", "verifikationer"),
                  _n(int(rows_per_voucher[mine].sum()), "transaktion", "transaktioner"),
                  _n(int((psaldo_year == y.index).sum()), "periodsaldo", "periodsaldon"),
                  _n(int((pbudget_year == y.index).sum()), "budgetrad", "budgetrader"),
                  _n(res, "resultatsaldo", "resultatsaldon"), _n(balances, "balans (#IB/#UB)", "balanser (#IB/#UB)"))
        lines.append(f"  {y.index:>3}  {y.start} – {y.end}: {', '.join(counts)}")
    outside = voucher_year == 1
    if outside.any():
        lines.append(f"  utanför räkenskapsåren (#RAR): {_n(int(outside.sum()), 'verifikation', 'verifikationer')}, "
                     f"{_n(int(rows_per_voucher[outside].sum()), 'transaktion', 'transaktioner')}")
    return lines


def _check_lines(sie: SieFile) -> list[str]:
    lines = []
    if len(sie.vouchers):
        balanced = int((voucher_sums(sie) == 0).sum())
        lines.append(f"  Verifikationer i balans: {balanced} av {len(sie.vouchers)}")
    for index, accounts in account_totals(sie).items():
        both = [t for t in accounts.values() if t.res is not None and t.psaldo is not None]
        if both:
            same = sum(1 for t in both if t.res == t.psaldo)
            lines.append(f"  #PSALDO mot #RES, år {index}: {same} av {_n(len(both), 'konto', 'konton')} stämmer")
    object_rows = int((sie.psaldo.objects != 0).sum() + (sie.pbudget.objects != 0).sum())
    if object_rows:
        lines.append(f"  Objektrader i #PSALDO/#PBUDGET: {object_rows} (summorna per konto räknar bara "
                     "raderna för kontot som helhet, {})")
    if len(sie.rtrans) or len(sie.btrans):
        lines.append(f"  #RTRANS {len(sie.rtrans)} och #BTRANS {len(sie.btrans)} rader räknas inte in i summorna")
    return lines


def summary_text(sie: SieFile) -> str:
    """A short Swedish account of what the export holds, the checks and every problem."""
    program = " ".join(x for x in (sie.program, sie.program_version) if x) or "okänt"
    company = sie.company or "okänt"
    if sie.orgnr:
        company += f", org.nr {sie.orgnr}"
    out = [f"SIE-fil: {sie.name}", f"  Typ: SIE {sie.sietyp or '? (saknar #SIETYP)'}", f"  {_encoding_line(sie)}",
           f"  Program: {program}", f"  Företag: {company}"]
    if sie.generated:
        out.append(f"  Skapad: {sie.generated}")
    out += ["Räkenskapsår:", *_year_lines(sie), f"Konton: {len(sie.accounts)}"]
    dims = dimensions(sie)
    out.append("Dimensioner:" if dims else "Dimensioner: inga")
    for number, d in dims.items():
        names = ", ".join(f"{code} {name}".strip() for code, name in list(d["objects"].items())[:5])
        more = " …" if len(d["objects"]) > 5 else ""
        listed = f" ({names}{more})" if names else ""
        out.append(f"  {number:>3} {d['name'] or '(namn saknas)'}: {len(d['objects'])} objekt{listed}")
    out.append("Poster: " + ", ".join(f"#{label} {n}" for label, n in sie.record_counts.items()))
    out += ["Kontroller:", *(_check_lines(sie) or ["  (inget att kontrollera)"])]
    if sie.problems:
        out.append(f"Problem ({len(sie.problems)}):")
        out += [f"  {p}" for p in sie.problems]
    else:
        out.append("Problem: inga")
    return "\n".join(out)
