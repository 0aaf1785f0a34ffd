"""A SIE file as a source of `utfall` (#TRANS or #PSALDO object rows) or `budget` (#PBUDGET object rows).

The committee's rows are those with an object in one of the source's dimensions (the first
dimension listed that the row has decides its objekt); other rows belong to the rest of the
company's books and are left out, as are the account totals (`{}`) that type 3 files add.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gns_lib.core.errors import DataError, Problem
from gns_lib.data.readers import read_with_digest
from gns_lib.data.sie import parse_sie
from gns_lib.data.sie_records import SieFile, objects_in_dimension, take
from gns_lib.data.sources import SourceRows, Source

_LABELS = MappingProxyType({"period": "period", "ar": "period", "konto": "konto", "objekt": "objekt",
                            "belopp": "belopp"})


def read_file(path, shown: str) -> tuple[SieFile | None, object, list[Problem]]:
    """(the file read, its digest, the problems that stop it): what `sie_rows` needs, to share between tables."""
    data, digest, problems = read_with_digest(path, shown)
    if data is None:
        return None, None, problems
    try:
        return parse_sie(data, shown), digest, []
    except DataError as e:
        return None, digest, list(e.problems)


def sie_rows(path, shown: str, source: Source, cache: dict | None = None) -> tuple[SourceRows | None, list[Problem]]:
    """The rows of one SIE file for `source`, with the file's own problems and ours.

    `cache` (name -> `read_file`'s answer) lets utfall and budget read one file once.
    """
    if cache is None or shown not in cache:
        found = read_file(path, shown)
        if cache is not None:
            cache[shown] = found
    sie, digest, problems = cache[shown] if cache is not None else found
    if sie is None:
        return None, list(problems)
    problems = list(sie.problems) + _calendar_years(sie)
    record = "#PBUDGET" if source.table == "budget" else "#TRANS" if source.outcome_from == "trans" else "#PSALDO"
    rows = sie.trans if record == "#TRANS" else sie.psaldo if record == "#PSALDO" else sie.pbudget
    if not len(rows):
        problems.append(Problem(shown, None, None, f"filen (SIE typ {sie.sietyp or '?'}) har inga {record}-rader; "
                                + ("välj utfall_fran = \"psaldo\" eller en SIE 4-fil" if record == "#TRANS" else
                                   "väntade en SIE-fil av typ 3 eller 4" if record == "#PSALDO" else
                                   "väntade en fil med budget (#PBUDGET)")))
        return None, problems
    found = [objects_in_dimension(sie, rows, d) for d in source.dimensions]
    objekt = pc.coalesce(*found) if len(found) > 1 else found[0]
    keep = ~np.asarray(pc.is_null(objekt).to_numpy(zero_copy_only=False), dtype=bool)
    konto = rows.konto.dictionary_decode() if isinstance(rows.konto, pa.DictionaryArray) else rows.konto
    if source.accounts:
        numbers = np.asarray(pc.cast(pc.if_else(pc.match_substring_regex(konto, r"^[0-9]{1,10}$"), konto, "-1"),
                                     pa.int64()).to_numpy(zero_copy_only=False))
        keep &= np.logical_or.reduce([(numbers >= lo) & (numbers <= hi) for lo, hi in source.accounts])
    if not keep.any():
        problems.append(Problem(shown, None, None, _no_rows(sie, record, source)))
        return None, problems
    if record != "#TRANS":
        problems += _counted_twice(shown, rows, found, keep)
    index = np.flatnonzero(keep)
    period = rows.period.astype(np.int64)[index]
    columns: dict[str, object] = {}
    if source.table == "utfall":
        columns["period"] = period
    else:
        columns["ar"], columns["manad"] = period // 100, period % 100
    columns["konto"] = take(konto, index)
    columns["objekt"] = take(objekt, index)
    columns["belopp_ore"] = rows.amount_ore[index].astype(np.int64)
    if source.table == "utfall":
        empty = pa.array([""] * len(index), type=pa.large_string())
        if record == "#TRANS":
            own = take(rows.text, index)
            voucher_text = take(take(sie.vouchers.text, rows.voucher), index)
            columns["text"] = pc.if_else(pc.equal(pc.utf8_length(own), 0), voucher_text, own)
            columns["verifikation"] = _voucher_labels(sie, rows.voucher[index])
            problems += _undated(shown, rows, index)
        else:
            columns["text"], columns["verifikation"] = empty, empty
        for name, dim in source.keep.items():
            columns[name] = pc.fill_null(take(objects_in_dimension(sie, rows, dim), index), "")
    else:
        columns["version"] = np.array([source.version] * len(index), dtype=object)
        columns["beslut"] = np.array([source.decision] * len(index), dtype=object)
    out = SourceRows(shown, f"SIE {sie.sietyp or '?'}, {sie.encoding}", MappingProxyType(columns),
                     rows.line[index].astype(np.int64), _LABELS, digest)
    return out, problems


def _voucher_labels(sie: SieFile, voucher: np.ndarray) -> pa.Array:
    """`sie_records.voucher_labels` with Arrow kernels: series and number, `A 12` (either alone when the other is empty)."""
    series, number = sie.vouchers.series, sie.vouchers.number
    joined = pc.binary_join_element_wise(series, number, pa.scalar(" ", type=series.type))
    labels = pc.if_else(pc.equal(pc.utf8_length(series), 0), number,
                        pc.if_else(pc.equal(pc.utf8_length(number), 0), series, joined))
    return take(labels, voucher)


def _calendar_years(sie: SieFile) -> list[Problem]:
    """gns counts years January–December: a broken financial year (#RAR) cannot be read as one."""
    return [Problem(sie.name, y.line, None, f"räkenskapsåret {y.start}–{y.end} (#RAR {y.index}) är inte ett kalenderår; "
                                            "väntade 1 januari–31 december, som nämndens år")
            for y in sie.years if (y.start.month, y.start.day, y.end.month, y.end.day) != (1, 1, 12, 31)]


def _undated(shown: str, rows, index: np.ndarray) -> list[Problem]:
    bad = index[rows.date[index] == 0]
    return [Problem(shown, int(rows.line[i]), "period", "raden och dess verifikation saknar giltigt datum; "
                                                        "väntade ÅÅÅÅMMDD") for i in bad[:50]]


def _no_rows(sie: SieFile, record: str, source: Source) -> str:
    dims = ", ".join(f"{d} ({sie.dimension_name(d) or 'namnlös'})" for d in sorted(sie.dimensions, key=_number)) or "inga"
    wanted = " eller ".join(source.dimensions)
    return (f"ingen {record}-rad har ett objekt i dimension {wanted}" +
            (" bland de valda kontona" if source.accounts else "") + f"; filens dimensioner: {dims}. "
            "Ange nämndens dimension i dimensioner i [kallor] i namnd.toml")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _counted_twice(shown: str, rows, found: list[pa.Array], keep: np.ndarray) -> list[Problem]:
    """Object rows of one account and month split on two of the chosen dimensions would be summed twice."""
    if len(found) < 2:
        return []
    chosen = np.full(len(keep), -1, dtype=np.int64)
    for d in reversed(range(len(found))):
        has = ~np.asarray(pc.is_null(found[d]).to_numpy(zero_copy_only=False), dtype=bool)
        chosen[has] = d
    konto = np.asarray(pc.cast(rows.konto.indices, pa.int64()).to_numpy(zero_copy_only=False)) \
        if isinstance(rows.konto, pa.DictionaryArray) else np.zeros(len(keep), dtype=np.int64)
    key = konto[keep] * 1_000_000 + rows.period.astype(np.int64)[keep]
    dims = chosen[keep]
    lines = rows.line[keep]
    order = np.lexsort((dims, key))
    key, dims, lines = key[order], dims[order], lines[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    out = []
    for s, e in zip(starts, ends):
        if dims[s] != dims[e - 1]:
            out.append(Problem(shown, int(lines[s:e].max()), "objekt",
                               f"kontots rader för perioden har objekt i olika valda dimensioner (rad "
                               f"{', '.join(str(int(x)) for x in sorted(lines[s:e])[:4])}); samma belopp skulle "
                               "räknas två gånger – välj en dimension i dimensioner"))
            if len(out) >= 50:
                break
    return out
