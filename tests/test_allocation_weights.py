"""gns_lib.allocation.weights: known keys on projekt and every weight the splits need, found after loading."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from conftest import BASE_FILES
from gns_lib.allocation.weights import allocation_problems, check_allocation_data
from gns_lib.core.errors import DataError, Problem
from gns_lib.data.loader import load_dataset
from gns_lib.data.model import CostObject

KEYS = "lika, budgetomslutning, elevantal, kop_salj"


@pytest.fixture
def ds(make_data):
    """The base committee plus a projekt P (lika, alla) on objekt.csv line 4, with a 2018 budget row."""
    objekt = textwrap.dedent(BASE_FILES["objekt.csv"]).strip() + "\nP;Projektet;projekt;lika;alla\n"
    budget = textwrap.dedent(BASE_FILES["budget.csv"]).strip() + "\n2018;P;6010;1000\n"
    return load_dataset(make_data({"objekt.csv": objekt, "budget.csv": budget}))


def with_objects(ds, **changes):
    return dataclasses.replace(ds, objects=tuple(dataclasses.replace(o, **changes.get(o.objekt, {})) for o in ds.objects))


def test_a_valid_dataset_has_no_allocation_problems(ds):
    assert allocation_problems(ds) == []
    assert check_allocation_data(ds) is ds


def test_projekt_keys_must_be_known_to_the_registry(ds):
    bad = dataclasses.replace(ds, objects=(*ds.objects, CostObject("S", "Slump", "projekt", "slumpen", None, 3, 5)))
    assert allocation_problems(bad) == [
        Problem("objekt.csv", 5, "nyckel", f"okänd nyckel 'slumpen'; väntade {KEYS}")]


def test_missing_weights_of_a_key_are_reported_with_file_party_and_year(ds):
    bad = with_objects(ds, P={"nyckel": "budgetomslutning"})
    with pytest.raises(DataError) as e:
        check_allocation_data(bad)
    assert [str(p) for p in e.value.problems] == [
        f"nycklar/budgetomslutning.csv: vikt saknas för parten {part} ({namn}) år 2016 (filen finns inte); "
        f"behövs för preliminär fördelning av P Projektet 2018; väntade en rad {part};2016;belopp;källa"
        for part, namn in (("R", "Region Test"), ("A", "Testby kommun"))
    ]


def test_loading_does_not_compute_weights(make_data):
    """A projekt whose key file is missing loads; the allocation check is what reports it."""
    objekt = textwrap.dedent(BASE_FILES["objekt.csv"]).strip() + "\nP;Projektet;projekt;budgetomslutning;alla\n"
    budget = textwrap.dedent(BASE_FILES["budget.csv"]).strip() + "\n2018;P;6010;1000\n"
    ds = load_dataset(make_data({"objekt.csv": objekt, "budget.csv": budget}))
    assert [p.file for p in allocation_problems(ds)] == ["nycklar/budgetomslutning.csv"] * 2
