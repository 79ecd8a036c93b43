"""Serving the Mini App: its page, its static files and its API, on the bot's HTTP server.

In webhook mode the routes join the webhook's own aiohttp application (one port, one TLS
proxy rule). Polling, the bot has no server: with WEBAPP_URL set, or in the local chat, it
starts a small one of its own, stopped with the bot.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from bot.config import StartupError
from bot.webapp.api import WebAppApi
from bot.webapp.init_data import sign

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
PAGE_PATH = "/webapp/"
# A client may keep the page and its files, but asks each time whether they changed: a stale
# app.js after a deploy would talk to a newer API.
_NO_CACHE = {"Cache-Control": "no-cache"}
# The page runs only its own files and Telegram's script, talks only to its own API, and has
# no inline script or style an injected string could become: a bug that lets a log's text into
# the page as markup would still run nothing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' https://telegram.org",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)
# A few seconds is plenty for requests of a few hundred bytes each.
_SHUTDOWN_TIMEOUT = 5.0


def mount(app: web.Application, api: WebAppApi) -> None:
    """Add the page, its files and the API to `app`."""
    app.router.add_get(PAGE_PATH, _page)
    app.router.add_get(PAGE_PATH.rstrip("/"), _to_page)
    app.router.add_get(f"{PAGE_PATH}static/{{name}}", _static_file)
    app.router.add_routes(api.routes())


async def _page(request: web.Request) -> web.FileResponse:
    headers = _NO_CACHE | {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    return web.FileResponse(STATIC_DIR / "index.html", headers=headers)


# The page's files, by name: the directory is flat, so nothing else is reachable.
_STATIC_FILES = frozenset(path.name for path in STATIC_DIR.iterdir() if path.is_file())


async def _static_file(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    if name not in _STATIC_FILES:
        raise web.HTTPNotFound()
    return web.FileResponse(STATIC_DIR / name, headers=_NO_CACHE)


async def _to_page(request: web.Request) -> web.Response:
    # Browsers keep the fragment (the launch data) across a redirect; the query goes along.
    query = f"?{request.query_string}" if request.query_string else ""
    raise web.HTTPPermanentRedirect(PAGE_PATH + query)


@asynccontextmanager
async def serving(
    api: WebAppApi, *, listen: str, port: int, any_port_if_taken: bool = False
) -> AsyncIterator[int]:
    """Serve the Mini App alone on `listen`:`port` while inside (on any free port instead
    when that one is taken and `any_port_if_taken`); yields the port it listens on."""
    app = web.Application()
    mount(app, api)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, listen, port).start()
        except OSError:
            if not any_port_if_taken:
                raise
            await web.TCPSite(runner, listen, 0).start()
    except OSError as exc:
        await runner.cleanup()
        reason = os.strerror(exc.errno) if exc.errno and exc.errno > 0 else exc.strerror
        raise StartupError(
            f"Cannot serve the Mini App on {listen}:{port} ({reason}): "
            "free the port, or set WEBHOOK_LISTEN and WEBHOOK_PORT"
        ) from exc
    try:
        bound = runner.addresses[0][1]
        logger.info("Serving the Mini App on %s:%d", listen, bound)
        yield bound
    finally:
        await runner.cleanup()


def local_link(port: int, bot_token: str, user_id: int, first_name: str, now: datetime) -> str:
    """The local chat's link to the Mini App for its person, signed with the local bot's
    token as Telegram signs a real launch; the page reads it from the fragment, as
    Telegram's own script does, so a plain browser opens it."""
    user = json.dumps({"id": user_id, "first_name": first_name}, separators=(",", ":"))
    init_data = sign({"user": user, "auth_date": str(int(now.timestamp()))}, bot_token)
    return f"http://127.0.0.1:{port}{PAGE_PATH}#tgWebAppData={quote(init_data, safe='')}"
