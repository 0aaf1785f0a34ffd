"""Generated committee folders shaped like `data/`, of any size: parties, objects, ledger rows.

Deterministic (one seed, no clock): the same arguments always write the same bytes, so a test
or a benchmark can compare runs. Used by the big-committee tests and `benchmarks/bench_scale.py`.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
YEARS = (2017, 2018)
KEYS = ("budgetomslutning", "elevantal", "lika")
# (account, sign): a project or uppdrag books income on 3xxx and costs on 4xxx–8xxx like the example.
COST_ACCOUNTS = (4520, 5011, 5510, 6420, 6540, 6560, 7690, 7830, 8410)
INCOME_ACCOUNT = 3410
NAMND = "6660"


@dataclass(frozen=True)
class Shape:
    """How big the committee is: members, objects (the nämnd object included) and ledger rows in all."""

    parties: int = 9
    objects: int = 5
    rows: int = 160
    seed: int = 2018


def _kr(ore: int) -> str:
    """Öre as the ledger's text with a decimal comma: 75400,00 or -1188000,00."""
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100},{ore % 100:02d}"


def _org_nr(i: int) -> str:
    """A distinct organisation number with a valid Luhn check digit: 212000-0018, …"""
    digits = f"212{i:06d}"
    total = 0
    for pos, d in enumerate(int(c) for c in digits):
        d = d * 2 if pos % 2 == 0 else d
        total += d - 9 if d > 9 else d
    nine = digits + str((10 - total % 10) % 10)
    return f"{nine[:6]}-{nine[6:]}"


def _party_codes(n: int) -> list[str]:
    return ["region"] + [f"k{i:03d}" for i in range(1, n)]


def _object_codes(n: int) -> list[str]:
    return [NAMND] + [str(7000 + i) for i in range(1, n)]


def write_committee(folder: Path, shape: Shape = Shape()) -> Path:
    """Write a valid committee folder for `shape` into `folder` (created) and return it.

    The ledger's `shape.rows` rows are split over the two years, each year's over its budget lines.
    """
    rng = random.Random(shape.seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nycklar").mkdir(exist_ok=True)
    (folder / "kommentarer").mkdir(exist_ok=True)
    shutil.copy(DATA / "kontoplan.csv", folder / "kontoplan.csv")
    parties = _party_codes(shape.parties)
    objects = _object_codes(shape.objects)
    _settings(folder)
    _parties(folder, parties)
    kinds = _objects(folder, objects)
    _keys(folder, parties, rng)
    budgets = _budget(folder, objects, kinds, rng)
    _ledger(folder, parties, budgets, shape.rows, rng)
    _forecasts(folder, budgets, rng)
    _comments(folder, objects)
    return folder


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _settings(folder: Path) -> None:
    _write(folder / "namnd.toml", [
        'namn = "Genererad gemensam nämnd"', 'kortnamn = "GEN"', 'vardorganisation = "Region Genererad"',
        "uppstartsar = [2017]", "vasentlighet_kr = 50000", "vasentlighet_procent = 10", "avrundning_kr = 1",
        "ingaende_reserv = 0", "ingaende_reserv_ar = 2017", 'grundfinansiering_pro_rata = "helar"',
        'enhet = "tkr"', "", "[grundfinansiering]", "2017 = 101600", "2018 = 101600", "",
        "[prisindex]", '2018 = "2.9"',
    ])


def _parties(folder: Path, parties: list[str]) -> None:
    lines = ["part;namn;org_nr;typ;medlem_fran;medlem_till"]
    for i, p in enumerate(parties):
        kind, name = ("region", "Region Genererad") if i == 0 else ("kommun", f"Kommun {i:03d}")
        lines.append(f"{p};{name};{_org_nr(i)};{kind};2017-01-01;")
    _write(folder / "parter.csv", lines)


def _objects(folder: Path, objects: list[str]) -> dict[str, str]:
    """The nämnd object first, then uppdrag and projekt alternating (projects with a key, all members)."""
    lines, kinds = ["objekt;namn;typ;nyckel;deltagare", f"{NAMND};Gemensam nämnd;nämnd;;"], {NAMND: "nämnd"}
    for i, o in enumerate(objects[1:]):
        if i % 2:
            kinds[o] = "projekt"
            lines.append(f"{o};Projekt {o};projekt;{KEYS[i // 2 % len(KEYS)]};alla")
        else:
            kinds[o] = "uppdrag"
            lines.append(f"{o};Uppdrag {o};uppdrag;;")
    _write(folder / "objekt.csv", lines)
    return kinds


def _keys(folder: Path, parties: list[str], rng: random.Random) -> None:
    omslutning = ["part;ar;belopp;kalla"]
    elever = ["part;matdatum;antal;kalla"]
    for p in parties:
        size = rng.randint(200, 9000)
        for year in (2015, 2016, 2017):
            omslutning.append(f"{p};{year};{size * 1_000_000 + rng.randint(0, 999) * 1000};Genererad")
        for year in (2015, 2016, 2017, 2018):
            elever.append(f"{p};{year}-10-15;{size // 3 + rng.randint(0, 50)};Genererad")
    _write(folder / "nycklar" / "budgetomslutning.csv", omslutning)
    _write(folder / "nycklar" / "elevantal.csv", elever)


def _budget(folder: Path, objects: list[str], kinds: dict[str, str], rng: random.Random) -> dict:
    """Budget per year, object and account in öre; the nämnd object is funded by the parties (3810)."""
    lines, budgets = ["ar;objekt;konto;belopp;version;beslut"], {}
    for year in YEARS:
        for o in objects:
            accounts = rng.sample(COST_ACCOUNTS, 3)
            costs = {a: rng.randint(20, 900) * 100_000 for a in accounts}
            income = -sum(costs.values()) if kinds[o] != "projekt" else 0
            if kinds[o] == "nämnd":
                costs[3810] = income
            elif income:
                costs[INCOME_ACCOUNT] = income
            for account, ore in costs.items():
                budgets[(year, o, account)] = ore
                lines.append(f"{year};{o};{account};{_kr(ore)};fastställd;Genererad budget {year}")
    _write(folder / "budget.csv", lines)
    return budgets


def _ledger(folder: Path, parties: list[str], budgets: dict, rows: int, rng: random.Random) -> None:
    """`rows` ledger rows in all, split evenly over the years, then over each year's budget lines and the
    months; each line's outcome is 70–140 % of its budget (whole kronor), the öre-exact rest on its last row."""
    header = "period;konto;ansvar;objekt;motpart;belopp;text;verifikation"
    with (folder / "utfall.csv").open("w", encoding="utf-8", newline="\n") as f:
        f.write(header + "\n")
        for y, year in enumerate(YEARS):
            keys = [k for k in budgets if k[0] == year]
            year_rows = rows // len(YEARS) + (rows % len(YEARS) if y == len(YEARS) - 1 else 0)
            written, n = [], 0
            for i, (_, o, account) in enumerate(keys):
                count = year_rows // len(keys) + (1 if i < year_rows % len(keys) else 0)
                if count == 0:
                    continue
                percent = rng.choice((70, 90, 100, 100, 110, 140))
                total = budgets[(year, o, account)] * percent // 10_000 * 100  # whole kronor
                share, rest = divmod(total, count)
                for j in range(count):
                    amount = share + (rest if j == count - 1 else 0)
                    motpart = parties[j % len(parties)] if account == 3810 else ""
                    written.append(f"{year}{(i + j) % 12 + 1:02d};{account};04121;{o};{motpart};{_kr(amount)};"
                                   f"Genererad rad {n + 1};GV{year % 100}-{n + 1:07d}")
                    n += 1
                    if len(written) >= 100_000:
                        f.write("\n".join(written) + "\n")
                        written = []
            if written:
                f.write("\n".join(written) + "\n")


def _forecasts(folder: Path, budgets: dict, rng: random.Random) -> None:
    """Two forecasts of 2018 (April, August), each budget line at 95, 100 or 105 %."""
    lines = ["ar;prognos;datum;objekt;konto;belopp"]
    for name, datum in (("Delår april", "2018-04-30"), ("Delår augusti", "2018-08-31")):
        for (year, o, account), ore in budgets.items():
            if year == 2018:
                lines.append(f"2018;{name};{datum};{o};{account};{_kr(ore // 100 * rng.choice((95, 100, 105)))}")
    _write(folder / "prognos.csv", lines)


def _comments(folder: Path, objects: list[str]) -> None:
    """A short explanation for the nämnd object and every tenth object; the others stay uncommented."""
    lines = ["# Kommentarer 2018", "", "## Sammanfattning", "", "En genererad nämnd för prestandamätningar.", ""]
    for o in objects[::10]:
        lines += [f"## {o}", "", f"Avvikelsen på objekt {o} beror på genererade belopp.", ""]
    _write(folder / "kommentarer" / "2018.md", lines)
