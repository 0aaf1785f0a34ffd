"""Hostile recipient files and committee names: no injected header, bounded names and file names, flat memory.

The payloads are RFC 2047 encoded words that Python's `email` package decodes into real
header lines (a Bcc, a Reply-To) or into an empty line that replaces the body. They are
refused before anything is written; the bytes of every message that is built carry
exactly the intended header lines.
"""

from __future__ import annotations

import gc
from datetime import datetime, timezone
from email.headerregistry import Address

import pytest
from conftest import namnd_toml
from mail_fixtures import KEY_FIGURES, RECIPIENTS, build_run, data_files, report_bytes

from gns_lib.core.errors import MailError
from gns_lib.data.model import Recipient
from gns_lib.mail.bodies import BodyContext
from gns_lib.mail.compose import attachment, check_headers, compose, header_names, wire_bytes
from gns_lib.mail.outbox import OutgoingMessage, draft_name, prepare_outbox, write_drafts
from gns_lib.mail.report_figures import committee_figures

BCC = "=?utf-8?q?Evil=0D=0ABcc:_x@evil.example?="
REPLY_TO = "=?utf-8?q?Kim=0D=0AReply-To:_svar@evil.example?="
BODY = "=?utf-8?q?Kim=0D=0A=0D=0ABetala_till_konto_123?="
HEADERS = ["X-Unsent", "Subject", "From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Language"]


def recipients(name: str, address: str = "kim@test.example") -> str:
    return RECIPIENTS.rstrip() + f"\n    {name};{address};;arsbokslut\n"


def problems_of(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.failures]


@pytest.mark.parametrize("payload", [BCC, REPLY_TO, BODY])
def test_an_encoded_word_in_a_recipient_name_is_refused_and_nothing_is_written(tmp_path, make_data, payload):
    data = make_data(data_files(recipients(payload)))
    year_dir = build_run(tmp_path / "out")
    with pytest.raises(MailError) as e:
        write_drafts(prepare_outbox(2018, tmp_path / "out", data, sender="gns@region.example"))
    assert problems_of(e) == [  # found when the data folder is read, so `gns validate` says it too
        "mottagare.csv:6:namn: namnet innehåller \"=?\" (kodad text enligt RFC 2047), som inte är "
        "tillåtet (skydd mot injektion i e-posthuvud)"]
    assert not (year_dir / "mail").exists()


@pytest.mark.parametrize("payload", [BCC, BODY])
def test_an_encoded_word_in_the_committee_name_is_refused(tmp_path, make_data, payload):
    toml = namnd_toml().replace('namn = "Testnämnden"', f'namn = "Testnämnden {payload}"')
    data = make_data({**data_files(), "namnd.toml": toml})
    year_dir = build_run(tmp_path / "out", data=data)
    with pytest.raises(MailError) as e:
        write_drafts(prepare_outbox(2018, tmp_path / "out", data, sender="gns@region.example"))
    assert problems_of(e) == [
        "namnd.toml::namn: nämndens namn innehåller \"=?\", som e-postprogram läser som kodad text (RFC 2047) och som "
        "kan användas för att lägga till mottagare; skriv namnet som vanlig text"]
    assert not (year_dir / "mail").exists()


def test_a_control_character_hidden_in_an_encoded_sender_name_is_refused(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data, sender=f"{BCC} <gns@region.example>")
    assert problems_of(e) == ["--from: otillåtet styrtecken (U+000D, U+000A) i avsändaren "
                              "(skydd mot injektion i e-posthuvud)"]


def test_the_drafts_carry_exactly_the_intended_header_lines(tmp_path, make_data):
    name = 'Kim "Bcc: x@evil.example" <x@evil.example>, Reply-To: y@evil.example'  # odd, but plain text: allowed
    data = make_data(data_files(recipients(name.replace(";", ","))))
    build_run(tmp_path / "out", data=data)
    paths = write_drafts(prepare_outbox(2018, tmp_path / "out", data, sender="GNS <gns@region.example>"))
    raw = paths[-1].read_bytes()
    assert header_names(raw) == HEADERS
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii").replace("\r\n ", " ")  # unfolded
    assert head.splitlines()[3] == ('To: "Kim \\"Bcc: x@evil.example\\" <x@evil.example>, Reply-To: y@evil.example"'
                                    " <kim@test.example>")
    assert all(header_names(p.read_bytes()) == HEADERS for p in paths)


WHEN = datetime(2019, 2, 14, 10, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("payload, injected", [(BCC, "Bcc"), (REPLY_TO, "Reply-To")])
def test_a_message_built_around_the_checks_is_stopped_by_its_header_lines(payload, injected):
    """Defence in depth: `compose` alone writes the injected line; the check of the bytes refuses the message."""
    r = Recipient(payload, "kim@test.example", None, ("arsbokslut",), 2)
    ctx = BodyContext(2018, "Testnämnden", r.namn, None, committee_figures(KEY_FIGURES), None,
                      ("arsbokslut_2018.html",), None)
    sender = Address("GNS", addr_spec="gns@region.example")
    data = wire_bytes(compose(r, ctx, (attachment("arsbokslut_2018.html", report_bytes("Å")),), "<m@x>", sender, WHEN))
    assert injected in header_names(data)  # what Python's email package does with the payload
    with pytest.raises(MailError, match="meddelandet till kim@test.example byggdes inte som avsett"):
        check_headers(data, r, "Årsbokslut 2018 – Testnämnden", sender)


def test_a_very_long_name_is_refused_with_the_bound(tmp_path, make_data):
    data = make_data(data_files(recipients("K" * 5000)))
    build_run(tmp_path / "out")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == ["mottagare.csv:6:namn: namnet har 5000 tecken; högst 200 är tillåtet"]


def test_a_300_character_address_is_refused(tmp_path, make_data):
    address = "k" * 60 + "@" + ".".join(["d" * 59] * 4) + ".example"
    assert len(address) == 308
    data = make_data(data_files(recipients("Kim", address)))
    build_run(tmp_path / "out")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == ["mottagare.csv:6:epost: adressen har 308 tecken; högst 254 är tillåtet"]


def test_the_longest_valid_address_gets_a_short_draft_file_name(tmp_path, make_data):
    address = "k" * 64 + "@" + ".".join(["d" * 59] * 3) + ".e.example"
    assert len(address) == 254
    data = make_data(data_files(recipients("Kim", address)))
    build_run(tmp_path / "out", data=data)
    paths = write_drafts(prepare_outbox(2018, tmp_path / "out", data))
    assert paths[-1].name == draft_name(5, address)
    assert paths[-1].name == "05-" + "k" * 47 + "-" + __import__("hashlib").sha256(address.encode()).hexdigest()[:12] + ".eml"
    assert draft_name(2, "ekonomi@testby.example") == "02-ekonomi_at_testby.example.eml"  # short ones stay readable


def live_messages() -> int:
    gc.collect()
    return sum(isinstance(o, OutgoingMessage) for o in gc.get_objects())


def test_one_message_in_memory_at_a_time_however_many_recipients(tmp_path, make_data, monkeypatch):
    """Memory stays flat: checking and writing 20 messages never holds more than the one being written."""
    import gns_lib.mail.outbox as outbox

    rows = "\n".join(f"    Mottagare {i};m{i}@test.example;;arsbokslut" for i in range(20))
    data = make_data(data_files("namn;epost;part;rapporter\n" + rows))
    build_run(tmp_path / "out", data=data)
    box = prepare_outbox(2018, tmp_path / "out", data)
    assert live_messages() == 0  # checked, but nothing kept
    held = []
    write = outbox.atomic_write_bytes

    def counting(path, data):
        held.append(live_messages())
        return write(path, data)

    monkeypatch.setattr(outbox, "atomic_write_bytes", counting)
    assert len(write_drafts(box)) == 20
    assert held == [1] * 20


def test_mail_refuses_reports_built_from_other_data(tmp_path, make_data):
    data = make_data(data_files())
    year_dir = build_run(tmp_path / "out", data=data)
    budget = data / "budget.csv"
    budget.write_text(budget.read_text(encoding="utf-8").replace("150000", "150001"), encoding="utf-8")
    (data / "kommentarer").mkdir()
    (data / "kommentarer" / "2018.md").write_text("## U\nNy kommentar.\n", encoding="utf-8")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == [
        f"{year_dir / 'KLAR.json'}: rapporterna byggdes från andra data än de som finns i datamappen nu (budget.csv "
        "har ändrats; kommentarer/2018.md har tillkommit); kör gns report --year 2018 igen, eller ange datamappen "
        "som rapporten byggdes från med --data"]


def test_a_changed_recipients_file_does_not_need_a_new_report(tmp_path, make_data):
    data = make_data(data_files())
    build_run(tmp_path / "out", data=data)
    (data / "mottagare.csv").write_text(RECIPIENTS.replace("    ", "").strip().replace("Åsa", "Åsa-Lena") + "\n",
                                        encoding="utf-8")
    assert len(prepare_outbox(2018, tmp_path / "out", data).plans) == 4


def test_a_report_without_the_data_fingerprint_is_not_sent(tmp_path, make_data):
    data = make_data(data_files())
    year_dir = build_run(tmp_path / "out")  # as written by an older gns
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == [f"{year_dir / 'KLAR.json'}: saknar datamappens fingeravtryck (rapporten byggdes med en "
                              "äldre version av gns); kör gns report --year 2018 igen innan rapporterna skickas"]
