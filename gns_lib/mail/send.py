"""Send a checked outbox over SMTP: one message per recipient, each logged durably, none twice.

A recipient the server refuses is logged and the others still go out. A dropped
connection is logged for the message in flight and reopened once; when the server
stays away the rest are logged as not sent. A rerun skips every message the log
records as sent. The intent is fsynced before the final "." of each message, so a
message that may have arrived (no answer, a killed run) is known and reported as
"osäker" instead of being sent a second time. The password comes only from the environment (`GNS_SMTP_PASSWORD`) and
is never sent unencrypted: a login needs STARTTLS unless the server is on this computer.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gns_lib.core.errors import MailError, Problem
from gns_lib.mail.outbox import OutgoingMessage, Outbox
from gns_lib.mail.sendlog import FAILED_PREFIX, LOG_NAME, SENT, UNCERTAIN_PREFIX, SendLog

PASSWORD_ENV = "GNS_SMTP_PASSWORD"
DEFAULT_PORT = 25
TIMEOUT_S = 60
_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[A-Za-z0-9.-]+))(?::(?P<port>[0-9]{1,5}))?$")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. `password` is read from the environment by `settings_from`, never given on a command line."""

    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_S
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)


def parse_host_port(text: str) -> tuple[str, int] | None:
    """"HOST:PORT", "HOST" (port 25) or "[IPv6]:PORT"; None when malformed."""
    m = _HOST_PORT.match(text.strip())
    if not m:
        return None
    port = int(m.group("port") or DEFAULT_PORT)
    if not 0 < port < 65536:
        return None
    return m.group("v6") or m.group("host"), port


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: a connection that never leaves this computer."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cleartext_login_problem(host: str, starttls: bool, user: str | None) -> Problem | None:
    """The refusal of a login without STARTTLS to another computer (the password would go in clear)."""
    if not user or starttls or is_loopback(host):
        return None
    return Problem("--starttls", None, None, f"--user {user} utan --starttls skulle skicka lösenordet okrypterat "
                   f"till {host}; ange --starttls (okrypterad inloggning tillåts bara mot den egna datorn: "
                   "localhost, 127.0.0.1 eller ::1)")


def settings_from(smtp: str | None, starttls: bool, user: str | None,
                  environ: dict | os._Environ = os.environ) -> tuple[SmtpSettings | None, list[Problem]]:
    """Settings from the command line and the password from `GNS_SMTP_PASSWORD`, or the Swedish problems."""
    problems = []
    hp = None
    if not smtp:
        problems.append(Problem("--smtp", None, None, "--send kräver --smtp VÄRD:PORT, t.ex. --smtp smtp.region.se:587"))
    else:
        hp = parse_host_port(smtp)
        if hp is None:
            problems.append(Problem("--smtp", None, None, f"ogiltig server {smtp!r}; väntade VÄRD:PORT, t.ex. smtp.region.se:587"))
    password = None
    if user:
        password = environ.get(PASSWORD_ENV)
        if not password:
            problems.append(Problem(PASSWORD_ENV, None, None, f"--user {user} kräver lösenordet i miljövariabeln "
                                    f"{PASSWORD_ENV} (aldrig på kommandoraden eller i en fil i projektet)"))
    cleartext = cleartext_login_problem(hp[0], starttls, user) if hp else None
    if cleartext is not None:
        problems.append(cleartext)
    if problems:
        return None, problems
    return SmtpSettings(hp[0], hp[1], starttls, user or None, password), []


@dataclass(frozen=True)
class SendReport:
    """What a sending run did: sent now, skipped (sent before), failed, and uncertain (may have arrived)."""

    sent: tuple[OutgoingMessage, ...]
    skipped: tuple[OutgoingMessage, ...]
    failed: tuple[tuple[OutgoingMessage, str], ...]
    log_path: Path
    uncertain: tuple[tuple[OutgoingMessage, str], ...] = ()  # handed over now, no answer: not sent again
    held: tuple[OutgoingMessage, ...] = ()  # uncertain from an earlier run: not sent again (no --skicka-osakra)

    @property
    def ok(self) -> bool:
        return not (self.failed or self.uncertain or self.held)

    def failure_lines(self) -> list[str]:
        return [f"{m.recipient.namn} <{m.recipient.epost}>: {why}" for m, why in self.failed]

    def uncertain_lines(self) -> list[str]:
        return ([f"{m.recipient.namn} <{m.recipient.epost}>: {why}" for m, why in self.uncertain]
                + [f"{m.recipient.namn} <{m.recipient.epost}>: osäker sedan en tidigare körning (se loggen)"
                   for m in self.held])

    def raise_for_failures(self) -> None:
        lines = []
        total = len(self.sent) + len(self.failed) + len(self.skipped) + len(self.uncertain) + len(self.held)
        if self.failed:
            lines.append(f"{len(self.failed)} av {total} meddelanden skickades inte (se {self.log_path}); "
                         "kör samma kommando igen för att skicka bara dem:")
            lines += [f"  {line}" for line in self.failure_lines()]
        if self.uncertain or self.held:
            n = len(self.uncertain) + len(self.held)
            lines.append(f"{n} av {total} meddelanden är osäkra: de lämnades till servern utan svar och kan ha "
                         "kommit fram. De skickas inte igen av sig själva; fråga mottagaren eller serverns "
                         "administratör och skicka dem med --skicka-osakra om de inte kom fram:")
            lines += [f"  {line}" for line in self.uncertain_lines()]
        if lines:
            raise MailError("\n".join(lines), failures=tuple(self.failed) + tuple(self.uncertain))


class _ConnectionLost(Exception):
    """The session broke (or could not be opened) before the message was handed over; `reason` is Swedish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Refused(Exception):
    """The server refused this one message (the session is still usable); `reason` is Swedish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Uncertain(Exception):
    """The message was handed over (end of data sent) but no answer came: it may have arrived."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _text(raw) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login, or AUTH PLAIN in UTF-8 (RFC 4616) when the user or password is not ASCII (å, ä, ö)."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    if not smtp.has_extn("auth") or "PLAIN" not in smtp.esmtp_features["auth"].upper().split():
        raise smtplib.SMTPNotSupportedError("AUTH PLAIN")
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, resp = smtp.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, resp)


def _dot_stuffed(data: bytes) -> bytes:
    """The message for DATA: lines starting with "." doubled, ending in CRLF (without the final ".")."""
    q = re.sub(rb"(?m)^\.", b"..", data)
    return q if q.endswith(b"\r\n") else q + b"\r\n"


class _Session:
    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        if self.smtp is not None:
            return self.smtp
        s = self.settings
        try:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        except (OSError, smtplib.SMTPException) as e:
            raise _ConnectionLost(f"kunde inte ansluta till {s.host}:{s.port} ({_text(e)})") from None
        try:
            smtp.ehlo()
            if s.starttls:
                smtp.starttls(context=s.ssl_context or ssl.create_default_context())
                smtp.ehlo()
            if s.user:
                _login(smtp, s.user, s.password or "")
        except smtplib.SMTPNotSupportedError:
            self._drop(smtp)
            raise _ConnectionLost(f"servern {s.host} stöder inte STARTTLS eller inloggning") from None
        except smtplib.SMTPAuthenticationError as e:
            self._drop(smtp)
            raise _ConnectionLost(f"inloggningen som {s.user} misslyckades ({e.smtp_code} {_text(e.smtp_error)})") from None
        except (OSError, smtplib.SMTPException) as e:
            self._drop(smtp)
            raise _ConnectionLost(f"kunde inte öppna en session med {s.host}:{s.port} ({_text(e)})") from None
        self.smtp = smtp
        return smtp

    @staticmethod
    def _drop(smtp: smtplib.SMTP) -> None:
        try:
            smtp.close()
        except OSError:
            pass

    def close(self, polite: bool = True) -> None:
        if self.smtp is None:
            return
        try:
            if polite:
                self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        self._drop(self.smtp)
        self.smtp = None

    def _reset(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.close(polite=False)

    def send(self, sender: str, m: OutgoingMessage, before_commit: Callable[[], None]) -> None:
        """Send one message; `before_commit` runs just before the final "." that lets the server accept it.

        Raises _Refused (the server said no), _ConnectionLost (broken before the message was
        handed over: it cannot have arrived) or _Uncertain (handed over, no answer).
        """
        smtp = self.open()
        try:
            code, resp = smtp.mail(sender)
            if code != 250:
                self._reset(smtp)
                raise self._refusal(code, resp, "servern avvisade avsändaren")
            code, resp = smtp.rcpt(m.recipient.epost)
            if code not in (250, 251):
                self._reset(smtp)
                raise self._refusal(code, resp, "mottagaren avvisades av servern")
            smtp.putcmd("data")
            code, resp = smtp.getreply()
            if code != 354:
                self._reset(smtp)
                raise self._refusal(code, resp, "servern avvisade meddelandet")
            smtp.send(_dot_stuffed(m.data))
        except (_Refused, _ConnectionLost):
            raise
        except smtplib.SMTPServerDisconnected as e:
            raise _ConnectionLost(f"anslutningen till servern bröts ({_text(e) or 'ingen förklaring'})") from None
        except (OSError, smtplib.SMTPException) as e:
            raise _ConnectionLost(f"anslutningen till servern bröts ({_text(e)})") from None
        before_commit()
        try:
            smtp.send(b".\r\n")
            code, resp = smtp.getreply()
        except (OSError, smtplib.SMTPException) as e:
            wait = f"{self.settings.timeout:g}".replace(".", ",")
            raise _Uncertain(f"meddelandet lämnades till servern men inget svar kom inom {wait} s "
                             f"({_text(e) or 'ingen förklaring'}); okänt om det kom fram") from None
        if code != 250:
            raise self._refusal(code, resp, "servern avvisade meddelandet")

    @staticmethod
    def _refusal(code: int, resp, what: str) -> Exception:
        if code == 421:
            return _ConnectionLost(f"servern stängde ({code} {_text(resp)})")
        return _Refused(f"{what} ({code} {_text(resp)})")


def send_outbox(
    outbox: Outbox,
    settings: SmtpSettings,
    log_path: str | os.PathLike | None = None,
    progress: Callable[[OutgoingMessage, str], None] | None = None,
    *,
    send_uncertain: bool = False,
) -> SendReport:
    """Send every message the log does not record as sent or uncertain; log each step durably.

    Before the final "." of a message the intent ("påbörjat") is fsynced to the log; after
    the answer, the result. A message handed over without an answer (time-out, broken
    connection, a killed run) is "osäker" and is sent again only with `send_uncertain`.
    Messages are built one at a time, so memory does not grow with the number of recipients.
    `progress(message, result)` is called after each message ("skickat", "fel: …", "osäker: …",
    "redan skickat", "osäker sedan tidigare, skickas inte"). Raises MailError only before
    sending starts (no sender, a login without STARTTLS to another computer, log locked).
    """
    if outbox.sender is None:
        raise MailError("Inget skickades: avsändare saknas; ange --from adr@exempel.se")
    cleartext = cleartext_login_problem(settings.host, settings.starttls, settings.user)
    if cleartext is not None:
        raise MailError(f"Inget skickades: {cleartext.message}", failures=(cleartext,))
    sender = outbox.sender.addr_spec
    path = Path(log_path) if log_path is not None else outbox.mail_dir / LOG_NAME
    sent, skipped, failed, uncertain, held = [], [], [], [], []
    session = _Session(settings)
    lost_in_row, give_up = 0, None
    with SendLog(path) as log:
        try:
            for m in outbox.iter_messages():
                r = m.recipient
                if log.is_sent(m.message_id):
                    skipped.append(m)
                    if progress:
                        progress(m, "redan skickat")
                    continue
                if log.is_uncertain(m.message_id) and not send_uncertain:
                    held.append(m)
                    if progress:
                        progress(m, "osäker sedan tidigare, skickas inte (se --skicka-osakra)")
                    continue
                if give_up is not None:
                    result = f"{FAILED_PREFIX}inte skickat: {give_up}"
                else:
                    try:
                        session.send(sender, m, lambda: log.intent(r.namn, r.epost, m.message_id))
                        result, lost_in_row = SENT, 0
                    except _Refused as e:
                        result, lost_in_row = FAILED_PREFIX + e.reason, 0
                    except (_ConnectionLost, _Uncertain) as e:
                        session.close(polite=False)
                        result = (UNCERTAIN_PREFIX if isinstance(e, _Uncertain) else FAILED_PREFIX) + e.reason
                        lost_in_row += 1
                        if lost_in_row >= 2:  # reopened once and still broken: stop trying this run
                            give_up = f"servern svarar inte ({e.reason})"
                log.record(r.namn, r.epost, m.message_id, result)
                if result == SENT:
                    sent.append(m)
                elif result.startswith(UNCERTAIN_PREFIX):
                    uncertain.append((m, result[len(UNCERTAIN_PREFIX):]))
                else:
                    failed.append((m, result[len(FAILED_PREFIX):]))
                if progress:
                    progress(m, result)
        finally:
            session.close()
    return SendReport(tuple(sent), tuple(skipped), tuple(failed), path, tuple(uncertain), tuple(held))
