from decimal import Decimal

import pytest

from conftest import namnd_toml
from gns_lib.data.settings import load_committee


def test_numbers_are_exact_decimals(make_data):
    folder = make_data({"namnd.toml": """
        namn = "N"
        kortnamn = "K"
        vardorganisation = "V"
        uppstartsar = [2017]
        vasentlighet_kr = 50000
        vasentlighet_procent = "7,5"
        avrundning_kr = 0.01
        ingaende_reserv = "−1 000,50"
        grundfinansiering_pro_rata = "manader"
        [grundfinansiering]
        2018 = 101600
        2019 = "101 600,50"
        [prisindex]
        2018 = 2.9
    """})
    c, problems, _ = load_committee(folder)
    assert problems == []
    assert c.vasentlighet_procent == Decimal("7.5")
    assert c.avrundning_kr == Decimal("0.01")
    assert c.ingaende_reserv == Decimal("-1000.50")
    assert dict(c.grundfinansiering) == {2018: Decimal("101600"), 2019: Decimal("101600.50")}
    assert dict(c.prisindex) == {2018: Decimal("2.9")}
    assert c.uppstartsar == frozenset({2017})


def test_problems_name_the_line_and_key(make_data):
    folder = make_data({"namnd.toml": """
        namn = "N"
        vardorganisation = "V"
        vasentlighet_kr = "mycket"
        vasentlighet_procent = 10
        avrundning_kr = 1
        grundfinansiering_pro_rata = "veckor"
        [grundfinansiering]
        18 = 5
    """})
    c, problems, _ = load_committee(folder)
    assert c is None
    assert [str(p) for p in problems] == [
        "namnd.toml::kortnamn: värde saknas; väntade en text",
        "namnd.toml:3:vasentlighet_kr: ogiltigt tal 'mycket'; väntade t.ex. 50000 eller \"2,5\"",
        "namnd.toml:6:grundfinansiering_pro_rata: ogiltigt värde 'veckor'; väntade \"helar\" eller \"manader\"",
        "namnd.toml:8:grundfinansiering: ogiltigt år '18' i [grundfinansiering]; väntade t.ex. 2018",
    ]


def test_missing_and_broken_toml(make_data):
    _, problems, _ = load_committee(make_data({"namnd.toml": None}))
    assert str(problems[0]).startswith("namnd.toml: filen saknas")
    _, problems, _ = load_committee(make_data({"namnd.toml": "namn = \n"}))
    assert problems[0].row == 1 and problems[0].message.startswith("ogiltig TOML vid kolumn")


def test_not_a_number_and_negative_percent_are_refused(make_data):
    folder = make_data({"namnd.toml": """
        namn = "N"
        kortnamn = "K"
        vardorganisation = "V"
        vasentlighet_kr = "NaN"
        vasentlighet_procent = -5
        avrundning_kr = 1
        ingaende_reserv = "Infinity"
        [grundfinansiering]
        2018 = 100
        [prisindex]
        2018 = "nan"
    """})
    c, problems, _ = load_committee(folder)
    assert c is None
    assert [(p.row, p.column) for p in problems] == [
        (4, "vasentlighet_kr"), (5, "vasentlighet_procent"), (7, "ingaende_reserv"), (11, "prisindex"),
    ]


def test_budget_start_and_cost_types(make_data):
    from datetime import date

    from conftest import namnd_toml

    folder = make_data({"namnd.toml": namnd_toml(extra="""
[budget_fran]
2018 = 2018-04-01
2019 = "2019-02-01"

[kostnadsslag]
"Administration" = ["7690", 7691]
"Personal" = ["5000-5999"]
""")})
    c, problems, _ = load_committee(folder)
    assert problems == []
    assert dict(c.budget_fran) == {2018: date(2018, 4, 1), 2019: date(2019, 2, 1)}
    assert [(t.rubrik, t.ranges) for t in c.kostnadsslag] == [("Administration", ((7690, 7690), (7691, 7691))),
                                                             ("Personal", ((5000, 5999),))]
    assert c.kostnadsslag[1].covers("5510") and not c.kostnadsslag[1].covers("6000") and not c.kostnadsslag[1].covers("x")


def test_bad_budget_start_and_cost_types_name_the_line(make_data):
    from conftest import namnd_toml

    folder = make_data({"namnd.toml": namnd_toml(extra="""
[budget_fran]
2018 = 2019-04-01
2019 = "1 april"

[kostnadsslag]
"Personal" = ["5000-5999"]
"Löner" = ["5010"]
"Övrigt" = ["7000-6000"]
""", enhet=None)})  # no enhet line: the line numbers below are those of this file
    c, problems, _ = load_committee(folder)
    assert c is None
    assert [(p.row, p.column) for p in problems] == [(15, "budget_fran"), (16, "budget_fran"), (20, "kostnadsslag"),
                                                     (21, "kostnadsslag")]
    assert "ogiltigt datum datetime.date(2019, 4, 1) för 2018" in problems[0].message
    assert "väntade ett datum under året, t.ex. 2018-04-01" in problems[0].message
    assert "kontona för 'Löner' överlappar 'Personal'" in problems[2].message
    assert "ogiltiga konton ['7000-6000'] för 'Övrigt'" in problems[3].message
def test_the_year_of_the_opening_reserve_is_read_or_left_to_the_data(make_data):
    c, problems, _ = load_committee(make_data({"namnd.toml": namnd_toml(ingaende_reserv_ar=2017)}))
    assert problems == [] and c.ingaende_reserv_ar == 2017
    c, problems, _ = load_committee(make_data())
    assert problems == [] and c.ingaende_reserv_ar is None


@pytest.mark.parametrize("value", ['"2017"', "17", "true"])
def test_a_year_of_the_opening_reserve_that_is_not_a_year_is_refused(make_data, value):
    toml = namnd_toml().replace("ingaende_reserv = 0", f"ingaende_reserv = 0\ningaende_reserv_ar = {value}")
    c, problems, _ = load_committee(make_data({"namnd.toml": toml}))
    shown = value.replace('"', "'") if value.startswith('"') else {"17": "17", "true": "True"}[value]
    assert c is None
    assert [str(p) for p in problems] == [
        f"namnd.toml:9:ingaende_reserv_ar: ogiltigt år {shown}; väntade året som ingaende_reserv gäller, t.ex. 2017"]


def _settings_problems(make_data, **changes) -> list[str]:
    import pytest

    from conftest import namnd_toml
    from gns_lib.core.errors import DataError
    from gns_lib.data.loader import load_dataset

    toml = namnd_toml(**{k: v for k, v in changes.items() if k in ("ingaende_reserv", "grundfinansiering", "extra")})
    for key, value in changes.items():
        if key in ("vasentlighet_procent", "vasentlighet_kr"):
            toml = toml.replace(f"{key} = ", f"{key} = {value}\n#", 1)
    with pytest.raises(DataError) as e:
        load_dataset(make_data({"namnd.toml": toml}))
    return [str(p) for p in e.value.problems]


def test_absurd_settings_are_bounded_with_swedish_messages(make_data):
    assert _settings_problems(make_data, grundfinansiering="2018 = 1e30") == [
        "namnd.toml:13:grundfinansiering: ogiltigt belopp 1e+30 för 2018: beloppet är orimligt stort; väntade högst "
        "999 999 999 999 999,99 kr"]
    assert _settings_problems(make_data, ingaende_reserv="1e30") == [
        "namnd.toml:8:ingaende_reserv: beloppet är orimligt stort; väntade högst 999 999 999 999 999,99 kr"]
    assert _settings_problems(make_data, vasentlighet_procent="1e308") == [
        "namnd.toml:6:vasentlighet_procent: väntade ett tal mellan 0 och 100 procent"]
    assert _settings_problems(make_data, extra="[prisindex]\n2018 = 1e30") == [
        "namnd.toml:15:prisindex: prisindex 1e+30 för 2018: väntade ett tal mellan −50 och 100 procent"]
    assert _settings_problems(make_data, extra="[prisindex]\n2018 = -100") == [
        "namnd.toml:15:prisindex: prisindex -100 för 2018: väntade ett tal mellan −50 och 100 procent"]


def test_an_integer_of_thousands_of_digits_is_a_problem_not_a_crash(make_data):
    assert _settings_problems(make_data, grundfinansiering="2018 = " + "9" * 5000) == [
        "namnd.toml:13: talet har för många siffror; väntade rimliga belopp och år"]
