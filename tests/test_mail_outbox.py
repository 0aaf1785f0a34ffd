"""Preparing a mailing: everything checked before anything is written or sent, all problems at once."""

from __future__ import annotations

import io
import textwrap
import zipfile
from datetime import datetime, timezone

import pytest
from mail_fixtures import ADDRESSES, attachments, build_run, data_files, parse

from gns_lib.core.errors import MailError
from gns_lib.mail.outbox import max_bytes_from_mb, prepare_outbox, write_drafts

WHEN = datetime(2019, 2, 14, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def setup(tmp_path, make_data):
    data = make_data(data_files())
    year_dir = build_run(tmp_path / "out", data=data)
    return data, tmp_path / "out", year_dir


def problems_of(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.failures]


def test_one_message_per_recipient_with_the_reports_from_disk(setup):
    data, out, year_dir = setup
    box = prepare_outbox(2018, out, data, sender="gns@region.example", now=WHEN)
    assert [m.recipient.epost for m in box.messages] == list(ADDRESSES)
    assert len({m.message_id for m in box.messages}) == 4
    assert box.sender.display_name == "Testnämnden"
    got = [attachments(parse(m.data)) for m in box.messages]
    ars = (year_dir / "arsbokslut_2018.html").read_bytes()
    part = {p: (year_dir / "parter" / f"{p}.html").read_bytes() for p in "RAB"}
    assert got == [
        {"arsbokslut_2018.html": ars},
        {"arsbokslut_2018.html": ars, "partsrapport_A_2018.html": part["A"]},
        {"partsrapport_B_2018.html": part["B"]},
        {"partsrapport_R_2018.html": part["R"]},
    ]
    assert [m.size for m in box.messages] == [len(m.data) for m in box.messages]


def test_zip_gives_one_zip_per_message(setup):
    data, out, year_dir = setup
    box = prepare_outbox(2018, out, data, use_zip=True, now=WHEN)
    got = attachments(parse(box.messages[1].data))
    assert list(got) == ["TN_rapporter_2018.zip"]
    with zipfile.ZipFile(io.BytesIO(got["TN_rapporter_2018.zip"])) as z:
        assert z.read("partsrapport_A_2018.html") == (year_dir / "parter" / "A.html").read_bytes()
        assert z.namelist() == ["arsbokslut_2018.html", "partsrapport_A_2018.html"]


def test_drafts_are_written_atomically_and_old_drafts_removed(setup):
    data, out, year_dir = setup
    mail = year_dir / "mail"
    mail.mkdir()
    (mail / "99-gammal.eml").write_bytes(b"old")
    (mail / "skickat.csv").write_text("kvar", encoding="utf-8")
    box = prepare_outbox(2018, out, data, now=WHEN)
    paths = write_drafts(box)
    assert [p.name for p in paths] == ["01-ordforande_at_test.example.eml", "02-ekonomi_at_testby.example.eml",
                                       "03-ekonomi_at_asele.example.eml", "04-ekonomi_at_region.example.eml"]
    assert sorted(p.name for p in mail.iterdir()) == sorted([p.name for p in paths] + ["skickat.csv"])
    draft = parse(paths[2].read_bytes())
    assert draft["X-Unsent"] == "1" and draft["From"] is None
    assert draft["Subject"] == "Partsrapport 2018 för Åsele kommun – Testnämnden"
    assert draft["Message-ID"].endswith("@gns.invalid>")
    assert attachments(draft) == {"partsrapport_B_2018.html": (year_dir / "parter" / "B.html").read_bytes()}


def test_missing_marker_refuses_everything_and_writes_nothing(tmp_path, make_data):
    data = make_data(data_files())
    year_dir = build_run(tmp_path / "out", marker=False)
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == [f"{year_dir / 'KLAR.json'}: saknas: rapportkörningen för 2018 är inte klar, misslyckades "
                              "eller har inte körts; kör gns report --year 2018 först (rapporter från en ofullständig "
                              "körning skickas aldrig)"]
    assert str(e.value).startswith("Inget skickades och inga utkast skrevs: 1 fel:\n  ")
    assert not (year_dir / "mail").exists()


def test_changed_and_missing_reports_are_refused(tmp_path, make_data):
    data = make_data(data_files())
    year_dir = build_run(tmp_path / "out", parts=("A", "B"), data=data)
    (year_dir / "parter" / "B.html").write_bytes(b"<p>efter k\xc3\xb6rningen</p>")
    src = data / "mottagare.csv"
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == [
        f"{year_dir / 'parter/B.html'}: har ändrats efter körningen (SHA-256 stämmer inte med KLAR.json); "
        f"kör gns report igen (behövs för {src} rad 4)",
        f"{year_dir / 'parter/R.html'}: saknas, och körningen har inte skrivit den (finns inte i KLAR.json) "
        f"(behövs för {src} rad 5)",
    ]


def test_changed_key_figures_are_refused(setup):
    data, out, year_dir = setup
    path = year_dir / "nyckeltal.json"
    path.write_text(path.read_text(encoding="utf-8").replace("744800.00", "999999.00"), encoding="utf-8")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, out, data)
    assert problems_of(e) == [f"{path}: har ändrats efter körningen (SHA-256 stämmer inte med KLAR.json); kör gns report igen"]


def test_all_problems_are_listed_at_once(setup, tmp_path):
    data, out, year_dir = setup
    (year_dir / "arsbokslut_2018.html").write_bytes(b"annan")
    lista = tmp_path / "lista.csv"
    lista.write_text(textwrap.dedent("""\
        namn;epost;part;rapporter
        Fel adress;fel.adress.example;;partsrapport
        Okänd;okand@test.example;Z;partsrapport
        Årsbokslut;ars@test.example;;arsbokslut
        Testby;testby@test.example;A;partsrapport
    """), encoding="utf-8")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, out, data, lista, max_bytes=4000, sender="inte en adress")
    assert problems_of(e) == [
        "--from: ogiltig avsändare 'inte en adress'; väntade adr@exempel.se eller \"Namn <adr@exempel.se>\"",
        f"{lista}:2:epost: ogiltig e-postadress 'fel.adress.example'; väntade namn@exempel.se",
        f"{lista}:2:part: partsrapport kräver en part",
        f"{lista}:3:part: okänd part 'Z'; väntade en part ur parter.csv eller tomt",
        f"{year_dir / 'arsbokslut_2018.html'}: har ändrats efter körningen (SHA-256 stämmer inte med KLAR.json); "
        f"kör gns report igen (behövs för {lista} rad 4)",
        f"{lista}:5: meddelandet till testby@test.example blir 6\u00a0kB, över gränsen 4\u00a0kB; "
        "packa rapporterna med --zip eller höj gränsen med --max-mb",
    ]


def test_size_limit_per_message(setup):
    data, out, year_dir = setup
    build_run(out, pad=400_000, data=data)  # about 0.8 MB per report, base64 grows it by a third
    box = prepare_outbox(2018, out, data, max_bytes=max_bytes_from_mb(3))
    assert max(m.size for m in box.messages) > max_bytes_from_mb(2)
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, out, data, max_bytes=max_bytes_from_mb(2))
    src = data / "mottagare.csv"
    assert problems_of(e) == [f"{src}:3: meddelandet till ekonomi@testby.example blir 2,1\u00a0MB, över gränsen 2,0\u00a0MB; "
                              "packa rapporterna med --zip eller höj gränsen med --max-mb"]
    assert len(prepare_outbox(2018, out, data, use_zip=True, max_bytes=max_bytes_from_mb(1)).messages) == 4


@pytest.mark.parametrize("size, expected", [
    (0, "0\u00a0kB"), (6 * 1024 - 1, "6\u00a0kB"), (104_857, "102\u00a0kB"), (104_858, "0,1\u00a0MB"),
    (2_202_010, "2,1\u00a0MB"), (1500 * 1024 * 1024, "1\u00a0500,0\u00a0MB"), (1_048_576 * 20, "20,0\u00a0MB")])
def test_sizes_are_written_the_swedish_way(size, expected):
    from gns_lib.mail.outbox import _mb

    assert _mb(size) == expected


def test_invalid_data_folder_and_wrong_year(tmp_path, make_data):
    data = make_data({**data_files(), "parter.csv": "part;namn\nR;Region"})
    build_run(tmp_path / "out")
    with pytest.raises(MailError) as e:
        prepare_outbox(2019, tmp_path / "out", data)
    problems = problems_of(e)
    assert any(p.startswith("parter.csv:1:org_nr: kolumnen 'org_nr' saknas") for p in problems)
    assert problems[-1].startswith(f"{tmp_path / 'out' / '2019' / 'KLAR.json'}: saknas")


def test_header_injection_in_the_data_folder_is_refused(tmp_path, make_data):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["namn", "epost", "part", "rapporter"])
    wb.active.append(["Eva\r\nBcc: evil@example.org", "eva@test.example", "", "arsbokslut"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = make_data({**data_files(recipients=None), "mottagare.xlsx": buffer.getvalue()})
    build_run(tmp_path / "out")
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, tmp_path / "out", data)
    assert problems_of(e) == ["mottagare.xlsx:2:epost: radbrytning i namn eller adress är inte tillåten "
                              "(skydd mot injektion i e-posthuvud)"]


@pytest.mark.parametrize("sender, expected", [
    ("gns@region.example", ("Testnämnden", "gns@region.example")),
    ("Ekonomen <ekonom@region.example>", ("Ekonomen", "ekonom@region.example")),
])
def test_sender_forms(setup, sender, expected):
    data, out, _ = setup
    box = prepare_outbox(2018, out, data, sender=sender)
    assert (box.sender.display_name, box.sender.addr_spec) == expected
    assert box.messages[0].message_id.endswith("@" + expected[1].split("@")[1] + ">")


@pytest.mark.parametrize("sender", ["gns@region.example\r\nBcc: evil@example.org", "åsa@region.example", "gns@", "gns"])
def test_bad_senders_are_refused(setup, sender):
    data, out, _ = setup
    with pytest.raises(MailError) as e:
        prepare_outbox(2018, out, data, sender=sender)
    assert len(e.value.failures) == 1 and e.value.failures[0].file == "--from"


def test_the_bundled_recipients_file_works(tmp_path):
    from conftest import DATA

    build_run(tmp_path / "out", parts=("region", "are", "ostersund", "krokom", "harjedalen"), data=DATA)
    box = prepare_outbox(2018, tmp_path / "out", DATA, sender="gns@regionjh.example")
    assert len(box.messages) == 8
    subjects = [parse(m.data)["Subject"] for m in box.messages]
    committee = "Gemensam nämnd för samverkan inom drift och stöd, utveckling samt specialistfunktioner"
    assert subjects[0] == f"Årsbokslut 2018 – {committee}"
    assert subjects[4] == f"Årsbokslut och partsrapport 2018 för Åre kommun – {committee}"
    assert subjects[5] == f"Partsrapport 2018 för Östersunds kommun – {committee}"
    build_plan(tmp_path / "out", 2019, ("region", "are", "ostersund", "krokom", "harjedalen"), data=DATA)
    box = prepare_outbox(2019, tmp_path / "out", DATA, sender="gns@regionjh.example", plan=True)
    assert [parse(m.data)["Subject"] for m in box.messages][1] == f"Budgetunderlag 2019 för Åre kommun – {committee}"
    assert len(box.messages) == 5


PLAN_RECIPIENTS = """
    namn;epost;part;rapporter
    Ordförande;ordforande@test.example;;arsbokslut
    Ekonomichef Testby;ekonomi@testby.example;A;partsrapport,budgetunderlag
    Ekonomichef Åsele;ekonomi@asele.example;B;budgetunderlag
"""


def build_plan(out, year: int = 2019, parts: str | tuple = "AB", data=None):
    from mail_fixtures import report_bytes

    from gns_lib.mail.marker import write_completion_marker

    folder = out / f"plan-{year}"
    (folder / "budgetunderlag").mkdir(parents=True)
    for p in parts:
        (folder / "budgetunderlag" / f"{p}.html").write_bytes(report_bytes(f"Budgetunderlag {p} {year}"))
    info = {}
    if data is not None:  # as the plan run records it
        from gns_lib.data.loader import load_dataset

        ds = load_dataset(data)
        info = {"data_fingerprint": ds.fingerprint(), "data_files": {f.name: f.sha256 for f in ds.files}}
    write_completion_marker(folder, year, [f"budgetunderlag/{p}.html" for p in parts], **info)
    return folder


def test_plan_mailing_sends_each_party_its_budgetunderlag(tmp_path, make_data):
    data = make_data(data_files(PLAN_RECIPIENTS))
    folder = build_plan(tmp_path / "out", data=data)
    box = prepare_outbox(2019, tmp_path / "out", data, plan=True, now=WHEN)
    assert box.year_dir == folder and box.mail_dir == folder / "mail"
    assert [m.recipient.epost for m in box.messages] == ["ekonomi@testby.example", "ekonomi@asele.example"]
    msg = parse(box.messages[0].data)
    assert msg["Subject"] == "Budgetunderlag 2019 för Testby kommun – Testnämnden"
    assert attachments(msg) == {"budgetunderlag_A_2019.html": (folder / "budgetunderlag" / "A.html").read_bytes()}
    assert "Här kommer budgetunderlaget för Testby kommun 2019" in msg.get_body(("plain",)).get_content()


def test_an_annual_mailing_leaves_out_who_only_wants_budgetunderlag(tmp_path, make_data):
    data = make_data(data_files(PLAN_RECIPIENTS))
    build_run(tmp_path / "out", data=data)
    box = prepare_outbox(2018, tmp_path / "out", data, now=WHEN)
    assert [m.recipient.epost for m in box.messages] == ["ordforande@test.example", "ekonomi@testby.example"]
    assert list(attachments(parse(box.messages[1].data))) == ["partsrapport_A_2018.html"]


def test_a_plan_mailing_without_a_plan_run_or_recipients_says_so(tmp_path, make_data):
    with pytest.raises(MailError) as e:
        prepare_outbox(2019, tmp_path / "out", make_data(data_files(PLAN_RECIPIENTS)), plan=True, now=WHEN)
    assert any("plan-2019" in p for p in problems_of(e))
    data = make_data(data_files())
    build_plan(tmp_path / "out", data=data)
    with pytest.raises(MailError) as e:
        prepare_outbox(2019, tmp_path / "out", data, plan=True, now=WHEN)
    assert problems_of(e)[-1].endswith("ingen mottagare har budgetunderlag; väntade minst en rad med part och "
                                       "budgetunderlag i rapporter")
