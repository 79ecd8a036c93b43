"""The /travel menu's choice so far: which menu message counts, and the equipment ticked on
it. Kept in user_data, like the onboarding's draft: only that menu's buttons count, and it
closes once its period starts, so an old menu's press is told it is out of date."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from bot.core.profile import Equipment

_MENU_KEY = "travel_menu"  # {"message_id": 7, "equipment": ["bands"]}

UserData = MutableMapping[str, Any]


def open_travel_menu(user_data: UserData, message_id: int) -> None:
    """The menu `message_id` is now the one that counts, with nothing ticked yet."""
    user_data[_MENU_KEY] = {"message_id": message_id, "equipment": []}


def toggle_travel_item(
    user_data: UserData, message_id: int | None, item: Equipment
) -> frozenset[Equipment] | None:
    """`item` ticked or unticked on the menu `message_id`: what is ticked now, or None when
    that menu is not the open one."""
    ticked = _ticked(user_data, message_id)
    if ticked is None:
        return None
    ticked = ticked ^ {item}
    user_data[_MENU_KEY] = {"message_id": message_id, "equipment": sorted(ticked)}
    return ticked


def close_travel_menu(user_data: UserData, message_id: int | None) -> frozenset[Equipment] | None:
    """The equipment ticked on the menu `message_id`, which closes; None when that menu is
    not the open one."""
    ticked = _ticked(user_data, message_id)
    if ticked is not None:
        del user_data[_MENU_KEY]
    return ticked


def _ticked(user_data: UserData, message_id: int | None) -> frozenset[Equipment] | None:
    menu = user_data.get(_MENU_KEY)
    if not menu or message_id is None or menu["message_id"] != message_id:
        return None
    return frozenset(Equipment(item) for item in menu["equipment"])
