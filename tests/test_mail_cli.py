"""`gns mail`: drafts by default, --send over SMTP, Swedish messages, exit codes."""

from __future__ import annotations

import pytest
from mail_fixtures import ADDRESSES, Collecting, build_run, data_files, parse, smtp_server

from gns_lib.cli.main import main
from gns_lib.mail.send import PASSWORD_ENV
from gns_lib.mail.sendlog import read_log


@pytest.fixture
def dirs(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    return ["--year", "2018", "--data", str(data), "--out", str(tmp_path / "out")], tmp_path / "out" / "2018"


def test_dry_run_writes_drafts_and_sends_nothing(dirs, capsys):
    args, year_dir = dirs
    assert main(["mail", *args, "--zip"]) == 0
    out = capsys.readouterr().out
    assert f"Skrev 4 utkast i {year_dir / 'mail'}/" in out
    assert "  02-ekonomi_at_testby.example.eml: Ekonomichef Testby <ekonomi@testby.example>" in out
    assert "Inget skickades." in out
    drafts = sorted((year_dir / "mail").glob("*.eml"))
    assert len(drafts) == 4
    msg = parse(drafts[1].read_bytes())
    assert msg["X-Unsent"] == "1"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["TN_rapporter_2018.zip"]
    assert not (year_dir / "mail" / "skickat.csv").exists()


def test_year_is_required_in_swedish(capsys):
    assert main(["mail"]) == 2
    assert "ange rapportåret med --year ÅR" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["mail", "--year", "2018", "--max-mb", "noll"])
    assert e.value.code == 2
    assert "ogiltig storlek 'noll'; väntade ett positivt tal megabyte" in capsys.readouterr().err


def test_there_is_no_password_option(dirs, capsys):
    args, _ = dirs
    with pytest.raises(SystemExit):
        main(["mail", *args, "--password", "hemligt"])
    assert "okända argument: --password hemligt" in capsys.readouterr().err


def test_send_options_are_checked_together_with_the_data(dirs, capsys, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    args, year_dir = dirs
    (year_dir / "KLAR.json").unlink()
    assert main(["mail", *args, "--send", "--user", "ekonom"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fel: Inget skickades och inga utkast skrevs: 4 fel:\n")
    assert "  --smtp: --send kräver --smtp VÄRD:PORT" in err
    assert f"  {PASSWORD_ENV}: --user ekonom kräver lösenordet i miljövariabeln {PASSWORD_ENV}" in err
    assert "  --from: --send kräver en avsändare: ange --from adr@exempel.se" in err
    assert f"  {year_dir / 'KLAR.json'}: saknas" in err
    assert not (year_dir / "mail").exists()


def test_send_refused_recipient_exit_code_and_rerun(dirs, capsys):
    args, year_dir = dirs
    handler = Collecting(refuse={"ekonomi@asele.example"})
    with smtp_server(handler) as hp:
        code = main(["mail", *args, "--send", "--smtp", hp, "--from", "gns@region.example"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Skickade 3, redan skickade tidigare 0, misslyckades 1, osäkra 0." in captured.out
    assert ("fel: 1 av 4 meddelanden skickades inte" in captured.err
            and "  Ekonomichef Åsele <ekonomi@asele.example>: mottagaren avvisades av servern (550" in captured.err)
    rerun = Collecting()
    with smtp_server(rerun) as hp:
        assert main(["mail", *args, "--send", "--smtp", hp, "--from", "gns@region.example"]) == 0
    assert "Skickade 1, redan skickade tidigare 3, misslyckades 0, osäkra 0." in capsys.readouterr().out
    assert [r for _, rcpts, _ in rerun.messages for r in rcpts] == ["ekonomi@asele.example"]
    rows = read_log(year_dir / "mail" / "skickat.csv")
    assert [r["epost"] for r in rows if r["resultat"] == "skickat"] == [
        ADDRESSES[0], ADDRESSES[1], ADDRESSES[3], ADDRESSES[2]]


def test_a_login_without_starttls_to_another_computer_is_refused_before_anything(dirs, capsys, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")
    args, year_dir = dirs
    code = main(["mail", *args, "--send", "--smtp", "smtp.region.example:587", "--user", "gns@region.example"])
    captured = capsys.readouterr()
    assert code == 1 and "Skickar" not in captured.out
    assert captured.err == (
        "fel: Inget skickades och inga utkast skrevs: 1 fel:\n"
        "  --starttls: --user gns@region.example utan --starttls skulle skicka lösenordet okrypterat till "
        "smtp.region.example; ange --starttls (okrypterad inloggning tillåts bara mot den egna datorn: "
        "localhost, 127.0.0.1 eller ::1)\n")
    assert "s3cret" not in captured.out + captured.err
    assert not (year_dir / "mail").exists()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_user_logs_in_with_the_password_from_the_environment(dirs, capsys, monkeypatch):
    """The server is on 127.0.0.1, so logging in without --starttls is allowed (nothing leaves the computer)."""
    from aiosmtpd.smtp import AuthResult

    args, _ = dirs
    monkeypatch.setenv(PASSWORD_ENV, "s3cret")

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"gns@region.example", b"s3cret"),
                          handled=False)

    handler = Collecting()
    with smtp_server(handler, authenticator=authenticator, auth_require_tls=False, auth_required=True) as hp:
        # --user is an address, so it is the sender too
        assert main(["mail", *args, "--send", "--smtp", hp, "--user", "gns@region.example"]) == 0
    assert len(handler.messages) == 4
    assert {frm for frm, _, _ in handler.messages} == {"gns@region.example"}
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out and captured.err == ""


def test_recipients_file_problems_stop_everything(dirs, tmp_path, capsys):
    args, year_dir = dirs
    lista = tmp_path / "lista.csv"
    lista.write_text("namn;epost;part;rapporter\nOkänd;okand@test.example;Z;partsrapport\n"
                     "Bra;bra@test.example;;arsbokslut\n", encoding="utf-8")
    assert main(["mail", *args, "--recipients", str(lista)]) == 1
    err = capsys.readouterr().err
    assert err == ("fel: Inget skickades och inga utkast skrevs: 1 fel:\n"
                   f"  {lista}:2:part: okänd part 'Z'; väntade en part ur parter.csv eller tomt\n")
    assert not (year_dir / "mail").exists()
    lista.write_text("namn;epost;part;rapporter\nBra;bra@test.example;;arsbokslut\n", encoding="utf-8")
    assert main(["mail", *args, "--recipients", str(lista)]) == 0
    assert [p.name for p in (year_dir / "mail").glob("*.eml")] == ["01-bra_at_test.example.eml"]
