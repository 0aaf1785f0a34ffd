"""mottagare.csv through the loader: every rule reported as fil:rad:kolumn."""

from test_loader import problems_of


def test_recipient_rules(make_data):
    got = problems_of(make_data({"mottagare.csv": """
        namn;epost;part;rapporter
        Kim;kim@;;arsbokslut
        Lo;lo@test.example;;partsrapport
        Al;al@test.example;A;faktura
        Bo;bo@test.example;;budgetunderlag
    """}))
    assert got == [
        "mottagare.csv:2:epost: ogiltig e-postadress 'kim@'; väntade namn@exempel.se",
        "mottagare.csv:3:part: partsrapport kräver en part",
        "mottagare.csv:4:rapporter: okänd rapport 'faktura'; väntade arsbokslut, partsrapport och/eller budgetunderlag",
        "mottagare.csv:5:part: budgetunderlag kräver en part",
    ]


def test_names_that_could_forge_e_mail_headers_are_refused_when_validating(make_data, capsys):
    from gns_lib.cli.main import main

    data = make_data({"mottagare.csv": "\n".join([
        "namn;epost;part;rapporter",
        "=?utf-8?q?Evil=0D=0ABcc:_x@evil.example?=;a@test.example;;arsbokslut",
        "Kim\u202eBcc;b@test.example;;arsbokslut",
        "Lo\x85Bcc;c@test.example;;arsbokslut",
        f"{'K' * 201};d@test.example;;arsbokslut",
        f"Al;{'a' * 250}@test.example;;arsbokslut",
    ])})
    assert main(["validate", "--data", str(data)]) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  mottagare.csv:2:namn: namnet innehåller \"=?\" (kodad text enligt RFC 2047), som inte är tillåtet "
        "(skydd mot injektion i e-posthuvud)",
        "  mottagare.csv:3:namn: namnet innehåller styrtecknet U+202E, som inte är tillåtet (skydd mot injektion "
        "i e-posthuvud)",
        "  mottagare.csv:4:namn: namnet innehåller styrtecknet U+0085, som inte är tillåtet (skydd mot injektion "
        "i e-posthuvud)",
        "  mottagare.csv:5:namn: namnet har 201 tecken; högst 200 är tillåtet",
        "  mottagare.csv:6:epost: adressen har 263 tecken; högst 254 är tillåtet",
    ]


def test_a_recipients_file_given_to_gns_mail_with_a_stray_cr_or_nul_is_located(tmp_path):
    from gns_lib.core.errors import Problem
    from gns_lib.mail.selection import read_recipients

    path = tmp_path / "lista.csv"
    path.write_bytes(b"namn;epost;part;rapporter\r\nKim\rLo;kim@test.example;;arsbokslut\r\n")
    assert read_recipients(path, {"A"})[1] == [Problem(str(path), 2, "namn", "fristående vagnretur (CR, byte 0x0D) "
                                                                             "mitt i raden; väntade radslut LF eller CRLF")]
    path.write_bytes(b"namn;epost;part;rapporter\nKim\x00;kim@test.example;;arsbokslut\n")
    assert read_recipients(path, {"A"})[1] == [
        Problem(str(path), 2, "namn", "NUL (byte 0x00) i texten; väntade text utan kontrolltecken"),
        Problem(str(path), 2, "namn", "namnet innehåller styrtecknet U+0000, som inte är tillåtet (skydd mot injektion "
                                      "i e-posthuvud)")]
