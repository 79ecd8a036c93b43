"""The tree is the architecture: each layer of bot/ imports only the layers beneath it.

core (pure domain) < storage < services < telegram < webapp < cli, with logs and config
beneath them all and the emulator on its own. Imports inside functions and under TYPE_CHECKING
count too: a type import is still a dependency a reader has to follow.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# What each package of bot/ may import of bot/ besides itself.
ALLOWED_INTERNAL: dict[str, set[str]] = {
    "core": set(),
    "logs": set(),
    "config": {"logs"},
    "emulator": set(),
    "storage": {"core"},
    "services": {"core", "storage"},
    "telegram": {"core", "storage", "services", "logs", "config"},
    # The Mini App: its API speaks to people as the chat does, through the Telegram layer.
    "webapp": {"core", "services", "telegram", "logs", "config"},
    "cli": {"core", "storage", "services", "telegram", "webapp", "logs", "config", "emulator"},
    "__main__": {"cli"},
}
# Third-party packages a layer may not import, whatever else it uses.
FORBIDDEN_EXTERNAL: dict[str, set[str]] = {
    "core": {"telegram", "sqlalchemy", "alembic", "aiohttp", "httpx", "matplotlib"},
    "logs": {"telegram", "sqlalchemy"},
    "services": {"telegram"},
}
# PTB's persistence is a storage adapter by design: it writes PTB's state to our tables.
STORAGE_MODULES_ON_TELEGRAM = {"bot.storage.persistence"}
# The runner puts the running bot together: it starts the Mini App's server beside the
# updates' (on the webhook's, when there is one), so it alone of its layer reaches up.
UPWARD_BY_DESIGN = {"bot.telegram.runner": {"webapp"}}
# The parts of the Telegram layer that speak to people never touch storage directly.
NO_STORAGE = ("bot.telegram.handlers", "bot.telegram.messages")


def _module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(BOT.rglob("*.py")):
        yield _module_name(path), path


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from bot import messages` names a module in the imported names.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


MODULES = list(_modules())


def test_every_module_of_bot_is_in_a_layer() -> None:
    strays = {module for module, _ in MODULES if _layer(module) not in ALLOWED_INTERNAL}
    assert strays <= {"bot"}, f"modules outside the layers: {sorted(strays)}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[module for module, _ in MODULES])
def test_imports_go_only_down(module: str, path: Path) -> None:
    layer = _layer(module)
    if layer not in ALLOWED_INTERNAL:
        return
    allowed = ALLOWED_INTERNAL[layer] | {layer} | UPWARD_BY_DESIGN.get(module, set())
    imported = _imports(path)
    upward = sorted(
        name
        for name in imported
        if name.startswith("bot.") and _layer(name) in ALLOWED_INTERNAL
        if _layer(name) not in allowed
    )
    assert not upward, f"{module} imports {upward}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[module for module, _ in MODULES])
def test_layers_keep_to_their_libraries(module: str, path: Path) -> None:
    forbidden = set(FORBIDDEN_EXTERNAL.get(_layer(module), ()))
    if _layer(module) == "storage" and module not in STORAGE_MODULES_ON_TELEGRAM:
        forbidden.add("telegram")
    used = {name.split(".")[0] for name in _imports(path)}
    assert not used & forbidden, f"{module} imports {sorted(used & forbidden)}"


def test_the_core_needs_nothing_but_the_standard_library() -> None:
    outside = {
        f"{module}: {name}"
        for module, path in MODULES
        if _layer(module) == "core"
        for name in _imports(path)
        if not name.startswith("bot.") and name.split(".")[0] not in sys.stdlib_module_names
    }
    assert not outside, sorted(outside)


def test_handlers_and_messages_never_touch_storage() -> None:
    offenders = {
        f"{module}: {name}"
        for module, path in MODULES
        if module.startswith(NO_STORAGE)
        for name in _imports(path)
        if name.startswith("bot.storage") or name.split(".")[0] == "sqlalchemy"
    }
    assert not offenders, sorted(offenders)


_TEXTS_MAY_IMPORT = ("bot.core", "bot.telegram.messages", "bot.telegram.i18n")


def test_messages_build_on_the_core_alone() -> None:
    """The texts are imported by the offline tools too (`coach plan`), which stay light:
    the catalogues are read through Babel alone."""
    offenders = {
        f"{module}: {name}"
        for module, path in MODULES
        if module.startswith("bot.telegram.messages")
        for name in _imports(path)
        if name.startswith("bot.") and not name.startswith(_TEXTS_MAY_IMPORT)
    }
    assert not offenders, sorted(offenders)
