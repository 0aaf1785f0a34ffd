"""One test per validation rule, on small inline folders (see conftest.make_data)."""

from decimal import Decimal

import pytest

from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset


def problems_of(folder) -> list[str]:
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    return [str(p) for p in e.value.problems]


def test_base_fixture_loads_exactly(make_data):
    ds = load_dataset(make_data())
    assert [p.part for p in ds.parties] == ["R", "A"]
    assert ds.years() == (2018,)
    led = ds.ledger
    assert led["belopp_ore"].sum() == -8500000
    assert list(led["rad"]) == ["Bidrag från parter", "Personalkostnader", "Verksamhetens intäkter", "Övriga kostnader"]
    assert led["src_row"].tolist() == [2, 3, 4, 5]
    assert ds.committee.grundfinansiering[2018] == Decimal("100000")


def test_missing_file_and_missing_column(make_data):
    got = problems_of(make_data({"utfall.csv": None, "budget.csv": "ar;objekt;belopp\n2018;N;5"}))
    assert "utfall.csv: filen saknas; se docs/dataformat.md" in got
    assert any(p.startswith("budget.csv:1:konto: kolumnen 'konto' saknas") for p in got)


def test_bad_amount_period_and_year(make_data):
    got = problems_of(make_data({
        "utfall.csv": "period;konto;objekt;belopp\n201813;5010;N;1.234,56\n2018-01;5010;N;5\n",
        "budget.csv": "ar;objekt;konto;belopp\n18;N;5010;5\n",
    }))
    assert got == [
        "budget.csv:2:ar: ogiltigt år '18'; väntade fyra siffror, t.ex. 2018",
        "utfall.csv:2:belopp: ogiltigt belopp '1.234,56'; väntade ett belopp som -1234,56, 1 234,56 eller −1 234,56",
        "utfall.csv:2:period: ogiltig period '201813'; väntade ÅÅÅÅMM, t.ex. 201803",
        "utfall.csv:3:period: ogiltig period '2018-01'; väntade ÅÅÅÅMM, t.ex. 201803",
    ]


def test_bad_dates_org_nr_and_membership_order(make_data):
    got = problems_of(make_data({"parter.csv": """
        part;namn;org_nr;typ;medlem_fran;medlem_till
        R;Region;232100-0017;region;2017-01-01;
        A;Kommun;2120000001;kommun;2017-02-30;
        B;Kommun B;212000-0001;kommun;2018-07-01;2018-06-30
    """}))
    assert got == [
        "parter.csv:2:org_nr: organisationsnumret 232100-0017 har fel kontrollsiffra (Luhn)",
        "parter.csv:3:medlem_fran: ogiltigt datum '2017-02-30'; väntade ÅÅÅÅ-MM-DD, t.ex. 2018-07-01",
        "parter.csv:3:org_nr: ogiltigt organisationsnummer '2120000001'; väntade formen NNNNNN-NNNN",
        "parter.csv:4:medlem_till: medlem_till 2018-06-30 är före medlem_fran 2018-07-01",
    ]


def test_duplicates(make_data):
    got = problems_of(make_data({
        "parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\nR;a;232100-0016;region;2017-01-01;\nR;b;212000-0001;kommun;2017-01-01;\n",
        "objekt.csv": "objekt;namn;typ;nyckel;deltagare\nN;a;nämnd;;\nU;b;uppdrag;;\nN;c;nämnd;;\n",
    }))
    assert "parter.csv:3:part: parten 'R' finns redan; väntade unika id" in got
    assert "objekt.csv:4:objekt: objektet 'N' finns redan; väntade unika id" in got


def test_unknown_part_and_objekt_everywhere(make_data):
    got = problems_of(make_data({
        "budget.csv": "ar;objekt;konto;belopp\n2018;X;5010;5\n",
        "utfall.csv": "period;konto;objekt;belopp\n201801;5010;Y;5\n",
        "prognos.csv": "ar;prognos;datum;objekt;konto;belopp\n2018;Delår;2018-08-31;Z;5010;5\n",
        "nycklar/budgetomslutning.csv": "part;ar;belopp;kalla\nQ;2016;5;ÅR\n",
        "nycklar/kop_salj.csv": "ar;objekt;part;belopp\n2018;W;P;5\n",
        "mottagare.csv": "namn;epost;part;rapporter\nKim;kim@test.example;K;partsrapport\n",
    }))
    assert got == [
        "budget.csv:2:objekt: okänt objekt 'X'; väntade ett objekt ur objekt.csv",
        "mottagare.csv:2:part: okänd part 'K'; väntade en part ur parter.csv eller tomt",
        "nycklar/budgetomslutning.csv:2:part: okänd part 'Q'; väntade en part ur parter.csv",
        "nycklar/kop_salj.csv:2:objekt: okänt objekt 'W'; väntade ett objekt ur objekt.csv",
        "nycklar/kop_salj.csv:2:part: okänd part 'P'; väntade en part ur parter.csv",
        "prognos.csv:2:objekt: okänt objekt 'Z'; väntade ett objekt ur objekt.csv",
        "utfall.csv:2:objekt: okänt objekt 'Y'; väntade ett objekt ur objekt.csv",
    ]


def test_uncovered_account_and_overlapping_ranges(make_data):
    got = problems_of(make_data({
        "kontoplan.csv": "fran_konto;till_konto;rad\n3000;3899;Verksamhetens intäkter\n3800;3899;Bidrag från parter\n5000;7999;Personalkostnader\n",
        "utfall.csv": "period;konto;objekt;belopp\n201801;9100;N;5\n201802;A12;N;5\n",
    }))
    assert got == [
        "kontoplan.csv:3:fran_konto: intervallet 3800–3899 överlappar 3000–3899 (rad 2); väntade intervall som inte överlappar",
        "utfall.csv:2:konto: kontot 9100 täcks inte av något intervall i kontoplan.csv",
        "utfall.csv:3:konto: ogiltigt konto 'A12'; väntade ett kontonummer av siffror",
    ]


def test_projekt_without_key_and_key_on_non_project(make_data):
    got = problems_of(make_data({"objekt.csv": """
        objekt;namn;typ;nyckel;deltagare
        N;Nämnden;nämnd;lika;
        U;Uppdraget;uppdrag;;
        P;Projekt;projekt;;alla
        Q;Projekt 2;projekt;slumpen;alla
    """}))
    assert got == [
        "objekt.csv:2:nyckel: nyckel gäller bara projekt, men N är nämnd; lämna kolumnen tom",
        "objekt.csv:4:nyckel: projektet P saknar nyckel; väntade en fördelningsnyckel ur docs/fordelning.md",
    ]  # the unknown key 'slumpen' is the allocation check's (tests/test_allocation_weights.py)


def test_zero_or_negative_pupils(make_data):
    got = problems_of(make_data({
        "nycklar/elevantal.csv": "part;matdatum;antal;kalla\nR;2017-10-16;0;SCB\nA;2017-10-16;-3;SCB\nA;2018-10-15;1 200;SCB\n",
    }))
    assert got == [
        "nycklar/elevantal.csv:2:antal: elevantalet 0 är inte positivt; väntade ett antal större än noll",
        "nycklar/elevantal.csv:3:antal: elevantalet -3 är inte positivt; väntade ett antal större än noll",
    ]


def test_deltagare_not_member_in_year_used(make_data):
    got = problems_of(make_data({
        "parter.csv": """
            part;namn;org_nr;typ;medlem_fran;medlem_till
            R;Region;232100-0016;region;2017-01-01;
            A;Kommun;212000-0001;kommun;2019-01-01;
        """,
        "objekt.csv": "objekt;namn;typ;nyckel;deltagare\nN;Nämnden;nämnd;;\nU;Upp;uppdrag;;\nP;Projekt;projekt;lika;R,A,Z\n",
        "budget.csv": "ar;objekt;konto;belopp\n2018;P;6010;100\n",
        "utfall.csv": "period;konto;objekt;belopp\n201801;6010;P;5\n",
    }))
    assert got == [
        "objekt.csv:4:deltagare: deltagaren 'A' är inte medlem 2018, då objektet P används",
        "objekt.csv:4:deltagare: okänd part 'Z' bland deltagarna; väntade parter ur parter.csv eller alla",
    ]


def test_unreadable_encoding_and_empty_file_in_folder(make_data):
    got = problems_of(make_data({"utfall.csv": b"period;konto;objekt;belopp\n201801;5010;N;\x81\n", "objekt.csv": b""}))
    assert "utfall.csv:2: oläsbar teckenkodning (byte 0x81); väntade UTF-8 eller Windows-1252" in got
    assert "objekt.csv: filen är tom; väntade en rubrikrad och datarader" in got


def test_windows_1252_ledger_is_read(make_data):
    text = "period;konto;objekt;belopp;text;ansvar\n201801;5010;N;−1 234,50;Lön för år;0042\n"
    ds = load_dataset(make_data({"utfall.csv": text.replace("−", "-").encode("cp1252")}))
    assert ds.ledger["text"].tolist() == ["Lön för år"]
    assert ds.ledger["ansvar"].tolist() == ["0042"]  # any other column is kept, as text
    assert ds.ledger["belopp_ore"].tolist() == [-123450]
    assert {f.name: f.encoding for f in ds.files}["utfall.csv"] == "Windows-1252"


def test_many_faults_are_all_reported_in_one_run(make_data):
    got = problems_of(make_data({
        "parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\nR;Region;232100-0016;landsting;2017-01-01;\n",
        "budget.csv": "ar;objekt;konto;belopp\n2018;N;5010;fem\n",
        "utfall.csv": "period;konto;objekt;belopp\n201801;1;N;5\n",
        "namnd.toml": 'namn = "x"\nkortnamn = "x"\nvardorganisation = "x"\nvasentlighet_kr = 1\nvasentlighet_procent = 1\navrundning_kr = 5\n[grundfinansiering]\n2018 = 1\n',
    }))
    assert [p.split(": ")[0] for p in got] == [
        "budget.csv:2:belopp", "namnd.toml:6:avrundning_kr", "parter.csv:2:typ", "utfall.csv:2:konto",
    ]


def test_loading_never_writes_into_the_data_folder(make_data):
    folder = make_data()
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*")}
    load_dataset(folder)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*")}
    assert before == after


def test_empty_codes_are_reported_once_per_row(make_data):
    got = problems_of(make_data({"utfall.csv": "period;konto;objekt;belopp\n201801;;N;5\n201802; 5010 ;;5\n;5010;N;5\n"}))
    assert got == [
        "utfall.csv:2:konto: värde saknas",
        "utfall.csv:3:objekt: värde saknas",
        "utfall.csv:4:period: ogiltig period ''; väntade ÅÅÅÅMM, t.ex. 201803",
    ]


def test_ids_that_become_file_names_must_be_plain(make_data):
    got = problems_of(make_data({
        "parter.csv": "part;namn;org_nr;typ;medlem_fran;medlem_till\n../../x;a;232100-0016;region;2017-01-01;\nA;b;212000-0001;kommun;2017-01-01;\n",
        "objekt.csv": "objekt;namn;typ;nyckel;deltagare\nN/1;Nämnden;nämnd;;\nU;Upp;uppdrag;;\n",
    }))
    assert "parter.csv:2:part: ogiltigt id '../../x'; väntade bokstäver a–z, siffror, - och _ (id:t används i filnamn)" in got
    assert "objekt.csv:2:objekt: ogiltigt id 'N/1'; väntade bokstäver a–z, siffror, - och _ (id:t används i filnamn)" in got


@pytest.mark.parametrize("header", [b"ar;objekt;konto;belopp", b"ar;objekt;konto;belopp\r\n\r\n", b"ar;objekt;konto;belopp\n"])
def test_a_required_file_without_data_rows(make_data, header):
    got = problems_of(make_data({"budget.csv": header}))
    assert got == ["budget.csv: filen har inga datarader; väntade minst en rad under rubrikraden"]


def test_an_optional_file_may_have_only_its_header(make_data):
    ds = load_dataset(make_data({"prognos.csv": b"ar;prognos;datum;objekt;konto;belopp"}))
    assert len(ds.forecast) == 0


def test_amounts_that_could_overflow_a_sum_are_refused(make_data):
    rows = "".join(f"2018;N;5010;999 999 999 999 999,99\n" for _ in range(100))
    got = problems_of(make_data({"budget.csv": "ar;objekt;konto;belopp\n" + rows}))
    assert got == ["budget.csv::belopp: beloppen är för stora för exakt summering (största belopp × antal rader "
                   "överstiger 92 233 720 368 547 758 kr); dela upp filen per år"]


def test_a_projekt_with_empty_deltagare_is_an_error_not_every_member(make_data):
    """An empty deltagare used to become `alla` and invoice every member."""
    got = problems_of(make_data({
        "objekt.csv": "objekt;namn;typ;nyckel;deltagare\nN;Nämnden;nämnd;;\nU;Upp;uppdrag;;\nP;Projekt;projekt;lika;\n",
    }))
    assert got == ["objekt.csv:4:deltagare: projektet P saknar deltagare; väntade alla eller parter ur parter.csv, "
                   "till exempel region,berg"]
