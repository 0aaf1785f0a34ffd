"""`gns plan` refuses bad input in Swedish before any notebook runs, and writes nothing then."""

from __future__ import annotations

from conftest import DATA
from gns_lib.cli.main import main
from gns_lib.cli.plan import what_if_parameters
from gns_lib.cli.main import build_parser


def test_year_is_required(capsys, tmp_path):
    assert main(["plan", "--data", str(DATA), "--out", str(tmp_path)]) == 2
    assert "ange planåret med --year ÅR" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_what_if_that_cannot_be_applied_stops_before_anything_runs(capsys, tmp_path):
    code = main(["plan", "--year", "2019", "--data", str(DATA), "--out", str(tmp_path),
                 "--ansluter", "nyby;2019-07-01", "--lamnar", "okand;2019-07-01", "--projektbudget", "6671=mycket"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--projektbudget: ogiltigt belopp 'mycket' för 6671" in err
    assert list(tmp_path.iterdir()) == []
    assert main(["plan", "--year", "2019", "--data", str(DATA), "--out", str(tmp_path),
                 "--ansluter", "nyby;2019-07-01", "--lamnar", "okand;2019-07-01"]) == 1
    err = capsys.readouterr().err
    assert "--ansluter: vikt saknas för nyby i 6671 LINK2 införande (budgetomslutning)" in err
    assert "--lamnar: okänd part 'okand'" in err
    assert list(tmp_path.iterdir()) == []


def test_options_become_the_notebooks_parameters():
    args = build_parser().parse_args(["plan", "--year", "2019", "--ansluter", "a;2019-07-01", "--ansluter", "b;2019-09-01",
                                      "--grundbidrag", "110000", "--projektbudget", "6671=700000"])
    assert what_if_parameters(args) == {"ansluter": "a;2019-07-01|b;2019-09-01", "lamnar": "",
                                        "grundbidrag": "110000", "projektbudget": "6671=700000"}
