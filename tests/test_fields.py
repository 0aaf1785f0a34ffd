import pytest

from gns_lib.data.fields import luhn_ok, org_nr_problem


@pytest.mark.parametrize("org_nr", ["212000-2411", "232100-0016", "556036-0793", "212000-0001"])
def test_valid_org_numbers(org_nr):
    assert org_nr_problem(org_nr) is None


@pytest.mark.parametrize("digits,ok", [("2120002411", True), ("2120002412", False), ("7992739871", False), ("79927398713", True)])
def test_luhn(digits, ok):
    assert luhn_ok(digits) is ok


def test_org_nr_messages():
    assert org_nr_problem("212000-2412") == "organisationsnumret 212000-2412 har fel kontrollsiffra (Luhn)"
    assert org_nr_problem("2120002411") == "ogiltigt organisationsnummer '2120002411'; väntade formen NNNNNN-NNNN"


def test_integers_of_thousands_of_digits_are_a_problem_not_a_crash(make_data):
    import pytest

    from gns_lib.core.errors import DataError
    from gns_lib.data.loader import load_dataset

    long = "9" * 5000
    folder = make_data({
        "kontoplan.csv": f"fran_konto;till_konto;rad\n3000;{long};Verksamhetens intäkter\n",
        "utfall.csv": f"period;konto;objekt;belopp\n201801;{long};N;1\n",
    })
    with pytest.raises(DataError) as e:
        load_dataset(folder)
    assert [str(p) for p in e.value.problems if p.file in ("kontoplan.csv", "utfall.csv")] == [
        "kontoplan.csv:2:till_konto: heltalet har 5000 siffror; väntade högst 18",
        "utfall.csv:2:konto: kontot har 5000 siffror; väntade ett kontonummer av högst 18 siffror",
    ]
