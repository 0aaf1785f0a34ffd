"""RFC 5322 messages: structure, UTF-8 headers, byte-identical attachments, zip, stable Message-ID."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from email.headerregistry import Address

from mail_fixtures import KEY_FIGURES, attachments, parse, report_bytes

from gns_lib.mail.bodies import BodyContext
from gns_lib.mail.compose import as_draft, attachment, compose, content_key, id_token, message_id, wire_bytes, \
    zip_attachments
from gns_lib.mail.report_figures import committee_figures, party_figures
from gns_lib.data.model import Recipient

WHEN = datetime(2019, 2, 14, 10, 30, tzinfo=timezone.utc)
R = Recipient("Ekonomichef Åre kommun", "ekonomichef@are.example", "A", ("arsbokslut", "partsrapport"), 5)
FILES = (attachment("arsbokslut_2018.html", report_bytes("Årsbokslut 2018")),
         attachment("partsrapport_A_2018.html", report_bytes("Partsrapport A", pad=50)))


def build(files=FILES, zip_name=None, committee="Gemensam nämnd för samverkan"):
    ctx = BodyContext(2018, committee, R.namn, "Åre kommun", committee_figures(KEY_FIGURES),
                      party_figures(KEY_FIGURES, "A"), tuple(f.filename for f in FILES), zip_name)
    sender = Address("Gemensam nämnd för samverkan", addr_spec="gns@region.example")
    return compose(R, ctx, files, message_id(2018, "ab" * 32, "region.example"), sender, WHEN)


def test_attachment_types():
    assert (FILES[0].maintype, FILES[0].subtype) == ("text", "html")
    z = attachment("x.zip", b"PK")
    assert (z.maintype, z.subtype) == ("application", "zip")
    assert (attachment("data.bin", b"").maintype, attachment("data.bin", b"").subtype) == ("application", "octet-stream")


def test_wire_form_is_ascii_and_decodes_to_swedish_headers():
    raw = wire_bytes(build())
    assert raw.isascii()
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    msg = parse(raw)
    assert msg["Subject"] == "Årsbokslut och partsrapport 2018 för Åre kommun – Gemensam nämnd för samverkan"
    assert msg["To"].addresses[0].display_name == "Ekonomichef Åre kommun"
    assert msg["To"].addresses[0].addr_spec == "ekonomichef@are.example"
    assert msg["From"].addresses[0].display_name == "Gemensam nämnd för samverkan"
    assert msg["Date"].datetime == WHEN
    assert msg["Content-Language"] == "sv"


def test_structure_mixed_alternative_and_attachments():
    msg = parse(wire_bytes(build()))
    assert msg.get_content_type() == "multipart/mixed"
    parts = list(msg.iter_parts())
    assert parts[0].get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parts[0].iter_parts()] == ["text/plain", "text/html"]
    assert "<script" not in msg.get_body(("html",)).get_content().lower()
    assert "Hej Ekonomichef Åre kommun," in msg.get_body(("plain",)).get_content()
    assert [(p.get_content_type(), p.get_filename(), p["Content-Transfer-Encoding"]) for p in parts[1:]] == [
        ("text/html", "arsbokslut_2018.html", "base64"), ("text/html", "partsrapport_A_2018.html", "base64")]
    assert attachments(msg) == {f.filename: f.data for f in FILES}


def test_zip_packs_every_report_byte_identical_and_deterministically():
    z = zip_attachments(FILES, "TN_rapporter_2018.zip", WHEN)
    assert z == zip_attachments(FILES, "TN_rapporter_2018.zip", WHEN)
    assert (z.maintype, z.subtype) == ("application", "zip")
    msg = parse(wire_bytes(build(files=(z,), zip_name=z.filename)))
    got = attachments(msg)
    assert list(got) == ["TN_rapporter_2018.zip"]
    with zipfile.ZipFile(io.BytesIO(got["TN_rapporter_2018.zip"])) as archive:
        assert archive.testzip() is None
        assert {n: archive.read(n) for n in archive.namelist()} == {f.filename: f.data for f in FILES}
        assert archive.getinfo("arsbokslut_2018.html").date_time == (2019, 2, 14, 10, 30, 0)
    assert "zip-filen TN_rapporter_2018.zip" in msg.get_body(("plain",)).get_content()


def test_message_id_comes_from_what_the_message_carries():
    contents = (("arsbokslut_2018.html", "11" * 32), ("partsrapport_A_2018.html", "22" * 32))
    key = content_key("ekonomichef@are.example", "Årsbokslut 2018 – TN", contents)
    a = message_id(2018, key, "region.example")
    assert a == f"<gns.2018.{key[:32]}@region.example>"
    # the case of the address and the order of the attachments do not make another message; the domain is not the identity
    assert content_key("EkonomiChef@are.example", "Årsbokslut 2018 – TN", contents[::-1]) == key
    assert id_token(message_id(2018, key, "gns.invalid")) == id_token(a)
    # another recipient, subject or report content does
    assert content_key("annan@are.example", "Årsbokslut 2018 – TN", contents) != key
    assert content_key("ekonomichef@are.example", "Årsbokslut 2019 – TN", contents) != key
    assert content_key("ekonomichef@are.example", "Årsbokslut 2018 – TN", (contents[0], ("partsrapport_A_2018.html",
                                                                                         "33" * 32))) != key


def test_draft_is_the_same_message_marked_unsent():
    msg = build()
    draft = as_draft(msg)
    assert draft.startswith(b"X-Unsent: 1\r\n")
    assert draft[len(b"X-Unsent: 1\r\n"):] == wire_bytes(msg)
    assert parse(draft)["X-Unsent"] == "1"


def test_line_breaks_in_names_from_the_data_cannot_add_headers():
    msg = parse(wire_bytes(build(committee="Nämnd\r\nBcc: evil@example.org\u2028X")))
    assert msg["Subject"] == "Årsbokslut och partsrapport 2018 för Åre kommun – Nämnd Bcc: evil@example.org X"
    assert msg["Bcc"] is None
