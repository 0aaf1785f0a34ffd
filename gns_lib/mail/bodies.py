"""The Swedish subject and the two bodies of a message: plain text and static HTML.

The HTML has no script, no style sheet and no external resource: simple tables with
attributes that Outlook's Word renderer keeps. Every data string is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from gns_lib.present.fmt import MISSING, NBSP, kr
from gns_lib.present.units import TKR, ReportUnit
from gns_lib.allocation.keys import KEYS
from gns_lib.mail.report_figures import CommitteeFigures, PartyFigures


@dataclass(frozen=True)
class BodyContext:
    """Everything the texts of one message need (already checked and exact)."""

    year: int
    committee: str  # the committee's full name
    recipient_name: str
    party_name: str | None
    committee_figures: CommitteeFigures | None  # for arsbokslut recipients
    party_figures: PartyFigures | None  # for partsrapport recipients
    attachment_names: tuple[str, ...]
    zip_name: str | None  # set when the reports are packed in one zip
    budget_basis: bool = False  # a plan mailing: the party's budgetunderlag from `gns plan`
    period_title: str = ""  # a delår's "Delårsrapport augusti 2018"; empty for the årsbokslut
    period_span: str = ""  # a delår's months, "januari–augusti 2018"; empty for the årsbokslut
    unit: ReportUnit = TKR  # the reports' unit: the message shows each figure as the report does


def subject(ctx: BodyContext) -> str:
    if ctx.budget_basis:
        return f"Budgetunderlag {ctx.year} för {ctx.party_name} – {ctx.committee}"
    if ctx.period_title:
        return f"{ctx.period_title} – {ctx.committee}"
    if ctx.committee_figures is not None and ctx.party_figures is not None:
        return f"Årsbokslut och partsrapport {ctx.year} för {ctx.party_name} – {ctx.committee}"
    if ctx.party_figures is not None:
        return f"Partsrapport {ctx.year} för {ctx.party_name} – {ctx.committee}"
    return f"Årsbokslut {ctx.year} – {ctx.committee}"


def kronor(amount: Decimal | None) -> str:
    """Kronor for a party's figures: "101 600 kr", with öre only where there are öre."""
    if amount is None:
        return MISSING
    return kr(amount, 0 if amount == amount.to_integral_value() else 2) + NBSP + "kr"


def signed_kronor(amount: Decimal | None) -> str:
    """A settlement in kronor with explicit sign: "+2 000 kr", "−500 kr", "±0 kr"."""
    if amount is None:
        return MISSING
    text = kronor(amount)
    return "±" + text if amount == 0 else ("+" + text if amount > 0 else text)


def key_text(name: str) -> str:
    """An allocation key for readers: its Swedish description from the registry (`gns_lib.allocation.keys.KEYS`)."""
    key = KEYS.get(name)
    return key.description if key is not None else name


def settlement_sentence(party: PartyFigures, year: int) -> str:
    if party.projects is None:
        return f"Slutregleringen för {year} kan inte beräknas: projektfördelningen saknas i årets rapport."
    d = party.difference
    if d is None:
        return f"Slutregleringen för {year} kan inte beräknas ännu: utfall saknas för minst ett projekt."
    if d > 0:
        return f"Att fakturera vid årets slut: {kronor(d)}."
    if d < 0:
        return f"Att kreditera vid årets slut: {kronor(-d)}."
    return "Inget att fakturera eller kreditera vid årets slut."


def _intro(ctx: BodyContext) -> str:
    if ctx.budget_basis:
        return (f"Här kommer budgetunderlaget för {ctx.party_name} {ctx.year} från {ctx.committee}: grundbidraget "
                "och den preliminära andelen av varje projekt, att föra in i er budget.")
    what = []
    if ctx.committee_figures is not None:
        what.append(f"{ctx.period_title[0].lower() + ctx.period_title[1:]}" if ctx.period_title else f"årsbokslutet för {ctx.year}")
    if ctx.party_figures is not None:
        what.append(f"partsrapporten för {ctx.party_name} {ctx.year}")
    return f"Här kommer {' och '.join(what)} från {ctx.committee}."


def _howto(ctx: BodyContext) -> str:
    if ctx.zip_name:
        return (f"Rapporterna ligger i den bifogade zip-filen {ctx.zip_name} ({', '.join(ctx.attachment_names)}). "
                "Packa upp den och öppna HTML-filerna i en webbläsare; de fungerar utan internetanslutning.")
    return (f"Rapporterna är bifogade som HTML-filer ({', '.join(ctx.attachment_names)}). "
            "Öppna dem i en webbläsare; de fungerar utan internetanslutning.")


def _committee_rows(c: CommitteeFigures, year: int, u: ReportUnit = TKR) -> list[tuple[str, str]]:
    """The committee's figures as the report's tables show them (same unit, costs negative).

    A delår shows the reserve as its report does: with the result to date, and the closing
    reserve the latest forecast expects instead of the year-end one that is not known yet.
    """
    costs = None if c.reserve_costs is None else -c.reserve_costs
    rows = [
        ("Budget, netto", u.text(c.budget_net)),
        ("Utfall, netto", u.text(c.actual_net)),
        ("Avvikelse mot budget", u.signed(c.variance)),
        ("Ingående reserv", u.text(c.reserve_opening)),
        ("Bidrag från parter", u.text(c.reserve_contributions)),
        ("Nämndens kostnader", u.text(costs)),
    ]
    if c.through:
        return rows + [("Reserv med periodens resultat", u.text(c.reserve_with_result)),
                       ("Väntad utgående reserv enligt helårsprognosen", u.text(c.reserve_expected_closing))]
    return rows + [(f"Utgående reserv, förs till {year + 1}", u.text(c.reserve_closing))]


def _result_title(ctx: BodyContext) -> str:
    """"Nämndens resultat 2018", or a delår's "Nämndens resultat januari–augusti 2018"."""
    return f"Nämndens resultat {ctx.period_span or ctx.year}"


def _deficit_text(c: CommitteeFigures) -> str:
    if c.through:
        return "Observera: enligt helårsprognosen blir reserven negativ vid årets slut."
    return "Observera: den utgående reserven är negativ."


def _project_label(p) -> str:
    return f"{p.objekt} {p.name}".strip()


def plain_text(ctx: BodyContext) -> str:
    lines = [f"Hej {ctx.recipient_name},", "", _intro(ctx), _howto(ctx)]
    c = ctx.committee_figures
    if c is not None:
        lines += ["", _result_title(ctx)]
        rows = _committee_rows(c, ctx.year, ctx.unit)
        lines += [f"  {label}: {value}" for label, value in rows[:3]]
        lines += ["Reserv (balansering)"]
        lines += [f"  {label}: {value}" for label, value in rows[3:]]
        if c.deficit:
            lines.append(f"  {_deficit_text(c)}")
    p = ctx.party_figures
    if p is not None:
        lines += ["", f"{ctx.party_name} {ctx.year} (kronor; positivt = parten betalar)",
                  f"  Grundbidrag: {kronor(p.base)}"]
        for s in p.projects or ():
            lines.append(f"  {_project_label(s)}: preliminärt {kronor(s.preliminary)}, "
                         f"slutligt {kronor(s.final)}, att fakturera {signed_kronor(s.difference)}")
            lines.append(f"    Nyckel: {key_text(s.key)}")
        if p.projects == ():
            lines.append("  Inga projektandelar.")
        lines.append(f"  {settlement_sentence(p, ctx.year)}")
    lines += ["", _source(ctx), "", "Med vänlig hälsning", ctx.committee, ""]
    return "\n".join(lines)


def _source(ctx: BodyContext) -> str:
    if ctx.budget_basis:
        return "Beloppen står i det bifogade budgetunderlaget, från samma körning av gns plan."
    return FIGURES_NOTE


FIGURES_NOTE = "Siffrorna är desamma som i de bifogade rapporterna, från samma körning."
_TABLE = '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse;font-family:Arial,sans-serif;font-size:10pt">'
_NUM = ' align="right" style="white-space:nowrap"'


def _row(cells: list[str], header: bool = False, numeric_from: int = 1) -> str:
    tag = "th" if header else "td"
    out = []
    for i, cell in enumerate(cells):
        attrs = ' align="left"' if header and i < numeric_from else (_NUM if i >= numeric_from else "")
        out.append(f"<{tag}{attrs}>{escape(cell)}</{tag}>")
    return "<tr>" + "".join(out) + "</tr>"


def html_body(ctx: BodyContext) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        f"<title>{e(subject(ctx))}</title></head>",
        '<body style="font-family:Arial,sans-serif;font-size:11pt">',
        f'<h1 style="font-size:13pt">{e(subject(ctx))}</h1>',
        f"<p>Hej {e(ctx.recipient_name)},</p>",
        f"<p>{e(_intro(ctx))}<br>{e(_howto(ctx))}</p>",
    ]
    c = ctx.committee_figures
    if c is not None:
        rows = _committee_rows(c, ctx.year, ctx.unit)
        parts += [f"<h2 style=\"font-size:12pt\">{e(_result_title(ctx))}</h2>", _TABLE]
        parts += [_row([label, value]) for label, value in rows[:3]]
        parts += ["</table>", '<h2 style="font-size:12pt">Reserv (balansering)</h2>', _TABLE]
        parts += [_row([label, value]) for label, value in rows[3:]]
        parts.append("</table>")
        if c.deficit:
            parts.append(f"<p><b>{e(_deficit_text(c))}</b></p>")
    p = ctx.party_figures
    if p is not None:
        parts += [f"<h2 style=\"font-size:12pt\">{e(f'{ctx.party_name} {ctx.year}')}</h2>",
                  "<p>Belopp i kronor; positivt = parten betalar, negativt = parten får tillbaka.</p>", _TABLE,
                  _row(["Post", "Nyckel", "Preliminärt", "Slutligt", "Att fakturera"], header=True, numeric_from=2),
                  _row(["Grundbidrag", "Grundfinansiering", kronor(p.base), kronor(p.base), signed_kronor(
                      Decimal(0) if p.base is not None else None)], numeric_from=2)]
        for s in p.projects or ():
            parts.append(_row([_project_label(s), key_text(s.key), kronor(s.preliminary), kronor(s.final),
                               signed_kronor(s.difference)], numeric_from=2))
        parts += ["</table>", f"<p><b>{e(settlement_sentence(p, ctx.year))}</b></p>"]
    parts += [f"<p>{e(_source(ctx))}</p>",
              f"<p>Med vänlig hälsning<br>{e(ctx.committee)}</p>", "</body></html>", ""]
    return "\n".join(parts)
