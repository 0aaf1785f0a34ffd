"""Run `gns validate` on every generated broken folder: exit 1, located, no traceback, no hang, nothing written."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import threading
import time
import traceback
from pathlib import Path

from broken_input import TABLES, all_cases, write_valid

from gns_lib.cli.main import main

CASE_SECONDS = 10.0  # generous on a loaded 2-core machine; a typical case takes a few hundredths


def _folder_state(root: Path) -> dict[str, str]:
    """Name -> SHA-256 (regular files) or kind (folders, links, pipes): never opens a pipe or a device."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = Path(dirpath) / n
            st = os.lstat(p)
            rel = str(p.relative_to(root))
            if stat.S_ISREG(st.st_mode):
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = f"mode {stat.S_IFMT(st.st_mode):o} {os.readlink(p) if stat.S_ISLNK(st.st_mode) else ''}"
    return out


def _validate(folder: Path, limit: float = CASE_SECONDS) -> tuple[int | None, str, float]:
    """(exit code or None when it hung, stdout + stderr, seconds), run in-process with the output captured."""
    result: dict = {}

    def run() -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                result["code"] = main(["validate", "--data", str(folder)])
        except BaseException:  # noqa: BLE001 - a traceback is what this test looks for
            result["code"] = "traceback"
            err.write(traceback.format_exc())
        result["text"] = out.getvalue() + err.getvalue()

    start = time.perf_counter()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(limit)
    seconds = time.perf_counter() - start
    if worker.is_alive():
        return None, "", seconds
    return result["code"], result["text"], seconds


def test_the_generated_valid_folder_is_valid(tmp_path):
    write_valid(tmp_path)
    code, text, _ = _validate(tmp_path, limit=300)  # the first run imports the commands
    assert (code, text.splitlines()[0]) == (0, f"Datamappen {tmp_path} är giltig."), text


def test_every_generated_fault_is_reported_in_place(tmp_path, capsys):
    write_valid(tmp_path / "valid")
    assert _validate(tmp_path / "valid", limit=300)[0] == 0  # imports done before the clock starts
    cases = all_cases(every=os.environ.get("GNS_BROKEN_ALL") == "1")
    kinds = {(c.file, c.kind) for c in cases}
    counts = {"fel": 0, "placerade": 0, "oplacerade": 0, "accepterade": 0, "traceback": 0, "hängde": 0, "skrev": 0}
    failures = []
    started = time.perf_counter()
    for n, case in enumerate(cases):
        folder = tmp_path / f"c{n}"
        folder.mkdir()
        case.write(folder)
        before = _folder_state(folder)
        code, text, seconds = _validate(folder)
        label = f"{case.file} – {case.kind}"
        if code is None:
            counts["hängde"] += 1
            failures.append(f"{label}: hängde (> {CASE_SECONDS} s)")
            continue
        if code == "traceback" or "Traceback" in text:
            counts["traceback"] += 1
            failures.append(f"{label}: traceback\n{text}")
            continue
        if code != 1:
            counts["accepterade"] += 1
            failures.append(f"{label}: avslutades med {code}, väntade 1\n{text}")
            continue
        counts["fel"] += 1
        messages = [line.strip() for line in text.splitlines() if line.startswith("  ")]
        if any(m.startswith(case.where + " ") for m in messages):
            counts["placerade"] += 1
        else:
            counts["oplacerade"] += 1
            failures.append(f"{label}: väntade ett fel vid {case.where}\n{text}")
        if _folder_state(folder) != before:
            counts["skrev"] += 1
            failures.append(f"{label}: datamappen ändrades")
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\ntrasig indata: {len(kinds)} slags fel ({len({c.kind for c in cases})} feltyper × {len(TABLES)} "
              f"tabellfiler, xlsx, inställningar) på {elapsed:.1f} s; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert len(kinds) >= 100
    assert failures == []
