"""`gns mail`: e-mail the year's reports — drafts (.eml) by default, over SMTP with --send."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from gns_lib.cli.options import seconds_up_to, year


def _year(text: str) -> int:
    return year(text, example=2018)


def _megabytes(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError(f"ogiltig storlek {text!r}; väntade ett positivt tal megabyte, t.ex. 20 eller 0,5")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds ("30", "0,5"), at most a day; nan, inf, 0 and negative numbers are refused."""
    value = seconds_up_to(text, 86400)
    if value is None:
        raise argparse.ArgumentTypeError(f"ogiltig tid {text!r}; väntade ett positivt antal sekunder, högst 86 400, "
                                         "t.ex. 60 eller 0,5")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    # Not `required=True`: argparse would say so in English; `run` says it in Swedish.
    p.add_argument("--year", type=_year, metavar="ÅR", help="rapportåret, t.ex. 2018 (krävs)")
    p.add_argument("--through", metavar="ÅÅÅÅ-MM",
                   help="delårsrapporten till och med månaden, t.ex. 2018-08; läses ur MAPP/ÅÅÅÅ-MM/ "
                        "(standard: samma period som gns report väljer)")
    p.add_argument("--out", default="outputs", metavar="MAPP",
                   help="utmappen från gns report; rapporterna läses ur MAPP/ÅR/ (standard: outputs)")
    p.add_argument("--data", default="data", metavar="MAPP", help="datamappen (standard: data)")
    p.add_argument("--recipients", metavar="FIL",
                   help="mottagarfil namn;epost;part;rapporter (standard: DATAMAPP/mottagare.csv)")
    p.add_argument("--plan", action="store_true",
                   help="skicka budgetunderlagen från gns plan (MAPP/plan-ÅR/) till mottagare med budgetunderlag "
                        "i stället för årets rapporter")
    p.add_argument("--zip", action="store_true",
                   help="packa rapporterna i en zip-fil (för organisationer som stoppar .html-bilagor)")
    p.add_argument("--max-mb", type=_megabytes, default=None, metavar="MB",
                   help="största storlek per meddelande med bilagor, i MB om 1 048 576 byte (standard: 20)")
    p.add_argument("--from", dest="sender", metavar="AVSÄNDARE",
                   help='avsändare, "adr@exempel.se" eller "Namn <adr@exempel.se>" (krävs med --send; '
                        "standard med --send: --user om det är en adress)")
    p.add_argument("--send", action="store_true",
                   help="skicka över SMTP (utan --send skrivs bara utkast som .eml-filer i MAPP/ÅR/mail/)")
    p.add_argument("--smtp", metavar="VÄRD:PORT", help="SMTP-servern, t.ex. smtp.region.se:587 (krävs med --send)")
    p.add_argument("--starttls", action="store_true", help="kryptera förbindelsen med STARTTLS")
    p.add_argument("--user", metavar="ANVÄNDARE",
                   help="logga in som ANVÄNDARE; lösenordet läses ur miljövariabeln GNS_SMTP_PASSWORD "
                        "(kräver --starttls utom mot den egna datorn: localhost, 127.0.0.1, ::1)")
    p.add_argument("--smtp-timeout", type=_seconds, default=None, metavar="SEK",
                   help="hur länge servern får dröja med ett svar (standard: 60); ett meddelande som lämnats utan "
                        "svar loggas som osäkert")
    p.add_argument("--skicka-osakra", action="store_true",
                   help="skicka också meddelanden som loggen kallar osäkra (lämnade till servern utan svar, eller "
                        "avbrutna mitt i): använd bara när du vet att de inte kom fram, annars får mottagaren två")


def run(args: argparse.Namespace) -> int:
    from gns_lib.core.errors import MailError, Problem
    from gns_lib.mail.outbox import DEFAULT_MAX_MB, max_bytes_from_mb, prepare_outbox, write_drafts
    from gns_lib.mail.send import settings_from, send_outbox

    if args.year is None:
        print("gns mail: fel: ange rapportåret med --year ÅR, t.ex. --year 2018", file=sys.stderr)
        return 2
    from gns_lib.core.paths import output_overlap

    problems: list[Problem] = []
    overlap = output_overlap(args.out, args.data, args.year)
    if overlap:
        problems.append(Problem("--out", None, None, overlap))
    settings = None
    sender = args.sender
    if args.send:
        settings, send_problems = settings_from(args.smtp, args.starttls, args.user)
        problems += send_problems
        if settings is not None and args.smtp_timeout is not None:
            settings = replace(settings, timeout=args.smtp_timeout)
        if not sender and args.user and "@" in args.user:
            sender = args.user
        if not sender:
            problems.append(Problem("--from", None, None, "--send kräver en avsändare: ange --from adr@exempel.se"))
    elif args.smtp or args.starttls or args.user or args.skicka_osakra or args.smtp_timeout:
        print("Obs: --smtp, --starttls, --user, --smtp-timeout och --skicka-osakra används bara med --send; "
              "nu skrivs bara utkast.", file=sys.stderr)
    outbox = prepare_outbox(
        args.year, args.out, args.data, args.recipients, use_zip=args.zip,
        max_bytes=max_bytes_from_mb(args.max_mb if args.max_mb is not None else DEFAULT_MAX_MB),
        sender=sender, extra_problems=problems, plan=args.plan, through=args.through,
    )
    if outbox.first_line:
        print(outbox.first_line)
    if not args.send:
        paths = write_drafts(outbox)
        print(f"Skrev {len(paths)} utkast i {outbox.mail_dir}/ (öppna .eml-filerna i Outlook eller Thunderbird).")
        for path, plan in zip(paths, outbox.plans):
            print(f"  {path.name}: {plan.recipient.namn} <{plan.recipient.epost}>")
        print("Inget skickades. Skicka med --send --smtp VÄRD:PORT --from ADRESS.")
        return 0

    def progress(m, result: str) -> None:
        print(f"  {m.recipient.namn} <{m.recipient.epost}>: {result}", flush=True)

    print(f"Skickar {len(outbox.plans)} meddelanden via {settings.host}:{settings.port} …", flush=True)
    report = send_outbox(outbox, settings, progress=progress, send_uncertain=args.skicka_osakra)
    print(f"Skickade {len(report.sent)}, redan skickade tidigare {len(report.skipped)}, "
          f"misslyckades {len(report.failed)}, osäkra {len(report.uncertain) + len(report.held)}. "
          f"Logg: {report.log_path}")
    try:
        report.raise_for_failures()
    except MailError as e:
        print(f"fel: {e}", file=sys.stderr)
        return 1
    return 0
