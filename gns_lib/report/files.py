"""Atomic file writes and the build-then-swap of a report folder.

A report run builds everything in a fresh folder next to `<out>/<Y>/` and only
a complete run replaces the old folder, so the last good report stays whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


BUILD_MARK = ".bygge-"
OLD_MARK = ".gammal-"
FAILED_SUFFIX = ".misslyckad"


def new_build_dir(final_dir: str | os.PathLike) -> Path:
    """Create an empty, uniquely named build folder beside `final_dir` (same file system)."""
    final = Path(final_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}{BUILD_MARK}"))


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
        old = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}{OLD_MARK}"))
        old.rmdir()
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
        stale = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{OLD_MARK}"))
        stale.rmdir()
        os.rename(target, stale)
        shutil.rmtree(stale, ignore_errors=True)
    os.rename(build_dir, target)
    return target
