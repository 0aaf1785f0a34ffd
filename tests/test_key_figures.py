"""Tests for gns_lib.present.key_figures and `gns figures`: the key-figures JSON, its schema and the allocation seam."""

from __future__ import annotations

import json

import pytest

from conftest import namnd_toml
from gns_lib.cli.main import main
from gns_lib.core.errors import GnsError
from gns_lib.present.key_figures import default_extensions, key_figures, schema, to_json, validate
from gns_lib.data.loader import load_dataset

EXPECTED = {
    "year": 2018,
    "through": None,
    "committee": "TN",
    "objects": {
        "N": {"name": "Nämnden", "type": "nämnd", "budget_net": "0.00", "actual_net": "0.00",
              "variance": "0.00", "forecast_net": None, "forecast_variance": None},
        "U": {"name": "Uppdraget", "type": "uppdrag", "budget_net": "0.00", "actual_net": "5000.00",
              "variance": "5000.00", "forecast_net": None, "forecast_variance": None},
    },
    "total": {"budget_net": "0.00", "actual_net": "5000.00", "variance": "5000.00",
              "forecast_net": None, "forecast_variance": None},
    "reserve": {"opening": "0.00", "contributions": "200000.00", "costs": "120000.00", "closing": "80000.00"},
    "net_cost": {"2018": {"net_cost": "115000.00", "change": None, "change_pct": None, "comparable": False}},
}


def test_document_from_fixture(make_data):
    doc = key_figures(load_dataset(make_data({})), 2018, extensions=())
    assert doc == EXPECTED


def test_change_pct_has_one_decimal(make_data):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2017 = 100000\n2018 = 100000"),
                                 "utfall.csv": """
        period;konto;objekt;belopp
        201706;5010;N;90000
        201801;3810;N;-200000
        201812;5010;N;100000
    """}))
    doc = key_figures(ds, 2018, extensions=())
    assert doc["net_cost"]["2018"] == {"net_cost": "100000.00", "change": "10000.00", "change_pct": "11.1", "comparable": True}
    assert doc["net_cost"]["2017"]["comparable"] is False


def test_extension_adds_allocation_keys(make_data):
    ds = load_dataset(make_data({}))

    def allocation(ds_, year):
        assert year == 2018
        return {"base_funding": {"total": "200000.00", "per_party": {"R": "100000.00", "A": "100000.00"}},
                "allocations": {"P": {"key": "lika", "total": "10.00", "shares": {"R": "5.00", "A": "5.00"},
                                      "preliminary_total": None, "preliminary_shares": None}}}

    doc = key_figures(ds, 2018, extensions=(allocation,))
    assert doc["base_funding"]["per_party"] == {"R": "100000.00", "A": "100000.00"}
    assert doc["allocations"]["P"]["key"] == "lika"

    def clash(ds_, year):
        return {"reserve": {}}

    with pytest.raises(GnsError, match="skriver över reserve"):
        key_figures(ds, 2018, extensions=(clash,))

    def bad_shape(ds_, year):
        return {"base_funding": {"total": 200000, "per_party": {}}}

    with pytest.raises(GnsError, match="base_funding/total"):
        key_figures(ds, 2018, extensions=(bad_shape,))


def test_default_extension_is_the_allocation():
    assert [f"{f.__module__}.{f.__name__}" for f in default_extensions()] == ["gns_lib.present.key_figures.allocation_key_figures_through"]


def test_schema_rejects_bad_documents():
    validate(EXPECTED)
    bad = json.loads(json.dumps(EXPECTED))
    bad["total"]["variance"] = "13104"  # not two decimals
    bad["reserve"]["closing"] = 744800.0  # a number, not a string
    del bad["objects"]["U"]["type"]
    with pytest.raises(GnsError) as e:
        validate(bad)
    text = str(e.value)
    assert "total/variance" in text and "reserve/closing" in text and "objects/U" in text
    assert schema()["properties"]["allocations"]["additionalProperties"]["required"] == [
        "key", "total", "shares", "preliminary_total", "preliminary_shares"]


def test_to_json_round_trips():
    assert json.loads(to_json(EXPECTED)) == EXPECTED


def test_cli_prints_the_document(make_data, capsys):
    folder = make_data({})
    assert main(["figures", "--year", "2018", "--data", str(folder)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in EXPECTED} == EXPECTED


def test_cli_strict_fails_on_a_missing_explanation(make_data, capsys):
    folder = make_data({"utfall.csv": """
        period;konto;objekt;belopp
        201801;3810;N;-200000
        201812;5010;N;150000
        201803;3010;U;-50000
        201803;6010;U;44000
    """})
    assert main(["figures", "--year", "2018", "--data", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "Kommentar saknas: Uppdraget (obj. U)" in captured.err
    assert json.loads(captured.out)["year"] == 2018
    assert main(["figures", "--year", "2018", "--data", str(folder), "--strict"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "--strict" in captured.err


def test_cli_unknown_year(make_data, capsys):
    assert main(["figures", "--year", "2031", "--data", str(make_data({}))]) == 1
    assert "året 2031 finns inte i data" in capsys.readouterr().err


def test_the_schema_knows_exactly_the_registered_keys():
    from gns_lib.allocation.keys import KEYS

    def enums(node):
        if isinstance(node, dict):
            if "enum" in node and set(node["enum"]) & set(KEYS):
                yield node["enum"]
            for value in node.values():
                yield from enums(value)
        elif isinstance(node, list):
            for value in node:
                yield from enums(value)

    found = list(enums(schema()))
    assert found and all(sorted(e) == sorted(KEYS) for e in found)
