from gns_lib.data.explanations import parse_comments


def test_parse_comments_splits_on_level_two_headings():
    text = "# Titel\n## Sammanfattning\nBra år.\n\n## 6663 Serverdrift\n+13 tkr.\n### Detalj\nmer\n"
    assert parse_comments(text) == {"Sammanfattning": "Bra år.", "6663 Serverdrift": "+13 tkr.\n### Detalj\nmer"}


def test_a_heading_naming_no_object_and_control_characters_are_located():
    from gns_lib.core.errors import Problem
    from gns_lib.data.explanations import comment_problems

    text = "# 2018\n## Sammanfattning\nBra.\n## 6663\nOk.\n## 9999 Okänt\nTappas.\n## 2019 i korthet\nFritt.\nA\x00B\n"
    assert comment_problems(text, "kommentarer/2018.md", {"6663"}) == [
        Problem("kommentarer/2018.md", 6, None, "rubriken ## 9999 är inget objekt i objekt.csv, så texten under den "
                                                "visas inte; väntade en objektkod eller en fri rubrik"),
        Problem("kommentarer/2018.md", 10, None, "kontrolltecken i texten; väntade text utan kontrolltecken"),
    ]


def test_a_comment_under_an_unknown_object_fails_validation(make_data):
    import pytest

    from gns_lib.core.errors import DataError
    from gns_lib.data.loader import load_dataset

    folder = make_data({"kommentarer/2018.md": "## N\nNämnden.\n\n## 9999\nFörsvinner.\n"})
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems] == [
        "kommentarer/2018.md:4: rubriken ## 9999 är inget objekt i objekt.csv, så texten under den visas inte; "
        "väntade en objektkod eller en fri rubrik"]
