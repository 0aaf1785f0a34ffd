"""Load one committee folder into a validated `Dataset`, or raise every problem at once.

`load_dataset` reads each file (CSV or XLSX), types every column, runs the
cross-file checks in `checks` and raises one `DataError` listing all problems.
Nothing is ever written into the data folder.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa

from gns_lib.data import validation as checks
from gns_lib.core.errors import DataError, Problem
from gns_lib.data.fields import Fields, org_nr_problem, shown
from gns_lib.data.model import (
    BUDGET_VERSIONS,
    OBJECT_TYPES,
    PARTY_TYPES,
    RESULT_ROWS,
    AccountRange,
    CostObject,
    Dataset,
    Party,
    Recipient,
    SourceFile,
)
from gns_lib.data.explanations import comment_problems, parse_comments
from gns_lib.data.digest import FileDigest
from gns_lib.data.opening import MAX_TEXT_BYTES, folder_problem, read_regular
from gns_lib.data.recipient_file import recipients_from
from gns_lib.data.settings import load_committee
from gns_lib.data.source_tables import read_sources, source_table
from gns_lib.data.sources import SourcePlan, load_sources
from gns_lib.data.readers import RawTable, read_table, resolve

REQUIRED_FILES = ("parter.csv", "objekt.csv", "kontoplan.csv", "budget.csv", "utfall.csv")
OPTIONAL_FILES = (
    "prognos.csv",
    "nycklar/budgetomslutning.csv",
    "nycklar/elevantal.csv",
    "nycklar/kop_salj.csv",
    "mottagare.csv",
)


_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _id_problem(value: str) -> str:
    return f"ogiltigt id {shown(value)}; väntade bokstäver a–z, siffror, - och _ (id:t används i filnamn)"


def _text_series(arr: pa.Array) -> pd.Series:
    """Arrow-backed text column (no per-row Python objects)."""
    return arr.to_pandas(types_mapper=pd.ArrowDtype)


class _Loader:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.problems: list[Problem] = []
        self.files: list[SourceFile] = []
        self.extra: dict[str, RawTable] = {}
        self.sources = SourcePlan()
        self.sie_files: dict = {}  # SIE files read for one table, kept for the other

    def read(self, name: str, required: bool, codes: tuple[str, ...] = ()) -> Fields | None:
        path, problems = resolve(self.dir, name)
        self.problems.extend(problems)
        if path is None:
            if required and not problems:
                self.problems.append(Problem(name, None, None, "filen saknas; se docs/dataformat.md"))
            return None
        shown = str(path.relative_to(self.dir))
        table, problems = read_table(path, shown, codes)
        self.problems.extend(problems)
        if table is None:
            return None
        if required and not len(table):
            self.problems.append(Problem(shown, None, None, "filen har inga datarader; väntade minst en rad under rubrikraden"))
        table_name = name.removesuffix(".csv") if name in ("utfall.csv", "budget.csv") else None
        self.files.append(SourceFile(shown, table.encoding, table.digest, len(table), table_name))
        return Fields(table, self.problems)

    def from_sources(self, table: str) -> pd.DataFrame | None:
        """The table from the exports of `[kallor]`, or None when namnd.toml names none for it."""
        sources = self.sources.of(table)
        if table not in self.sources.named:
            return None
        own, _ = resolve(self.dir, f"{table}.csv")
        if own is not None:
            self.problems.append(Problem(str(own.relative_to(self.dir)), None, None,
                                         f"både {own.name} och [kallor.{table}] i namnd.toml finns; ta bort den ena"))
        parts, files, problems = read_sources(self.dir, table, sources, self.sie_files)
        self.problems.extend(problems)
        self.files.extend(files)
        if sources and not parts and not problems:
            self.problems.append(Problem("namnd.toml", sources[0].line, f"kallor.{table}", "källorna har inga rader"))
        return source_table(table, parts, self.chart_ranges, {o.objekt for o in self.object_list}, self.problems)

    # --- the reference files ----------------------------------------------------

    def parties(self) -> tuple[Party, ...]:
        f = self.read("parter.csv", True)
        if f is None or not f.require("part", "namn", "org_nr", "typ", "medlem_fran"):
            return ()
        ids, names, orgs = f.texts("part"), f.texts("namn"), f.texts("org_nr")
        kinds = f.choices("typ", PARTY_TYPES)
        start, end = f.dates("medlem_fran"), f.dates("medlem_till", required=False)
        out, seen = [], set()
        for i, pid in enumerate(ids):
            if pid and not _ID.match(pid):
                f.add(i, "part", _id_problem(pid))
            if pid in seen:
                f.add(i, "part", f"parten {shown(pid)} finns redan; väntade unika id")
            seen.add(pid)
            if orgs[i] and (msg := org_nr_problem(orgs[i])):
                f.add(i, "org_nr", msg)
            if start[i] and end[i] and end[i] < start[i]:
                f.add(i, "medlem_till", f"medlem_till {end[i]} är före medlem_fran {start[i]}")
            if pid and start[i]:
                out.append(Party(pid, names[i], orgs[i], kinds[i] or "", start[i], end[i], len(out)))
        f.finish()
        return tuple(out)

    def objects(self) -> tuple[CostObject, ...]:
        f = self.read("objekt.csv", True)
        if f is None or not f.require("objekt", "namn", "typ"):
            return ()
        ids, names = f.texts("objekt"), f.texts("namn")
        kinds = f.choices("typ", OBJECT_TYPES)
        keys = f.texts("nyckel", required=False)
        parts = f.texts("deltagare", required=False)
        out, seen = [], set()
        for i, oid in enumerate(ids):
            if oid and not _ID.match(oid):
                f.add(i, "objekt", _id_problem(oid))
            if oid in seen:
                f.add(i, "objekt", f"objektet {shown(oid)} finns redan; väntade unika id")
            seen.add(oid)
            members = None if parts[i] in ("", "alla") else tuple(p.strip() for p in parts[i].split(",") if p.strip())
            if kinds[i] == "projekt" and not parts[i].strip():
                f.add(i, "deltagare", f"projektet {oid} saknar deltagare; väntade alla eller parter ur parter.csv, "
                                      "till exempel region,berg")
            if oid and kinds[i]:
                out.append(CostObject(oid, names[i], kinds[i], keys[i] or None, members, len(out),
                                      int(f.table.rows[i])))
        f.finish()
        self.object_rows = {o.objekt: int(f.table.rows[i]) for i, o in enumerate(out)}
        self.object_fields = f
        return tuple(out)

    def chart(self) -> tuple[AccountRange, ...]:
        f = self.read("kontoplan.csv", True)
        if f is None or not f.require("fran_konto", "till_konto", "rad"):
            return ()
        lo, hi = f.integers("fran_konto"), f.integers("till_konto")
        rows = f.choices("rad", RESULT_ROWS)
        out = []
        for i in range(len(lo)):
            if lo[i] is not None and hi[i] is not None and hi[i] < lo[i]:
                f.add(i, "till_konto", f"till_konto {hi[i]} är lägre än fran_konto {lo[i]}")
            elif lo[i] is not None and hi[i] is not None and rows[i]:
                out.append(AccountRange(lo[i], hi[i], rows[i], int(f.table.rows[i])))
        f.finish()
        return tuple(out)

    # --- the amount files ---------------------------------------------------------

    def accounts(self, f: Fields, column: str = "konto") -> tuple[pd.Categorical, pd.Categorical]:
        """konto as a Categorical and its result row, with problems for uncovered accounts."""
        konto = f.codes(column)
        mapping = checks.account_rows(self.chart_ranges, list(konto.categories))
        for code, row in mapping.items():
            if row is None:
                mask = np.asarray(konto == code)
                msg = checks.account_problem(code)
                f.add_where(mask, column, lambda i, m=msg: m)
        categories = list(RESULT_ROWS) + [""]
        lookup = np.array([categories.index(mapping[c] or "") for c in konto.categories], dtype=np.int32)
        blank = categories.index("")
        codes = np.where(konto.codes >= 0, lookup[np.maximum(konto.codes, 0)] if len(lookup) else blank, blank)
        rows = pd.Categorical.from_codes(codes.astype(np.int32), categories=categories)
        return konto, rows

    def budget(self) -> pd.DataFrame:
        exported = self.from_sources("budget")
        if exported is not None:
            return exported
        f = self.read("budget.csv", True)
        if f is None or not f.require("ar", "objekt", "konto", "belopp"):
            return _empty_budget()
        years, ore = f.years("ar"), f.amounts("belopp")
        konto, rows = self.accounts(f)
        df = pd.DataFrame(
            {
                "ar": years,
                "manad": _budget_months(f, years),
                "objekt": f.codes("objekt"),
                "konto": konto,
                "rad": rows,
                "belopp_ore": ore,
                "version": f.choices("version", BUDGET_VERSIONS, default="fastställd"),
                "beslut": f.texts("beslut", required=False),
                "src_row": f.table.rows,
            }
        )
        self.object_refs(f, df["objekt"])
        f.finish()
        return df

    def ledger(self) -> pd.DataFrame:
        exported = self.from_sources("utfall")
        if exported is not None:
            return exported
        f = self.read("utfall.csv", True, codes=("period", "konto", "objekt"))
        if f is None or not f.require("period", "konto", "objekt", "belopp"):
            return _empty_ledger()
        known = {"period", "konto", "objekt", "belopp"}
        kept = ["text", "verifikation", *[c for c in f.table.columns if c not in known | {"text", "verifikation"}]]
        # pyarrow and numpy kernels release the GIL: type and transcode the big columns side by side.
        with ThreadPoolExecutor(max_workers=2) as pool:
            ore_f = pool.submit(f.amounts, "belopp")
            text_f = {col: pool.submit(lambda c: _text_series(f.raw(c).combine_chunks()), col) for col in kept}
            period, objekt = f.periods("period"), f.codes("objekt")
            konto, rows = self.accounts(f)
            ore = ore_f.result()
            texts = {col: fut.result() for col, fut in text_f.items()}  # kept as written
        data = {
            "ar": period // 100,
            "period": period,
            "manad": (period % 100).astype(np.int8),
            "objekt": objekt,
            "konto": konto,
            "rad": rows,
            "belopp_ore": ore,
            **texts,
        }
        data["src_row"] = f.table.rows
        df = pd.DataFrame(data, copy=False)
        self.object_refs(f, df["objekt"])
        f.finish()
        return df

    def forecast(self) -> pd.DataFrame:
        f = self.read("prognos.csv", False)
        if f is None or not f.require("ar", "prognos", "datum", "objekt", "konto", "belopp"):
            return _empty_forecast()
        years, ore = f.years("ar"), f.amounts("belopp")
        konto, rows = self.accounts(f)
        df = pd.DataFrame(
            {
                "ar": years,
                "prognos": f.texts("prognos"),
                "datum": f.dates("datum"),
                "objekt": f.codes("objekt"),
                "konto": konto,
                "rad": rows,
                "belopp_ore": ore,
                "src_row": f.table.rows,
            }
        )
        self.object_refs(f, df["objekt"])
        f.finish()
        return df

    def object_refs(self, f: Fields, objekt: pd.Series) -> None:
        known = {o.objekt for o in self.object_list}
        for code in objekt.cat.categories:
            if code and code not in known:
                f.add_where(np.asarray(objekt == code), "objekt", lambda i, c=code: f"okänt objekt {shown(c)}; väntade ett objekt ur objekt.csv")

    def party_refs(self, f: Fields, parts: list[str], column: str = "part") -> None:
        known = {p.part for p in self.party_list}
        for i, p in enumerate(parts):
            if p and p not in known:
                f.add(i, column, f"okänd part {shown(p)}; väntade en part ur parter.csv")

    # --- the allocation key files -------------------------------------------------

    def turnover(self) -> pd.DataFrame:
        f = self.read("nycklar/budgetomslutning.csv", False)
        if f is None or not f.require("part", "ar", "belopp"):
            return pd.DataFrame({"part": [], "ar": [], "belopp_ore": [], "kalla": [], "src_row": []})
        parts = f.texts("part")
        self.party_refs(f, parts)
        df = pd.DataFrame(
            {"part": parts, "ar": f.years("ar"), "belopp_ore": f.amounts("belopp"),
             "kalla": f.texts("kalla", required=False), "src_row": f.table.rows}
        )
        f.finish()
        return df

    def pupils(self) -> pd.DataFrame:
        f = self.read("nycklar/elevantal.csv", False)
        if f is None or not f.require("part", "matdatum", "antal"):
            return pd.DataFrame({"part": [], "matdatum": [], "antal": [], "kalla": [], "src_row": []})
        parts, counts = f.texts("part"), f.integers("antal")
        self.party_refs(f, parts)
        for i, n in enumerate(counts):
            if n is not None and n <= 0:
                f.add(i, "antal", f"elevantalet {n} är inte positivt; väntade ett antal större än noll")
        df = pd.DataFrame(
            {"part": parts, "matdatum": f.dates("matdatum"), "antal": pd.Series(counts, dtype=object),
             "kalla": f.texts("kalla", required=False), "src_row": f.table.rows}
        )
        f.finish()
        return df

    def purchases(self) -> pd.DataFrame:
        f = self.read("nycklar/kop_salj.csv", False)
        if f is None or not f.require("ar", "objekt", "part", "belopp"):
            return pd.DataFrame({"ar": [], "objekt": [], "part": [], "belopp_ore": [], "kalla": [], "src_row": []})
        parts = f.texts("part")
        self.party_refs(f, parts)
        objekt = f.codes("objekt")
        df = pd.DataFrame(
            {"ar": f.years("ar"), "objekt": objekt, "part": parts, "belopp_ore": f.amounts("belopp"),
             "kalla": f.texts("kalla", required=False), "src_row": f.table.rows}
        )
        self.object_refs(f, df["objekt"])
        f.finish()
        return df

    # --- free text and recipients ---------------------------------------------------

    def comments(self) -> dict[int, MappingProxyType]:
        out = {}
        folder = self.dir / "kommentarer"
        if not folder.is_dir():
            return out
        known = {o.objekt for o in self.object_list}
        for path in sorted(folder.glob("*.md")):
            name = f"kommentarer/{path.name}"
            raw, _, problems = read_regular(path, name, MAX_TEXT_BYTES)
            if raw is None:
                self.problems.extend(problems)
                continue
            self.files.append(SourceFile(name, "UTF-8", FileDigest.of_bytes(name, raw), 0))
            interim = re.fullmatch(r"((?:19|20)[0-9][0-9])-(0[1-9]|1[0-2])", path.stem)
            if not interim and not re.fullmatch(r"(19|20)[0-9][0-9]", path.stem):
                self.problems.append(Problem(name, None, None, "filnamnet ska vara ett år eller år-månad, "
                                             "t.ex. kommentarer/2018.md eller kommentarer/2018-08.md"))
                continue
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                line = raw.count(b"\n", 0, e.start) + 1
                self.problems.append(Problem(name, line, None, "oläsbar teckenkodning; väntade UTF-8"))
                continue
            self.problems.extend(comment_problems(text, name, known))
            out[path.stem if interim else int(path.stem)] = MappingProxyType(parse_comments(text))
        return out

    def recipients(self) -> tuple[Recipient, ...]:
        f = self.read("mottagare.csv", False)
        if f is None or not f.require("namn", "epost", "rapporter"):
            return ()
        return recipients_from(f, {p.part for p in self.party_list})


def _budget_months(f: Fields, years: np.ndarray) -> np.ndarray:
    """The optional `period` column of budget.csv as months (0 = an annual row); YYYYMM of the row's year."""
    months = np.zeros(len(years), dtype=np.int8)
    if not f.table.has("period"):
        return months
    for i, text in enumerate(f.texts("period", required=False)):
        text = text.strip()
        if not text:
            continue
        m = re.fullmatch(r"((?:19|20)[0-9][0-9])(0[1-9]|1[0-2])", text)
        if m is None:
            f.add(i, "period", f"ogiltig period {text!r}; väntade ÅÅÅÅMM, t.ex. 201803, eller tomt för hela året")
        elif years[i] and int(m.group(1)) != years[i]:
            f.add(i, "period", f"perioden {text} ligger inte i året {years[i]} (kolumnen ar)")
        else:
            months[i] = int(m.group(2))
    return months


def _empty_budget() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ("ar", "manad", "objekt", "konto", "rad", "belopp_ore", "version", "beslut", "src_row")})


def _empty_ledger() -> pd.DataFrame:
    cols = ("ar", "period", "manad", "objekt", "konto", "rad", "belopp_ore", "text", "verifikation", "src_row")
    return pd.DataFrame({c: [] for c in cols})


def _empty_forecast() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ("ar", "prognos", "datum", "objekt", "konto", "rad", "belopp_ore", "src_row")})


def load_dataset(data_dir: str | Path = "data") -> Dataset:
    """Read and validate every file of a committee folder; raise DataError with all problems."""
    data_dir = Path(data_dir)
    not_folder = folder_problem(data_dir, str(data_dir))
    if not_folder is not None:
        raise DataError([not_folder])
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), None, None, "mappen finns inte; väntade en datamapp som data/")])
    ld = _Loader(data_dir)
    ld.problems.extend(p for sub in ("nycklar", "kommentarer") if (p := folder_problem(data_dir / sub, sub)))
    committee, problems, raw = load_committee(data_dir)
    ld.problems.extend(problems)
    ld.sources, problems = load_sources(raw)
    ld.problems.extend(problems)
    if raw is not None:
        ld.files.append(SourceFile("namnd.toml", "UTF-8", FileDigest.of_bytes("namnd.toml", raw), 0))
    ld.party_list = ld.parties()
    ld.object_list = ld.objects()
    ld.chart_ranges = ld.chart()
    ld.problems.extend(checks.overlapping_ranges(ld.chart_ranges))
    budget, ledger, forecast = ld.budget(), ld.ledger(), ld.forecast()
    turnover, pupils, purchases = ld.turnover(), ld.pupils(), ld.purchases()
    comments, recipients = ld.comments(), ld.recipients()
    dataset = Dataset(
        data_dir=data_dir,
        committee=committee,
        parties=ld.party_list,
        objects=ld.object_list,
        chart=ld.chart_ranges,
        budget=budget,
        ledger=ledger,
        forecast=forecast,
        turnover=turnover,
        pupils=pupils,
        purchases=purchases,
        comments=MappingProxyType(comments),
        recipients=recipients,
        files=tuple(ld.files),
    )
    ld.problems.extend(checks.cross_checks(dataset, getattr(ld, "object_rows", {})))
    if committee is not None:
        ld.problems.extend(checks.reserve_gaps(dataset))
    if ld.problems:
        raise DataError(sorted(set(ld.problems), key=_problem_order))
    return dataset


def _problem_order(p: Problem):
    return (p.file, p.row if p.row is not None else 10**12, p.column or "", p.message)
