"""Cutting a reply to Telegram's 4,096 characters, the limit its clients count."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.message_length import MAX_MESSAGE_CHARS, cut_to_fit, message_length


def test_a_text_that_fits_is_left_alone() -> None:
    text = "x" * MAX_MESSAGE_CHARS
    assert cut_to_fit(text) == text


def test_a_long_text_is_cut_at_a_line_break_with_an_ellipsis() -> None:
    lines = [f"• Hip thrust: 3 × {n} @ 60 kg" for n in range(500)]

    cut = cut_to_fit("\n".join(lines))

    assert message_length(cut) <= MAX_MESSAGE_CHARS
    kept, last = cut.rsplit("\n", 1)
    assert last == "…"
    assert kept.split("\n") == lines[: len(kept.split("\n"))]
    assert message_length(kept) > MAX_MESSAGE_CHARS - 40


def test_one_very_long_line_is_cut_inside_it() -> None:
    cut = cut_to_fit("Title\n" + "10, " * 2000)

    assert cut.startswith("Title\n10, 10")
    assert cut.endswith("…")
    assert message_length(cut) == MAX_MESSAGE_CHARS


def test_emoji_count_twice_and_are_never_split() -> None:
    cut = cut_to_fit("💪" * 3000)

    assert message_length(cut) <= MAX_MESSAGE_CHARS
    assert set(cut[:-1]) == {"💪"}


@given(st.text(st.characters(codec="utf-8")), st.integers(10, 200))
def test_whatever_the_text_the_cut_fits_and_begins_like_it(text: str, limit: int) -> None:
    cut = cut_to_fit(text, limit)

    assert message_length(cut) <= limit
    kept = cut if cut == text else cut.removesuffix("…").removesuffix("\n")
    assert text.startswith(kept)
