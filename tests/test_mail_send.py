"""Sending over a real SMTP server on 127.0.0.1 (aiosmtpd): one message each, nothing lost, nothing twice."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections import Counter

import pytest
from mail_fixtures import ADDRESSES, Collecting, attachments, build_run, data_files, free_port, smtp_server

from gns_lib.core.errors import MailError
from gns_lib.mail.outbox import prepare_outbox
from gns_lib.mail.send import PASSWORD_ENV, SmtpSettings, is_loopback, parse_host_port, send_outbox, settings_from
from gns_lib.mail.sendlog import read_log

NAMES = ("Ordförande Åsa Öberg", "Ekonomichef Testby", "Ekonomichef Åsele", "Ekonomidirektör Region")


@pytest.fixture
def outbox(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    return prepare_outbox(2018, tmp_path / "out", data, sender="GNS <gns@region.example>")


def settings(hostport: str, **kw) -> SmtpSettings:
    host, port = parse_host_port(hostport)
    return SmtpSettings(host, port, timeout=10, **kw)


def log_rows(box, intents: bool = False):
    """The log's rows (epost, message_id, resultat); without the intent rows ("påbörjat") unless asked."""
    return [(r["epost"], r["message_id"], r["resultat"]) for r in read_log(box.mail_dir / "skickat.csv")
            if intents or r["resultat"] != "påbörjat"]


def test_every_recipient_gets_exactly_one_intact_message(outbox):
    handler = Collecting()
    with smtp_server(handler) as hp:
        report = send_outbox(outbox, settings(hp))
    assert report.ok and len(report.sent) == 4 and report.skipped == ()
    received = handler.by_recipient()
    assert {a: len(m) for a, m in received.items()} == {a: 1 for a in ADDRESSES}
    assert {frm for frm, _, _ in handler.messages} == {"gns@region.example"}
    year_dir = outbox.year_dir
    expected_files = {
        "ordforande@test.example": {"arsbokslut_2018.html": "arsbokslut_2018.html"},
        "ekonomi@testby.example": {"arsbokslut_2018.html": "arsbokslut_2018.html",
                                   "partsrapport_A_2018.html": "parter/A.html"},
        "ekonomi@asele.example": {"partsrapport_B_2018.html": "parter/B.html"},
        "ekonomi@region.example": {"partsrapport_R_2018.html": "parter/R.html"},
    }
    for (address, (msg,)), name in zip(received.items(), NAMES):
        assert msg["To"].addresses[0].display_name == name
        assert msg["From"].addresses[0].display_name == "GNS"
        assert attachments(msg) == {k: (year_dir / v).read_bytes() for k, v in expected_files[address].items()}
        html = msg.get_body(("html",)).get_content()
        assert "<script" not in html.lower() and f"Hej {name}," in html
    assert received["ekonomi@asele.example"][0]["Subject"] == "Partsrapport 2018 för Åsele kommun – Testnämnden"
    assert received["ordforande@test.example"][0]["Subject"] == "Årsbokslut 2018 – Testnämnden"
    assert log_rows(outbox) == [(m.recipient.epost, m.message_id, "skickat") for m in outbox.messages]
    assert [received[m.recipient.epost][0]["Message-ID"] for m in outbox.messages] == [m.message_id for m in outbox.messages]

    with smtp_server(again := Collecting()) as hp:  # a rerun sends nothing
        report = send_outbox(outbox, settings(hp))
    assert again.messages == [] and len(report.skipped) == 4 and report.sent == ()


def test_a_refused_recipient_leaves_the_others_delivered_and_a_rerun_sends_only_that_one(outbox):
    handler = Collecting(refuse={"ekonomi@testby.example"})
    with smtp_server(handler) as hp:
        report = send_outbox(outbox, settings(hp))
    assert sorted(handler.by_recipient()) == sorted(set(ADDRESSES) - {"ekonomi@testby.example"})
    assert report.failure_lines() == [
        "Ekonomichef Testby <ekonomi@testby.example>: mottagaren avvisades av servern (550 5.1.1 Mailbox unavailable)"]
    assert [r[2] for r in log_rows(outbox)] == [
        "skickat", "fel: mottagaren avvisades av servern (550 5.1.1 Mailbox unavailable)", "skickat", "skickat"]
    with pytest.raises(MailError) as e:
        report.raise_for_failures()
    assert str(e.value).startswith("1 av 4 meddelanden skickades inte")

    rerun = Collecting()
    with smtp_server(rerun) as hp:
        report = send_outbox(outbox, settings(hp))
    assert list(rerun.by_recipient()) == ["ekonomi@testby.example"]
    assert report.ok and len(report.skipped) == 3
    assert [r[2] for r in log_rows(outbox)][-1] == "skickat"


def delivered(*handlers) -> Counter:
    return Counter(r for h in handlers for _, rcpts, _ in h.messages for r in rcpts)


@pytest.mark.parametrize("dead_after_drop", [True, False])
def test_a_dropped_connection_loses_nothing_from_the_log(outbox, dead_after_drop):
    """The server drops the connection after the third message's data: that one is "osäker", never sent twice."""
    handler = Collecting(drop_after=2, dead_after_drop=dead_after_drop)
    with smtp_server(handler) as hp:
        report = send_outbox(outbox, settings(hp))
    rows = log_rows(outbox)
    assert len(rows) == 4  # every message has its row
    logged_sent = {address for address, _, result in rows if result == "skickat"}
    assert logged_sent == set(delivered(handler))  # what the server got is exactly what the log calls sent
    assert rows[2][2] == ("osäker: meddelandet lämnades till servern men inget svar kom inom 10 s (Connection "
                          "unexpectedly closed); okänt om det kom fram")
    assert [m.recipient.epost for m, _ in report.uncertain] == [ADDRESSES[2]]
    if dead_after_drop:
        assert logged_sent == set(ADDRESSES[:2]) and len(report.failed) == 1
        assert rows[3][2].startswith("fel: servern stängde (421")
    else:  # reconnected once and went on
        assert logged_sent == set(ADDRESSES) - {ADDRESSES[2]}

    rerun = Collecting()
    with smtp_server(rerun) as hp:
        report = send_outbox(outbox, settings(hp))
    assert [m.recipient.epost for m in report.held] == [ADDRESSES[2]]  # not sent again without being asked
    assert not report.ok and ADDRESSES[2] not in delivered(rerun)
    with smtp_server(rerun) as hp:
        report = send_outbox(outbox, settings(hp), send_uncertain=True)
    assert report.ok
    assert delivered(handler, rerun) == Counter(ADDRESSES)  # each exactly once over all runs
    assert [r[2] for r in log_rows(outbox) if r[2] == "skickat"] == ["skickat"] * 4


def test_no_server_logs_every_message_as_not_sent(outbox):
    report = send_outbox(outbox, settings(f"127.0.0.1:{free_port()}"))
    assert report.sent == () and len(report.failed) == 4
    reasons = [why for _, why in report.failed]
    assert reasons[0].startswith("kunde inte ansluta till 127.0.0.1:")
    assert reasons[2].startswith("inte skickat: servern svarar inte (kunde inte ansluta")
    assert [r[2][:4] for r in log_rows(outbox)] == ["fel:"] * 4
    with smtp_server(handler := Collecting()) as hp:
        assert send_outbox(outbox, settings(hp)).ok
    assert delivered(handler) == Counter(ADDRESSES)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_uses_the_password_given_and_never_logs_it(outbox):
    from aiosmtpd.smtp import AuthResult

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == "hemligt-lösenord".encode(), handled=False)

    with smtp_server(handler := Collecting(), authenticator=authenticator, auth_require_tls=False, auth_required=True) as hp:
        bad = send_outbox(outbox, settings(hp, user="ekonom", password="fel"))
        assert bad.sent == () and bad.failed[0][1].startswith("inloggningen som ekonom misslyckades (535")
        good = send_outbox(outbox, settings(hp, user="ekonom", password="hemligt-lösenord"))
    assert good.ok and delivered(handler) == Counter(ADDRESSES)
    assert (b"ekonom", "hemligt-lösenord".encode()) in logins
    log_text = (outbox.mail_dir / "skickat.csv").read_text(encoding="utf-8-sig")
    assert "hemligt" not in log_text and "hemligt" not in repr(settings("h:1", user="u", password="hemligt"))


def test_settings_take_the_password_only_from_the_environment():
    s, problems = settings_from("smtp.region.example:587", True, "ekonom", {PASSWORD_ENV: "pw"})
    assert problems == [] and (s.host, s.port, s.starttls, s.user, s.password) == ("smtp.region.example", 587, True, "ekonom", "pw")
    s, problems = settings_from("smtp.region.example:587", True, "ekonom", {})
    assert s is None and [str(p) for p in problems] == [
        f"{PASSWORD_ENV}: --user ekonom kräver lösenordet i miljövariabeln {PASSWORD_ENV} "
        "(aldrig på kommandoraden eller i en fil i projektet)"]
    s, problems = settings_from(None, False, None, {})
    assert [str(p) for p in problems] == ["--smtp: --send kräver --smtp VÄRD:PORT, t.ex. --smtp smtp.region.se:587"]
    s, problems = settings_from("värd med mellanslag:25", False, None, {})
    assert "ogiltig server" in problems[0].message


CLEARTEXT = ("--starttls: --user ekonom utan --starttls skulle skicka lösenordet okrypterat till smtp.region.example; "
             "ange --starttls (okrypterad inloggning tillåts bara mot den egna datorn: localhost, 127.0.0.1 eller ::1)")


def test_a_login_without_starttls_to_another_computer_is_refused():
    s, problems = settings_from("smtp.region.example:587", False, "ekonom", {PASSWORD_ENV: "pw"})
    assert s is None and [str(p) for p in problems] == [CLEARTEXT]
    s, problems = settings_from("smtp.region.example:587", False, "ekonom", {})
    assert s is None and [str(p) for p in problems] == [
        f"{PASSWORD_ENV}: --user ekonom kräver lösenordet i miljövariabeln {PASSWORD_ENV} "
        "(aldrig på kommandoraden eller i en fil i projektet)", CLEARTEXT]
    s, problems = settings_from("smtp.region.example:25", False, None, {})  # no login, no password to protect
    assert problems == [] and (s.starttls, s.user) == (False, None)


@pytest.mark.parametrize("smtp", ["127.0.0.1:2525", "127.255.0.9", "[::1]:2525", "localhost:2525", "LocalHost"])
def test_a_login_without_starttls_is_allowed_on_this_computer(smtp):
    s, problems = settings_from(smtp, False, "ekonom", {PASSWORD_ENV: "pw"})
    assert problems == [] and (s.starttls, s.user, s.password) == (False, "ekonom", "pw")


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("localhost", True), ("localhost.", True),
    ("128.0.0.1", False), ("10.0.0.1", False), ("::2", False), ("localhost.example", False),
    ("127.0.0.1.example", False), ("smtp.region.example", False)])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_send_outbox_refuses_a_cleartext_login_before_connecting(outbox):
    with pytest.raises(MailError) as e:
        send_outbox(outbox, SmtpSettings("smtp.region.example", 587, user="ekonom", password="pw", timeout=1))
    assert str(e.value) == "Inget skickades: " + CLEARTEXT.removeprefix("--starttls: ")
    assert [str(p) for p in e.value.failures] == [CLEARTEXT]
    assert not (outbox.mail_dir / "skickat.csv").exists()


@pytest.mark.parametrize("text, expected", [
    ("smtp.example:587", ("smtp.example", 587)), ("smtp.example", ("smtp.example", 25)),
    ("[::1]:2525", ("::1", 2525)), ("smtp.example:0", None), ("smtp.example:99999", None), ("a:b", None)])
def test_parse_host_port(text, expected):
    assert parse_host_port(text) == expected


def test_no_sender_is_refused_before_anything_is_sent(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    box = prepare_outbox(2018, tmp_path / "out", data)
    with pytest.raises(MailError, match="avsändare saknas"):
        send_outbox(box, settings("127.0.0.1:1"))
    assert not (box.mail_dir / "skickat.csv").exists()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl saknas: kan inte skapa ett testcertifikat")
def test_starttls(outbox, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    with smtp_server(handler := Collecting(), tls_context=server_ctx, require_starttls=True) as hp:
        plain = send_outbox(outbox, settings(hp))  # without STARTTLS the server refuses
        assert plain.sent == () and "530" in plain.failed[0][1]
        report = send_outbox(outbox, settings(hp, starttls=True, ssl_context=client_ctx))
    assert report.ok and delivered(handler) == Counter(ADDRESSES)
