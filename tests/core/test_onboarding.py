"""The questionnaire's order and the answers it keeps, without Telegram."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from bot.core.onboarding import ORDER, Draft, IncompleteDraft, Mode, Step
from bot.core.planner import suggest_weekdays
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday

PROFILE = TrainingProfile(
    goal=Goal.GLUTES,
    experience=Experience.INTERMEDIATE,
    equipment=frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
    weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
    reminder_time=time(18, 30),
    timezone="Europe/Berlin",
    units=Units.LB,
    bodyweight_kg=None,
    weekdays_suggested=False,
)


def test_onboarding_asks_every_question_once_in_order() -> None:
    draft, asked, step = Draft(), [Step.GOAL], Step.GOAL
    while (following := draft.next_step(step)) is not None:
        asked.append(following)
        step = following
    assert asked == list(ORDER)


def test_settings_saves_after_one_answer_but_days_lead_to_the_weekday_picker() -> None:
    draft = Draft.from_profile(PROFILE)
    assert draft.mode is Mode.SETTINGS
    assert draft.next_step(Step.GOAL) is None
    assert draft.next_step(Step.DAYS) is Step.WEEKDAYS
    assert draft.next_step(Step.WEEKDAYS) is None


def test_choosing_a_day_count_preselects_the_suggested_spread() -> None:
    draft = Draft().with_day_count(3)
    assert draft.weekdays == tuple(sorted(suggest_weekdays(3)))
    assert draft.weekdays_suggested


def test_changing_a_suggested_day_marks_the_choice_as_the_persons() -> None:
    draft = Draft().with_day_count(3)
    moved = draft.toggle_weekday(draft.weekdays[0]).toggle_weekday(Weekday.SUN)
    assert Weekday.SUN in moved.weekdays
    assert not moved.weekdays_suggested
    back = moved.toggle_weekday(Weekday.SUN).toggle_weekday(draft.weekdays[0])
    assert back.weekdays == draft.weekdays
    assert back.weekdays_suggested


@pytest.mark.parametrize("count", [1, 6])
def test_day_counts_outside_two_to_five_are_refused(count: int) -> None:
    with pytest.raises(ValueError, match="2 to 5"):
        Draft().with_day_count(count)


def test_weekday_selection_must_have_two_to_five_days() -> None:
    draft = Draft().with_day_count(2)
    assert draft.weekdays_valid
    assert not draft.toggle_weekday(draft.weekdays[0]).weekdays_valid


def test_equipment_toggles_on_and_off() -> None:
    draft = Draft().toggle_equipment(Equipment.BANDS).toggle_equipment(Equipment.SLIDERS)
    assert draft.equipment == {Equipment.BANDS, Equipment.SLIDERS}
    assert draft.toggle_equipment(Equipment.BANDS).equipment == {Equipment.SLIDERS}


def test_a_draft_survives_its_json_form_and_becomes_the_profile() -> None:
    draft = replace(Draft.from_profile(PROFILE), message_id=42)
    restored = Draft.from_dict(draft.to_dict())
    assert restored == draft
    assert restored.to_profile() == PROFILE


def test_an_unfinished_questionnaire_cannot_become_a_profile() -> None:
    with pytest.raises(IncompleteDraft):
        replace(Draft(), goal=Goal.BALANCED).to_profile()


def test_an_empty_dict_is_a_fresh_onboarding() -> None:
    assert Draft.from_dict({}) == Draft()


def test_ticking_a_day_past_the_count_asked_for_is_a_changed_count_until_confirmed() -> None:
    draft = Draft().with_day_count(3)
    assert not draft.count_changed
    four = draft.toggle_weekday(Weekday.TUE)
    assert four.count_changed
    assert not four.toggle_weekday(Weekday.WED).count_changed
    assert not four.keep_picked_count().count_changed
    assert Draft.from_dict(four.to_dict()) == four
