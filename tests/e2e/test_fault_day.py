"""A scripted day of 100 people while Telegram fails a fifth of the bot's calls (429, 500,
dropped connections), once with the bot running throughout and once with it SIGKILLed and
restarted at random points of the day.

After the day: everyone is onboarded, every log is stored exactly once and was confirmed,
every due workout reminder was delivered at most once (and, unless a kill landed during the
dispatch, at all), and the bot logged no error. See `tests.e2e.fault_day` for the day, the
fault model and why a kill costs no update: the SIGKILL test's only weaker promise is on
reminders claimed and unsent when a kill lands during the dispatch.

Run with `pytest -n 0 -s` (one process: workers keep what a test prints) to see each day's
duration, API calls and faults.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import BotApiEmulator
from tests.conftest import BOT_PROCESSES_IN_TURN
from tests.e2e.fault_day import (
    LOGS,
    PEOPLE,
    REMINDERS_LOST_PER_KILL,
    BotProcesses,
    Day,
    DayReport,
    KillPoint,
    confirmations,
    log_problems,
    onboarded,
    stored_logs,
)

# A day runs the bot as a process of its own, under load: see BOT_PROCESSES_IN_TURN.
pytestmark = [pytest.mark.slow, BOT_PROCESSES_IN_TURN]

Sessions = async_sessionmaker[AsyncSession]
SEED = 20_260_601
# Where the SIGKILLs land, in API calls since the start of a phase, drawn from the seed: two
# while people onboard (over 3,000 calls), one while they log and the reminders go out (over
# 500), which lands in the dispatch or just after it.
KILLS = (
    KillPoint("onboarding", range(150, 1_250)),
    KillPoint("onboarding", range(1_250, 2_500)),
    KillPoint("logging", range(10, 300)),
)


async def _run(day: Day, processes: BotProcesses) -> DayReport:
    try:
        report = await day.run()
    finally:
        await processes.aclose()
    print(f"\n{report.summary()}")  # shown with `pytest -n 0 -s`
    return report


async def _check(day: Day, report: DayReport, sessions: Sessions) -> None:
    """The guarantees of both days; with no kill, every allowance below is zero."""
    assert report.exit_code == 0, f"the bot did not stop cleanly: {report.logs[-1]}"

    missing = sorted(set(day.user_ids) - await onboarded(sessions, day.user_ids))
    assert not missing, f"{len(missing)} people have no profile and plan, e.g. {missing[:10]}"

    stored = await stored_logs(sessions, day.user_ids)
    by_message = Counter((log.user_id, log.source_message_id) for log in stored)
    stored_twice = [key for key, count in by_message.items() if count > 1]
    assert not stored_twice, f"messages stored more than once: {stored_twice[:10]}"
    people = {person.user_id: person for person in report.people}
    wanted = Counter(planned.text for planned in LOGS)
    for user_id, person in people.items():
        theirs = [log for log in stored if log.user_id == user_id]
        # Every intended log exactly once: nothing missing, nothing doubled.
        assert Counter(log.raw_text for log in theirs) == wanted, (user_id, theirs)
        for log in theirs:
            planned = person.logs_sent.get(log.source_message_id)
            assert planned is not None, f"{user_id} never sent {log}"
            assert (log.raw_text, log.sets) == (planned.text, planned.sets), log
        # No kill swallows a message or its confirmation: what an instance fetched and did
        # not finish handling is handled from the update inbox by the next one.
        unstored = set(person.logs_sent) - {log.source_message_id for log in theirs}
        assert not unstored, (user_id, unstored)
        confirmed = confirmations(day.emulator, user_id)
        unconfirmed = {log.source_message_id for log in theirs} - set(confirmed)
        assert not unconfirmed, (user_id, unconfirmed)

    received = report.reminders
    twice = sorted(user_id for user_id, count in received.items() if count > 1)
    assert not twice, f"{len(twice)} people got a workout reminder twice, e.g. {twice[:10]}"
    lost = sorted(user_id for user_id, count in received.items() if count == 0)
    during_dispatch = sum(kill.during_dispatch for kill in report.kills)
    allowed = REMINDERS_LOST_PER_KILL * during_dispatch
    assert len(lost) <= allowed, (
        f"{len(lost)} of {PEOPLE} people got no workout reminder (allowed: {allowed}, "
        f"{during_dispatch} kills during the dispatch), e.g. {lost[:10]}"
    )

    problems = log_problems(report.logs)
    assert not problems, f"{problems.total()} problems in the bot's logs {report.logs}:\n" + (
        "\n".join(f"{count} x {problem}" for problem, count in problems.most_common())
    )


async def test_a_day_with_a_fifth_of_telegram_calls_failing_loses_no_log_reply_or_reminder(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    processes = BotProcesses(emulator, database_url, tmp_path)
    day = Day(emulator, session_factory, processes, seed=SEED)
    report = await _run(day, processes)

    assert report.kills == []
    await _check(day, report, session_factory)
    # Faults alone: as a dropped connection drops a request before Telegram runs it, no
    # retry can show a confirmation twice.
    assert report.confirmed_twice == 0


async def test_a_day_of_faults_and_sigkills_stores_each_log_once_and_sends_no_reminder_twice(
    emulator: BotApiEmulator, database_url: str, session_factory: Sessions, tmp_path: Path
) -> None:
    processes = BotProcesses(emulator, database_url, tmp_path)
    day = Day(emulator, session_factory, processes, seed=SEED, kills=KILLS)
    report = await _run(day, processes)

    # Otherwise this would be the other test again.
    assert len(report.kills) == len(KILLS), f"the day ended before every kill: {report.kills}"
    assert len(report.logs) == len(KILLS) + 1
    await _check(day, report, session_factory)
