"""Recipients for e-mail: the loader's checks reused, plus the checks only sending needs."""

from __future__ import annotations

import textwrap

import openpyxl
import pytest
from mail_fixtures import data_files

from gns_lib.data.loader import load_dataset
from gns_lib.mail.selection import dataset_recipients, read_recipients, recipient_problems, report_files
from gns_lib.data.model import Recipient

PARTS = {"R", "A", "B"}


def write(tmp_path, text: str, name: str = "lista.csv"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
    return path


def all_problems(path):
    rl, problems = read_recipients(path, PARTS)
    return rl, [str(p) for p in problems + recipient_problems(rl, problems)]


def test_a_good_file_gives_typed_rows(tmp_path):
    path = write(tmp_path, """
        namn;epost;part;rapporter
        Åsa Öberg;asa@test.example;;arsbokslut
        Ekonomichef;ekonomi@test.example;A;arsbokslut, partsrapport
    """)
    rl, problems = all_problems(path)
    assert problems == []
    assert rl.source == str(path)
    assert rl.recipients == (
        Recipient("Åsa Öberg", "asa@test.example", None, ("arsbokslut",), 2),
        Recipient("Ekonomichef", "ekonomi@test.example", "A", ("arsbokslut", "partsrapport"), 3),
    )


def test_every_bad_row_is_reported_at_once(tmp_path):
    path = write(tmp_path, """
        namn;epost;part;rapporter
        Utan snabel-a;ingen-adress;;arsbokslut
        Okänd part;x@test.example;Z;partsrapport
        Okänd rapport;y@test.example;;budget
        Utan part;z@test.example;;partsrapport
        Å i adressen;åsa@test.example;;arsbokslut
        Dubblett;X@Test.example;;arsbokslut
        Styrtecken\u2028Bcc: evil@example.org;w@test.example;;arsbokslut
        Dold\u0085rad;v@test.example;;arsbokslut
        Inga rapporter;u@test.example;;,
    """)
    _, problems = all_problems(path)
    f = str(path)
    assert problems == [
        f"{f}:2:epost: ogiltig e-postadress 'ingen-adress'; väntade namn@exempel.se",
        f"{f}:3:part: okänd part 'Z'; väntade en part ur parter.csv eller tomt",
        f"{f}:4:rapporter: okänd rapport 'budget'; väntade arsbokslut, partsrapport och/eller budgetunderlag",
        f"{f}:5:part: partsrapport kräver en part",
        # names are checked when the file is read (also by gns validate), the rest by the e-mail checks
        f"{f}:8:namn: namnet innehåller styrtecknet U+2028, som inte är tillåtet (skydd mot injektion i e-posthuvud)",
        f"{f}:9:namn: namnet innehåller styrtecknet U+0085, som inte är tillåtet (skydd mot injektion i e-posthuvud)",
        f"{f}:6:epost: adressen 'åsa@test.example' har tecken utanför ASCII (t.ex. å, ä, ö), som e-postservrar "
        "inte tar emot; väntade namn@exempel.se",
        f"{f}:7:epost: adressen X@Test.example finns redan på rad 3; en mottagare ska stå på en rad "
        "(ett meddelande per mottagare)",
        f"{f}:10:rapporter: inga rapporter; väntade arsbokslut, partsrapport och/eller budgetunderlag",
    ]


def test_a_line_break_in_a_name_is_refused_as_header_injection(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["namn", "epost", "part", "rapporter"])
    ws.append(["Eva\nBcc: evil@example.org", "eva@test.example", "", "arsbokslut"])
    ws.append(["Per", "per@test.example\r\nBcc: evil@example.org", "", "arsbokslut"])
    path = tmp_path / "mottagare.xlsx"
    wb.save(path)
    rl, problems = all_problems(path)
    message = "radbrytning i namn eller adress är inte tillåten (skydd mot injektion i e-posthuvud)"
    assert problems == [f"{path}:2:epost: {message}", f"{path}:3:epost: {message}"]
    assert rl.recipients == ()


def test_missing_and_empty_files(tmp_path):
    _, problems = all_problems(tmp_path / "finns-inte.csv")
    assert problems[0].endswith("filen finns inte; väntade en mottagarfil med kolumnerna namn;epost;part;rapporter")
    path = write(tmp_path, "namn;epost;part;rapporter")
    _, problems = all_problems(path)
    assert problems == [f"{path}: inga mottagare; väntade minst en rad namn;epost;part;rapporter"]
    path = write(tmp_path, "namn;adress\nA;a@test.example", "fel.csv")
    _, problems = all_problems(path)
    assert problems[0].startswith(f"{path}:1:epost: kolumnen 'epost' saknas")


def test_dataset_recipients_come_from_the_data_folder(make_data):
    ds = load_dataset(make_data(data_files()))
    rl, problems = dataset_recipients(ds)
    assert problems == [] and rl.source == str(ds.data_dir / "mottagare.csv")
    assert [r.part for r in rl.recipients] == [None, "A", "B", "R"]
    ds = load_dataset(make_data(data_files(recipients=None)))
    rl, problems = dataset_recipients(ds)
    assert rl.recipients == ()
    assert [str(p) for p in problems] == [
        f"{ds.data_dir / 'mottagare.csv'}: filen saknas; väntade namn;epost;part;rapporter, eller ange --recipients FIL"]


def test_report_files_name_the_run_files_and_the_attachments():
    both = Recipient("X", "x@test.example", "B", ("arsbokslut", "partsrapport"), 2)
    files, why = report_files(both, 2018)
    assert why is None
    assert [(f.rel, f.filename) for f in files] == [
        ("arsbokslut_2018.html", "arsbokslut_2018.html"), ("parter/B.html", "partsrapport_B_2018.html")]
    files, _ = report_files(Recipient("X", "x@test.example", "är", ("partsrapport",), 2), 2019)
    assert [(f.rel, f.filename) for f in files] == [("parter/är.html", "partsrapport_ar_2019.html")]


@pytest.mark.parametrize("part", ["../R", "a/b", "..", "a\\b"])
def test_a_part_that_is_not_a_file_name_is_refused(part):
    files, why = report_files(Recipient("X", "x@test.example", part, ("partsrapport",), 2), 2018)
    assert files == () and "kan inte vara ett filnamn" in why


def test_budgetunderlag_come_only_from_the_plan_folder():
    r = Recipient("X", "x@test.example", "är", ("arsbokslut", "budgetunderlag"), 2)
    assert [f.rel for f in report_files(r, 2019)[0]] == ["arsbokslut_2019.html"]
    files, why = report_files(r, 2019, plan=True)
    assert why is None and [(f.rel, f.filename) for f in files] == [("budgetunderlag/är.html", "budgetunderlag_ar_2019.html")]
    assert report_files(Recipient("X", "x@test.example", "A", ("arsbokslut",), 2), 2019, plan=True) == ((), None)
    files, why = report_files(Recipient("X", "x@test.example", "../A", ("budgetunderlag",), 2), 2019, plan=True)
    assert files == () and "budgetunderlag/<part>.html" in why
