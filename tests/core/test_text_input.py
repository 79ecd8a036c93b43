"""Text from outside, made safe to store: what PostgreSQL and every reader then accept."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.core.text_input import REPLACEMENT, clean_name, clean_strings, clean_text


def _controls(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Cc"}


def test_clean_text_removes_controls_but_newline_and_tab() -> None:
    assert clean_text("glute\x00kick 3x10 @ 20") == "glutekick 3x10 @ 20"
    assert clean_text("\x1b[31mred\x7f\x85\x9f") == "[31mred"
    assert clean_text("hip thrust\t3x8\n60kg\r\n") == "hip thrust\t3x8\n60kg\n"


def test_clean_text_keeps_everything_else() -> None:
    text = "Ünïcödé 💪🏋️‍♀️ \u202eRTL مرحبا e\u0301 \u00a0"
    assert clean_text(text) == text


def test_clean_text_replaces_lone_surrogates() -> None:
    assert clean_text("a\ud800b\udfff") == f"a{REPLACEMENT}b{REPLACEMENT}"


@given(st.text())
def test_clean_text_leaves_only_newlines_and_tabs_of_the_controls(text: str) -> None:
    cleaned = clean_text(text)

    assert _controls(cleaned) <= {"\n", "\t"}
    cleaned.encode("utf-8")  # no lone surrogate left
    assert clean_text(cleaned) == cleaned


@given(st.text())
def test_clean_name_is_one_composed_line_without_controls(text: str) -> None:
    name = clean_name(text)

    assert not _controls(name)
    assert name == name.strip()
    assert "  " not in name
    assert unicodedata.is_normalized("NFC", name)
    assert clean_name(name) == name


def test_clean_name_spaces_whitespace_and_removes_other_controls() -> None:
    assert clean_name(" Sled\r\npush \x00 (heavy)\t") == "Sled push (heavy)"
    assert clean_name("\x00\x1b") == ""


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
)


@given(_JSON)
def test_clean_strings_cleans_every_string_of_an_update_and_keeps_its_shape(value: object) -> None:
    cleaned = clean_strings(value)

    def strings(item: object) -> list[str]:
        if isinstance(item, str):
            return [item]
        if isinstance(item, dict):
            return [s for key, child in item.items() for s in [key, *strings(child)]]
        if isinstance(item, list):
            return [s for child in item for s in strings(child)]
        return []

    assert all(_controls(s) <= {"\n", "\t"} for s in strings(cleaned))
    assert clean_strings(cleaned) == cleaned
    assert type(cleaned) is type(value)


def test_clean_strings_leaves_numbers_and_clean_updates_as_they_are() -> None:
    update = {"update_id": 7, "message": {"message_id": 3, "text": "RDL 80kg 3x8", "ok": True}}
    assert clean_strings(update) == update
    assert clean_strings({"message": {"text": "hip\x00 thrust"}}) == {
        "message": {"text": "hip thrust"}
    }
