"""gns_lib.data.frame_file: a table written as Arrow IPC and read back memory-mapped, exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from conftest import mapped_from
from gns_lib.data.frame_file import can_map, dtypes_of, read_frame, write_frame


def _ledger_like(rows: int = 5) -> pd.DataFrame:
    """The loader's ledger dtypes: numbers, categories of texts (one with a missing value), Arrow texts (one missing)."""
    return pd.DataFrame({
        "ar": np.array([2018] * rows, dtype="int64"),
        "manad": np.arange(1, rows + 1, dtype="int8"),
        "objekt": pd.Categorical(["6660", "6663"] * (rows // 2) + ["6660"] * (rows % 2), categories=["6663", "6660"]),
        "rad": pd.Categorical(["Övriga kostnader", None] + ["Övriga kostnader"] * (rows - 2)),
        "belopp_ore": np.array([-123_456_789_012, *range(1, rows)], dtype="int64"),
        "text": pd.array(["Lön <b>", None] + ["å"] * (rows - 2), dtype=pd.ArrowDtype(pa.string())),
        "src_row": np.arange(2, rows + 2, dtype="int64"),
    })


def test_a_table_comes_back_with_the_same_values_and_dtypes(tmp_path):
    frame = _ledger_like()
    back = read_frame(write_frame(tmp_path / "t.arrow", frame), dtypes_of(frame))
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True, check_column_type=True)
    assert isinstance(back.index, pd.RangeIndex)
    assert back["belopp_ore"].tolist() == [-123_456_789_012, 1, 2, 3, 4]
    assert back["objekt"].cat.categories.tolist() == ["6663", "6660"]  # the category order is kept, not re-sorted
    assert back["rad"].isna().tolist() == [False, True, False, False, False]


def test_the_numbers_are_read_in_place_from_the_file_not_copied(tmp_path):
    frame = _ledger_like(200_000)
    path = write_frame(tmp_path / "t.arrow", frame)
    back = read_frame(path, dtypes_of(frame))
    for name in ("ar", "manad", "belopp_ore", "src_row"):
        assert mapped_from(back[name].to_numpy(), path), name
    assert not mapped_from(frame["belopp_ore"].to_numpy(), path)
    assert int(back["belopp_ore"].sum()) == int(frame["belopp_ore"].sum())


def test_an_empty_table_comes_back_empty_with_its_columns(tmp_path):
    frame = _ledger_like().iloc[0:0].reset_index(drop=True)
    back = read_frame(write_frame(tmp_path / "t.arrow", frame), dtypes_of(frame))
    pd.testing.assert_frame_equal(back, frame, check_index_type=True, check_column_type=True)


def test_texts_in_several_chunks_missing_floats_and_truth_values_come_back(tmp_path):
    """The loader's Arrow texts can come in chunks (a source per file); floats with NaN and booleans are copied."""
    chunked = pa.chunked_array([["a", None], ["ö", "<b>"]], type=pa.string())
    frame = pd.DataFrame({"text": pd.array(chunked, dtype=pd.ArrowDtype(pa.string())),
                          "andel": np.array([0.5, np.nan, 1.0, -0.0]), "ok": np.array([True, False, True, True]),
                          "n": np.arange(4, dtype="int32")})
    assert frame["text"].array._pa_array.num_chunks == 2
    back = read_frame(write_frame(tmp_path / "t.arrow", frame), dtypes_of(frame))
    pd.testing.assert_frame_equal(back, frame, check_exact=True, check_index_type=True, check_column_type=True)
    assert back["text"][0] == "a" and back["text"].isna().tolist() == [False, True, False, False]
    assert np.isnan(back["andel"][1]) and back["ok"].tolist() == [True, False, True, True]


@pytest.mark.parametrize("change", ["index", "object column", "duplicate names", "attrs", "columns name"])
def test_a_table_that_would_not_come_back_exactly_is_refused(change, tmp_path):
    frame = _ledger_like()
    if change == "index":
        frame = frame.iloc[1:]  # the rows keep their labels 1..4
    elif change == "object column":
        frame["extra"] = pd.Series([1, "a", None, 2.5, "b"], dtype=object)
    elif change == "duplicate names":
        frame.columns = ["ar", "ar", *frame.columns[2:]]
    elif change == "attrs":
        frame.attrs["enhet"] = "tkr"
    else:
        frame.columns.name = "kolumner"
    assert can_map(_ledger_like()) and not can_map(frame)
    with pytest.raises(ValueError, match="kan inte skrivas som Arrow-fil"):
        write_frame(tmp_path / "t.arrow", frame)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = write_frame(tmp_path / "t.arrow", _ledger_like())
    before = target.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pa.ipc.RecordBatchFileWriter, "write_table", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_frame(target, _ledger_like(7))
    assert target.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["t.arrow"]
