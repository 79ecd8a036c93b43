"""An in-memory server for the Mini App's API, for the browser tests of the page.

It serves the page (bot/webapp/static) and the JSON API under /webapp/api/ with the shapes,
status codes and authentication of the contract the real server (bot.webapp) keeps:
`Authorization: tma <initData>` checked as Telegram specifies (HMAC-SHA-256 keyed by the bot
token), bodies capped at 16 KiB and validated, someone else's ids answered 404, a repeated
`client_id` answered as the first time without storing twice. Each person (Telegram user id)
gets their own copy of one glute day, with a month of history behind it.

The browser tests reach it through the `webapp_base_url` and `sign_init_data` fixtures
(tests/browser/conftest.py), so that they can run against the real server as well.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import web

STATIC = Path(__file__).resolve().parents[2] / "bot" / "webapp" / "static"
MAX_BODY = 16 * 1024
MAX_AGE = timedelta(hours=24)
HISTORY_PAGE = 20

TEXTS = {
    "tab_today": "Today",
    "tab_programme": "Programme",
    "tab_progress": "Progress",
    "tab_history": "History",
    "start_rest": "Start rest",
    "rest_left": "Rest",
    "rest_done": "Rest over — next set!",
    "skip_rest": "Skip",
    "finish": "Finish workout",
    "swap": "Swap",
    "done_set": "Mark set done",
    "undo_set": "Undo set",
    "warmup": "Warm-up",
    "work_set": "Set",
    "load": "Weight",
    "reps": "Reps",
    "rpe": "RPE",
    "last_time": "Last time",
    "no_workout": "No workout today: rest and recover.",
    "error_retry": "Retry",
    "offline": "Can’t reach Coach. Check your connection.",
    "edit": "Edit",
    "delete": "Delete",
    "save": "Save",
    "cancel": "Cancel",
    "record": "New record!",
    "bodyweight": "Bodyweight",
}

# exercise_id → (name, load step, rest seconds, warm-up loads and reps, work load, reps, sets)
CATALOGUE: dict[str, tuple[str, float, int, list[tuple[float, int]], float | None, int, int]] = {
    "romanian_deadlift": ("Romanian deadlift", 2.5, 150, [(40, 8), (60, 5)], 82.5, 8, 3),
    "good_morning": ("Good morning", 2.5, 120, [(30, 8)], 50, 10, 3),
    "single_leg_rdl": ("Single-leg RDL", 2, 90, [], 20, 10, 3),
    "hip_thrust": ("Barbell hip thrust", 5, 120, [(60, 8)], 105, 10, 3),
    "glute_bridge": ("Glute bridge", 5, 90, [], 80, 12, 3),
    "bulgarian_split_squat": ("Bulgarian split squat", 2, 90, [], 16, 10, 3),
    "reverse_lunge": ("Reverse lunge", 2, 90, [], 16, 10, 3),
    "nordic_curl": ("Nordic curl", 2.5, 120, [], None, 5, 3),
    "lying_leg_curl": ("Lying leg curl", 2.5, 90, [], 35, 12, 3),
}
# The day's exercises, each first in its group of interchangeable ones.
GROUPS = [
    ["romanian_deadlift", "good_morning", "single_leg_rdl"],
    ["hip_thrust", "glute_bridge"],
    ["bulgarian_split_squat", "reverse_lunge"],
    ["nordic_curl", "lying_leg_curl"],
]
DAY = [group[0] for group in GROUPS]
# Past sessions, oldest first: (days ago, exercise_id, load, reps of each set).
PAST: list[tuple[int, str, float | None, list[int]]] = [
    (days, exercise, None if load is None else load + step * n, reps)
    for n, days in enumerate([30, 26, 23, 19, 16, 12, 9, 5, 2])
    for exercise, load, step, reps in [
        ("romanian_deadlift", 60.0, 2.5, [8, 8, 8]),
        ("hip_thrust", 70.0, 5.0, [10, 10, 9]),
        ("nordic_curl", None, 0.0, [4, 4, 3]),
    ]
]


def sign_init_data(bot_token: str, user_id: int, auth_date: int | None = None) -> str:
    """initData as a Telegram client passes it to a Mini App, signed with `bot_token`."""
    fields = {
        "query_id": f"AAH{user_id}",
        "user": json.dumps(
            {"id": user_id, "first_name": "Ana", "language_code": "en"}, separators=(",", ":")
        ),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
    }
    fields["hash"] = _signature(bot_token, fields)
    return urlencode(fields)


def _signature(bot_token: str, fields: dict[str, str]) -> str:
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def user_of(bot_token: str, init_data: str) -> int | None:
    """The user id of valid, fresh initData; None for anything else."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
        given = fields["hash"]
        expected = _signature(bot_token, fields)
        age = time.time() - int(fields["auth_date"])
        user = json.loads(fields["user"])
    except (KeyError, ValueError):
        return None
    if not hmac.compare_digest(given, expected) or age > MAX_AGE.total_seconds():
        return None
    return int(user["id"])


def e1rm(load: float | None, reps: int) -> float:
    return round((load or 0) * (1 + reps / 30), 1)


def load_text(load: float | None) -> str:
    return "bodyweight" if load is None else f"{load:g} kg"


@dataclass
class Log:
    log_id: int
    day: date
    exercise_id: str
    load: float | None
    reps: list[int]
    rpe: float | None = None

    def as_entry(self) -> dict[str, Any]:
        name = CATALOGUE[self.exercise_id][0]
        reps = ", ".join(str(r) for r in self.reps)
        return {
            "log_id": self.log_id,
            "date": self.day.isoformat(),
            "exercise_id": self.exercise_id,
            "name": name,
            "load": self.load,
            "reps": self.reps,
            "text": f"{name}: {reps} @ {load_text(self.load)}",
        }


@dataclass
class Person:
    today: date
    exercises: list[str] = field(default_factory=lambda: list(DAY))
    logs: list[Log] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    finished: bool = False
    next_id: int = 1

    def __post_init__(self) -> None:
        for days, exercise, load, reps in PAST:
            self.add_log(self.today - timedelta(days=days), exercise, load, reps)

    def add_log(
        self,
        day: date,
        exercise: str,
        load: float | None,
        reps: list[int],
        rpe: float | None = None,
    ) -> Log:
        log = Log(self.next_id, day, exercise, load, reps, rpe)
        self.next_id += 1
        self.logs.append(log)
        return log

    def todays(self, exercise: str) -> list[Log]:
        return [log for log in self.logs if log.day == self.today and log.exercise_id == exercise]

    def exercise(self, exercise: str) -> dict[str, Any]:
        name, step, rest, warmups, load, reps, count = CATALOGUE[exercise]
        sets: list[dict[str, Any]] = [
            {"kind": "warmup", "load": w_load, "reps": w_reps, "done": False}
            for w_load, w_reps in warmups
        ]
        logged = self.todays(exercise)
        for index in range(max(count, len(logged))):
            if index < len(logged):
                log = logged[index]
                sets.append(
                    {
                        "kind": "work",
                        "index": index,
                        "load": log.load,
                        "reps": log.reps[0],
                        "rpe": log.rpe,
                        "done": True,
                        "log_id": log.log_id,
                    }
                )
            else:
                sets.append(
                    {
                        "kind": "work",
                        "index": index,
                        "load": load,
                        "reps": reps,
                        "rpe": None,
                        "done": False,
                        "log_id": None,
                    }
                )
        before = [log for log in self.logs if log.exercise_id == exercise and log.day < self.today]
        last = before[-1] if before else None
        group = next(group for group in GROUPS if exercise in group)
        return {
            "exercise_id": exercise,
            "name": name,
            "rest_seconds": rest,
            "last_time": (
                f"{load_text(last.load)} × {', '.join(str(r) for r in last.reps)}" if last else None
            ),
            "load_step": step,
            "sets": sets,
            "swap_options": [
                {"exercise_id": other, "name": CATALOGUE[other][0]}
                for other in group
                if other != exercise
            ],
        }

    def today_view(self) -> dict[str, Any]:
        return {
            "date": self.today.isoformat(),
            "is_workout": True,
            "finished": self.finished,
            "locale": "en",
            "units": "kg",
            "day_title": "Lower A — glutes",
            "texts": TEXTS,
            "exercises": [self.exercise(exercise) for exercise in self.exercises],
            "rest_day_text": None,
        }

    def best_e1rm(self, exercise: str, exclude: int | None = None) -> float:
        return max(
            (
                e1rm(log.load, max(log.reps))
                for log in self.logs
                if log.exercise_id == exercise and log.log_id != exclude
            ),
            default=0.0,
        )

    def set_answer(self, log: Log) -> dict[str, Any]:
        name, _step, rest, *_ = CATALOGUE[log.exercise_id]
        done = len(self.todays(log.exercise_id))
        planned = CATALOGUE[log.exercise_id][6]
        return {
            "log_id": log.log_id,
            "record": e1rm(log.load, max(log.reps)) > self.best_e1rm(log.exercise_id, log.log_id),
            "message": (
                f"Logged {name}: {load_text(log.load)} × {log.reps[0]}. Set {done} of {planned}."
            ),
            # As the real API: no rest once nothing planned is left today.
            "rest_seconds": rest if self.sets_left() else 0,
            "exercise": self.exercise(log.exercise_id)
            if log.exercise_id in self.exercises
            else None,
        }

    def sets_left(self) -> int:
        return sum(
            max(0, CATALOGUE[exercise][6] - len(self.todays(exercise)))
            for exercise in self.exercises
        )

    def summary(self) -> str:
        today = [log for log in self.logs if log.day == self.today]
        tonnage = sum((log.load or 0) * sum(log.reps) for log in today)
        lines = [f"Lower A — glutes: done. {len(today)} sets, {tonnage:,.0f} kg moved."]
        lines += [
            f"• {CATALOGUE[exercise][0]}: {len(self.todays(exercise))} sets"
            for exercise in self.exercises
            if self.todays(exercise)
        ]
        return "\n".join(lines)

    def programme(self) -> dict[str, Any]:
        monday = self.today - timedelta(days=self.today.weekday())
        weeks = []
        for week, (phase, label) in enumerate(
            [
                ("build", "This week · build, week 3 of 4"),
                ("deload", "Next week · lighter (deload)"),
            ]
        ):
            days = []
            for offset in range(7):
                day = monday + timedelta(days=7 * week + offset)
                names = {
                    0: [CATALOGUE[e][0] for e in DAY],
                    2: ["Push-up", "Inverted row", "Plank"],
                    4: ["Hip thrust", "Lying leg curl", "Back extension"],
                }.get((offset - self.today.weekday()) % 7, [])
                days.append(
                    {
                        "date": day.isoformat(),
                        "title": f"{day:%a}",
                        "is_workout": bool(names),
                        "exercises": names,
                    }
                )
            weeks.append(
                {"starts": (monday + timedelta(days=7 * week)).isoformat(), "phase": phase}
                | {"label": label, "days": days}
            )
        return {"weeks": weeks}

    def progress(self) -> dict[str, Any]:
        exercises = []
        for exercise in CATALOGUE:
            by_day: dict[date, Log] = {}
            for log in self.logs:
                if log.exercise_id != exercise or log.load is None:
                    continue
                best = by_day.get(log.day)
                if best is None or e1rm(log.load, max(log.reps)) > e1rm(best.load, max(best.reps)):
                    by_day[log.day] = log
            if by_day:
                exercises.append(
                    {
                        "exercise_id": exercise,
                        "name": CATALOGUE[exercise][0],
                        "points": [
                            {
                                "date": day.isoformat(),
                                "e1rm": e1rm(log.load, max(log.reps)),
                                "best": f"{load_text(log.load)} × {max(log.reps)}",
                                "session_id": day.toordinal(),
                            }
                            for day, log in sorted(by_day.items())
                        ],
                    }
                )
        return {"exercises": exercises}

    def history(self, before: int | None) -> dict[str, Any]:
        older = sorted(
            (log for log in self.logs if before is None or log.log_id < before),
            key=lambda log: log.log_id,
            reverse=True,
        )
        return {
            "entries": [log.as_entry() for log in older[:HISTORY_PAGE]],
            "more": len(older) > HISTORY_PAGE,
        }


class BadRequest(Exception):
    pass


def _error(status: int, code: str, detail: str | None = None) -> web.Response:
    body = {"error": code} | ({"detail": detail} if detail else {})
    return web.json_response(body, status=status)


def _number(body: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise BadRequest(f"{key} must be a number from {low:g} to {high:g}")
    return float(value)


def _set_fields(body: dict[str, Any]) -> tuple[float | None, int, float | None]:
    load = _number(body, "load", 0, 2000)
    reps = body.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or not 1 <= reps <= 100:
        raise BadRequest("reps must be a whole number from 1 to 100")
    rpe = _number(body, "rpe", 5, 10)
    if rpe is not None and (rpe * 2) % 1:
        raise BadRequest("rpe goes by halves")
    return load, reps, rpe


Handler = Callable[[web.Request, Person], Awaitable[web.StreamResponse]]


class FakeWebappApi:
    def __init__(self, bot_token: str, today: date | None = None) -> None:
        self.bot_token = bot_token
        self.today = today or date.today()
        self.people: dict[int, Person] = {}

    def person(self, user_id: int) -> Person:
        if user_id not in self.people:
            self.people[user_id] = Person(self.today)
        return self.people[user_id]

    def app(self) -> web.Application:
        app = web.Application(client_max_size=4 * MAX_BODY)
        app.router.add_get("/webapp", self._to_slash)
        app.router.add_get("/webapp/", self._index)
        app.router.add_static("/webapp/static/", STATIC)
        api = [
            ("GET", "today", self.get_today),
            ("POST", "sets", self.post_set),
            ("PATCH", "sets/{log_id}", self.patch_set),
            ("DELETE", "sets/{log_id}", self.delete_set),
            ("POST", "swap", self.post_swap),
            ("POST", "finish", self.post_finish),
            ("GET", "programme", self.get_programme),
            ("GET", "progress", self.get_progress),
            ("GET", "history", self.get_history),
        ]
        for method, path, handler in api:
            app.router.add_route(method, f"/webapp/api/{path}", self._authorised(handler))
        return app

    async def _to_slash(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPPermanentRedirect("/webapp/")

    async def _index(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    def _authorised(
        self, handler: Handler
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            scheme, _, init_data = request.headers.get("Authorization", "").partition(" ")
            user_id = user_of(self.bot_token, init_data) if scheme == "tma" else None
            if user_id is None:
                return _error(401, "unauthorized")
            try:
                return await handler(request, self.person(user_id))
            except BadRequest as error:
                return _error(400, "bad_request", str(error))

        return wrapped

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge as error:
            raise BadRequest("body too large") from error
        if len(raw) > MAX_BODY:
            raise BadRequest("body too large")
        try:
            body = json.loads(raw)
        except ValueError as error:
            raise BadRequest("invalid JSON") from error
        if not isinstance(body, dict):
            raise BadRequest("expected an object")
        return body

    @staticmethod
    def _log(request: web.Request, person: Person) -> Log | None:
        try:
            log_id = int(request.match_info["log_id"])
        except ValueError:
            return None
        return next((log for log in person.logs if log.log_id == log_id), None)

    async def get_today(self, request: web.Request, person: Person) -> web.StreamResponse:
        return web.json_response(person.today_view())

    async def post_set(self, request: web.Request, person: Person) -> web.StreamResponse:
        body = await self._body(request)
        client_id = body.get("client_id")
        if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64:
            raise BadRequest("client_id must be a string of up to 64 characters")
        if client_id in person.answers:
            return web.json_response(person.answers[client_id])
        exercise = body.get("exercise_id")
        if exercise not in person.exercises:
            return _error(404, "not_found")
        load, reps, rpe = _set_fields(body)
        log = person.add_log(person.today, exercise, load, [reps], rpe)
        answer = person.set_answer(log)
        person.answers[client_id] = answer
        return web.json_response(answer)

    async def patch_set(self, request: web.Request, person: Person) -> web.StreamResponse:
        body = await self._body(request)
        log = self._log(request, person)
        if log is None:
            return _error(404, "not_found")
        log.load, reps, log.rpe = _set_fields(body)
        log.reps = [reps for _ in log.reps]
        return web.json_response(person.set_answer(log))

    async def delete_set(self, request: web.Request, person: Person) -> web.StreamResponse:
        log = self._log(request, person)
        if log is None:
            return _error(404, "not_found")
        person.logs.remove(log)
        fresh = person.exercise(log.exercise_id) if log.exercise_id in person.exercises else None
        return web.json_response({"deleted": True, "exercise": fresh})

    async def post_swap(self, request: web.Request, person: Person) -> web.StreamResponse:
        body = await self._body(request)
        exercise, to = body.get("exercise_id"), body.get("to")
        if not isinstance(exercise, str) or exercise not in person.exercises:
            return _error(404, "not_found")
        options = [o["exercise_id"] for o in person.exercise(exercise)["swap_options"]]
        if not isinstance(to, str) or to not in options:
            raise BadRequest("not one of the exercise's swap options")
        person.exercises[person.exercises.index(exercise)] = to
        return web.json_response(person.today_view())

    async def post_finish(self, request: web.Request, person: Person) -> web.StreamResponse:
        person.finished = True
        return web.json_response({"summary": person.summary()})

    async def get_programme(self, request: web.Request, person: Person) -> web.StreamResponse:
        return web.json_response(person.programme())

    async def get_progress(self, request: web.Request, person: Person) -> web.StreamResponse:
        return web.json_response(person.progress())

    async def get_history(self, request: web.Request, person: Person) -> web.StreamResponse:
        before = request.query.get("before")
        if before is not None and not before.isdigit():
            raise BadRequest("before must be a log id")
        return web.json_response(person.history(int(before) if before else None))


@dataclass
class RunningFakeApi:
    api: FakeWebappApi
    base_url: str  # the page's URL, ending in /webapp/

    def sign(self, user_id: int) -> str:
        return sign_init_data(self.api.bot_token, user_id)


@asynccontextmanager
async def running_fake_api(bot_token: str = "123456:fake-token") -> AsyncIterator[RunningFakeApi]:
    api = FakeWebappApi(bot_token)
    runner = web.AppRunner(api.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield RunningFakeApi(api, f"http://{host}:{port}/webapp/")
    finally:
        await runner.cleanup()
