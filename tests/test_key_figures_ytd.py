"""Key figures of a delår (`gns figures --through`): through, ytd, rule 4's forecast deviation, the reserve so far."""

from __future__ import annotations

import json

from gns_lib.cli.main import main
from gns_lib.data.loader import load_dataset
from gns_lib.present.key_figures import key_figures, validate
from test_ytd import dataset


def test_a_ledger_cut_after_march_never_meets_a_whole_year(make_data):
    doc = key_figures(dataset(make_data), 2019, extensions=())
    assert doc["through"] == "2019-03"
    assert doc["objects"]["U"] == {"name": "Uppdraget", "type": "uppdrag", "budget_net": "0.00", "actual_net": "-10000.00",
                                   "variance": "-10000.00", "forecast_net": "-30000.00", "forecast_variance": "-30000.00"}
    assert doc["ytd"] == {
        "objects": {
            "N": {"budget_net": "30000.00", "actual_net": "216000.00", "variance": "186000.00", "prev_actual_net": "220000.00"},
            "U": {"budget_net": "0.00", "actual_net": "-10000.00", "variance": "-10000.00", "prev_actual_net": "45000.00"},
        },
        "total": {"budget_net": "30000.00", "actual_net": "206000.00", "variance": "176000.00", "prev_actual_net": "265000.00"},
    }
    assert doc["reserve"] == {"opening": "170000.00", "contributions": "240000.00", "costs": "24000.00", "closing": None,
                              "expected_closing": "280000.00"}
    assert doc["net_cost"] == {
        "2018": {"net_cost": "-25000.00", "change": None, "change_pct": None, "comparable": False},
        "2019": {"net_cost": "34000.00", "change": "59000.00", "change_pct": "236.0", "comparable": True},
    }


def test_previous_year_without_ledger_is_null(make_data):
    doc = key_figures(dataset(make_data), 2018, extensions=(), through="2018-03")
    assert doc["ytd"]["total"]["prev_actual_net"] is None and doc["ytd"]["objects"]["U"]["prev_actual_net"] is None


def test_whole_year_has_no_ytd(make_data):
    doc = key_figures(dataset(make_data), 2018, extensions=())
    assert doc["through"] is None and "ytd" not in doc and doc["reserve"]["closing"] == "170000.00"
    validate(doc)


def test_cli_through_writes_the_first_line_and_the_document(make_data, capsys):
    folder = make_data({})
    assert main(["figures", "--year", "2018", "--through", "2018-03", "--data", str(folder)]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines()[0] == "Utfall till och med mars 2018"
    doc = json.loads(out.out)
    assert doc["through"] == "2018-03" and doc["ytd"]["total"]["actual_net"] == "205000.00"
    assert doc["allocations"] == {} and doc["base_funding"]["total"] == "200000.00"


def test_cli_refuses_a_bad_month(make_data, capsys):
    assert main(["figures", "--year", "2018", "--through", "2018-13", "--data", str(make_data({}))]) == 1
    assert "ogiltig månad '2018-13'" in capsys.readouterr().err
