"""gns_lib.allocation.shared_year: the batch's data, analysis and allocation, read by the kernels."""

from __future__ import annotations

import traceback
from types import MappingProxyType

import nbformat
import pandas as pd
import pytest

from conftest import DATA, ROOT, mapped_from
from gns_lib.allocation import shared_year
from gns_lib.allocation.interim import allocate_through
from gns_lib.data.loader import load_dataset
from gns_lib.data.model import Dataset
from gns_lib.engine.analysis import analyse_year

NOTEBOOKS = ROOT / "notebooks"


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


def test_the_ledger_is_an_arrow_file_beside_the_pickle_that_each_kernel_maps(in_batch):
    ds, _, _, path = in_batch
    assert sorted(p.name for p in path.parent.iterdir()) == [f"{ds.fingerprint()}.1.arrow", path.name]
    shared = shared_year.load(DATA)
    pd.testing.assert_frame_equal(shared.ledger, ds.ledger, check_exact=True)
    arrow = path.with_name(f"{ds.fingerprint()}.1.arrow")
    assert mapped_from(shared.ledger["belopp_ore"].to_numpy(), arrow)  # the file's pages, not the kernel's own copy
    assert "booked_months" in vars(shared)  # known without reading the ledger
    assert dict(shared.booked_months) == dict(ds.booked_months) == {y: tuple(range(1, 13)) for y in (2017, 2018, 2019)}


def test_a_table_referred_to_twice_comes_back_as_one_frame(tmp_path, monkeypatch):
    ds = load_dataset(DATA)
    path = shared_year.write_shared(tmp_path, ds, {("utfall", 2018, "2018-12"): ds.ledger})
    assert sorted(p.suffix for p in path.parent.iterdir()) == [".arrow", ".pickle"]  # written once
    monkeypatch.setattr(shared_year, "_read", {})
    monkeypatch.setenv(shared_year.ENV, str(path))
    shared = shared_year.load(DATA)
    assert shared_year._read[str(path)][2][("utfall", 2018, "2018-12")] is shared.ledger


def test_a_broken_arrow_file_means_the_kernel_loads_the_folder_and_logs_it_once(written, monkeypatch, tmp_path, capfd):
    ds, _, _, path = written
    copy = tmp_path / shared_year.FOLDER
    copy.mkdir()
    for f in path.parent.iterdir():
        (copy / f.name).write_bytes(f.read_bytes()[:100] if f.suffix == ".arrow" else f.read_bytes())
    monkeypatch.setattr(shared_year, "_read", {})
    monkeypatch.setenv(shared_year.ENV, str(copy / path.name))
    loaded = shared_year.load(DATA)
    assert loaded.fingerprint() == ds.fingerprint() and shared_year._read == {str(copy / path.name): None}
    assert shared_year.load(DATA) is not loaded  # each call reads the folder; the broken file is not read again
    lines = capfd.readouterr().err.splitlines()  # the kernel process's stderr (its log), not the notebook's
    assert len(lines) == 1 and lines[0].startswith(f"gns: körningens delade data ({copy / path.name}) kunde inte läsas (")
    assert lines[0].endswith("); datamappen läses i stället")


class _Watched(Dataset):
    """A data set that counts each read of its ledger (`ledger` is a property here, over the same table)."""

    reads: list[str] = []

    @property
    def ledger(self):
        _Watched.reads.append("".join(traceback.format_stack(limit=4)[:-1]))
        return vars(self)["ledger"]


@pytest.mark.parametrize("through", ["2018-12", "2018-08"])
def test_a_batchs_notebooks_never_read_the_ledger(through, monkeypatch):
    """The annual and party notebooks take every ledger figure from the batch's analysis and allocation."""
    ds = load_dataset(DATA)
    results = {("analys", 2018, through): analyse_year(ds, 2018, through),
               ("fordelning", 2018, through): allocate_through(ds, 2018, through)}
    ds.booked_months  # as write_shared keeps it
    object.__setattr__(ds, "__class__", _Watched)
    monkeypatch.setattr(shared_year, "_read", {"delad": (shared_year._folder_key(DATA), ds, results)})
    monkeypatch.setenv(shared_year.ENV, "delad")
    monkeypatch.setattr(_Watched, "reads", [])
    shown = []
    for name in ("01_arsanalys", "02_avvikelser", "03_nettokostnadsutveckling", "04_partsrapport"):
        cells = [c for c in nbformat.read(NOTEBOOKS / f"{name}.ipynb", 4).cells if c.cell_type == "code"]
        scope = {"display": shown.append}
        exec(cells[0].source, scope)
        scope.update(data_dir=str(DATA), through=through)
        for cell in cells[1:]:
            exec(cell.source, scope)
        scope["show"] = shown.append
    assert _Watched.reads == [] and len(shown) > 20
