"""The emulator's HTTP side: an aiohttp server speaking the Bot API in the current event loop."""

from __future__ import annotations

import asyncio
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.emulator.api import BotApi
from bot.emulator.client import ChatUser
from bot.emulator.faults import Fault, FaultInjector, FaultPolicy
from bot.emulator.records import ApiCall, CallbackAnswer, UserProfile, Webhook
from bot.emulator.wire import ApiError, ok_response, read_params

# Telegram accepts uploads of up to 50 MB.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FILE_CHUNK_BYTES = 64 * 1024


class BotApiEmulator:
    """A local Telegram Bot API for one bot, with simulated users on the other side.

    Usage: `async with BotApiEmulator() as emulator:`, point the bot at `base_url` and
    `base_file_url` with `token`, then talk to it through `emulator.user(...)`.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_id: int = 123456,
        bot_name: str = "Coach",
        bot_username: str = "coach_test_bot",
        first_id: int = 1,
    ) -> None:
        """`first_id` is the first update id and each chat's first message id. Telegram's
        only grow; a bot that keeps its database across emulator runs needs a larger one
        each run, or it takes new messages for ones it has seen."""
        self._host = host
        self._port = port
        self._token = f"{bot_id}:TEST-TOKEN-{secrets.token_hex(8)}"
        self.api = BotApi(
            bot_id=bot_id, first_name=bot_name, username=bot_username, first_id=first_id
        )
        # Every request the bot made, in arrival order, including failed ones.
        self.calls: list[ApiCall] = []
        self._faults = FaultInjector()
        self._users: dict[int, ChatUser] = {}
        self._runner: web.AppRunner | None = None
        self._in_flight = 0
        self._last_activity = 0.0

    # --- Lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # handler_cancellation ends a long poll whose client has gone away.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = runner.addresses[0][1]
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Answer open long polls first: the server waits for running handlers on cleanup.
        await self.api.updates.close()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- Where the bot connects ----------------------------------------------------------

    @property
    def token(self) -> str:
        return self._token

    @property
    def base_url(self) -> str:
        """For PTB's `base_url`: PTB appends the token."""
        return f"{self._root()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._root()}/file/bot"

    # --- The people and what the bot did -------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Ann",
        username: str | None = None,
        language_code: str | None = "en",
    ) -> ChatUser:
        """The person `user_id` in a private chat with the bot; the same object on every call."""
        if user_id not in self._users:
            profile = UserProfile(user_id, first_name, username, language_code)
            self._users[user_id] = ChatUser(self.api, self.api.chat_for(profile))
        return self._users[user_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return list(self.api.callback_answers)

    def on_callback_answer(self, listener: Callable[[CallbackAnswer], None]) -> None:
        """Call `listener` with every answerCallbackQuery as the bot makes it."""
        self.api.answer_listeners.append(listener)

    @property
    def last_id(self) -> int:
        """The largest update or message id used so far: the next run's `first_id` must be
        above it (first_id - 1 before anything happened)."""
        chats = (chat.last_message_id for chat in self.api.chats.values())
        return max(self.api.updates.last_update_id, *chats)

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(command, description) pairs registered for the default scope and all languages."""
        return self.api.commands()

    @property
    def webhook(self) -> Webhook | None:
        return self.api.webhook

    @property
    def file_bytes_served(self) -> int:
        """Bytes of file content the bot has downloaded, all files together."""
        return self.api.files.bytes_served

    # --- Faults --------------------------------------------------------------------------

    def fail_next(
        self,
        method: str | None = None,
        count: int = 1,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `count` calls of `method` with an error instead of running them.

        `method=None` means any method but getUpdates. 429 carries `retry_after`; 403 says the
        user blocked the bot; other statuses use their HTTP phrase unless `description` is set.
        """
        fault = Fault.for_status(status, retry_after=retry_after)
        if description is not None:
            fault = Fault(status, description, fault.retry_after)
        self._faults.fail_next(method, count, fault)

    def drop_next(self, method: str | None = None, count: int = 1) -> None:
        """Close the connection of the next `count` calls of `method` without answering
        (`Fault.dropped`); `method=None` means any method but getUpdates."""
        self._faults.fail_next(method, count, Fault.dropped())

    @property
    def fault_policy(self) -> FaultPolicy | None:
        """Called for every call that no `fail_next` or `drop_next` claimed; a Fault it
        returns is answered (or, if `Fault.dropped()`, the connection closed)."""
        return self._faults.policy

    @fault_policy.setter
    def fault_policy(self, policy: FaultPolicy | None) -> None:
        self._faults.policy = policy

    # --- Waiting for the bot -------------------------------------------------------------

    async def wait_idle(self, settle: float = 0.3) -> None:
        """Wait until the bot has fetched every update and made no call for `settle` s.

        Never returns while updates wait and the bot is not polling: wrap it in
        `asyncio.timeout` where that can happen.
        """
        loop = asyncio.get_running_loop()
        while True:
            quiet_for = loop.time() - self._last_activity
            busy = self.api.updates.pending_count or self._in_flight
            if not busy and quiet_for >= settle:
                return
            await asyncio.sleep(max(settle - quiet_for, settle / 10))

    # --- HTTP ----------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._token:
            return ApiError(401, "Unauthorized").response()
        name = request.match_info["method"]
        with self._activity(counted=name.lower() != "getupdates"):
            try:
                return ok_response(await self._call(name, request))
            except ApiError as error:
                return error.response()
            except _ConnectionDropped:
                return _drop_connection(request)

    async def _call(self, name: str, request: web.Request) -> Any:
        """Record the call, then fail it as planned or run it; errors raise ApiError, a
        planned dropped connection raises _ConnectionDropped."""
        call = ApiCall(name, await read_params(request))
        self.calls.append(call)
        method = self.api.method(name)
        if method is None:
            raise ApiError(404, "Not Found")
        fault = self._faults.fault_for(call)
        if fault is not None and fault.drops_connection:
            raise _ConnectionDropped
        if fault is not None:
            raise fault.error()
        return await method(call.params)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._token:
            return ApiError(401, "Unauthorized").response()
        stored = self.api.files.by_path(request.match_info["file_path"])
        if stored is None:
            return ApiError(404, "Not Found").response()
        # In chunks, counted as they go, so a test sees how much of a file the bot took
        # before it hung up: what it read, plus the little the sockets' buffers held.
        _small_send_buffer(request)
        response = web.StreamResponse(headers={"Content-Type": stored.mime_type})
        response.content_length = len(stored.data)
        await response.prepare(request)
        for start in range(0, len(stored.data), FILE_CHUNK_BYTES):
            chunk = stored.data[start : start + FILE_CHUNK_BYTES]
            try:
                await response.write(chunk)
            except ConnectionResetError:
                return response
            self.api.files.bytes_served += len(chunk)
        await response.write_eof()
        return response

    @contextmanager
    def _activity(self, *, counted: bool) -> Iterator[None]:
        """Track calls for wait_idle; a long poll waits rather than works, so it isn't counted."""
        loop = asyncio.get_running_loop()
        self._last_activity = loop.time()
        self._in_flight += counted
        try:
            yield
        finally:
            self._in_flight -= counted
            self._last_activity = loop.time()

    def _root(self) -> str:
        if self._runner is None:
            raise RuntimeError("BotApiEmulator is not running: call start() first")
        return f"http://{self._host}:{self._port}"


class _ConnectionDropped(Exception):
    """A planned fault: the call's connection is to be closed without an answer."""


def _drop_connection(request: web.Request) -> web.StreamResponse:
    # Closing the transport before anything is written is what the client sees as a server
    # that went away mid-request; the response returned after it is never sent.
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=503)


def _small_send_buffer(request: web.Request) -> None:
    """Keep the kernel from taking megabytes of a file ahead of the bot (loopback buffers
    grow to several), so that `bytes_served` stays within a few chunks of what it read."""
    transport = request.transport
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, FILE_CHUNK_BYTES)
