"""The build-then-swap of a report folder, and clean-up after runs that died.

A report run builds everything in a fresh folder next to `<out>/<Y>/` and only a
complete run replaces the old folder, so the last good report stays whole. The
build and swap folders carry the owning process and computer in their names
(`.<Y>.bygge-<pid>@<dator>~<slump>`), so a later run can tell a dead run's leftovers
(removed) from a running run's folder (never touched).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path


BUILD_MARK = ".bygge-"
OLD_MARK = ".gammal-"
FAILED_SUFFIX = ".misslyckad"
_OWNER = re.compile(r"-(?P<pid>[0-9]+)@(?P<host>[A-Za-z0-9.-]*)~")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname())[:64]


def _owned_prefix(prefix: str) -> str:
    """`prefix` followed by this process and computer: `.2018.bygge-1234@dator~`."""
    return f"{prefix}{os.getpid()}@{_host()}~"


def owner(folder: str | os.PathLike) -> tuple[int, str] | None:
    """The (pid, computer) recorded in a build or swap folder's name, or None for a name without one."""
    m = _OWNER.search(Path(folder).name)
    return (int(m.group("pid")), m.group("host")) if m else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return True
    return True


def owner_gone(folder: str | os.PathLike) -> bool:
    """True when the folder's owning process is known to be gone: same computer, no such process.

    A folder from another computer, or without an owner in its name, is not known to be gone.
    """
    o = owner(folder)
    if o is None or o[1] != _host():
        return False
    return o[0] != os.getpid() and not _alive(o[0])


def folder_mode() -> int:
    """The mode a normal new folder gets under the user's umask (mkdtemp makes 0700)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def new_build_dir(final_dir: str | os.PathLike) -> Path:
    """Create an empty, uniquely named build folder beside `final_dir` (same file system), named after its owner.

    It gets the user's normal folder mode, so colleagues on a shared drive can open the report
    that it becomes after the swap.
    """
    final = Path(final_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=final.parent, prefix=_owned_prefix(f".{final.name}{BUILD_MARK}")))
    os.chmod(build, folder_mode())
    return build


def _aside_name(target: Path) -> Path:
    """A fresh, owned `.gammal-` name beside `target` to move it to before deleting it."""
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=_owned_prefix(f".{target.name}{OLD_MARK}")))
    aside.rmdir()
    return aside


def swap_into_place(build_dir: str | os.PathLike, final_dir: str | os.PathLike) -> Path:
    """Replace `final_dir` by the finished `build_dir`: old away, new in, then delete old.

    If the second rename fails the old folder is moved back, so `final_dir`
    is either the previous report or the new one, never a mix.
    """
    build, final = Path(build_dir), Path(final_dir)
    if build.parent.resolve() != final.parent.resolve():
        raise ValueError(f"build folder {build} must lie beside {final}")
    old = None
    if final.exists():
        old = _aside_name(final)
        os.rename(final, old)
    try:
        os.rename(build, final)
    except BaseException:
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def restore_interrupted_swap(final: Path) -> None:
    """A run killed between moving the old report away and the new one in: put the old one back."""
    if final.exists() or not final.parent.is_dir():
        return
    stranded = sorted((p for p in final.parent.glob(f".{final.name}{OLD_MARK}*") if owner(p) is None or owner_gone(p)),
                      key=lambda p: p.stat().st_mtime)
    if stranded:
        stranded[-1].rename(final)


def failed_dir(final_dir: str | os.PathLike) -> Path:
    """Where a failed run's files are kept for inspection: `<out>/<Y>.misslyckad`."""
    final = Path(final_dir)
    return final.with_name(final.name + FAILED_SUFFIX)


def keep_failed_build(build_dir: str | os.PathLike, final_dir: str | os.PathLike) -> Path:
    """Move a failed run's `build_dir` to `failed_dir(final_dir)`, replacing an older one.

    `final_dir` itself is not touched.
    """
    target = failed_dir(final_dir)
    if target.exists():
        stale = _aside_name(target)
        os.rename(target, stale)
        shutil.rmtree(stale, ignore_errors=True)
    os.rename(build_dir, target)
    return target


def is_disk_full(error: BaseException) -> bool:
    """True for "no space left on device" or "disk quota exceeded", also when wrapped in another error."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        error = error.__cause__ or error.__context__
    return False


@dataclass(frozen=True)
class Removed:
    """A folder a dead or earlier run left behind, removed by this run, and why (Swedish)."""

    path: Path
    size: int  # bytes
    why: str


def _size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def leftovers(final_dir: str | os.PathLike) -> list[tuple[Path, str]]:
    """The folders beside `final_dir` that dead runs left, with the Swedish reason; nothing of a living run.

    Build and swap folders (`.<Y>.bygge-…`, `.<Y>.gammal-…`, `.<Y>.misslyckad.gammal-…`) whose
    owning process on this computer is gone, and the failed run's `<Y>.misslyckad`.
    """
    final = Path(final_dir)
    if not final.parent.is_dir():
        return []
    found = []
    for p in sorted(final.parent.iterdir()):
        name = p.name
        if not p.is_dir() or p.is_symlink():
            continue
        kind = None
        if name.startswith(f".{final.name}{BUILD_MARK}"):
            kind = "en avbruten körnings byggmapp"
        elif name.startswith((f".{final.name}{OLD_MARK}", f".{final.name}{FAILED_SUFFIX}{OLD_MARK}")):
            kind = "en avbruten körnings gamla rapport, som skulle tas bort"
        if kind is not None and owner_gone(p):
            o = owner(p)
            found.append((p, f"{kind} (process {o[0]} finns inte längre)"))
    failed = failed_dir(final)
    if failed.is_dir() and not failed.is_symlink():
        found.append((failed, "en tidigare misslyckad körning (sparad för felsökning, ersätts av den här körningen)"))
    return found


def remove_leftovers(final_dir: str | os.PathLike) -> tuple[Removed, ...]:
    """Remove what `leftovers` finds; returns what was removed (a folder that cannot be removed is skipped)."""
    removed = []
    for path, why in leftovers(final_dir):
        size = _size(path)
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(Removed(path, size, why))
    return tuple(removed)
