from gns_lib.data.explanations import parse_comments


def test_parse_comments_splits_on_level_two_headings():
    text = "# Titel\n## Sammanfattning\nBra år.\n\n## 6663 Serverdrift\n+13 tkr.\n### Detalj\nmer\n"
    assert parse_comments(text) == {"Sammanfattning": "Bra år.", "6663 Serverdrift": "+13 tkr.\n### Detalj\nmer"}
