"""Shared fixtures for the mail tests: a committee folder, a finished report run, an SMTP server.

The report folder mimics what `gns report` writes (small fake HTML files with awkward
bytes, `nyckeltal.json` in the documented shape, the completion marker). The SMTP
server is aiosmtpd on 127.0.0.1, with handlers that refuse or drop on purpose.
"""

from __future__ import annotations

import json
import socket
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

from gns_lib.mail.marker import write_completion_marker

YEAR = 2018

PARTIES = """
    part;namn;org_nr;typ;medlem_fran;medlem_till
    R;Region Test;232100-0016;region;2017-01-01;
    A;Testby kommun;212000-0001;kommun;2017-01-01;
    B;Åsele kommun;212000-2486;kommun;2018-01-01;
"""

RECIPIENTS = """
    namn;epost;part;rapporter
    Ordförande Åsa Öberg;ordforande@test.example;;arsbokslut
    Ekonomichef Testby;ekonomi@testby.example;A;arsbokslut,partsrapport
    Ekonomichef Åsele;ekonomi@asele.example;B;partsrapport
    Ekonomidirektör Region;ekonomi@region.example;R;partsrapport
"""
ADDRESSES = ("ordforande@test.example", "ekonomi@testby.example", "ekonomi@asele.example", "ekonomi@region.example")

KEY_FIGURES = {
    "year": YEAR,
    "committee": "TN",
    "objects": {
        "N": {"name": "Nämnden", "type": "nämnd", "budget_net": "0.00", "actual_net": "0.00", "variance": "0.00",
              "forecast_net": None, "forecast_variance": None},
        "P1": {"name": "Länkprojektet", "type": "projekt", "budget_net": "-2400.00", "actual_net": "-3000.00",
               "variance": "-600.00", "forecast_net": None, "forecast_variance": None},
        "P2": {"name": "Köpt dataskydd", "type": "projekt", "budget_net": "-2000.00", "actual_net": "-1000.50",
               "variance": "999.50", "forecast_net": None, "forecast_variance": None},
    },
    "total": {"budget_net": "-4400.00", "actual_net": "8600.00", "variance": "13000.00",
              "forecast_net": None, "forecast_variance": None},
    "reserve": {"opening": "0.00", "contributions": "914400.00", "costs": "169600.00", "closing": "744800.00"},
    "net_cost": {"2018": {"net_cost": "169600.00", "change": None, "change_pct": None, "comparable": False}},
    "base_funding": {"total": "300000.00", "per_party": {"R": "100000.00", "A": "100000.00", "B": "100000.00"}},
    "allocations": {
        "P1": {"key": "budgetomslutning", "total": "3000.00",
               "shares": {"R": "1500.00", "A": "1000.00", "B": "500.00"},
               "preliminary_total": "2400.00", "preliminary_shares": {"R": "1200.00", "A": "800.00", "B": "400.00"}},
        "P2": {"key": "kop_salj", "total": "1000.50", "shares": {"A": "250.25", "B": "750.25"},
               "preliminary_total": "2000.00", "preliminary_shares": {"A": "1000.00", "B": "1000.00"}},
    },
}


RUN_TIME = "2019-02-01T10:00:00+01:00"


def report_bytes(title: str, pad: int = 0, run_time: str = RUN_TIME) -> bytes:
    """A fake report: Swedish text, a script, mixed line ends, trailing blanks, a line over 998 bytes, the run time."""
    head = (f"<!DOCTYPE html>\r\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{title}</title>\n"
            f"<p>Körd {run_time}</p>\n"
            "<script>var plotly = 'inbäddad';</script></head>\r<body>\t\n"
            f"<h1>{title} – Årets resultat +13 tkr</h1>   \n<p>{'x' * 1200}</p>\n")
    return head.encode("utf-8") + ("å" * pad).encode("utf-8") + b"</body></html>\r\n"


def build_run(out: Path, year: int = YEAR, parts=("R", "A", "B"), *, doc: dict | None = None,
              pad: int = 0, marker: bool = True, data: Path | None = None, run_time: str = RUN_TIME) -> Path:
    """Write a finished report run under `out/<year>/` and its KLAR.json; return the year folder.

    With `data`, KLAR.json records that data folder's input as `gns report` does.
    """
    year_dir = out / str(year)
    (year_dir / "parter").mkdir(parents=True, exist_ok=True)
    files = [f"arsbokslut_{year}.html", "nyckeltal.json", f"fakturaunderlag_{year}.csv"]
    (year_dir / files[0]).write_bytes(report_bytes(f"Årsbokslut {year}", pad, run_time))
    (year_dir / files[1]).write_text(json.dumps(doc or KEY_FIGURES, ensure_ascii=False, indent=2), encoding="utf-8")
    (year_dir / files[2]).write_bytes("\ufeffpart;att_fakturera\r\nA;-549,75\r\n".encode("utf-8"))
    for p in parts:
        (year_dir / "parter" / f"{p}.html").write_bytes(report_bytes(f"Partsrapport {p} {year}", pad, run_time))
        files.append(f"parter/{p}.html")
    if marker:
        info = {}
        if data is not None:
            from gns_lib.data.loader import load_dataset

            ds = load_dataset(data)
            info = {"data_fingerprint": ds.fingerprint(), "data_files": {f.name: f.sha256 for f in ds.files}}
        write_completion_marker(year_dir, year, files, run_time=run_time, **info)
    return year_dir


def data_files(recipients: str | bytes | None = RECIPIENTS) -> dict:
    return {"parter.csv": PARTIES, "mottagare.csv": recipients}


def parse(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


def attachments(msg) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True) for part in msg.iter_attachments()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collecting:
    """An aiosmtpd handler that keeps what it accepts; it can refuse recipients or drop the connection.

    `drop_after=n`: the (n+1)-th DATA closes the connection without an answer (that message is
    not kept); with `dead_after_drop` every later MAIL FROM gets 421, as from a server going down.
    """

    def __init__(self, refuse=(), drop_after: int | None = None, dead_after_drop: bool = True):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = set(refuse)
        self.drop_after = drop_after
        self.dead_after_drop = dead_after_drop
        self.dropped = False

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.dropped and self.dead_after_drop:
            return "421 4.3.2 Service not available, closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after is not None and not self.dropped and len(self.messages) >= self.drop_after:
            self.dropped = True
            server.transport.close()
            return "451 4.3.0 dropped"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 2.0.0 Accepted"

    def by_recipient(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for _, rcpts, raw in self.messages:
            for r in rcpts:
                out.setdefault(r, []).append(parse(raw))
        return out


@contextmanager
def smtp_server(handler, **kwargs):
    """An aiosmtpd Controller on a free port of 127.0.0.1; yields "127.0.0.1:<port>"."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        controller.stop()
