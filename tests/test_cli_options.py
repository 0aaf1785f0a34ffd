"""Command-line options refused in Swedish before any work, and data strings printed visibly (gns_lib.cli)."""

from __future__ import annotations

import pytest
from conftest import namnd_toml

from gns_lib.cli.main import main
from gns_lib.cli.terminal import visible


@pytest.mark.parametrize("command", ["report", "plan"])
@pytest.mark.parametrize("option", ["--cell-timeout", "--notebook-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-5", "1e400", "fem"])
def test_a_time_limit_must_be_a_positive_finite_number(tmp_path, capsys, command, option, value):
    with pytest.raises(SystemExit) as e:
        main([command, "--year", "2018", "--data", str(tmp_path / "saknas"), f"{option}={value}"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (f"gns {command}: fel: argument {option}: ogiltig tid {value!r}; väntade ett positivt "
                                    "antal sekunder (högst 604 800, en vecka), t.ex. 300")


@pytest.mark.parametrize("command", ["report", "plan"])
@pytest.mark.parametrize("value", ["0", "-2", "två"])
def test_jobs_must_be_a_positive_whole_number(tmp_path, capsys, command, value):
    with pytest.raises(SystemExit):
        main([command, "--year", "2018", "--data", str(tmp_path / "saknas"), "--jobs", value])
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"gns {command}: fel: argument --jobs: ogiltigt antal {value!r}; väntade ett heltal från 1 till 256")


def test_time_limits_accept_a_decimal_comma():
    from gns_lib.cli.options import seconds

    assert seconds("2,5") == 2.5 and seconds("300") == 300.0


def test_seconds_up_to_a_limit():
    from gns_lib.cli.options import seconds_up_to

    assert seconds_up_to(" 86400 ", 86400) == 86400.0 and seconds_up_to("0,5", 1) == 0.5
    assert [seconds_up_to(t, 86400) for t in ("86400,5", "0", "-1", "nan", "snan", "inf", "", "x")] == [None] * 8


@pytest.mark.parametrize("value", ["18", "2019a", "3019"])
def test_a_year_must_be_four_digits(tmp_path, capsys, value):
    with pytest.raises(SystemExit):
        main(["plan", "--year", value, "--data", str(tmp_path / "saknas")])
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"gns plan: fel: argument --year: ogiltigt år {value!r}; väntade fyra siffror, t.ex. 2019")


@pytest.mark.parametrize("command", ["report", "allocate", "mail", "plan"])
def test_out_inside_the_data_folder_is_refused(make_data, capsys, command):
    data = make_data()
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    code = main([command, "--year", "2018", "--data", str(data), "--out", str(data / "ut")])
    err = capsys.readouterr().err
    message = (f"utmappen {data / 'ut'} ligger i datamappen {data}; gns skriver aldrig i indata. "
               "Ange en utmapp utanför datamappen, t.ex. --out outputs")
    assert code != 0 and message in err
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


ESC_NAME = "Test\x1b[2J\x1b]0;kapad\x07n\u00e4mnden\u202e"


def test_control_characters_from_namnd_toml_are_printed_visibly(make_data, capsys):
    toml = namnd_toml().replace('namn = "Testnämnden"', 'namn = "Test\\u001b[2J\\u001b]0;kapad\\u0007nämnden\\u202e"')
    data = make_data({"namnd.toml": toml})
    assert main(["validate", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Nämnd: Test\\u001b[2J\\u001b]0;kapad\\u0007nämnden\\u202e (TN)" in out
    assert not any(ch in out for ch in "\x1b\x07\u202e")


def test_visible_keeps_line_breaks_tabs_and_swedish_text():
    assert visible("Åsa\tÖberg\n−1\u00a0234") == "Åsa\tÖberg\n−1\u00a0234"
    assert visible(ESC_NAME) == "Test\\u001b[2J\\u001b]0;kapad\\u0007nämnden\\u202e"
    assert visible("a\rb\u2028c\U000e0041") == "a\\u000db\\u2028c\\udb40\\udc41"
