"""The Bot API's HTTP conventions: how parameters arrive and how answers and errors look."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web


class ApiError(Exception):
    """A Bot API error answer, e.g. 400 "Bad Request: chat not found"."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def response(self) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return web.json_response(body, status=self.status)


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def ok_response(result: object) -> web.Response:
    return web.json_response({"ok": True, "result": result})


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str


class Params(Mapping[str, Any]):
    """Request parameters plus typed getters.

    Clients may send JSON bodies (typed values) or form fields (every value a string, with
    objects JSON-encoded; PTB does the latter), so, like Telegram, each method decides a
    parameter's type when it reads it.
    """

    def __init__(self, values: Mapping[str, Any], uploads: Mapping[str, Upload]) -> None:
        self._values = dict(values)
        self.uploads: Mapping[str, Upload] = dict(uploads)

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Params({self._values!r})"

    def text(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str) -> int | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def required_integer(self, name: str) -> int:
        value = self.integer(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def flag(self, name: str) -> bool:
        value = self._values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in {"true", "1"}
        return bool(value)

    def json(self, name: str) -> Any:
        """A parameter holding a JSON object or array, or None when absent."""
        value = self._values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise bad_request(f"can't parse {name} JSON object") from None


async def read_params(request: web.Request) -> Params:
    """Collect parameters from the query string and a JSON, form or multipart body."""
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await _json_body(request)
        values.update(body)
    elif request.can_read_body:
        for name, field in (await request.post()).items():
            if isinstance(field, web.FileField):
                uploads[name] = Upload(
                    filename=field.filename,
                    data=field.file.read(),
                    content_type=field.content_type,
                )
            elif isinstance(field, bytes | bytearray):
                values[name] = field.decode()
            else:
                values[name] = field
    return Params(values, uploads)


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise bad_request("can't parse JSON body") from None
    if not isinstance(body, dict):
        raise bad_request("JSON body must be an object")
    return body
