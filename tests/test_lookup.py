"""gns_lib.core.lookup: one read-only index by attribute, first record wins."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gns_lib.core.lookup import index_by


@dataclass(frozen=True)
class Rec:
    key: str
    n: int


def test_index_by_maps_each_key_to_its_first_record_and_is_read_only():
    a, b, c = Rec("x", 1), Rec("y", 2), Rec("x", 3)
    index = index_by([a, b, c], "key")
    assert dict(index) == {"x": a, "y": b}
    with pytest.raises(TypeError):
        index["z"] = c  # type: ignore[index]
