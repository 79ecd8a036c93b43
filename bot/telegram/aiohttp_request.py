"""python-telegram-bot's HTTP requests made with aiohttp instead of httpx.

PTB makes its Bot API calls through a `BaseRequest`; its default, `HTTPXRequest`, spent
about 1 ms of CPU per call here, which made the HTTP client most of an onboarding step's
cost (each answers the button, retires the question and asks the next: three calls).
aiohttp, already here for the webhook server, makes the same call for about a quarter of
that. This class is PTB's documented way to swap the client: it maps PTB's timeouts onto
aiohttp's and aiohttp's errors onto PTB's (`TimedOut`, `NetworkError`), which the bot's
retries (bot.telegram.coach_bot) act on.

aiohttp has no write timeout: a request whose body cannot be sent is bounded by the read
timeout that follows it.
"""

from __future__ import annotations

import json
import ssl

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """Bot API calls over one aiohttp session with up to `connection_pool_size`
    connections; the timeouts are PTB's defaults for HTTPXRequest."""

    __slots__ = ("_pool_size", "_session", "_ssl", "_timeouts")

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        ssl_context: ssl.SSLContext | None = None,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._ssl = ssl_context
        self._timeouts = (read_timeout, connect_timeout, pool_timeout)
        # Made in `initialize`: an aiohttp session belongs to the loop that makes it.
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts[0]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=self._ssl or True)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = self._timeout(read_timeout, connect_timeout, pool_timeout)
        body, content_type = _body(request_data)
        headers = {"User-Agent": self.USER_AGENT}
        if content_type is not None:
            headers["Content-Type"] = content_type
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err

    def _timeout(
        self,
        read: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
    ) -> aiohttp.ClientTimeout:
        """PTB's timeouts as aiohttp's: its `connect` covers waiting for a free connection
        of the pool and opening one."""
        default_read, default_connect, default_pool = self._timeouts
        read_s = default_read if isinstance(read, DefaultValue) else read
        connect_s = default_connect if isinstance(connect, DefaultValue) else connect
        pool_s = default_pool if isinstance(pool, DefaultValue) else pool
        waiting = None if connect_s is None or pool_s is None else connect_s + pool_s
        return aiohttp.ClientTimeout(connect=waiting, sock_connect=connect_s, sock_read=read_s)


def _body(request_data: RequestData | None) -> tuple[aiohttp.FormData | bytes | None, str | None]:
    """The call's parameters and their content type: a JSON object, which the Bot API takes
    as it takes a form and which costs a fraction of form-encoding the same text; multipart
    form data when files go with them (aiohttp sets that type itself)."""
    if request_data is None:
        return None, None
    files = request_data.multipart_data
    if not files:
        return json.dumps(request_data.parameters).encode(), "application/json"
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None
