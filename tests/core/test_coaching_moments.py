"""Plain-text coaching moments: what a person says about today is understood, and a workout
log, an exercise name or a denial is never mistaken for one."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.catalogue import CATALOGUE
from bot.core.coaching_moments import (
    ENGLISH,
    HOTEL_GYM,
    MAX_DAYS,
    VOCABULARIES,
    BodyPart,
    CantTrainToday,
    Complaint,
    FeelingGreat,
    Fine,
    Moment,
    OnlyEquipment,
    Pain,
    PainRegion,
    RestTimer,
    SleptBadly,
    Sore,
    SoreGroup,
    Travel,
    Weighed,
    read_moment,
    read_moments,
)
from bot.core.exercise_resolution import LogContext
from bot.core.logparse.in_context import ReadLog, read_log
from bot.core.logparse.parser import LogReading, parse_log
from bot.core.profile import FULL_GYM, Equipment, Units

KNEE = Pain(PainRegion.KNEE)
BANDS_ONLY = OnlyEquipment(frozenset({Equipment.BANDS}))
TIMER_ON = RestTimer(on=True)
TIMER_OFF = RestTimer(on=False)

SAID: list[tuple[str, Moment]] = [
    ("my knee hurts", KNEE),
    ("knee pain", KNEE),
    ("sore knee", KNEE),
    ("My knees are aching today", KNEE),
    ("I tweaked my knee", KNEE),
    ("hip hurts when I bend", Pain(PainRegion.HIP)),
    ("lower back pain", Pain(PainRegion.LOWER_BACK)),
    ("my back is killing me", Pain(PainRegion.LOWER_BACK)),
    ("stiff lower back this morning", Pain(PainRegion.LOWER_BACK)),
    ("pulled my hamstring", Pain(PainRegion.HAMSTRING)),
    ("hamstring pain on the left", Pain(PainRegion.HAMSTRING)),
    ("shoulder hurts", Pain(PainRegion.OTHER)),
    ("it hurts", Pain(PainRegion.OTHER)),
    ("hurts all over", Pain(PainRegion.OTHER)),
    ("my knee hurts and it's not getting better", KNEE),
    ("hamstrings are sore", Sore(SoreGroup.HAMSTRINGS)),
    ("my hammies are tight", Sore(SoreGroup.HAMSTRINGS)),
    ("DOMS in my glutes", Sore(SoreGroup.GLUTES)),
    ("glutes are so sore from Monday", Sore(SoreGroup.GLUTES)),
    ("legs are wrecked", Sore(SoreGroup.LEGS)),
    ("I'm really sore", Sore(SoreGroup.LEGS)),
    ("slept badly", SleptBadly()),
    ("didn't sleep", SleptBadly()),
    ("I didn't sleep well", SleptBadly()),
    ("barely slept last night", SleptBadly()),
    ("rough night, baby was up", SleptBadly()),
    ("only slept 4 hours", SleptBadly()),
    ("couldn't sleep", SleptBadly()),
    ("can't train today", CantTrainToday()),
    ("I cannot work out today", CantTrainToday()),
    ("not training today", CantTrainToday()),
    ("no time today", CantTrainToday()),
    ("no time to train this morning", CantTrainToday()),
    ("taking a day off", CantTrainToday()),
    ("skip today", CantTrainToday()),
    ("need to skip today's session", CantTrainToday()),
    ("won't make it today, too busy", CantTrainToday()),
    ("only have bands this week", BANDS_ONLY),
    ("just bands", BANDS_ONLY),
    ("resistance bands only", BANDS_ONLY),
    ("bands are all I have", BANDS_ONLY),
    (
        "only got a pair of dumbbells and a bench",
        OnlyEquipment(frozenset({Equipment.DUMBBELLS, Equipment.BENCH})),
    ),
    ("I'm at the hotel gym", OnlyEquipment(HOTEL_GYM)),
    ("training in my hotel room", OnlyEquipment(frozenset())),
    ("no equipment this week", OnlyEquipment(frozenset())),
    ("bodyweight only", OnlyEquipment(frozenset())),
    ("I'm travelling", Travel()),
    ("on holiday next week", Travel()),
    ("business trip until friday", Travel()),
    ("away for 10 days", Travel(10)),
    ("on vacation for 2 weeks", Travel(14)),
    ("traveling for a week", Travel(7)),
    ("feeling great today", FeelingGreat()),
    ("I feel really strong", FeelingGreat()),
    ("full of energy", FeelingGreat()),
    ("my knee is fine now", Fine(PainRegion.KNEE)),
    ("knee feels fine", Fine(PainRegion.KNEE)),
    ("my knees feel much better", Fine(PainRegion.KNEE)),
    ("hip pain is gone", Fine(PainRegion.HIP)),
    ("lower back is back to normal", Fine(PainRegion.LOWER_BACK)),
    ("hamstring has healed", Fine(PainRegion.HAMSTRING)),
    ("I weigh 72.5 kg", Weighed(72.5, Units.KG)),
    ("weighed in at 160 lb", Weighed(160, Units.LB)),
    ("my weight is 80kg today", Weighed(80, Units.KG)),
    ("bodyweight 72,5", Weighed(72.5)),  # in the person's own unit
    ("I'm 80 kilos", Weighed(80, Units.KG)),
    ("I am 75 kg", Weighed(75, Units.KG)),
    ("body weight 165 lbs", Weighed(165, Units.LB)),
    ("weighed myself this morning at 72.5kg", Weighed(72.5, Units.KG)),
    ("weighing 81.2 kg on the scale today", Weighed(81.2, Units.KG)),
    ("the scale says 172 pounds", Weighed(172, Units.LB)),
    ("I weigh 5 kg", Weighed(5, Units.KG)),  # read as said: the shell refuses it
    ("rest timer on", TIMER_ON),
    ("turn on the rest timer", TIMER_ON),
    ("switch the rest timer on please", TIMER_ON),
    ("time my rests", TIMER_ON),
    ("can you start the timer", TIMER_ON),
    ("I want the rest timer", TIMER_ON),
    ("timer off", TIMER_OFF),
    ("no more timers", TIMER_OFF),
    ("stop the timer", TIMER_OFF),
    ("turn off the rest timer", TIMER_OFF),
    ("turn the timer off please", TIMER_OFF),
    ("I don't want the rest timer", TIMER_OFF),
    ("don't time my rests", TIMER_OFF),
    ("no rest timer", TIMER_OFF),
]


@pytest.mark.parametrize(("text", "moment"), SAID, ids=[text for text, _ in SAID])
def test_what_a_person_says_is_understood(text: str, moment: Moment) -> None:
    assert read_moments(text) == (moment,)
    assert read_moment(text) == moment


@pytest.mark.parametrize(("text", "moment"), SAID, ids=[text for text, _ in SAID])
def test_case_and_chatter_around_it_change_nothing(text: str, moment: Moment) -> None:
    assert read_moment(f"Hey coach! {text.upper()} :(") == moment


NOT_SAID: list[tuple[str, type]] = [
    ("no pain", Pain),
    ("my knee doesn't hurt anymore", Pain),
    ("knee pain is gone", Pain),
    ("the knee pain went away", Pain),
    ("pain-free today!", Pain),
    ("no more back pain", Pain),
    ("no knee or hip pain", Pain),
    ("nothing hurts", Pain),
    ("hamstring isn't hurting", Pain),
    ("not sore at all", Sore),
    ("no DOMS this time", Sore),
    ("slept well", SleptBadly),
    ("slept like a baby", SleptBadly),
    ("didn't sleep badly", SleptBadly),
    ("good night's sleep", SleptBadly),
    ("not skipping today", CantTrainToday),
    ("can't train tomorrow", CantTrainToday),
    ("no time on Friday", CantTrainToday),
    ("that was not a workout log", CantTrainToday),
    ("back from holiday", Travel),
    ("not travelling anymore", Travel),
    ("not feeling great", FeelingGreat),
    ("my knee isn't fine", Fine),
    ("knee is not better yet", Fine),
    ("my knee hurts and it's not getting better", Fine),
    ("my shoulder is fine now", Fine),
    ("glutes feel good", Fine),
    # Words that belong to something else.
    ("that last set was painful", Pain),
    ("day off work today, training at noon", CantTrainToday),
    ("no time to rest between sets", CantTrainToday),
    ("I walked away from the bar", Travel),
    ("Happy holidays!", Travel),
    # Weigh-ins denied, wished, of another time, or of something else.
    ("I don't weigh 80kg anymore", Weighed),
    ("I'm not 80 kilos", Weighed),
    ("my weight isn't 80kg", Weighed),
    ("I want to weigh 70kg", Weighed),
    ("I used to weigh 90 kg", Weighed),
    ("goal weight 70kg", Weighed),
    ("my target weight is 65 kg", Weighed),
    ("I weighed 80kg last year", Weighed),
    ("I weighed 85 kg a month ago", Weighed),
    ("my dog weighs 30kg", Weighed),
    ("the bar weighs 20kg", Weighed),
    ("each dumbbell weighs 12 kg", Weighed),
    ("my hip thrust weighs 100kg", Weighed),
    ("weight 80kg felt heavy", Weighed),
    ("I'm 30", Weighed),  # an age, not a weight
    ("I'm at 100kg now", Weighed),
    ("I weigh more than last week", Weighed),
    ("weigh 80kg for 3 sets", Weighed),
    ("hip thrust 80kg", Weighed),
    ("bodyweight squat 20", Weighed),
    ("bodyweight only", Weighed),
    ("Weighed myself: 72.5", Weighed),  # the colon ends the clause before the number
    # The rest timer not switched: denied, asked about, or another timer.
    ("don't start the timer", RestTimer),
    ("don't stop the timer", RestTimer),
    ("don't turn off the rest timer", RestTimer),
    ("why didn't you start the timer?", RestTimer),
    ("is the rest timer on?", RestTimer),
    ("did the timer stop?", RestTimer),
    ("the timer on my phone is loud", RestTimer),
    ("the timer went off", RestTimer),
    ("no time to rest between sets", RestTimer),
    ("I rest too long between sets", RestTimer),
    ("timer", RestTimer),
]


@pytest.mark.parametrize(("text", "kind"), NOT_SAID, ids=[text for text, _ in NOT_SAID])
def test_a_denial_or_another_meaning_is_not_the_moment(text: str, kind: type) -> None:
    assert not any(isinstance(moment, kind) for moment in read_moments(text))


CHAT = [
    "thanks coach!",
    "hello",
    "what's next",
    "how do I do a hip thrust",
    "my back squat is going up",
    "back to training",
    "I'm back!",
    "good morning!",
    "the band snapped",
    "I bought new bands",
    "I have dumbbells and bands",
    "is a bench necessary?",
    "skip this exercise",
    "killing it today!",
    "just finished my workout",
    "great workout!",
    "only 3 exercises today?",
    "my hamstring curl is stuck at 30kg",
    "had a great sleep",
    "slept 8 hours",
    "lost 2 kg this month!",
    "what should I weigh?",
    "how heavy should the weights be?",
    "thanks for the timer",
    "rest is important",
]


@pytest.mark.parametrize("text", CHAT)
def test_everyday_chat_is_no_moment(text: str) -> None:
    assert read_moments(text) == ()


BODY_WORDS = ["knee", "hip", "lower back", "hamstring", "glutes", "legs", "shoulder"]
FINE = {
    "knee": Fine(PainRegion.KNEE),
    "hip": Fine(PainRegion.HIP),
    "lower back": Fine(PainRegion.LOWER_BACK),
    "hamstring": Fine(PainRegion.HAMSTRING),
}


@pytest.mark.parametrize("part", BODY_WORDS)
@pytest.mark.parametrize(
    "denial",
    [
        "no {part} pain",
        "my {part} doesn't hurt anymore",
        "{part} is not sore",
        "{part} pain is gone",
        "my {part} is fine",
    ],
)
def test_no_denied_complaint_is_read_for_any_body_part(denial: str, part: str) -> None:
    """At most, a part Coach can plan around is fine again."""
    assert set(read_moments(denial.format(part=part))) <= set(FINE.values())


@pytest.mark.parametrize("part", BODY_WORDS)
def test_pain_is_always_pain_and_soreness_of_a_joint_is_too(part: str) -> None:
    hurts = read_moment(f"my {part} hurts")
    sore = read_moment(f"my {part} is sore")
    assert isinstance(hurts, Pain)
    assert isinstance(sore, Pain | Sore)
    if isinstance(sore, Pain):
        assert sore == hurts  # a sore knee is a knee that hurts, not DOMS


def test_each_clause_keeps_its_own_body_part() -> None:
    assert read_moments("my knee is fine but my back hurts") == (
        Pain(PainRegion.LOWER_BACK),
        Fine(PainRegion.KNEE),
    )
    assert read_moments("upper back is sore") == (Pain(PainRegion.OTHER),)


def test_several_moments_come_most_urgent_first() -> None:
    text = "slept badly, glutes are sore and my knee hurts"
    assert read_moments(text) == (KNEE, Sore(SoreGroup.GLUTES), SleptBadly())
    assert read_moment(text) == KNEE
    assert read_moments("knee hurts, knee pain") == (KNEE,)


def test_the_days_written_go_with_travel_and_equipment() -> None:
    assert read_moments("away for 5 days, only bands") == (
        Travel(5),
        OnlyEquipment(frozenset({Equipment.BANDS}), 5),
    )
    for days in (1, 3, MAX_DAYS):
        assert read_moment(f"travelling for {days} days") == Travel(days)
    assert read_moment(f"travelling for {MAX_DAYS + 1} days") == Travel()
    assert read_moment("travelling for 0 days") == Travel()


def test_only_is_about_equipment_only_next_to_it() -> None:
    assert read_moments("just bought a barbell!") == ()
    assert read_moments("I only have 20 minutes") == ()
    assert read_moments("only 2 sets of banded walks") == ()


def test_the_hotel_gym_is_a_small_part_of_a_full_gym() -> None:
    assert Equipment.DUMBBELLS in HOTEL_GYM
    assert Equipment.BARBELL not in HOTEL_GYM
    assert HOTEL_GYM < FULL_GYM


# --- Workout logs and exercise names are never moments --------------------------------------

# Logs people send, with the body and equipment words that could fool a keyword reader.
REAL_LOGS = [
    "RDL 80kg 3x8",
    "3x10 @ 60",
    "hamstring curl 3x12",
    "knee-banded bridge 3x15",
    "good mornings 3x8",
    "good mornings 3x8 @ 40kg felt great",
    "banded good morning 3x15",
    "band hamstring curl 3x15",
    "lying leg curl 3x12 35kg",
    "seated leg curl 4x10 @ 40",
    "nordic hamstring curl 3x5 bw",
    "nordics 3x4, hamstrings sore",
    "hip thrust 4x8 @ 100kg",
    "hip thrusts 3x10 100kg knee hurt a bit",
    "RDL 3x8 80kg lower back felt tight",
    "single leg rdl 3x10 each leg 12kg",
    "bulgarians 3x10 each leg 12kg dbs",
    "back extension 3x15",
    "back squat 5x5 @ 100kg",
    "stiff leg deadlift 3x8 60kg",
    "stiff legged deadlift 3x8 @ 70",
    "cable pull through 3x12 25kg",
    "cable kickback 3x15 each side",
    "kb swing 5x20 24kg",
    "kettlebell rdl 3x12 16kg",
    "goblet squat 3x12 20kg",
    "glute bridge 20 reps",
    "frog pump 3x30",
    "band lateral walk 3x20 each side",
    "monster walk 3x15",
    "clamshell 3x20 per side",
    "fire hydrant 3x15 each",
    "donkey kick 3x15 each leg",
    "slider leg curl 3x10",
    "swiss ball leg curl 3x12",
    "towel slide curl 3x8",
    "db rdl 3x10 20kg",
    "walking lunge 3x12 each leg 10kg dbs",
    "reverse lunge 3x10 per leg",
    "step-up 3x10 each leg",
    "only did 3x10 today",
    "just 2x8 @ 90kg, tired",
    "3x12 with bands",
    "hip thrust 3x10 60kg, slept badly",
    "squats 3x10 bodyweight, knees fine",
    "Romanian deadlift 3x8 @ 80kg rpe 8",
    "deadlift 5x3 140kg",
    "glute ham raise 3x6",
    "reverse hyper 3x15 at 20kg",
    "side lying leg raise 3x20 each side",
]


def test_the_real_logs_are_logs() -> None:
    not_logs = [text for text in REAL_LOGS if not isinstance(parse_log(text), LogReading)]
    assert not not_logs
    assert len(REAL_LOGS) >= 40


@pytest.mark.parametrize("text", REAL_LOGS)
def test_a_real_log_is_no_moment(text: str) -> None:
    assert read_moments(text) == ()


def _strings_in_tests() -> set[str]:
    tests = Path(__file__).resolve().parents[1]
    return {
        node.value
        for path in tests.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_no_message_the_log_parser_reads_as_a_log_is_a_moment() -> None:
    # Every string anywhere in the tests that the parser reads as a log: the parser's own
    # notations, the emulator's conversations, imported files' rows.
    logs = [text for text in _strings_in_tests() if isinstance(parse_log(text), LogReading)]
    assert len(logs) >= 200
    assert [text for text in logs if read_moments(text)] == []


LOGS_WITH_WEIGHT_OR_TIMER_WORDS = [
    "bodyweight squat 3x10",
    "bw 3x12",
    "3x12 bw",
    "bodyweight 3x15",
    "body weight squats 3x20",
    "glute bridge 3x15 bodyweight",
    "nordics 3x5 bw+10",
    "weighted hip thrust 80kg 3x8",
    "weighted glute bridge 3x10 @ 40kg",
    "weighted back extension 3x12 10kg",
    "3x10 @ 60, timer on",
    "hip thrust 3x10 60kg timer off",
    "RDL 3x8 80kg, stop the timer",
    "3x10 rest 90s",
]


@pytest.mark.parametrize("text", LOGS_WITH_WEIGHT_OR_TIMER_WORDS)
def test_a_log_with_weight_or_timer_words_stays_a_log(text: str) -> None:
    assert isinstance(parse_log(text), LogReading)
    assert read_moments(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "hip thrust 3x8 80kg, weighed 72kg this morning",
        "I weigh 72.5kg, 3x10 @ 60",
        "8 @ 62 timer off",
        "stop the timer, 8 @ 62",
    ],
)
def test_a_request_never_hides_a_log_the_parser_refused(text: str) -> None:
    # Answered as a weigh-in or a switch, the log's refusal would go unsaid.
    assert not isinstance(parse_log(text), LogReading)
    assert read_moments(text) == ()


def test_a_weigh_in_said_with_another_moment_comes_after_it() -> None:
    assert read_moments("slept badly, I weigh 72 kg") == (SleptBadly(), Weighed(72, Units.KG))
    assert read_moments("my knee hurts, timer off") == (KNEE, TIMER_OFF)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("hip thrust 3x10 100kg knee hurt a bit", KNEE),
        ("RDL 3x8 80kg lower back felt tight", Pain(PainRegion.LOWER_BACK)),
        ("nordics 3x4, hamstrings sore", Sore(SoreGroup.HAMSTRINGS)),
        ("hip thrust 3x10 60kg, slept badly", SleptBadly()),
    ],
)
def test_a_logs_remark_tells_the_moment_on_its_own(text: str, moment: Moment) -> None:
    # The log is stored as a log; what it says about the person is in its note.
    read = read_log(text, LogContext())
    assert isinstance(read, ReadLog)
    assert read_moments(text) == ()
    assert read.reading.note is not None
    assert read_moments(read.reading.note) == (moment,)


EXERCISE_NAMES = sorted(
    {name for exercise in CATALOGUE for name in (exercise.name, *exercise.aliases)}
)


def test_exercise_names_say_nothing_about_the_person() -> None:
    # "hamstring curl", "banded good morning", "stiff-leg deadlift": body and equipment words
    # inside a name, alone, in plural, or in a question about it.
    for name in EXERCISE_NAMES:
        for text in (name, f"{name}s", f"what about {name}?", f"did {name} today"):
            assert read_moments(text) == (), text


# --- Languages are data ---------------------------------------------------------------------


def test_a_language_is_a_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    german = replace(
        ENGLISH,
        negators=frozenset({"kein", "keine", "nicht"}),
        body={"knie": BodyPart(PainRegion.KNEE)},
        pain=Complaint(alone=("schmerzen", "tut weh"), with_part=()),
    )
    monkeypatch.setitem(VOCABULARIES, "de", german)
    assert read_moment("mein Knie tut weh", "de") == KNEE
    assert read_moment("keine Schmerzen im Knie", "de") is None
    assert read_moment("mein Knie tut weh") is None  # English is not German
