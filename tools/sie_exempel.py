"""Write `data-sie/`: the example committee of `data/`, with its outcome and budget as finance-system exports.

Each year's outcome (`utfall.csv`) becomes the vouchers (#VER/#TRANS) of one SIE 4 file per
year, CP437 as the specification says, with the year's adopted budget as #PBUDGET (per month,
spread as the engine spreads `budget.csv`) and #PSALDO/#RES; the budget changes become a
Raindance-like CSV. Every other file is copied. Run from the repository's root:

    .venv/bin/python tools/sie_exempel.py [--data data] [--out data-sie]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from gns_lib.data.loader import load_dataset
from gns_lib.engine.periodisation import monthly_budget

COPIED = ("parter.csv", "objekt.csv", "kontoplan.csv", "prognos.csv", "mottagare.csv", "nycklar", "kommentarer")
PARTY_DIMENSION = "8"  # Kund: the party a contribution comes from (motpart)
BALANCING = {True: ("1510", "Kundfordringar"), False: ("2440", "Leverantörsskulder")}
CHANGES = "export/budgetandringar.csv"
ACCOUNT_NAMES = {"3410": "Försäljning av tjänster", "3810": "Grundfinansiering från parter",
                 "3820": "Projektbidrag från parter", "4520": "Initiala kostnader", "5011": "Löner",
                 "5510": "Arbetsgivaravgifter", "6420": "Konsulttjänster", "6490": "Övriga tjänster",
                 "6540": "IT-tjänster", "6560": "Licenser", "7310": "Utbildning", "7350": "Resor",
                 "7690": "Övriga omkostnader", "7830": "Avskrivningar inventarier", "8410": "Räntekostnader"}


def _q(text: str) -> str:
    """A SIE field: quoted, with quotes escaped; characters CP437 lacks (the en dash) as a hyphen."""
    return '"' + text.replace("\u2013", "-").replace('"', '\\"') + '"'


def _kr(ore: int) -> str:
    return f"{'-' if ore < 0 else ''}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def _last_day(period: int) -> str:
    year, month = divmod(period, 100)
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return f"{period}{days:02d}"


def sie_file(ds, year: int) -> str:
    """The year's SIE 4 file as text: head, accounts, dimensions, objects, budget, balances, vouchers."""
    ledger = ds.ledger[ds.ledger["ar"] == year]
    budget = monthly_budget(ds, year)
    adopted = budget[(budget["version"] == "fastställd") & (budget["belopp_ore"] != 0)]
    accounts = sorted(set(ledger["konto"].astype(str)) | set(adopted["konto"].astype(str)))
    lines = ["#FLAGGA 0", '#PROGRAM "gns tools/sie_exempel.py" 1.0', "#FORMAT PC8", "#GEN 20200115",
             "#SIETYP 4", '#FNAMN "Region Jämtland Härjedalen"', "#ORGNR 232100-0214",
             f"#RAR 0 {year}0101 {year}1231", '#KPTYP EUBAS97']
    for konto in accounts + [BALANCING[True][0], BALANCING[False][0]]:
        name = ACCOUNT_NAMES.get(konto) or dict(BALANCING.values()).get(konto) or f"Konto {konto}"
        lines.append(f"#KONTO {konto} {_q(name)}")
    lines += ['#DIM 1 "Ansvar"', '#DIM 6 "Projekt"', '#DIM 8 "Kund"']
    for ansvar in sorted(set(ledger["ansvar"].astype(str))):
        lines.append(f'#OBJEKT 1 {_q(ansvar)} {_q("Ansvar " + ansvar)}')
    for o in ds.objects:
        lines.append(f"#OBJEKT 6 {_q(o.objekt)} {_q(o.namn)}")
    for p in ds.parties:
        lines.append(f"#OBJEKT {PARTY_DIMENSION} {_q(p.part)} {_q(p.namn)}")
    totals: dict[str, int] = defaultdict(int)
    for konto, amount in zip(ledger["konto"].astype(str), ledger["belopp_ore"]):
        totals[konto] += int(amount)
    for konto in sorted(totals):
        lines.append(f"#RES 0 {konto} {_kr(totals[konto])}")
    lines += _period_rows("PSALDO", [(int(p), str(k), str(o), int(v)) for p, k, o, v in
                                     zip(ledger["period"], ledger["konto"], ledger["objekt"], ledger["belopp_ore"])])
    lines += _period_rows("PBUDGET", [(year * 100 + int(m), str(k), str(o), int(v)) for m, k, o, v in
                                      zip(adopted["manad"], adopted["konto"], adopted["objekt"], adopted["belopp_ore"])])
    for row in ledger.itertuples(index=False):
        day = _last_day(int(row.period))
        objects = f'1 {_q(str(row.ansvar))} 6 {_q(str(row.objekt))}'
        if str(row.motpart):
            objects += f" {PARTY_DIMENSION} {_q(str(row.motpart))}"
        revenue = int(row.belopp_ore) < 0
        lines.append(f'#VER "" {_q(str(row.verifikation))} {day} {_q(str(row.text))}')
        lines.append("{")
        lines.append(f"   #TRANS {row.konto} {{{objects}}} {_kr(int(row.belopp_ore))} {day} {_q(str(row.text))}")
        lines.append(f"   #TRANS {BALANCING[revenue][0]} {{}} {_kr(-int(row.belopp_ore))} {day}")
        lines.append("}")
    return "\r\n".join(lines) + "\r\n"


def _period_rows(label: str, rows: list[tuple[int, str, str, int]]) -> list[str]:
    """Per month and account the account's total ({}) and then each object's row, as a type 3 export writes them."""
    by_object: dict[tuple[int, str, str], int] = defaultdict(int)
    by_account: dict[tuple[int, str], int] = defaultdict(int)
    for period, konto, objekt, ore in rows:
        by_object[(period, konto, objekt)] += ore
        by_account[(period, konto)] += ore
    out = []
    for (period, konto), total in sorted(by_account.items()):
        out.append(f"#{label} 0 {period} {konto} {{}} {_kr(total)}")
        for (p, k, objekt), ore in sorted(by_object.items()):
            if (p, k) == (period, konto):
                out.append(f'#{label} 0 {period} {konto} {{6 {_q(objekt)}}} {_kr(ore)}')
    return out


def changes_csv(ds, years) -> str:
    """The budget changes per month as a Raindance-like export (revenues positive, as that report shows them)."""
    ansvar = {str(o): str(a) for o, a in zip(ds.ledger["objekt"], ds.ledger["ansvar"])}
    lines = ["PERIOD;KONTO_ID;KST_ID;PROJ_ID;BUDGET_PER;BESLUT"]
    decisions = {(int(a), str(o), str(k)): str(b) for a, o, k, b, v in
                 zip(ds.budget["ar"], ds.budget["objekt"], ds.budget["konto"], ds.budget["beslut"], ds.budget["version"])
                 if v == "ändring"}
    for year in years:
        m = monthly_budget(ds, year)
        for row in m[m["version"] == "ändring"].itertuples(index=False):
            shown = -int(row.belopp_ore)
            amount = f"{'-' if shown < 0 else ''}{abs(shown) // 100},{abs(shown) % 100:02d}"
            lines.append(f"{year * 100 + int(row.manad)};{row.konto};{ansvar.get(str(row.objekt), '')};{row.objekt};"
                         f"{amount};{decisions.get((year, str(row.objekt), str(row.konto)), '')}")
    return "\r\n".join(lines) + "\r\n"


def sources_toml(years) -> str:
    """The [kallor] section that reads the exports."""
    out = ["", "# Utfall och budget läses ur ekonomisystemets exporter (docs/dataformat.md, Källor):",
           "# nämndens objekt i dimension 6, ansvar i dimension 1 och motpart i dimension 8. Nästa års",
           "# export läggs i export/ och tas med av mönstret.",
           "[[kallor.utfall]]", 'filer = "export/*.se"', 'dimensioner = ["6"]', 'utfall_fran = "trans"',
           'behall = { ansvar = "1", motpart = "8" }', "",
           "# Den fastställda budgeten per månad (#PBUDGET), ett beslut per år."]
    for year in years:
        out += ["[[kallor.budget]]", f'filer = "export/{year}.se"', 'dimensioner = ["6"]', 'version = "fastställd"',
                f'beslut = "Verksamhetsplan {year}"', ""]
    out += ["# Budgetändringarna per månad, ur en Raindance-lik lista där intäkter är positiva.",
            "[[kallor.budget]]", f'filer = "{CHANGES}"', 'version = "ändring"', 'decimaltecken = ","',
            'tecken = "intakter_positiva"',
            '[kallor.budget.kolumner]', 'period = "PERIOD"', 'konto = "KONTO_ID"', 'objekt = "PROJ_ID"',
            'belopp = "BUDGET_PER"', 'beslut = "BESLUT"', ""]
    return "\n".join(out)


README = """# data-sie – exempelnämnden ur ekonomisystemets exporter

Samma nämnd som `data/`, men utfallet och budgeten läses ur exporter i stället för ur `utfall.csv`
och `budget.csv` (se `[kallor]` sist i `namnd.toml` och docs/dataformat.md, avsnittet Källor):

- `export/ÅÅÅÅ.se` – en SIE 4-fil per år i CP437, som ett ekonomisystem skriver den: verifikationerna
  (`#VER`/`#TRANS`, objekt i dimension 6, ansvar i dimension 1 och motpart i dimension 8), periodsaldon
  (`#PSALDO`, `#RES`) och den fastställda budgeten per månad (`#PBUDGET`).
- `export/budgetandringar.csv` – budgetändringarna per månad som en Raindance-lik lista
  (`PERIOD;KONTO_ID;KST_ID;PROJ_ID;BUDGET_PER;BESLUT`, intäkter positiva).

Övriga filer är kopior av `data/`. Mappen skrivs av `tools/sie_exempel.py` (kör
`make data-sie` efter en ändring i `data/`); `tests/test_example_sie.py`
visar att `gns figures` ger samma nyckeltal för båda mapparna, på öret.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data")
    parser.add_argument("--out", default="data-sie")
    args = parser.parse_args(argv)
    ds = load_dataset(args.data)
    src, out = Path(args.data), Path(args.out)
    years = sorted({int(y) for y in ds.ledger["ar"]} | {int(y) for y in ds.budget["ar"]})
    if out.exists():
        shutil.rmtree(out)
    (out / "export").mkdir(parents=True)
    for name in COPIED:
        if (src / name).is_dir():
            shutil.copytree(src / name, out / name)
        elif (src / name).exists():
            shutil.copy2(src / name, out / name)
    toml = (src / "namnd.toml").read_text(encoding="utf-8")
    (out / "namnd.toml").write_text(toml.rstrip("\n") + "\n" + sources_toml(years), encoding="utf-8")
    for year in years:
        (out / "export" / f"{year}.se").write_bytes(sie_file(ds, year).encode("cp437"))
    (out / CHANGES).write_bytes(changes_csv(ds, years).encode("utf-8"))
    (out / "README.md").write_text(README, encoding="utf-8")
    print(f"skrev {out}: {', '.join(f'export/{y}.se' for y in years)}, {CHANGES}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
