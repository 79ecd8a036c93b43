"""The catalogues and the language machinery: every text in every language with the same
placeholders, Telegram's language codes mapped to Coach's languages, English behind every
missing entry, and numbers and dates as each language writes them."""

from __future__ import annotations

import tomllib
from datetime import date
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.telegram import messages
from bot.telegram.i18n import (
    DOMAIN,
    ENGLISH,
    LOCALES,
    command_language,
    load,
    locale_for,
    translator,
)

ROOT = Path(__file__).resolve().parents[1]
LOCALES_DIR = ROOT / "bot" / "telegram" / "locales"
OTHERS = [locale for locale in LOCALES if locale != ENGLISH]
# Telegram's limit on a command's description.
MAX_DESCRIPTION = 256


def _catalogue(locale: str) -> Catalog:
    """Every section's catalogue of `locale`, as one."""
    merged = Catalog(locale=locale)
    for path in sorted((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po, locale=locale):
                if message.id:
                    merged[message.id] = message
    return merged


def _sections(locale: str) -> set[str]:
    return {path.name for path in (LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po")}


def _texts(locale: str) -> dict[str, tuple[str, ...]]:
    """Each key's text, or its plural forms."""
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            (m.string,) if isinstance(m.string, str) else tuple(m.string)
        )
        for m in _catalogue(locale)
        if m.id
    }


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


ENGLISH_TEXTS = _texts(ENGLISH)


@pytest.mark.parametrize("locale", OTHERS)
def test_every_language_has_every_key_and_no_other(locale: str) -> None:
    assert _sections(locale) == _sections(ENGLISH)
    assert set(_texts(locale)) == set(ENGLISH_TEXTS)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_text_is_written_and_none_is_fuzzy(locale: str) -> None:
    catalogue = _catalogue(locale)
    assert [m.id for m in catalogue if m.id and m.fuzzy] == []
    empty = [key for key, forms in _texts(locale).items() if not all(forms)]
    assert empty == []
    # Each plural entry has as many forms as the language has (Russian: three).
    for key, forms in _texts(locale).items():
        if len(ENGLISH_TEXTS[key]) > 1:
            assert len(forms) == catalogue.num_plurals, key


@pytest.mark.parametrize("locale", OTHERS)
def test_every_text_has_the_placeholders_of_its_english(locale: str) -> None:
    for key, forms in _texts(locale).items():
        expected = set().union(*(_placeholders(text) for text in ENGLISH_TEXTS[key]))
        for text in forms:
            # A plural form may leave out {count} ("one day"); it names no other value.
            assert _placeholders(text) | {"count"} >= expected - {"count"}, (key, text)
            assert _placeholders(text) <= expected, (key, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_command_has_a_description_telegram_takes(locale: str) -> None:
    speaks = translator(locale)
    for name in messages.COMMANDS:
        description = speaks.text(f"command.{name}")
        assert f"command.{name}" in ENGLISH_TEXTS
        assert 0 < len(description) <= MAX_DESCRIPTION


@pytest.mark.parametrize(
    ("language_code", "locale"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("ru", "ru"),
        ("pt-br", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),
        ("pt-PT", "pt_BR"),
        ("uk", "uk"),
        ("de-AT", "de"),
        ("es-419", "es"),
        ("ES", "es"),
        (None, "en"),
        ("", "en"),
        ("fr", "en"),
        ("be", "en"),
    ],
)
def test_telegram_language_codes_map_to_coachs_languages(
    language_code: str | None, locale: str
) -> None:
    assert locale_for(language_code) == locale


def test_the_command_menus_go_by_language_alone() -> None:
    assert [command_language(locale) for locale in LOCALES] == ["en", "ru", "es", "de", "pt", "uk"]


@pytest.mark.parametrize("locale", OTHERS)
def test_numbers_have_a_decimal_comma_outside_english(locale: str) -> None:
    assert translator(locale).number(72.5) == "72,5"
    assert translator(ENGLISH).number(72.5) == "72.5"


def test_dates_are_written_as_each_language_writes_them() -> None:
    day = date(2026, 12, 6)
    assert translator("en").date(day, "long") == "December 6, 2026"
    assert translator("de").date(day, "long") == "6. Dezember 2026"
    assert translator("ru").date(day, "long") == "6 декабря 2026\u202fг."
    assert translator("pt_BR").date(day, "short") == "06/12/2026"


def test_a_language_coach_lacks_is_english() -> None:
    assert translator("fr").locale == ENGLISH
    assert translator("fr").text("command.start") == "Set up your training plan"


def _write_po(directory: Path, locale: str, body: str) -> None:
    folder = directory / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{DOMAIN}.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n'
        f'"Content-Type: text/plain; charset=utf-8\\n"\n\n{body}',
        encoding="utf-8",
    )


def test_an_entry_missing_or_left_empty_falls_back_to_english_and_plurals_follow_the_language(
    tmp_path: Path,
) -> None:
    _write_po(
        tmp_path,
        "en",
        'msgid "greeting"\nmsgstr "Hello, {name}"\n\n'
        'msgid "farewell"\nmsgstr "Bye"\n\n'
        'msgid "days"\nmsgid_plural "days"\nmsgstr[0] "{count} day"\nmsgstr[1] "{count} days"\n',
    )
    _write_po(
        tmp_path,
        "ru",
        'msgid "farewell"\nmsgstr ""\n\n'
        'msgid "days"\nmsgid_plural "days"\n'
        'msgstr[0] "{count} день"\nmsgstr[1] "{count} дня"\nmsgstr[2] "{count} дней"\n',
    )
    russian = load(tmp_path, "ru")
    assert russian.text("greeting", name="Аня") == "Hello, Аня"
    assert russian.text("farewell") == "Bye"
    assert [russian.plural("days", n) for n in (1, 3, 5, 21, 1000)] == [
        "1 день",
        "3 дня",
        "5 дней",
        "21 день",
        "1\u00a0000 дней",
    ]
    assert load(tmp_path, "en").plural("days", 1) == "1 day"


def test_the_package_ships_every_catalogue() -> None:
    """pyproject's package data names every catalogue, so an install (not only an editable
    one) has them all."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot.telegram.locales"]
    catalogues = [path.relative_to(LOCALES_DIR).as_posix() for path in LOCALES_DIR.rglob("*.po")]
    assert {path.split("/")[0] for path in catalogues} == set(LOCALES)
    assert all(any(fnmatch(path, pattern) for pattern in patterns) for path in catalogues)
    assert (LOCALES_DIR / "__init__.py").is_file()  # a package, so package data applies
    assert files("bot.telegram.locales").joinpath("ru/LC_MESSAGES/coach.po").is_file()
