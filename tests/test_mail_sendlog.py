"""The send log: durable rows, sent messages recognised by their Message-ID, one run at a time."""

from __future__ import annotations

import pytest

from gns_lib.core.errors import MailError
from gns_lib.mail.sendlog import COLUMNS, SendLog, paused, read_log, sent_tokens


def test_rows_are_written_at_once_and_read_back(tmp_path):
    path = tmp_path / "mail" / "skickat.csv"
    with SendLog(path) as log:
        log.record("Åsa; Öberg", "asa@test.example", "<gns.2018.a.b@region.example>", "skickat")
        # durable before the next message: readable while the log is still open
        assert read_log(path)[0]["mottagare"] == "Åsa; Öberg"
        log.record("=HYPERLINK(\"x\")", "b@test.example", "<gns.2018.a.c@region.example>", "fel: 550 finns inte")
        assert log.is_sent("<gns.2018.a.b@annan.example>") and not log.is_sent("<gns.2018.a.c@region.example>")
    raw = path.read_bytes()
    assert raw.startswith("\ufeffmottagare;epost;tid;message_id;resultat\r\n".encode("utf-8"))
    rows = read_log(path)
    assert [(r["mottagare"], r["epost"], r["message_id"], r["resultat"]) for r in rows] == [
        ("Åsa; Öberg", "asa@test.example", "<gns.2018.a.b@region.example>", "skickat"),
        ("'=HYPERLINK(\"x\")", "b@test.example", "<gns.2018.a.c@region.example>", "fel: 550 finns inte"),
    ]
    assert all(r["tid"][:2] == "20" and "T" in r["tid"] for r in rows)
    assert sent_tokens(path) == {"gns.2018.a.b"}


def test_a_torn_last_line_is_skipped_and_the_log_continues(tmp_path):
    path = tmp_path / "skickat.csv"
    with SendLog(path) as log:
        log.record("A", "a@test.example", "<gns.1@x>", "skickat")
    with open(path, "ab") as f:
        f.write(b"B;b@test.example;2019-")
    with SendLog(path) as log:
        assert log.is_sent("<gns.1@x>")
        log.record("C", "c@test.example", "<gns.3@x>", "skickat")
    assert [r["mottagare"] for r in read_log(path)] == ["A", "C"]


def test_a_second_run_cannot_use_the_log_at_the_same_time(tmp_path):
    path = tmp_path / "skickat.csv"
    with SendLog(path):
        with pytest.raises(MailError, match="används av en annan körning"):
            SendLog(path).__enter__()
    with SendLog(path):  # released on exit
        pass


def test_a_foreign_file_is_not_taken_for_a_log(tmp_path):
    path = tmp_path / "skickat.csv"
    path.write_text("namn;adress\n", encoding="utf-8")
    with pytest.raises(MailError, match="okänd rubrikrad"):
        read_log(path)
    with pytest.raises(MailError, match="okänd rubrikrad"):
        SendLog(path).__enter__()
    assert path.read_text(encoding="utf-8") == "namn;adress\n"  # left as it was
    assert COLUMNS == ("mottagare", "epost", "tid", "message_id", "resultat")


def test_a_report_run_pauses_sending_while_it_copies_the_log(tmp_path):
    path = tmp_path / "mail" / "skickat.csv"
    with paused(path, wait=0):  # no log yet: nothing to hold
        pass
    with SendLog(path) as log:
        log.record("Kim", "kim@test.example", "<gns.2018.a.b@region.example>", "skickat")
        with pytest.raises(MailError, match="används av gns mail --send sedan mer än 0 s"):
            with paused(path, wait=0.3):
                pass
    with paused(path, wait=0):
        with pytest.raises(MailError, match=r"används av en annan körning \(gns mail --send eller gns report\)"):
            SendLog(path).__enter__()
    with SendLog(path) as log:  # released again
        assert log.is_sent("<gns.2018.a.b@region.example>")


def test_a_first_send_waits_for_a_report_run_too(tmp_path):
    path = tmp_path / "2018" / "mail" / "skickat.csv"
    with paused(tmp_path / "nej" / "mail" / "skickat.csv", wait=0):  # no year folder: nothing is made
        pass
    assert not (tmp_path / "nej").exists()
    (tmp_path / "2018").mkdir()
    with paused(path, wait=0):  # the log is made (empty) and held
        with pytest.raises(MailError, match="används av en annan körning"):
            SendLog(path).__enter__()
    with SendLog(path) as log:
        log.record("Kim", "kim@test.example", "<gns.2018.a.b@region.example>", "skickat")
    assert sent_tokens(path) == {"gns.2018.a.b"}


def test_a_log_swapped_away_between_open_and_lock_is_not_written(tmp_path, monkeypatch):
    import fcntl as real

    path = tmp_path / "mail" / "skickat.csv"
    path.parent.mkdir()
    path.write_bytes(b"")

    class Swapping:
        LOCK_EX, LOCK_NB = real.LOCK_EX, real.LOCK_NB

        @staticmethod
        def flock(fd, op):  # gns report moves the year folder away and puts the new one in place
            path.rename(tmp_path / "gammal.csv")
            path.write_bytes(b"")
            real.flock(fd, op)

    monkeypatch.setattr("gns_lib.mail.sendlog.fcntl", Swapping)
    with pytest.raises(MailError, match="byttes ut av gns report just nu; kör gns mail igen"):
        SendLog(path).__enter__()
    assert (tmp_path / "gammal.csv").read_bytes() == b""
