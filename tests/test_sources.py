"""`[kallor]` in namnd.toml: each setting read into a Source, every mistake a Swedish problem with its line."""

from __future__ import annotations

import textwrap
from types import MappingProxyType

from gns_lib.core.errors import Problem
from gns_lib.data.sources import COLUMNS, SIE, Source, SourcePlan, load_sources, source_files


def plan(text: str) -> tuple[SourcePlan, list[str]]:
    found, problems = load_sources(textwrap.dedent(text).encode("utf-8"))
    return found, [str(p) for p in problems]


def test_no_section_means_our_own_csv_files():
    assert load_sources(b'namn = "N"\n') == (SourcePlan(), [])
    assert load_sources(None) == (SourcePlan(), [])


def test_a_sie_source_with_two_dimensions_and_kept_dimensions():
    found, problems = plan("""
        namn = "N"
        [kallor.utfall]
        filer = ["export/*.se"]
        dimensioner = [1, "6"]
        utfall_fran = "psaldo"
        konton = ["3000-8999", "9100"]
        behall = { ansvar = "2" }
    """)
    assert problems == []
    assert found.utfall == (Source(table="utfall", kind=SIE, patterns=("export/*.se",), line=3, dimensions=("1", "6"),
                                   outcome_from="psaldo", accounts=((3000, 8999), (9100, 9100)),
                                   keep=MappingProxyType({"ansvar": "2"})),)
    assert found.budget == ()
    assert found.named == {"utfall"}


def test_a_column_source_maps_columns_case_blind_with_decimal_point_and_revenue_positive():
    found, problems = plan("""
        [[kallor.budget]]
        filer = "export/budget.csv"
        decimaltecken = "."
        tecken = "intakter_positiva"
        version = "ändring"
        beslut = "Nämnden 2019-06-14 § 28"
        [kallor.budget.kolumner]
        period = "PERIOD"
        konto = "KONTO_ID"
        objekt = ["PROJ_ID", "KST_ID"]
        belopp = "BUDGET_PER"
    """)
    assert problems == []
    (source,) = found.budget
    assert (source.kind, source.patterns, source.decimal, source.sign, source.version, source.decision) == (
        COLUMNS, ("export/budget.csv",), ".", "intakter_positiva", "ändring", "Nämnden 2019-06-14 § 28")
    assert dict(source.columns) == {"period": ("period",), "konto": ("konto_id",), "objekt": ("proj_id", "kst_id"),
                                    "belopp": ("budget_per",)}
    assert source.column("objekt") == "proj_id" and source.column("text") is None


def test_two_sources_for_one_table_each_with_its_header_line():
    found, problems = plan("""
        [[kallor.utfall]]
        filer = "a.se"
        dimensioner = "6"

        [[kallor.utfall]]
        filer = "b.csv"
        kolumner = { period = "p", konto = "k", objekt = "o", belopp = "b" }
    """)
    assert problems == []
    assert [(s.kind, s.line) for s in found.utfall] == [(SIE, 2), (COLUMNS, 6)]


def test_every_mistake_at_once_with_line_and_key():
    _, problems = plan("""
        [kallor.utfall]
        filer = ["../annan/utfall.se"]
        dimensioner = ["sex"]
        utfall_fran = "saldo"
        tecken = "bokfort"
        okand = 1

        [kallor.budget]
        filer = "budget.csv"
        decimaltecken = ";"
        tecken = "plus"
        version = "reviderad"
        [kallor.budget.kolumner]
        period = "PERIOD"
        ar = "AR"
        konto = ["K1", "K2"]
        objekt = "O"
        belopp = "B"
        farg = "F"

        [kallor.prognos]
        filer = "p.csv"
    """)
    assert problems == [
        "namnd.toml:22:kallor.prognos: okänd tabell 'prognos'; väntade utfall eller budget",
        "namnd.toml:2:kallor.utfall.okand: okänd nyckel 'okand'; väntade behall, beslut, decimaltecken, dimensioner, "
        "filer, format, kolumner, konton, tecken, utfall_fran, version",
        "namnd.toml:2:kallor.utfall.filer: '../annan/utfall.se' ligger utanför datamappen; väntade en sökväg i mappen, "
        "t.ex. export/2018.se",
        "namnd.toml:2:kallor.utfall.dimensioner: väntade dimensionerna som har nämndens objekt, t.ex. [\"6\"] eller "
        "[\"1\", \"6\"]",
        "namnd.toml:2:kallor.utfall.utfall_fran: ogiltigt värde 'saldo'; väntade \"trans\" (verifikationernas rader) "
        "eller \"psaldo\" (periodsaldon per objekt)",
        "namnd.toml:2:kallor.utfall.tecken: tecken gäller kolumnexporter (CSV/XLSX), inte SIE-filer; SIE har alltid "
        "bokföringens tecken",
        "namnd.toml:9:kallor.budget.kolumner.konto: väntade ett kolumnnamn",
        "namnd.toml:9:kallor.budget.kolumner.farg: okänt fält 'farg'; väntade konto, objekt, belopp, period, ar, "
        "version, beslut",
        "namnd.toml:9:kallor.budget.kolumner.period: väntade antingen period (månadsbudget, ÅÅÅÅMM) eller ar "
        "(årsbudget), inte båda och inte ingen",
        "namnd.toml:9:kallor.budget.decimaltecken: ogiltigt decimaltecken ';'; väntade \",\" eller \".\"",
        "namnd.toml:9:kallor.budget.tecken: ogiltigt tecken 'plus'; väntade \"bokfort\" (kostnader positiva, intäkter "
        "negativa) eller \"intakter_positiva\" (intäkter positiva, kostnader negativa)",
        "namnd.toml:9:kallor.budget.version: ogiltig version 'reviderad'; väntade \"fastställd\" eller \"ändring\"",
    ]


def test_a_column_source_needs_its_required_columns():
    _, problems = plan("""
        [kallor.utfall]
        filer = "u.csv"
        [kallor.utfall.kolumner]
        konto = "KONTO"
        belopp = "BELOPP"
    """)
    assert problems == [
        "namnd.toml:2:kallor.utfall.kolumner.period: kolumnen för period saknas; väntade t.ex. period = \"PERIOD\"",
        "namnd.toml:2:kallor.utfall.kolumner.objekt: kolumnen för objekt saknas; väntade t.ex. objekt = \"OBJEKT\"",
    ]


def test_files_in_pattern_order_sorted_within_each_and_missing_or_twice_matched_said(tmp_path):
    (tmp_path / "export").mkdir()
    for name in ("2019.se", "2018.se", "noter.txt"):
        (tmp_path / "export" / name).write_text("#FLAGGA 0\n")
    source = Source("utfall", SIE, ("export/*.se", "export/2018.se", "saknas/*.se"), 7, ("6",))
    files, problems = source_files(tmp_path, source)
    assert [shown for _, shown in files] == ["export/2018.se", "export/2019.se"]
    assert problems == [
        Problem("namnd.toml", 7, "kallor.utfall.filer", "export/2018.se matchas två gånger; varje fil läses en gång"),
        Problem("namnd.toml", 7, "kallor.utfall.filer",
                f"inga filer matchar 'saknas/*.se' i {tmp_path}; väntade minst en fil"),
    ]


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "ute.se"
    outside.write_text("#FLAGGA 0\n")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "länk.se").symlink_to(outside)
    files, problems = source_files(folder, Source("utfall", SIE, ("*.se",), 3, ("6",)))
    assert files == []
    assert problems == [Problem("namnd.toml", 3, "kallor.utfall.filer", "länk.se pekar utanför datamappen; väntade en "
                                                                        "fil i mappen")]


def test_the_format_follows_the_file_names_unless_given():
    found, problems = plan("""
        [[kallor.utfall]]
        filer = ["a.SE", "b.sie"]
        dimensioner = "6"

        [[kallor.utfall]]
        filer = "export/huvudbok.txt"
        format = "sie"
        dimensioner = "1"

        [[kallor.budget]]
        filer = ["a.se", "b.xlsx"]
        kolumner = { ar = "AR", konto = "K", objekt = "O", belopp = "B" }
    """)
    assert problems == []
    assert [s.kind for s in found.utfall] == [SIE, SIE] and [s.kind for s in found.budget] == [COLUMNS]
