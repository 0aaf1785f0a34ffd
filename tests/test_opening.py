"""Paths that are no regular file: a folder, a named pipe, a device, a file where a folder belongs."""

import os

import pytest

from gns_lib.cli.main import main


def _validate(folder, capsys) -> tuple[int, list[str]]:
    code = main(["validate", "--data", str(folder)])
    captured = capsys.readouterr()
    return code, captured.err.splitlines()


def test_a_folder_where_a_file_belongs_is_named(make_data, capsys):
    folder = make_data({"budget.csv": None})
    (folder / "budget.csv").mkdir()
    assert _validate(folder, capsys) == (1, ["Data innehåller 1 fel:",
                                             "  budget.csv: sökvägen är en mapp, inte en vanlig fil; väntade en fil"])


def test_a_folder_named_namnd_toml_is_named(make_data, capsys):
    folder = make_data({"namnd.toml": None})
    (folder / "namnd.toml").mkdir()
    code, err = _validate(folder, capsys)
    assert code == 1 and "  namnd.toml: sökvägen är en mapp, inte en vanlig fil; väntade en fil" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting(make_data, capsys):
    folder = make_data({"mottagare.csv": None})
    os.mkfifo(folder / "mottagare.csv")
    assert _validate(folder, capsys) == (1, ["Data innehåller 1 fel:", "  mottagare.csv: sökvägen är en namngiven pipe "
                                             "(FIFO), inte en vanlig fil; väntade en fil"])


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_refused_without_reading(make_data, capsys):
    folder = make_data({"utfall.csv": None})
    os.symlink("/dev/zero", folder / "utfall.csv")
    assert _validate(folder, capsys) == (1, ["Data innehåller 1 fel:",
                                             "  utfall.csv: sökvägen är en enhetsfil, inte en vanlig fil; väntade en fil"])


def test_a_data_path_that_is_a_file_and_a_file_in_place_of_nycklar(make_data, capsys, tmp_path):
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    assert _validate(blocker, capsys) == (1, ["Data innehåller 1 fel:",
                                              f"  {blocker}: sökvägen är en fil, inte en mapp; väntade en mapp"])
    folder = make_data()
    (folder / "nycklar").write_text("x")
    assert _validate(folder, capsys) == (1, ["Data innehåller 1 fel:",
                                             "  nycklar: sökvägen är en fil, inte en mapp; väntade en mapp"])


def test_a_file_larger_than_the_bound_is_refused(tmp_path):
    from gns_lib.core.errors import Problem
    from gns_lib.data.opening import MAX_TABLE_BYTES, read_regular

    path = tmp_path / "utfall.csv"
    path.write_bytes(b"x" * 101)
    assert read_regular(path, "utfall.csv", 100) == (None, None, [Problem(
        "utfall.csv", None, None, "filen är för stor (101 byte); högst 100 byte läses (se docs/dataformat.md, Gränser)")])
    assert read_regular(path, "utfall.csv", MAX_TABLE_BYTES)[0] == b"x" * 101
