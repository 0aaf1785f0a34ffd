"""gns_lib.allocation.shared_year: the batch's data, analysis and allocation, read by the kernels."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from conftest import DATA
from gns_lib.allocation import shared_year
from gns_lib.allocation.interim import allocate_through
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    ds = load_dataset(DATA)
    alloc, analysis = allocate_through(ds, 2018, "2018-12"), analyse_year(ds, 2018, "2018-12")
    path = shared_year.write_shared(tmp_path_factory.mktemp("bygge"), ds,
                                    {("fordelning", 2018, "2018-12"): alloc, ("analys", 2018, "2018-12"): analysis})
    return ds, alloc, analysis, path


@pytest.fixture
def in_batch(written, monkeypatch):
    monkeypatch.setenv(shared_year.ENV, str(written[3]))
    monkeypatch.setattr(shared_year, "_read", {})
    return written


def test_the_file_is_named_by_the_inputs_fingerprint_in_its_own_folder(written):
    ds, _, _, path = written
    assert (path.parent.name, path.name) == (shared_year.FOLDER, f"{ds.fingerprint()}.pickle")


def test_in_a_batch_the_kernel_gets_the_batchs_data_analysis_and_allocation(in_batch):
    ds, alloc, analysis, _ = in_batch
    shared = shared_year.load(DATA)
    assert shared is shared_year.load(str(DATA) + "/")  # read once, the same folder however it is written
    assert shared.fingerprint() == ds.fingerprint()
    assert shared.ledger.equals(ds.ledger) and shared.parties == ds.parties
    assert isinstance(shared.comments, MappingProxyType) and dict(shared.comments) == dict(ds.comments)
    assert shared_year.allocate(shared, 2018, "2018-12") is shared_year.allocate(shared, 2018, "2018-12")
    assert shared_year.allocate(shared, 2018, "2018-12") == alloc
    assert shared_year.analyse(shared, 2018, "2018-12") == analysis


def test_another_period_or_data_set_is_computed(in_batch):
    shared = shared_year.load(DATA)
    stored = shared_year.allocate(shared, 2018, "2018-12")
    assert shared_year.allocate(shared, 2018, "2018-08") is not stored  # not in the file: computed
    fresh = load_dataset(DATA)  # not the batch's object: its own allocation
    assert shared_year.allocate(fresh, 2018, "2018-12") is not stored
    assert shared_year.allocate(fresh, 2018, "2018-12") == stored


def test_outside_a_batch_or_for_another_folder_the_data_is_loaded(written, monkeypatch, make_data):
    monkeypatch.setattr(shared_year, "_read", {})
    monkeypatch.delenv(shared_year.ENV, raising=False)
    assert shared_year.load(DATA) is not shared_year.load(DATA)  # each call loads
    monkeypatch.setenv(shared_year.ENV, str(written[3]))
    other = make_data()
    assert shared_year.load(other).committee.kortnamn == "TN"
    monkeypatch.setenv(shared_year.ENV, str(written[3].with_name("saknas.pickle")))
    assert shared_year.load(DATA).fingerprint() == written[0].fingerprint()  # no file: loaded from the folder
