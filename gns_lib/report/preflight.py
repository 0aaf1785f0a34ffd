"""Before a report run starts: can it write everything it will write at the very end?

A colleague's year folder (mode 0700, another owner) or a read-only send log used to make
a run fail only after every notebook had run, in the send-log lock or the swap. Here the
out folder, the year folder with its subfolders, the send log and the kept failed run are
checked first, and every problem is named in Swedish.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_MAX_LISTED = 5  # folders named per problem; the rest are counted


def _can(path: Path, mode: int) -> bool:
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)


def _who(path: Path) -> str:
    """"ägs av anna, rättigheter 0700" for a message."""
    try:
        st = path.stat()
    except OSError:
        return "kan inte läsas"
    try:
        import pwd

        name = pwd.getpwuid(st.st_uid).pw_name
    except (ImportError, KeyError):
        name = f"användare {st.st_uid}"
    return f"ägs av {name}, rättigheter {stat.S_IMODE(st.st_mode):04o}"


def _exists(path: Path) -> bool:
    """`path.exists()`, but False where a folder on the way cannot be entered (that folder is reported itself)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def _existing(path: Path) -> Path:
    """The nearest folder of `path` that exists (itself, or a parent)."""
    p = path.absolute()
    while not _exists(p) and p != p.parent:
        p = p.parent
    return p


def _tree_problems(root: Path, what: str, need: str) -> list[str]:
    """Folders under `root` (itself included) this user cannot enter, read and change, in Swedish."""
    rwx = os.R_OK | os.W_OK | os.X_OK
    bad: list[Path] = [] if _can(root, rwx) else [root]  # os.walk yields nothing for a folder it cannot list
    for folder, dirs, _files in os.walk(root, onerror=lambda e: None) if not bad else ():
        p = Path(folder)
        if not _can(p, rwx):
            bad.append(p)
            dirs.clear()  # what lies below cannot be reached anyway
    if not bad:
        return []
    shown = "; ".join(f"{p} ({_who(p)})" for p in bad[:_MAX_LISTED])
    more = f" och {len(bad) - _MAX_LISTED} mappar till" if len(bad) > _MAX_LISTED else ""
    return [f"{what}: kan inte ändras av den här användaren: {shown}{more}. Körningen behöver {need}; "
            "be ägaren ge skrivrättighet (t.ex. chmod -R u+rwX,g+rwX) eller ange en annan --out"]


def refuse_unfit_output(out_dir: str | os.PathLike, data_dir: str | os.PathLike, folder: int | str, what: str) -> None:
    """ReportError before anything runs when `<out>/<folder>` overlaps the data folder or cannot be written.

    `what` names the output in the message ("Rapporten", "Planen").
    """
    from gns_lib.core.errors import ReportError
    from gns_lib.core.paths import output_overlap

    overlap = output_overlap(out_dir, data_dir, folder)
    if overlap:
        raise ReportError(overlap)
    cannot = write_problems(out_dir, folder)  # a folder we cannot write fails now, not after every notebook ran
    if cannot:
        raise ReportError(f"{what} kan inte skrivas, inget kördes:\n" + "\n".join(f"  {c}" for c in cannot))


def write_problems(out_dir: str | os.PathLike, year: int | str) -> list[str]:
    """Everything a run writing `<out_dir>/<year>` (or `plan-<Y>`) would fail to write at its end, in Swedish."""
    out = Path(out_dir)
    final = out / str(year)
    base = _existing(out)
    if not base.is_dir():
        return [f"{base} är inte en mapp; ange en mapp med --out"]
    if not _can(base, os.W_OK | os.X_OK):
        return [f"{base}: kan inte skriva i mappen ({_who(base)}); rapporten byggs där och flyttas på plats. "
                "Be ägaren ge skrivrättighet eller ange en annan --out"]
    problems = []
    if _exists(final):
        if not final.is_dir() or final.is_symlink():
            return [f"{final} är inte en mapp; flytta bort den eller ange en annan --out"]
        problems += _tree_problems(final, f"årsmappen {final}", "ersätta den och ta bort den förra rapporten")
        log = final / "mail" / "skickat.csv"
        if _exists(log) and not _can(log, os.R_OK | os.W_OK):
            problems.append(f"{log}: utskicksloggen kan inte läsas och skrivas ({_who(log)}); den följer med till "
                            "den nya rapporten och låses medan rapporten byts. Be ägaren ge skrivrättighet")
    failed = out / f"{year}.misslyckad"
    if _exists(failed) and failed.is_dir() and not failed.is_symlink():
        problems += _tree_problems(failed, f"den misslyckade körningens mapp {failed}", "ersätta den")
    return problems
