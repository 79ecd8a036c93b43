"""Fault injection: answer chosen calls with an error, or drop their connection, instead of
running them."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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

    @property
    def kind(self) -> str:
        """A short name for counting faults: "dropped", else the status ("429", "500")."""
        return "dropped" if self.drops_connection else str(self.status)


FaultPolicy = Callable[[ApiCall], Fault | None]
"""Decides per call whether it fails; None lets the call run."""


def _transient_faults() -> tuple[Fault, ...]:
    return (Fault.flood(1), Fault.server_error(), Fault.dropped())


@dataclass
class RandomFaults:
    """A fault policy for a bad day at Telegram: a share of all calls fails in passing.

    Each call fails with probability `rate`, with one of `faults` picked at random (by
    default a 429 asking for a one-second wait, a 500 and a dropped connection, in equal
    shares); every method is affected, getUpdates included. The draws come from a
    `random.Random(seed)`, so the shares are stable, though which call fails still depends
    on the order in which calls arrive.

    Transient faults are transient: the same request (same method, same parameters) never
    fails more than `max_in_a_row` times in a row; the attempt after that goes through. So
    a client that tries a request `max_in_a_row + 1` times always gets through, and a test
    built on this policy does not depend on luck. A request that went through may fail
    again if it is made again later.

    `counts` holds how many calls failed, by `Fault.kind`; `methods`, by method; `calls`,
    how many calls were seen.
    """

    rate: float = 0.2
    seed: int = 0
    faults: tuple[Fault, ...] = field(default_factory=_transient_faults)
    max_in_a_row: int = 3
    counts: Counter[str] = field(default_factory=Counter, init=False)
    methods: Counter[str] = field(default_factory=Counter, init=False)
    calls: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, not {self.rate}")
        if not self.faults:
            raise ValueError("faults must name at least one fault")
        self._random = random.Random(self.seed)
        # Failures in a row of each request failed last time it was made; a request that
        # goes through is forgotten, so this holds only requests that are failing now.
        self._failing: dict[str, int] = {}

    def __call__(self, call: ApiCall) -> Fault | None:
        self.calls += 1
        key = request_key(call)
        failed = self._failing.get(key, 0)
        if failed < self.max_in_a_row and self._random.random() < self.rate:
            fault = self._random.choice(self.faults)
            self._failing[key] = failed + 1
            self.counts[fault.kind] += 1
            self.methods[call.method] += 1
            return fault
        self._failing.pop(key, None)
        return None

    @property
    def failed(self) -> int:
        return self.counts.total()


def request_key(call: ApiCall) -> str:
    """What makes two calls the same request: the method and every parameter and upload."""
    params = {name: call.params[name] for name in call.params}
    uploads = {
        name: [upload.filename, upload.content_type, hashlib.sha256(upload.data).hexdigest()]
        for name, upload in call.params.uploads.items()
    }
    body = json.dumps([params, uploads], sort_keys=True, default=str)
    return f"{call.method.lower()} {body}"


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
