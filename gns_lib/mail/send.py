"""Send a checked outbox over SMTP: one message per recipient, each logged durably, none twice.

A recipient the server refuses is logged and the others still go out. A dropped
connection is logged for the message in flight and reopened once; when the server
stays away the rest are logged as not sent. A rerun skips every message the log
records as sent. The password comes only from the environment (`GNS_SMTP_PASSWORD`) and
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
from gns_lib.mail.sendlog import FAILED_PREFIX, LOG_NAME, SENT, SendLog

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
    """What a sending run did: sent now, skipped (sent before), and failed with the Swedish reason."""

    sent: tuple[OutgoingMessage, ...]
    skipped: tuple[OutgoingMessage, ...]
    failed: tuple[tuple[OutgoingMessage, str], ...]
    log_path: Path

    @property
    def ok(self) -> bool:
        return not self.failed

    def failure_lines(self) -> list[str]:
        return [f"{m.recipient.namn} <{m.recipient.epost}>: {why}" for m, why in self.failed]

    def raise_for_failures(self) -> None:
        if self.failed:
            head = (f"{len(self.failed)} av {len(self.sent) + len(self.failed) + len(self.skipped)} meddelanden "
                    f"skickades inte (se {self.log_path}); kör samma kommando igen för att skicka bara dem:")
            raise MailError("\n".join([head, *(f"  {line}" for line in self.failure_lines())]),
                            failures=tuple(self.failed))


class _ConnectionLost(Exception):
    """The session broke (or could not be opened); `reason` is Swedish."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Refused(Exception):
    """The server refused this one message (the session is still usable); `reason` is Swedish."""

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

    def send(self, sender: str, m: OutgoingMessage) -> None:
        """Send one message; a refusal raises SMTPException, a broken session _ConnectionLost."""
        smtp = self.open()
        try:
            smtp.sendmail(sender, [m.recipient.epost], m.data)
        except smtplib.SMTPRecipientsRefused as e:
            code, text = next(iter(e.recipients.values()))
            if code == 421:
                raise _ConnectionLost(f"servern stängde ({code} {_text(text)})") from None
            raise _Refused(f"mottagaren avvisades av servern ({code} {_text(text)})") from None
        except smtplib.SMTPResponseException as e:
            if e.smtp_code == 421:
                raise _ConnectionLost(f"servern stängde ({e.smtp_code} {_text(e.smtp_error)})") from None
            raise _Refused(f"servern avvisade meddelandet ({e.smtp_code} {_text(e.smtp_error)})") from None
        except smtplib.SMTPServerDisconnected as e:
            raise _ConnectionLost(f"anslutningen till servern bröts ({_text(e) or 'ingen förklaring'})") from None
        except (OSError, smtplib.SMTPException) as e:
            raise _ConnectionLost(f"anslutningen till servern bröts ({_text(e)})") from None


def send_outbox(
    outbox: Outbox,
    settings: SmtpSettings,
    log_path: str | os.PathLike | None = None,
    progress: Callable[[OutgoingMessage, str], None] | None = None,
) -> SendReport:
    """Send every message the log does not record as sent; log each result before the next message.

    `progress(message, result)` is called after each logged attempt ("skickat", "fel: …",
    or "redan skickat" for a skipped one). Raises MailError only before sending starts
    (no sender, a login without STARTTLS to another computer, log locked or unreadable);
    failures while sending are in the report.
    """
    if outbox.sender is None:
        raise MailError("Inget skickades: avsändare saknas; ange --from adr@exempel.se")
    cleartext = cleartext_login_problem(settings.host, settings.starttls, settings.user)
    if cleartext is not None:
        raise MailError(f"Inget skickades: {cleartext.message}", failures=(cleartext,))
    sender = outbox.sender.addr_spec
    path = Path(log_path) if log_path is not None else outbox.mail_dir / LOG_NAME
    sent, skipped, failed = [], [], []
    session = _Session(settings)
    lost_in_row, give_up = 0, None
    with SendLog(path) as log:
        try:
            for m in outbox.messages:
                r = m.recipient
                if log.is_sent(m.message_id):
                    skipped.append(m)
                    if progress:
                        progress(m, "redan skickat")
                    continue
                if give_up is not None:
                    result = f"{FAILED_PREFIX}inte skickat: {give_up}"
                else:
                    try:
                        session.send(sender, m)
                        result, lost_in_row = SENT, 0
                    except _Refused as e:
                        result, lost_in_row = FAILED_PREFIX + e.reason, 0
                    except _ConnectionLost as e:
                        session.close(polite=False)
                        result = FAILED_PREFIX + e.reason
                        lost_in_row += 1
                        if lost_in_row >= 2:  # reopened once and still broken: stop trying this run
                            give_up = f"servern svarar inte ({e.reason})"
                log.record(r.namn, r.epost, m.message_id, result)
                if result == SENT:
                    sent.append(m)
                else:
                    failed.append((m, result[len(FAILED_PREFIX):]))
                if progress:
                    progress(m, result)
        finally:
            session.close()
    return SendReport(tuple(sent), tuple(skipped), tuple(failed), path)
