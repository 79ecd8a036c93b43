"""The youngest objects are collected when the bot has nothing in hand and their generation
is over half full, so that a reply in progress does not wait for that collection."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.telegram.idle_collection import collect_when_idle

THRESHOLD = 10_000


@pytest.fixture
def young_threshold() -> Iterator[None]:
    """CPython's own collections out of the way: the test counts allocations itself."""
    before = gc.get_threshold()
    gc.collect()
    gc.set_threshold(THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@pytest.mark.usefixtures("young_threshold")
def test_the_youngest_are_collected_when_idle_once_over_half_their_threshold() -> None:
    kept: list[list[int]] = [[] for _ in range(THRESHOLD // 4)]
    collect_when_idle()
    assert gc.get_count()[0] >= THRESHOLD // 4, "a quarter full: left to grow"
    kept += [[] for _ in range(THRESHOLD // 2)]
    collect_when_idle()
    assert gc.get_count()[0] < THRESHOLD // 10, "over half full: collected"
    assert len(kept) == THRESHOLD * 3 // 4


@pytest.mark.usefixtures("young_threshold")
def test_an_older_generation_due_is_collected_with_them() -> None:
    middle = gc.get_threshold()[1]
    kept: list[list[int]] = []
    # CPython collects a generation once its count is past its threshold.
    for _ in range(middle + 2):
        kept += [[] for _ in range(THRESHOLD // 2 + 1)]
        collect_when_idle()
    assert gc.get_count()[1] <= 1, "the middle generation, due, was collected too"
    assert kept
