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
