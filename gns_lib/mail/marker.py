"""The completion marker `<out>/<Y>/KLAR.json`: proof that a report run finished.

The report batch writes it last, and only after a complete successful run:
`{"year": Y, "created": "<ISO time>", "run_time": "<the time printed in the reports>",
"data": {"fingerprint": "<Dataset.fingerprint()>", "files": {"<input file>": "<sha256>"}},
"files": {"<path relative to the year folder>": "<sha256>"}}`.
`gns mail` sends a file only when it is listed there and its bytes still have
that hash, so a report from a failed or unfinished run is never e-mailed, and only
when the data folder still holds the input the reports were built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Iterable, Mapping

from gns_lib.core.errors import GnsError, Problem
from gns_lib.core.atomic import atomic_write_bytes, sha256_file

MARKER_NAME = "KLAR.json"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class CompletionMarker:
    """A read `KLAR.json`: the run's year, creation time and file hashes."""

    year: int
    created: str
    files: Mapping[str, str]  # posix path relative to the year folder -> sha256 (hex)
    data_fingerprint: str | None = None  # Dataset.fingerprint() of the input; None in markers of older versions
    data_files: Mapping[str, str] | None = None  # input file name -> sha256
    run_time: str | None = None  # the run's time stamp as printed in its reports

    @property
    def run_id(self) -> str:
        """A fingerprint of the run's content (year and file hashes, not the time): stable across reads."""
        canonical = json.dumps({"year": self.year, "files": dict(self.files)}, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def created_at(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.created)
        except ValueError:
            return None


def _relative(year_dir: Path, name: str | os.PathLike) -> PurePosixPath:
    """`name` as a clean posix path inside `year_dir` (absolute paths must lie inside it)."""
    p = Path(name)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(year_dir.resolve())
        except ValueError:
            raise GnsError(f"KLAR.json: {name} ligger inte i årsmappen {year_dir}") from None
    rel = PurePosixPath(p.as_posix())
    if not rel.parts or any(part in ("", ".", "..") for part in rel.parts):
        raise GnsError(f"KLAR.json: ogiltig sökväg {str(name)!r}; väntade en fil i årsmappen, t.ex. parter/are.html")
    if rel.as_posix() == MARKER_NAME:
        raise GnsError("KLAR.json kan inte lista sig själv")
    return rel


def content_hash(data: bytes, run_time: str | None) -> str:
    """SHA-256 of a report's bytes without its run's time stamp: equal for a report rebuilt from the same data."""
    if run_time:
        data = data.replace(run_time.encode("utf-8"), b"")
    return hashlib.sha256(data).hexdigest()


def write_completion_marker(year_dir: str | os.PathLike, year: int, files: Iterable[str | os.PathLike], *,
                            data_fingerprint: str | None = None, data_files: Mapping[str, str] | None = None,
                            run_time: str | None = None) -> Path:
    """Write `<year_dir>/KLAR.json` listing `files` with their SHA-256; call it last, after a complete run.

    `files` are paths relative to `year_dir` (e.g. "arsbokslut_2018.html", "parter/are.html",
    "nyckeltal.json") or absolute paths inside it. Every file must exist. The marker is written
    atomically, so it is either absent or whole. Returns the marker's path.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise GnsError(f"KLAR.json: året måste vara ett heltal, inte {year!r}")
    root = Path(year_dir)
    entries: dict[str, str] = {}
    missing = []
    for name in files:
        rel = _relative(root, name)
        path = root / rel
        if not path.is_file():
            missing.append(rel.as_posix())
            continue
        entries[rel.as_posix()] = sha256_file(path)
    if missing:
        raise GnsError(f"KLAR.json skrevs inte: filerna finns inte i {root}: {', '.join(missing)}")
    if not entries:
        raise GnsError("KLAR.json skrevs inte: inga filer angavs")
    doc: dict = {"year": year, "created": datetime.now().astimezone().isoformat(timespec="seconds")}
    if run_time is not None:
        doc["run_time"] = run_time
    if data_fingerprint is not None:
        doc["data"] = {"fingerprint": data_fingerprint, "files": dict(sorted((data_files or {}).items()))}
    doc["files"] = dict(sorted(entries.items()))
    return atomic_write_bytes(root / MARKER_NAME, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def read_completion_marker(year_dir: str | os.PathLike, year: int) -> tuple[CompletionMarker | None, list[Problem]]:
    """The marker of `year_dir`, or None and the Swedish problems (missing, unreadable, wrong year)."""
    path = Path(year_dir) / MARKER_NAME
    shown = str(path)
    if not path.is_file():
        return None, [Problem(shown, None, None,
                              f"saknas: rapportkörningen för {year} är inte klar, misslyckades eller har inte körts; "
                              f"kör gns report --year {year} först (rapporter från en ofullständig körning skickas aldrig)")]
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, [Problem(shown, None, None, f"oläslig JSON ({e}); kör gns report --year {year} igen")]
    files = doc.get("files") if isinstance(doc, dict) else None
    if (not isinstance(doc, dict) or not isinstance(doc.get("year"), int) or not isinstance(doc.get("created"), str)
            or not isinstance(files, dict)
            or not all(isinstance(k, str) and isinstance(v, str) and _SHA256.match(v) for k, v in files.items())):
        return None, [Problem(shown, None, None,
                              'fel format; väntade {"year": ÅR, "created": "...", "files": {"fil": "sha256", ...}}')]
    if doc["year"] != year:
        return None, [Problem(shown, None, None, f"gäller år {doc['year']}, inte {year}")]
    data = doc.get("data")
    fingerprint, data_files = None, None
    if data is not None:
        dfiles = data.get("files") if isinstance(data, dict) else None
        if (not isinstance(data.get("fingerprint") if isinstance(data, dict) else None, str)
                or not isinstance(dfiles, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                           for k, v in dfiles.items())):
            return None, [Problem(shown, None, None, 'fel format i "data"; väntade {"fingerprint": "...", "files": {...}}')]
        fingerprint, data_files = data["fingerprint"], MappingProxyType(dict(dfiles))
    run_time = doc.get("run_time") if isinstance(doc.get("run_time"), str) else None
    return CompletionMarker(year, doc["created"], MappingProxyType(dict(files)), fingerprint, data_files, run_time), []


def data_problems(marker: CompletionMarker, current: Mapping[str, str], shown: str,
                  ignore: frozenset[str] = frozenset()) -> list[Problem]:
    """What differs between the input the reports were built from (KLAR.json) and the data folder now, in Swedish.

    `current` maps the data folder's file names to their SHA-256; names in `ignore` (the
    recipients file, which does not change any report) are not compared.
    """
    if marker.data_files is None:
        return [Problem(shown, None, None, "saknar datamappens fingeravtryck (rapporten byggdes med en äldre version "
                        f"av gns); kör gns report --year {marker.year} igen innan rapporterna skickas")]
    then = {k: v for k, v in marker.data_files.items() if k not in ignore}
    now = {k: v for k, v in current.items() if k not in ignore}
    changed = sorted(k for k in then.keys() & now.keys() if then[k] != now[k])
    gone, added = sorted(then.keys() - now.keys()), sorted(now.keys() - then.keys())
    if not (changed or gone or added):
        return []
    what = [*(f"{k} har ändrats" for k in changed), *(f"{k} finns inte längre" for k in gone),
            *(f"{k} har tillkommit" for k in added)]
    return [Problem(shown, None, None, "rapporterna byggdes från andra data än de som finns i datamappen nu ("
                    + "; ".join(what) + f"); kör gns report --year {marker.year} igen, eller ange datamappen "
                    "som rapporten byggdes från med --data")]


def read_verified(marker: CompletionMarker, year_dir: str | os.PathLike, rel: str) -> tuple[bytes | None, str | None]:
    """The bytes of `rel` (posix, relative to the year folder) if they match KLAR.json, else None and why not.

    The hash is checked over the very bytes returned, so what is attached is what was verified.
    """
    path = Path(year_dir) / rel
    expected = marker.files.get(rel)
    if expected is None:
        if path.is_file():
            return None, "finns inte med i KLAR.json, så den kommer inte från en fullständig körning"
        return None, "saknas, och körningen har inte skrivit den (finns inte i KLAR.json)"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, "saknas, fast KLAR.json listar den; kör gns report igen"
    except OSError as e:
        return None, f"kan inte läsas ({e.strerror or e})"
    if hashlib.sha256(data).hexdigest() != expected:
        return None, "har ändrats efter körningen (SHA-256 stämmer inte med KLAR.json); kör gns report igen"
    return data, None
