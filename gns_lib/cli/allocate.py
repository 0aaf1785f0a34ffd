"""`gns allocate`: split the year's costs among the parties, print a Swedish summary, write the fakturaunderlag."""

from __future__ import annotations

import argparse
import sys

from gns_lib.cli.options import year


def add_arguments(p: argparse.ArgumentParser) -> None:
    # Not `required=True`: argparse would say so in English; `run` says it in Swedish.
    p.add_argument("--year", type=year, metavar="ÅR", help="fördelningsåret, t.ex. 2019 (krävs)")
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")
    p.add_argument("--out", default="outputs", metavar="MAPP",
                   help="utmapp; filerna skrivs i MAPP/ÅR/ (standard: outputs)")
    p.add_argument("--through", metavar="ÅÅÅÅ-MM",
                   help="delår: fördelningen per månaden, t.ex. 2018-08 (grundbidrag och preliminär fördelning, "
                        "ingen slutreglering före årets slut); filerna skrivs i MAPP/ÅÅÅÅ-MM/")


def run(args: argparse.Namespace) -> int:
    from gns_lib.allocation.interim import allocate_through
    from gns_lib.engine.periods import period_of
    from gns_lib.present.invoicing import invoice_title, write_invoicing
    from gns_lib.data.loader import load_dataset
    from gns_lib.allocation.weights import check_allocation_data
    from gns_lib.allocation.statements import check_balance, committee_totals, party_statements
    from gns_lib.present.allocation_tables import balance_messages

    if args.year is None:
        print("gns allocate: fel: ange fördelningsåret med --year ÅR, t.ex. --year 2019", file=sys.stderr)
        return 2
    from gns_lib.core.paths import output_overlap

    overlap = output_overlap(args.out, args.data, args.year)
    if overlap:
        print(f"gns allocate: fel: {overlap}", file=sys.stderr)
        return 2
    ds = check_allocation_data(load_dataset(args.data))
    period = period_of(ds, args.year, args.through)
    if not period.whole_year:
        print(f"{period.first_line}: ingen slutreglering före årets slut (bara grundbidrag och preliminär fördelning).")
    alloc = allocate_through(ds, args.year, period.label)
    statements = party_statements(ds, alloc)
    check = check_balance(statements, committee_totals(alloc))
    print(summary_text(ds, alloc, statements))
    if not check.ok:
        print("Kontrollen misslyckades: partsavräkningarna summerar inte till nämndens totaler. "
              "Inga filer skrevs.", file=sys.stderr)
        for message in balance_messages(check):
            print(f"  {message}", file=sys.stderr)
        return 1
    print("Kontroll: partsavräkningarna summerar exakt till nämndens totaler.")
    if not statements:
        print(f"Inget att fakturera för {args.year}; inga filer skrevs.")
        return 0
    folder = None if period.whole_year else period.label
    written = write_invoicing(args.out, args.year, statements, alloc.provenance(), invoice_title(args.year, ds.committee.namn),
                              folder)
    for w in written:
        print(f"Skrev {w.path}" if w.changed else f"Oförändrad: {w.path} (samma innehåll, skrevs inte om)")
    stale = _stale_marker_note(written[0].path.parent, args.year, [w.path for w in written if w.changed])
    if stale:
        print(stale, file=sys.stderr)
    return 0


def _stale_marker_note(year_dir, year: int, changed: list) -> str | None:
    """A warning when a report run's KLAR.json lists fakturaunderlag files this run has changed."""
    from gns_lib.mail.marker import read_completion_marker

    marker, _ = read_completion_marker(year_dir, year)
    if marker is None or not any(p.name in marker.files for p in changed):
        return None
    return (f"Obs: {year_dir / 'KLAR.json'} från gns report listar det tidigare fakturaunderlaget, som nu har "
            f"ersatts. Kör gns report --year {year} igen så att rapporterna och fakturaunderlaget bygger på samma data.")


def summary_text(ds, alloc, statements) -> str:
    """The Swedish summary table: the projects, then one row per party (kronor, positive = the party pays)."""
    from gns_lib.data.money import ore_to_kr
    from gns_lib.present.fmt import MISSING, kr

    base = {b.part: b.amount_ore for b in alloc.base or ()}
    amounts = list(base.values())
    for pa in alloc.projects:
        for split in (pa.preliminary, pa.final):
            if split:
                amounts += [split.amount.rounded_ore, *(s.share_ore for s in split.shares)]
    decimals = 0 if all(a % 100 == 0 for a in amounts) else 2

    def money(ore: int | None) -> str:
        return MISSING if ore is None else kr(ore_to_kr(ore), decimals)

    def avr(ore: int) -> str:
        return kr(ore_to_kr(ore), 2) if ore < 0 else ("+" if ore else "±") + kr(ore_to_kr(ore), 2)

    lines = [f"Fördelning {alloc.year} – {ds.committee.namn} ({ds.committee.kortnamn})",
             "Belopp i kronor; positivt = parten betalar, negativt = parten får tillbaka.", ""]
    if alloc.base is None:
        lines.append(f"Grundfinansiering för {alloc.year} saknas i namnd.toml: inga grundbidrag.")
    else:
        rule = "hela året" if ds.committee.grundfinansiering_pro_rata == "helar" else "efter antal månader"
        annual = ds.committee.grundfinansiering[alloc.year]
        lines.append(f"Grundbidrag: {kr(annual, 2 if annual % 1 else 0)} kr per part ({rule}), "
                     f"totalt {money(sum(base.values()))} kr.")
    if alloc.projects:
        lines += ["", f"{'Projekt':<34}{'Nyckel':<18}{'Preliminärt':>14}{'Slutligt':>14}{'Avrundning':>12}"]
        for pa in alloc.projects:
            name = f"{pa.obj.objekt} {pa.obj.namn}"[:33]
            prelim = pa.preliminary.amount.rounded_ore if pa.preliminary else None
            final = pa.final.amount.rounded_ore if pa.final else None
            rounding = pa.final or pa.preliminary
            lines.append(f"{name:<34}{pa.obj.nyckel or '':<18}{money(prelim):>14}{money(final):>14}"
                         f"{avr(rounding.amount.avrundning_ore) if rounding else MISSING:>12}")
    else:
        lines += ["", f"Inga projekt att fördela {alloc.year}."]
    if not statements:
        return "\n".join(lines)
    header = f"{'Part':<14}{'Grundbidrag':>13}" + "".join(f"{pa.obj.objekt:>12}" for pa in alloc.projects)
    header += f"{'Preliminärt':>14}{'Slutligt':>14}{'Att fakturera':>15}"
    lines += ["", "Per part (projektkolumnerna visar slutlig andel, annars preliminär):", header]
    for st in statements:
        row = f"{st.party.part[:13]:<14}{money(base.get(st.party.part)):>13}"
        for pa in alloc.projects:
            split = pa.final or pa.preliminary
            s = split.share(st.party.part) if split else None
            row += f"{money(s.share_ore) if s else MISSING:>12}"
        row += f"{money(st.preliminary_ore):>14}{money(st.final_ore):>14}{money(st.difference_ore):>15}"
        lines.append(row)
    total = f"{'Summa':<14}{money(sum(base.values()) if alloc.base is not None else None):>13}"
    for pa in alloc.projects:
        split = pa.final or pa.preliminary
        total += f"{money(split.amount.rounded_ore) if split else MISSING:>12}"
    finals = [st.final_ore for st in statements]
    diffs = [st.difference_ore for st in statements]
    total += f"{money(sum(st.preliminary_ore for st in statements)):>14}"
    total += f"{money(None if None in finals else sum(finals)):>14}{money(None if None in diffs else sum(diffs)):>15}"
    lines.append(total)
    for pa in alloc.projects:
        r = pa.redistribution
        if r:
            joined = ", ".join(f"{p} från {d.isoformat()}" for p, d in r.joined)
            moved = ", ".join(f"{p} {'+' if m > 0 else ''}{money(m)}" for p, m in r.moved_ore if m)
            lines.append(f"Omfördelning {pa.obj.objekt} ({joined} gick med under året): {moved}")
    return "\n".join(lines)
