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
