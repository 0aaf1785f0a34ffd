"""The completion marker `<out>/<Y>/KLAR.json`: proof that a report run finished.

The report batch writes it last, and only after a complete successful run:
`{"year": Y, "created": "<ISO time>", "files": {"<path relative to the year folder>": "<sha256>"}}`.
`gns mail` sends a file only when it is listed there and its bytes still have
that hash, so a report from a failed or unfinished run is never e-mailed.
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


def write_completion_marker(year_dir: str | os.PathLike, year: int, files: Iterable[str | os.PathLike]) -> Path:
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
    doc = {
        "year": year,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "files": dict(sorted(entries.items())),
    }
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
    return CompletionMarker(year, doc["created"], MappingProxyType(dict(files))), []


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
