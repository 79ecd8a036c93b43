"""What the log says when handling an update fails: the error's kind and the update, never
what the person wrote (issue 11: a database failure's ERROR line carried the message)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.emulator import BotApiEmulator
from bot.logs.formatting import LogFormat
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.support.logs import configured_logging
from tests.support.onboarding import gym_lifter
from tests.support.refusals import refuse_inserts

# Words only the person's message contains, so that any trace of it in the log is found.
PRIVATE = "felt heavy after the divorce"


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_a_database_failure_logs_its_kind_and_the_update_but_not_the_message(
    emulator: BotApiEmulator,
    coach: CoachApplication,
    clock: FakeClock,
    engine: AsyncEngine,
    fmt: LogFormat,
) -> None:
    user = await gym_lifter(emulator, 701)
    await user.send_text("/today")
    await user.wait_for(lambda m: m.text.startswith("1/"))
    await refuse_inserts(engine, "exercise_logs", quoted_column="raw_text")

    with configured_logging("INFO", fmt) as log:
        await user.send_text(f"hip thrust 3x10 @ 61.25 {PRIVATE}")
        await user.wait_for(lambda m: m.text == tr("general.internal_error"))
    output = log.getvalue()

    for trace in (PRIVATE, "61.25", "hip thrust 3x10"):
        assert trace not in output
    if fmt == "json":
        entries = [json.loads(line) for line in output.splitlines()]
        # A loaded machine adds APScheduler's warnings of reminder polls it had to skip.
        [entry] = [entry for entry in entries if entry["level"] == "ERROR"]
        message, update_id, user_id = entry["message"], entry["update_id"], entry["user_id"]
    else:
        tagged = re.search(r"ERROR \S+: (.*) \[update (\d+) user (\d+)\]$", output, re.MULTILINE)
        assert tagged is not None, output
        message, update_id, user_id = tagged[1], int(tagged[2]), int(tagged[3])
    assert message.startswith("Unhandled error while handling an update: sqlalchemy.exc.")
    assert update_id > 0
    assert user_id == user.user_id
