"""E-mail faults against a real SMTP server on 127.0.0.1 (aiosmtpd): nobody gets a message twice unasked.

A client killed at each moment around the server's acceptance (a subprocess SIGKILLed by a
hook of this test), a server that accepts and then stalls past the client's time-out, and a
report rebuilt from unchanged data: every recipient ends with exactly one copy, and what may
have arrived is reported as "osäker" and sent again only with `send_uncertain`.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter

import pytest
from mail_fixtures import ADDRESSES, Collecting, build_run, data_files, smtp_server

from gns_lib.cli.main import main
from gns_lib.mail.outbox import prepare_outbox
from gns_lib.mail.send import SmtpSettings, parse_host_port, send_outbox
from gns_lib.mail.sendlog import read_log

SENDER = "gns@region.example"

def _child(out, data, hostport: str, moment: str) -> None:
    """In the forked child: send, SIGKILLing this process at `moment` of the 2nd message (hooks of this test only)."""
    from gns_lib.mail import sendlog

    calls = {"intent": 0, "sent": 0}
    intent, record = getattr(sendlog.SendLog, "intent", None), sendlog.SendLog.record

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def hooked_intent(self, *args):
        calls["intent"] += 1
        if moment == "before_intent" and calls["intent"] == 2:
            die()
        intent(self, *args)
        if moment == "after_intent" and calls["intent"] == 2:
            die()

    def hooked_record(self, name, address, msgid, result):
        second = result == sendlog.SENT and calls["sent"] == 1
        if moment == "before_row" and second:
            die()
        record(self, name, address, msgid, result)
        if result == sendlog.SENT:
            calls["sent"] += 1
            if moment == "after_row" and second:
                die()

    sendlog.SendLog.record = hooked_record
    if intent is not None:
        sendlog.SendLog.intent = hooked_intent
    send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hostport))


class KillingServer(Collecting):
    """Keeps the 2nd message, then SIGKILLs the client before answering: accepted, but the client never hears it."""

    def __init__(self):
        super().__init__()
        self.victim: int | None = None

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == 2 and self.victim is not None:
            os.kill(self.victim, signal.SIGKILL)
            await asyncio.sleep(0.2)
        return answer


class StallingServer(Collecting):
    """Keeps every message; answers the 2nd only after `stall` seconds (longer than the client waits)."""

    def __init__(self, stall: float):
        super().__init__()
        self.stall = stall

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == 2:
            await asyncio.sleep(self.stall)
        return answer


@pytest.fixture
def dirs(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    return tmp_path / "out", data


def copies(*handlers) -> dict[str, int]:
    got = Counter(r for h in handlers for _, rcpts, _ in h.messages for r in rcpts)
    return {a: got[a] for a in ADDRESSES}


def settings(hostport: str, timeout: float = 5) -> SmtpSettings:
    host, port = parse_host_port(hostport)
    return SmtpSettings(host, port, timeout=timeout)


def killed_child(out, data, hostport: str, moment: str, server: KillingServer | None = None) -> int:
    """Run `_child` in a forked process (everything already imported: fast); its exit status, -9 when killed."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 0
        try:
            _child(out, data, hostport, moment)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 3
        finally:
            os._exit(code)
    if server is not None:
        server.victim = pid
    _, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


# moment of the kill (2nd message) -> copies of the 2nd message after a plain rerun, and whether it is held as uncertain
KILL_MOMENTS = {
    "before_intent": (1, False),   # data sent without the final ".": the server kept nothing; the rerun sends it
    "after_intent": (0, True),     # intent on disk, final "." not sent: not delivered, but the log cannot know
    "server_accepted": (1, True),  # the server kept it and was about to answer 250
    "before_row": (1, True),       # the client read the 250, the row "skickat" was not yet written
    "after_row": (1, False),       # the row "skickat" is on disk
}


@pytest.mark.parametrize("moment", list(KILL_MOMENTS))
def test_a_client_killed_at_any_moment_never_sends_a_message_twice(dirs, moment):
    out, data = dirs
    first = KillingServer() if moment == "server_accepted" else Collecting()
    with smtp_server(first) as hp:
        assert killed_child(out, data, hp, moment, first if moment == "server_accepted" else None) == -signal.SIGKILL
    rerun = Collecting()
    with smtp_server(rerun) as hp:
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp))
    second_copies, held = KILL_MOMENTS[moment]
    assert copies(first, rerun) == {ADDRESSES[0]: 1, ADDRESSES[1]: second_copies, ADDRESSES[2]: 1, ADDRESSES[3]: 1}
    assert [m.recipient.epost for m in report.held] == ([ADDRESSES[1]] if held else [])
    if held:  # the log says why, in Swedish, and the rerun says it is uncertain
        rows = [r for r in read_log(out / "2018" / "mail" / "skickat.csv") if r["epost"] == ADDRESSES[1]]
        assert rows[-1]["resultat"] == (
            "osäker: körningen avbröts just när meddelandet lämnades till servern; okänt om det kom fram "
            "(skicka igen med --skicka-osakra när du vet att det inte kom fram)")
    again = Collecting()
    with smtp_server(again) as hp:  # a third run sends nothing at all
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp))
    assert again.messages == [] and len(report.skipped) == 3 + (not held)


def test_a_killed_message_the_user_knows_did_not_arrive_is_sent_when_asked(dirs):
    out, data = dirs
    first = Collecting()
    with smtp_server(first) as hp:
        killed_child(out, data, hp, "after_intent")
    with smtp_server(rerun := Collecting()) as hp:
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp), send_uncertain=True)
    assert report.ok and report.held == ()
    assert copies(first, rerun) == {a: 1 for a in ADDRESSES}


def test_a_server_that_accepts_and_stalls_past_the_time_out(dirs):
    out, data = dirs
    slow = StallingServer(stall=1.0)
    with smtp_server(slow) as hp:
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp, timeout=0.3))
    assert [(m.recipient.epost, why) for m, why in report.uncertain] == [
        (ADDRESSES[1], "meddelandet lämnades till servern men inget svar kom inom 0,3 s (Connection unexpectedly "
                       "closed: timed out); okänt om det kom fram")]
    assert [m.recipient.epost for m in report.sent] == [ADDRESSES[0], ADDRESSES[2], ADDRESSES[3]]
    with smtp_server(rerun := Collecting()) as hp:
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp))
    assert [m.recipient.epost for m in report.held] == [ADDRESSES[1]] and report.sent == ()
    assert copies(slow, rerun) == {a: 1 for a in ADDRESSES}


def test_the_cli_reports_uncertain_messages_and_sends_them_only_when_asked(dirs, capsys):
    out, data = dirs
    args = ["mail", "--year", "2018", "--data", str(data), "--out", str(out), "--send", "--from", SENDER]
    slow = StallingServer(stall=1.0)
    with smtp_server(slow) as hp:
        assert main([*args, "--smtp", hp, "--smtp-timeout", "0,3"]) == 1
    err = capsys.readouterr().err
    assert ("1 av 4 meddelanden är osäkra: de lämnades till servern utan svar och kan ha kommit fram. De skickas "
            "inte igen av sig själva; fråga mottagaren eller serverns administratör och skicka dem med "
            "--skicka-osakra om de inte kom fram:\n  Ekonomichef Testby <ekonomi@testby.example>: meddelandet "
            "lämnades till servern men inget svar kom inom 0,3 s") in err
    with smtp_server(rerun := Collecting()) as hp:
        assert main([*args, "--smtp", hp]) == 1
        assert "Ekonomichef Testby <ekonomi@testby.example>: osäker sedan tidigare, skickas inte" in capsys.readouterr().out
        assert main([*args, "--smtp", hp, "--skicka-osakra"]) == 0
    assert copies(slow, rerun) == {**{a: 1 for a in ADDRESSES}, ADDRESSES[1]: 2}  # asked for: the second copy


def test_a_report_rebuilt_from_unchanged_data_is_not_sent_again(dirs):
    out, data = dirs
    with smtp_server(first := Collecting()) as hp:
        assert send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp)).ok
    build_run(out, data=data, run_time="2019-02-02T08:15:00+01:00")  # gns report again: new run, new time stamps
    with smtp_server(rerun := Collecting()) as hp:
        report = send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp))
    assert rerun.messages == [] and len(report.skipped) == 4
    # a report whose content changed is a new message, for exactly the recipients of that report
    year_dir = out / "2018"
    build_run(out, data=data, run_time="2019-02-03T08:15:00+01:00")
    page = year_dir / "parter" / "B.html"
    page.write_bytes(page.read_bytes().replace(b"+13 tkr", b"+14 tkr"))
    from gns_lib.mail.marker import read_completion_marker, write_completion_marker

    marker, _ = read_completion_marker(year_dir, 2018)
    write_completion_marker(year_dir, 2018, list(marker.files), data_fingerprint=marker.data_fingerprint,
                            data_files=marker.data_files, run_time=marker.run_time)
    with smtp_server(changed := Collecting()) as hp:
        send_outbox(prepare_outbox(2018, out, data, sender=SENDER), settings(hp))
    assert copies(first, rerun, changed) == {**{a: 1 for a in ADDRESSES}, "ekonomi@asele.example": 2}
