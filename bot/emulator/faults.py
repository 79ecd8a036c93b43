"""Fault injection: answer chosen calls with an error, or drop their connection, instead of
running them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from bot.emulator.records import ApiCall
from bot.emulator.wire import ApiError


@dataclass(frozen=True)
class Fault:
    """What a failed call gets: an error answer, or (`drops_connection`) no answer at all."""

    status: int
    description: str
    retry_after: int | None = None
    drops_connection: bool = False

    @classmethod
    def flood(cls, retry_after: int = 1) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def dropped(cls) -> Fault:
        """Close the connection without answering, before the method runs: the call has no
        effect, and the client sees a network error, as when a connection breaks mid-request.

        (Telegram's real failures include breaks after the method ran, which a client cannot
        tell apart; this one is the kind a client can always safely retry.)"""
        return cls(0, "connection dropped without an answer", drops_connection=True)

    @classmethod
    def for_status(cls, status: int, *, retry_after: int = 1) -> Fault:
        if status == 429:
            return cls.flood(retry_after)
        if status == 403:
            return cls.blocked()
        return cls(status, HTTPStatus(status).phrase)

    def error(self) -> ApiError:
        return ApiError(self.status, self.description, retry_after=self.retry_after)


FaultPolicy = Callable[[ApiCall], Fault | None]
"""Decides per call whether it fails; None lets the call run."""


@dataclass
class _Planned:
    method: str | None
    remaining: int
    fault: Fault

    def matches(self, call: ApiCall) -> bool:
        if self.method is None:
            # getUpdates is how the bot listens, not something it does; failing it by accident
            # would only stall polling, so only an explicit method name targets it.
            return call.method.lower() != "getupdates"
        return call.method.lower() == self.method.lower()


class FaultInjector:
    def __init__(self) -> None:
        self.policy: FaultPolicy | None = None
        self._planned: list[_Planned] = []

    def fail_next(self, method: str | None, count: int, fault: Fault) -> None:
        self._planned.append(_Planned(method, count, fault))

    def fault_for(self, call: ApiCall) -> Fault | None:
        for planned in self._planned:
            if planned.matches(call):
                planned.remaining -= 1
                if planned.remaining <= 0:
                    self._planned.remove(planned)
                return planned.fault
        return self.policy(call) if self.policy is not None else None
