"""The one "find by key" helper: a read-only index of records by one of their attributes, built in one pass."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

T = TypeVar("T")


def index_by(items: Iterable[T], attr: str) -> Mapping[str, T]:
    """`{getattr(item, attr): item}`; the first item wins where keys repeat (files are validated for that)."""
    index: dict[str, T] = {}
    for item in items:
        index.setdefault(getattr(item, attr), item)
    return MappingProxyType(index)
