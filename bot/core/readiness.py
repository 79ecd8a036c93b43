"""How the person is today, and what that changes in today's session.

Before a session Coach can ask three quick questions: sleep (1 poor, 2 ok, 3 good),
soreness in glutes or hamstrings (1 none, 2 some, 3 a lot) and any pain, and where. The
answers change the day the way a coach at the gym would (`bot.core.prescription` applies
them):

* Short on sleep: no harder step today (no heavier load, stronger band or new variant).
* Short on sleep and very sore: that, and about a third fewer sets on every exercise.
* Very sore: the heavy hamstring work (loaded hinges, Nordics) moves to the next training
  day when the spacing rules allow (`bot.core.reschedule.sore_week`); where it stays, it
  gets fewer sets and no heavier load.
* Pain in a region: exercises that load it make way for pain-free ones from the catalogue,
  with the person's equipment and level, for that day only; any pain brings the safety
  line (stop if it hurts; Coach is not a medical service).
* A region the person asked the plan to leave out (after pain that lasted) is spared the
  same way every day, until they say it is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.catalogue import CATALOGUE, Exercise, MuscleGroup, Pattern
from bot.core.profile import Equipment, Experience

POOR_SLEEP = 1
VERY_SORE = 3
SCALE = range(1, 4)


class PainRegion(StrEnum):
    KNEE = "knee"
    HIP = "hip"
    LOWER_BACK = "lower_back"
    HAMSTRING = "hamstring"
    OTHER = "other"


class Note(StrEnum):
    """A line said once for the whole day; the words live in the messages."""

    TIRED = "tired"
    SLEPT_BADLY = "slept_badly"
    HAMSTRINGS_SORE = "hamstrings_sore"
    SPARE_KNEE = "spare_knee"
    SPARE_HIP = "spare_hip"
    SPARE_LOWER_BACK = "spare_lower_back"
    SPARE_HAMSTRING = "spare_hamstring"
    SAFETY = "safety"
    AVOID_KNEE = "avoid_knee"
    AVOID_HIP = "avoid_hip"
    AVOID_LOWER_BACK = "avoid_lower_back"
    AVOID_HAMSTRING = "avoid_hamstring"


@dataclass(frozen=True, slots=True)
class Readiness:
    """Today's answers: `sleep` and `soreness` on a scale of 1 to 3, `pain` where it hurts."""

    sleep: int
    soreness: int
    pain: PainRegion | None = None

    def __post_init__(self) -> None:
        for name, value in (("sleep", self.sleep), ("soreness", self.soreness)):
            if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
                msg = f"{name} must be 1, 2 or 3, got {value!r}"
                raise ValueError(msg)

    @property
    def tired(self) -> bool:
        return self.sleep == POOR_SLEEP and self.soreness == VERY_SORE

    @property
    def climbs(self) -> bool:
        """A new, harder exercise waits for a day the person is rested and not very sore."""
        return self.sleep != POOR_SLEEP and self.soreness != VERY_SORE

    def holds(self, exercise: Exercise) -> bool:
        """No heavier load or stronger band for `exercise` today."""
        return self.sleep == POOR_SLEEP or self._spares_hamstrings(exercise)

    def cuts(self, exercise: Exercise) -> bool:
        """Fewer sets of `exercise` today."""
        return self.tired or self._spares_hamstrings(exercise)

    def _spares_hamstrings(self, exercise: Exercise) -> bool:
        return self.soreness == VERY_SORE and exercise.is_heavy_hamstring


# What a question not answered is taken as: slept ok, not sore, no pain.
UNSAID = Readiness(sleep=2, soreness=1)
# Pain in one place this many times running is for a professional to look at.
LASTING = 3


def lasting_pain(answers: Sequence[Readiness]) -> PainRegion | None:
    """Where the person had pain each of the last `LASTING` times they said how they were
    (`answers`, newest first, one a day: days they meant to train); None if not."""
    recent = [answer.pain for answer in answers[:LASTING]]
    if len(recent) < LASTING or len(set(recent)) != 1:
        return None
    return recent[0]


def fewer_sets(sets: int) -> int:
    """About a third fewer, never none."""
    return max(1, (2 * sets + 1) // 3)


def _loaded_hinge(exercise: Exercise) -> bool:
    # Swings count: the load swings on the lower back as much as a deadlift's does.
    return exercise.pattern is Pattern.HIP_HINGE and (
        exercise.is_loaded_compound or exercise.explosive
    )


def _loads_knee(exercise: Exercise) -> bool:
    # Deep knee bends, and kneeling with the body's weight on the knees (Nordics, GHRs).
    bends = exercise.pattern in (Pattern.SQUAT, Pattern.LUNGE)
    return bends or exercise.nordic or exercise.heavy_curl


def _loads_hip(exercise: Exercise) -> bool:
    # Deep hip bends, loaded or with the trunk's weight, and landings; bridges, kickbacks,
    # curls and band work stay.
    bends = exercise.pattern in (Pattern.SQUAT, Pattern.LUNGE, Pattern.HIP_HINGE)
    return bends or exercise.explosive


def _loads_lower_back(exercise: Exercise) -> bool:
    return _loaded_hinge(exercise) or MuscleGroup.LOWER_BACK in exercise.secondary


def _loads_hamstring(exercise: Exercise) -> bool:
    lengthened = exercise.pattern in (Pattern.HIP_HINGE, Pattern.KNEE_FLEXION)
    return lengthened or exercise.primary is MuscleGroup.HAMSTRINGS


def _loads_nothing(_: Exercise) -> bool:
    return False


_LOADS: dict[PainRegion, Callable[[Exercise], bool]] = {
    PainRegion.KNEE: _loads_knee,
    PainRegion.HIP: _loads_hip,
    PainRegion.LOWER_BACK: _loads_lower_back,
    PainRegion.HAMSTRING: _loads_hamstring,
    PainRegion.OTHER: _loads_nothing,
}
_SPARE: dict[PainRegion, Note] = {
    PainRegion.KNEE: Note.SPARE_KNEE,
    PainRegion.HIP: Note.SPARE_HIP,
    PainRegion.LOWER_BACK: Note.SPARE_LOWER_BACK,
    PainRegion.HAMSTRING: Note.SPARE_HAMSTRING,
}

_AVOID: dict[PainRegion, Note] = {
    PainRegion.KNEE: Note.AVOID_KNEE,
    PainRegion.HIP: Note.AVOID_HIP,
    PainRegion.LOWER_BACK: Note.AVOID_LOWER_BACK,
    PainRegion.HAMSTRING: Note.AVOID_HAMSTRING,
}


def avoid_notes(region: PainRegion) -> list[Note]:
    """What to say each training day while the plan leaves `region` out: nothing for pain
    elsewhere, which no exercise is known to load."""
    return [_AVOID[region]] if region in _AVOID else []


def loads(exercise: Exercise, region: PainRegion) -> bool:
    """Whether `exercise` loads the painful `region` (never for pain elsewhere)."""
    return _LOADS[region](exercise)


def pain_free(
    exercise: Exercise,
    regions: Collection[PainRegion],
    equipment: frozenset[Equipment],
    experience: Experience,
    today: Collection[Exercise],
) -> Exercise | None:
    """The best stand-in for `exercise` that spares every one of `regions`: one the person
    can do with their equipment at their level and that is not in `today` already; the same
    muscle, then the same movement, then a movement the day does not have yet, then the same
    kind of effort, then closest to their level.

    Never a Nordic (the week has its one) or heavy hamstring work in place of lighter work:
    the plan spaces those on purpose. None when nothing fits."""
    ids = {other.id for other in today}
    patterns = {other.pattern for other in today}
    options = [
        option
        for option in CATALOGUE
        if option.usable_with(equipment)
        and option.difficulty.suits(experience)
        and option.id not in ids
        and not any(loads(option, region) for region in regions)
        and not option.nordic
        and (exercise.is_heavy_hamstring or not option.is_heavy_hamstring)
    ]
    return min(
        options,
        key=lambda option: (
            option.primary != exercise.primary,
            option.pattern != exercise.pattern,
            option.pattern in patterns,
            option.is_loaded_compound != exercise.is_loaded_compound,
            option.explosive != exercise.explosive,
            experience.rank - option.difficulty.rank,
        ),
        default=None,
    )


def day_notes(readiness: Readiness, exercises: Sequence[Exercise], spared: bool) -> list[Note]:
    """What to say about the day as a whole: whether anything was `spared` for the pain,
    the safety line for any pain, and how the day is lighter for sleep and soreness."""
    notes = []
    if spared and readiness.pain in _SPARE:
        notes.append(_SPARE[readiness.pain])
    if readiness.pain is not None:
        notes.append(Note.SAFETY)
    if readiness.tired:
        notes.append(Note.TIRED)
    elif readiness.sleep == POOR_SLEEP:
        notes.append(Note.SLEPT_BADLY)
    if not readiness.tired and any(readiness.cuts(exercise) for exercise in exercises):
        notes.append(Note.HAMSTRINGS_SORE)
    return notes
