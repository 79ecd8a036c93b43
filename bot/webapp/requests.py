"""What the Mini App's API accepts: its bodies as pydantic models, read within a size cap,
and the refusals it answers with."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.services.logbook import SetDone

# A set is a few dozen bytes of JSON; anything near this is not the app talking.
MAX_BODY_BYTES = 16 * 1024

Json = dict[str, Any]
M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    """A refusal: its status and JSON body."""

    def __init__(
        self,
        status: int,
        error: str,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(error)
        self.status = status
        self.body: Json = {"error": error} if detail is None else {"error": error, "detail": detail}
        self.headers = headers


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class _SetNumbers(_Input):
    load: float | None = Field(default=None, ge=0, le=2000)
    reps: int = Field(ge=1, le=100)
    rpe: float | None = Field(default=None, ge=5, le=10, multiple_of=0.5)

    def done(self) -> SetDone:
        return SetDone(self.reps, self.load, self.rpe)


class SetChange(_SetNumbers):
    # Which set of the log: needed when it holds several (a chat log of "3x8").
    position: int | None = Field(default=None, ge=0, lt=100)


class NewSet(_SetNumbers):
    client_id: str = Field(min_length=1, max_length=64)
    exercise_id: str = Field(min_length=1, max_length=64)
    # The work set's `index` in /today: a set is done in order, so one past the next open set
    # is refused rather than stored as the open one with its numbers.
    index: int | None = Field(default=None, ge=0, lt=100)


class SwapRequest(_Input):
    exercise_id: str = Field(min_length=1, max_length=64)
    to: str = Field(min_length=1, max_length=64)


def message_id_for(client_id: str) -> int:
    """The message id a set sent with `client_id` is stored under: the same id for the same
    client id, so a retried request stores nothing twice, as a redelivered chat message
    does. Negative, so it never meets a Telegram message's id; 56 bits, so two sets of one
    person practically never share one."""
    digest = hashlib.sha256(f"webapp:{client_id}".encode()).digest()
    return -1 - int.from_bytes(digest[:7], "big")


async def read_body(request: web.Request, model: type[M]) -> M:
    """The request's JSON body as `model`; 400 when too big, not JSON, or not valid."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(400, "bad_request", "body too large")
    # A chunked body has no length to check up front: read no more than the cap.
    body = b""
    while len(body) <= MAX_BODY_BYTES:
        chunk = await request.content.read(MAX_BODY_BYTES + 1 - len(body))
        if not chunk:
            break
        body += chunk
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(400, "bad_request", "body too large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ApiError(400, "bad_request", "not JSON") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, error["loc"])) or "body" for error in exc.errors())
        raise ApiError(400, "bad_request", f"invalid: {fields}") from None
