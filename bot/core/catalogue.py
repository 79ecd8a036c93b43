"""The glute and hamstring exercises Coach knows, and how people name them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from bot.core.catalogue_names import NAMES
from bot.core.profile import Equipment, Experience


class MuscleGroup(StrEnum):
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    QUADS = "quads"
    ADDUCTORS = "adductors"
    LOWER_BACK = "lower_back"
    CORE = "core"


class Pattern(StrEnum):
    HIP_HINGE = "hip_hinge"
    SQUAT = "squat"
    LUNGE = "lunge"
    BRIDGE_THRUST = "bridge_thrust"
    HIP_EXTENSION = "hip_extension"
    KNEE_FLEXION = "knee_flexion"
    HIP_ABDUCTION = "hip_abduction"


class Difficulty(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Difficulty).index(self)

    def suits(self, experience: Experience) -> bool:
        return self.rank <= experience.rank


COMPOUND_PATTERNS = frozenset(
    {Pattern.HIP_HINGE, Pattern.SQUAT, Pattern.LUNGE, Pattern.BRIDGE_THRUST}
)
_FREE_WEIGHTS = frozenset({Equipment.BARBELL, Equipment.DUMBBELLS, Equipment.KETTLEBELL})


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise. `equipment` is everything it needs (empty: bodyweight); `rep_range` is
    its usual range, counted per leg when `per_side`; `explosive` marks power work; `nordic`
    the Nordic curl family (every plan has one); `heavy_curl` a curl against bodyweight
    leverage that tires the hamstrings like a heavy hinge; `harder` is the id of the next
    rung of its progression, if any."""

    id: str
    name: str
    aliases: tuple[str, ...]
    primary: MuscleGroup
    secondary: tuple[MuscleGroup, ...]
    pattern: Pattern
    equipment: frozenset[Equipment]
    difficulty: Difficulty
    cues: tuple[str, ...]
    rep_range: tuple[int, int]
    per_side: bool = False
    explosive: bool = False
    nordic: bool = False
    heavy_curl: bool = False
    harder: str | None = None

    def usable_with(self, equipment: frozenset[Equipment]) -> bool:
        return self.equipment <= equipment

    @property
    def is_loaded_compound(self) -> bool:
        """A compound lift with free weights: the ones worth training heavy."""
        return (
            self.pattern in COMPOUND_PATTERNS
            and not self.explosive
            and bool(self.equipment & _FREE_WEIGHTS)
        )

    @property
    def is_heavy_hamstring(self) -> bool:
        """Work that leaves the hamstrings needing a day or two: loaded hinges and the
        lowering-heavy curls (Nordics, glute-ham raises)."""
        loaded_hinge = self.pattern is Pattern.HIP_HINGE and self.is_loaded_compound
        return loaded_hinge or self.nordic or self.heavy_curl


_BODYWEIGHT: frozenset[Equipment] = frozenset()


# Within each pattern the rows run from the planner's first choice to its last, so the
# order is part of the coaching: loaded, progressive lifts before simpler variants.
CATALOGUE: tuple[Exercise, ...] = (
    # --- Bridges and hip thrusts ---
    Exercise(
        "barbell_hip_thrust",
        "Barbell hip thrust",
        ("hip thrust", "bb hip thrust", "barbell thrust"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.QUADS),
        Pattern.BRIDGE_THRUST,
        frozenset({Equipment.BARBELL, Equipment.BENCH}),
        Difficulty.BEGINNER,
        (
            "Shoulder blades on the bench, chin tucked",
            "Drive through your heels to full lockout",
            "Pause a second at the top, ribs down",
        ),
        (8, 12),
    ),
    Exercise(
        "dumbbell_hip_thrust",
        "Dumbbell hip thrust",
        ("db hip thrust", "dumbbell thrust"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.QUADS),
        Pattern.BRIDGE_THRUST,
        frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
        Difficulty.BEGINNER,
        ("Dumbbell on your hip crease, held steady", "Drive through heels, squeeze at the top"),
        (10, 15),
        harder="barbell_hip_thrust",
    ),
    Exercise(
        "barbell_glute_bridge",
        "Barbell glute bridge",
        ("bb glute bridge", "barbell bridge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        frozenset({Equipment.BARBELL}),
        Difficulty.BEGINNER,
        ("Pad the bar over your hips", "Heels close to your glutes, push through them"),
        (8, 12),
        harder="barbell_hip_thrust",
    ),
    Exercise(
        "single_leg_hip_thrust",
        "Single-leg hip thrust",
        ("sl hip thrust", "single leg thrust", "one leg hip thrust"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        frozenset({Equipment.BENCH}),
        Difficulty.INTERMEDIATE,
        ("Hips stay level, don't twist", "Full lockout, then lower slowly"),
        (8, 15),
        per_side=True,
    ),
    Exercise(
        "glute_bridge",
        "Glute bridge",
        ("bridge", "hip bridge", "floor bridge", "bw glute bridge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Tuck your pelvis, ribs down", "Squeeze your glutes for a second at the top"),
        (12, 20),
        harder="single_leg_glute_bridge",
    ),
    Exercise(
        "single_leg_glute_bridge",
        "Single-leg glute bridge",
        ("sl glute bridge", "single leg bridge", "one leg bridge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Hips stay level", "Push through the heel of the working leg"),
        (10, 15),
        per_side=True,
        harder="elevated_single_leg_bridge",
    ),
    Exercise(
        "elevated_single_leg_bridge",
        "Elevated single-leg glute bridge",
        ("elevated single leg bridge", "foot elevated single leg bridge", "sofa single leg bridge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Heel on a sofa or step, other knee up", "Hips level, lock out, lower slowly"),
        (8, 15),
        per_side=True,
        harder="single_leg_hip_thrust",
    ),
    Exercise(
        "banded_glute_bridge",
        "Banded glute bridge",
        ("band glute bridge", "banded bridge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.BRIDGE_THRUST,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Band above your knees, push knees out", "Squeeze at the top, lower slowly"),
        (15, 20),
    ),
    Exercise(
        "frog_pump",
        "Frog pump",
        ("frog bridge",),
        MuscleGroup.GLUTES,
        (MuscleGroup.ADDUCTORS,),
        Pattern.BRIDGE_THRUST,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Soles together, knees wide", "Short, fast reps with a hard squeeze"),
        (15, 25),
    ),
    Exercise(
        "hamstring_bridge",
        "Hamstring bridge",
        ("long lever bridge", "straight leg bridge"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.BRIDGE_THRUST,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Heels far from your hips, knees nearly straight", "Lift slowly, no arching"),
        (10, 15),
        harder="hamstring_walkout",
    ),
    # --- Squats ---
    Exercise(
        "barbell_back_squat",
        "Barbell back squat",
        ("squat", "back squat", "bb squat", "barbell squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.ADDUCTORS, MuscleGroup.LOWER_BACK),
        Pattern.SQUAT,
        frozenset({Equipment.BARBELL}),
        Difficulty.BEGINNER,
        (
            "Brace hard before each rep",
            "Knees track over toes, sit between your hips",
            "Own the depth before adding load",
        ),
        (6, 10),
    ),
    Exercise(
        "goblet_squat",
        "Goblet squat",
        ("db goblet squat", "goblet", "dumbbell squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.CORE),
        Pattern.SQUAT,
        frozenset({Equipment.DUMBBELLS}),
        Difficulty.BEGINNER,
        ("Dumbbell at your chest, elbows in", "Sit deep with a tall chest"),
        (8, 12),
        harder="barbell_back_squat",
    ),
    Exercise(
        "kettlebell_goblet_squat",
        "Kettlebell goblet squat",
        ("kb goblet squat", "kettlebell squat", "kb squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.CORE),
        Pattern.SQUAT,
        frozenset({Equipment.KETTLEBELL}),
        Difficulty.BEGINNER,
        ("Hold the bell by the horns at your chest", "Sit deep with a tall chest"),
        (8, 12),
    ),
    Exercise(
        "dumbbell_sumo_squat",
        "Dumbbell sumo squat",
        ("sumo squat", "db sumo squat", "plie squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.ADDUCTORS, MuscleGroup.QUADS),
        Pattern.SQUAT,
        frozenset({Equipment.DUMBBELLS}),
        Difficulty.BEGINNER,
        ("Wide stance, toes turned out", "Push your knees out as you stand"),
        (10, 15),
    ),
    Exercise(
        "bodyweight_squat",
        "Bodyweight squat",
        ("air squat", "bw squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.SQUAT,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Full range: hips below knees if you can", "Slow down, 3 s up"),
        (12, 20),
        harder="split_squat",
    ),
    Exercise(
        "skater_squat",
        "Skater squat",
        ("single leg skater squat", "skater sq"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.SQUAT,
        _BODYWEIGHT,
        Difficulty.INTERMEDIATE,
        ("Stand on one leg, rear knee bent behind", "Lower the back knee to a cushion, stand tall"),
        (5, 10),
        per_side=True,
        harder="shrimp_squat",
    ),
    Exercise(
        "shrimp_squat",
        "Shrimp squat",
        ("shrimp",),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.SQUAT,
        _BODYWEIGHT,
        Difficulty.ADVANCED,
        ("Hold your rear foot behind you", "Knee down under control, drive up through the heel"),
        (4, 8),
        per_side=True,
    ),
    Exercise(
        "jump_squat",
        "Jump squat",
        ("squat jump", "jumping squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.SQUAT,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Jump hard, land softly with knees out", "Reset your stance between reps"),
        (5, 8),
        explosive=True,
    ),
    # --- Lunges, split squats, step-ups ---
    Exercise(
        "bulgarian_split_squat",
        "Bulgarian split squat",
        ("bulgarian", "bss", "rfess", "rear foot elevated split squat", "bulgarian squat"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.ADDUCTORS),
        Pattern.LUNGE,
        frozenset({Equipment.BENCH}),
        Difficulty.INTERMEDIATE,
        (
            "Rear foot on the bench, lean slightly forward",
            "Lower under control until the back knee nearly touches",
            "Hold dumbbells once bodyweight gets easy",
        ),
        (8, 12),
        per_side=True,
        harder="skater_squat",
    ),
    Exercise(
        "dumbbell_walking_lunge",
        "Dumbbell walking lunge",
        ("walking lunge", "db walking lunge", "db lunge", "dumbbell lunge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.ADDUCTORS),
        Pattern.LUNGE,
        frozenset({Equipment.DUMBBELLS}),
        Difficulty.INTERMEDIATE,
        ("Long steps, torso slightly forward", "Push through the front heel"),
        (8, 12),
        per_side=True,
    ),
    Exercise(
        "step_up",
        "Step-up",
        ("box step up", "bench step up"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.LUNGE,
        frozenset({Equipment.BENCH}),
        Difficulty.BEGINNER,
        ("Whole foot on the bench", "Drive up with the top leg, no push-off from below"),
        (8, 12),
        per_side=True,
    ),
    Exercise(
        "reverse_lunge",
        "Reverse lunge",
        ("back lunge", "step back lunge", "lunge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.LUNGE,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Step back, lower straight down", "Push through the front heel to stand"),
        (10, 12),
        per_side=True,
    ),
    Exercise(
        "split_squat",
        "Split squat",
        ("static lunge", "stationary lunge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS,),
        Pattern.LUNGE,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Feet hip-width apart, like on rails", "Lower slowly, back knee towards the floor"),
        (10, 12),
        per_side=True,
        harder="bulgarian_split_squat",
    ),
    Exercise(
        "curtsy_lunge",
        "Curtsy lunge",
        ("curtsy", "curtsey lunge"),
        MuscleGroup.GLUTES,
        (MuscleGroup.ADDUCTORS, MuscleGroup.QUADS),
        Pattern.LUNGE,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Step back and across, hips square", "Control the way down"),
        (10, 12),
        per_side=True,
    ),
    Exercise(
        "skater_jump",
        "Skater jump",
        ("skater", "skater hop", "speed skater"),
        MuscleGroup.GLUTES,
        (MuscleGroup.QUADS, MuscleGroup.ADDUCTORS),
        Pattern.LUNGE,
        _BODYWEIGHT,
        Difficulty.INTERMEDIATE,
        ("Bound sideways, land on one soft knee", "Stick each landing for a second"),
        (6, 10),
        per_side=True,
        explosive=True,
    ),
    # --- Hip extension: kickbacks and back extensions ---
    Exercise(
        "reverse_hyperextension",
        "Bench reverse hyperextension",
        ("reverse hyper", "bench reverse hyper"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.LOWER_BACK),
        Pattern.HIP_EXTENSION,
        frozenset({Equipment.BENCH}),
        Difficulty.INTERMEDIATE,
        ("Hips at the bench edge, hold on tight", "Lift with glutes, not a lower-back arch"),
        (12, 15),
    ),
    Exercise(
        "ball_back_extension",
        "Stability-ball back extension",
        ("back extension", "hyperextension", "hyper", "ball back extension"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.LOWER_BACK),
        Pattern.HIP_EXTENSION,
        frozenset({Equipment.STABILITY_BALL}),
        Difficulty.BEGINNER,
        ("Feet against a wall, ball under your hips", "Rise to a straight line, don't over-arch"),
        (12, 15),
    ),
    Exercise(
        "cable_kickback",
        "Cable kickback",
        ("kickback", "glute kickback", "cable glute kickback"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.HIP_EXTENSION,
        frozenset({Equipment.CABLE}),
        Difficulty.BEGINNER,
        ("Slight forward lean, hips square", "Kick back and up, squeeze, return slowly"),
        (12, 15),
        per_side=True,
    ),
    Exercise(
        "band_kickback",
        "Band kickback",
        ("banded kickback", "band glute kickback"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.HIP_EXTENSION,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Brace your core, no back arch", "Squeeze at the top for a second"),
        (15, 20),
        per_side=True,
    ),
    Exercise(
        "donkey_kick",
        "Donkey kick",
        ("quadruped kickback", "quadruped hip extension"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.HIP_EXTENSION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("On all fours, keep the knee bent at 90°", "Lift the heel to the ceiling, back flat"),
        (15, 20),
        per_side=True,
    ),
    # --- Hip hinges ---
    Exercise(
        "romanian_deadlift",
        "Romanian deadlift",
        ("rdl", "barbell rdl", "bb rdl", "romanian"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.BARBELL}),
        Difficulty.BEGINNER,
        (
            "Flat back, bar close to your legs",
            "Push hips back with soft knees",
            "Lower slowly (3 s) until hips stop moving back",
        ),
        (6, 10),
    ),
    Exercise(
        "dumbbell_romanian_deadlift",
        "Dumbbell Romanian deadlift",
        ("db rdl", "dumbbell rdl", "db romanian deadlift"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.DUMBBELLS}),
        Difficulty.BEGINNER,
        ("Flat back, dumbbells close to your legs", "Lower slowly, feel the hamstring stretch"),
        (8, 12),
        harder="romanian_deadlift",
    ),
    Exercise(
        "stiff_leg_deadlift",
        "Stiff-leg deadlift",
        ("sldl", "stiff legged deadlift", "stiff leg dl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.BARBELL}),
        Difficulty.INTERMEDIATE,
        ("Knees almost straight, flat back", "Lower slowly to a deep stretch you control"),
        (8, 10),
    ),
    Exercise(
        "good_morning",
        "Barbell good morning",
        ("good morning", "bb good morning", "gm"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.BARBELL}),
        Difficulty.ADVANCED,
        (
            "Bar on your upper back, soft knees",
            "Hips back with a flat back",
            "Start light: proper form before load",
        ),
        (6, 10),
    ),
    Exercise(
        "kettlebell_romanian_deadlift",
        "Kettlebell Romanian deadlift",
        ("kb rdl", "kettlebell rdl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.KETTLEBELL}),
        Difficulty.BEGINNER,
        ("Flat back, bell close to your legs", "Lower slowly, stand tall by squeezing glutes"),
        (10, 12),
    ),
    Exercise(
        "dumbbell_single_leg_rdl",
        "Dumbbell single-leg RDL",
        ("db single leg rdl", "db sl rdl", "weighted single leg rdl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.CORE),
        Pattern.HIP_HINGE,
        frozenset({Equipment.DUMBBELLS}),
        Difficulty.INTERMEDIATE,
        ("Hips square to the floor", "Flat back, lower slowly"),
        (8, 12),
        per_side=True,
    ),
    Exercise(
        "single_leg_rdl",
        "Single-leg Romanian deadlift",
        ("single leg rdl", "sl rdl", "single leg deadlift", "one leg rdl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.CORE),
        Pattern.HIP_HINGE,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Reach the free leg back, hips square", "Slow and balanced: touch a wall if needed"),
        (10, 12),
        per_side=True,
        harder="dumbbell_single_leg_rdl",
    ),
    Exercise(
        "band_good_morning",
        "Band good morning",
        ("banded good morning", "band gm"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES, MuscleGroup.LOWER_BACK),
        Pattern.HIP_HINGE,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Band under your feet and behind your neck", "Hips back with a flat back"),
        (12, 15),
    ),
    Exercise(
        "barbell_deadlift",
        "Barbell deadlift",
        ("deadlift", "conventional deadlift", "dl", "bb deadlift"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.LOWER_BACK, MuscleGroup.QUADS),
        Pattern.HIP_HINGE,
        frozenset({Equipment.BARBELL}),
        Difficulty.INTERMEDIATE,
        (
            "Bar over mid-foot, brace before you pull",
            "Push the floor away, hips and chest rise together",
            "Proper form before load",
        ),
        (5, 8),
    ),
    Exercise(
        "kettlebell_deadlift",
        "Kettlebell deadlift",
        ("kb deadlift", "kettlebell sumo deadlift"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.QUADS),
        Pattern.HIP_HINGE,
        frozenset({Equipment.KETTLEBELL}),
        Difficulty.BEGINNER,
        ("Bell between your feet, flat back", "Stand tall and squeeze your glutes"),
        (10, 12),
    ),
    Exercise(
        "cable_pull_through",
        "Cable pull-through",
        ("pull through", "cable pullthrough"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS,),
        Pattern.HIP_HINGE,
        frozenset({Equipment.CABLE}),
        Difficulty.BEGINNER,
        ("Face away from the cable, hinge back", "Snap hips forward and squeeze"),
        (12, 15),
    ),
    Exercise(
        "kettlebell_swing",
        "Kettlebell swing",
        ("swing", "kb swing", "russian swing"),
        MuscleGroup.GLUTES,
        (MuscleGroup.HAMSTRINGS, MuscleGroup.CORE),
        Pattern.HIP_HINGE,
        frozenset({Equipment.KETTLEBELL}),
        Difficulty.INTERMEDIATE,
        (
            "Hike the bell back: hinge, don't squat",
            "Snap your hips, arms just guide the bell",
            "Stand tall and squeeze at the top",
        ),
        (10, 15),
        explosive=True,
    ),
    # --- Knee flexion: curls ---
    Exercise(
        "lying_leg_curl",
        "Lying leg curl",
        ("leg curl", "hamstring curl", "lying hamstring curl", "prone leg curl"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.LEG_CURL_MACHINE}),
        Difficulty.BEGINNER,
        ("Hips pressed into the pad", "Full range: curl all the way, lower slowly"),
        (8, 12),
    ),
    Exercise(
        "seated_leg_curl",
        "Seated leg curl",
        ("seated curl", "seated hamstring curl"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.LEG_CURL_MACHINE}),
        Difficulty.BEGINNER,
        ("Lean forward slightly for a bigger stretch", "Full range, lower slowly"),
        (10, 15),
    ),
    Exercise(
        "nordic_curl",
        "Nordic curl",
        ("nordic", "nordic hamstring curl", "nhc"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        _BODYWEIGHT,
        Difficulty.ADVANCED,
        (
            "Ankles under a sofa or held by a partner, hips straight",
            "Lower as slowly as you can, catch with your hands",
        ),
        (3, 6),
        nordic=True,
    ),
    Exercise(
        # No glute-ham developer token exists: a leg curl machine's ankle pad is the anchor.
        "glute_ham_raise",
        "Glute-ham raise",
        ("ghr", "ght", "glute ham raise"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.LEG_CURL_MACHINE}),
        Difficulty.ADVANCED,
        ("Knees behind the pad, hips straight", "Lower slowly, curl up with your hamstrings"),
        (5, 8),
        heavy_curl=True,
    ),
    Exercise(
        "stability_ball_leg_curl",
        "Stability-ball leg curl",
        ("ball curl", "ball leg curl", "swiss ball curl", "swiss ball leg curl", "sb leg curl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.STABILITY_BALL}),
        Difficulty.BEGINNER,
        ("Hips up, heels on the ball", "Roll in, then out slowly"),
        (10, 15),
        harder="single_leg_ball_curl",
    ),
    Exercise(
        "slider_leg_curl",
        "Slider leg curl",
        ("slider curl", "slider hamstring curl", "sliding leg curl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.SLIDERS}),
        Difficulty.INTERMEDIATE,
        ("Hips up the whole set", "Slide out slowly, pull heels in hard"),
        (8, 12),
    ),
    Exercise(
        "single_leg_ball_curl",
        "Single-leg ball curl",
        ("single leg ball curl", "sl ball curl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.STABILITY_BALL}),
        Difficulty.INTERMEDIATE,
        ("Hips up, one heel on the ball", "Roll out slowly"),
        (8, 12),
        per_side=True,
    ),
    Exercise(
        "dumbbell_leg_curl",
        "Dumbbell leg curl",
        ("db leg curl", "lying dumbbell curl"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
        Difficulty.INTERMEDIATE,
        ("Dumbbell squeezed between your feet", "Curl smoothly, lower slowly"),
        (10, 15),
    ),
    Exercise(
        "cable_leg_curl",
        "Standing cable leg curl",
        ("cable leg curl", "cable hamstring curl", "standing cable curl"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.CABLE}),
        Difficulty.BEGINNER,
        ("Knees side by side, thigh still", "Curl fully, return slowly"),
        (12, 15),
        per_side=True,
    ),
    Exercise(
        "band_leg_curl",
        "Band leg curl",
        ("banded leg curl", "band hamstring curl"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Anchor the band low, lie face down", "Curl fully, lower slowly"),
        (15, 20),
    ),
    Exercise(
        "hamstring_walkout",
        "Hamstring walkout",
        ("walkout", "bridge walkout", "glute bridge walkout"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        _BODYWEIGHT,
        Difficulty.INTERMEDIATE,
        ("Hold a bridge, walk heels out in small steps", "Hips stay up, walk back in"),
        (6, 10),
    ),
    Exercise(
        "towel_slide_curl",
        "Towel slide leg curl",
        ("towel curl", "towel leg curl", "towel slide", "floor slide curl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Heels on a towel on a smooth floor, hips up", "Slide out slowly, pull heels back in"),
        (8, 12),
        harder="single_leg_slide_curl",
    ),
    Exercise(
        "single_leg_slide_curl",
        "Single-leg slide curl",
        ("single leg towel curl", "sl slide curl", "one leg slide curl"),
        MuscleGroup.HAMSTRINGS,
        (MuscleGroup.GLUTES,),
        Pattern.KNEE_FLEXION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("One heel on a towel, other leg up, hips up", "Slide out slowly, pull the heel in"),
        (6, 10),
        per_side=True,
        harder="nordic_negative",
    ),
    Exercise(
        # Lowering is where Nordics protect the hamstrings, so beginners start with it alone.
        "nordic_negative",
        "Nordic negative",
        ("eccentric nordic", "nordic lowering", "negative nordic"),
        MuscleGroup.HAMSTRINGS,
        (),
        Pattern.KNEE_FLEXION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        (
            "Feet under a sofa or held by a partner",
            "Lower as slowly as you can, hips straight",
            "Catch with your hands, push back up",
        ),
        (3, 5),
        nordic=True,
        harder="nordic_curl",
    ),
    # --- Hip abduction ---
    Exercise(
        "band_lateral_walk",
        "Band lateral walk",
        ("lateral band walk", "band walk", "monster walk", "crab walk"),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Band above your knees, half squat", "Small steps, keep tension on the band"),
        (12, 20),
        per_side=True,
    ),
    Exercise(
        "cable_hip_abduction",
        "Cable hip abduction",
        ("cable abduction", "standing cable abduction"),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        frozenset({Equipment.CABLE}),
        Difficulty.BEGINNER,
        ("Stand tall, no leaning", "Lift out to the side, return slowly"),
        (12, 15),
        per_side=True,
    ),
    Exercise(
        "seated_band_abduction",
        "Seated band abduction",
        ("seated abduction", "banded abduction"),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        frozenset({Equipment.BANDS}),
        Difficulty.BEGINNER,
        ("Band above your knees, sit tall", "Push knees out, pause, return slowly"),
        (15, 25),
    ),
    Exercise(
        "side_lying_hip_abduction",
        "Side-lying hip abduction",
        ("side leg raise", "side lying leg raise", "hip abduction", "lying abduction"),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Top leg slightly behind you, toes forward", "Lift with the hip, lower slowly"),
        (15, 20),
        per_side=True,
    ),
    Exercise(
        "clamshell",
        "Clamshell",
        ("clam",),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("Heels together, hips stacked", "Open the knee without rolling back"),
        (15, 20),
        per_side=True,
    ),
    Exercise(
        "fire_hydrant",
        "Fire hydrant",
        ("hydrant",),
        MuscleGroup.GLUTES,
        (),
        Pattern.HIP_ABDUCTION,
        _BODYWEIGHT,
        Difficulty.BEGINNER,
        ("On all fours, back flat", "Lift the knee out to the side, no leaning"),
        (15, 20),
        per_side=True,
    ),
)

_BY_ID: dict[str, Exercise] = {exercise.id: exercise for exercise in CATALOGUE}
_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[а-яіє]")
# Russian and Ukrainian endings, longest first; what is left of a word is its stem, so
# "румынка", "румынки" and "румынкой" are one key. Written folded (й as и, ї as і).
_SLAVIC_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ых",
    "их",
    "ым",
    "им",
    "ои",
    "еи",
    "ов",
    "ев",
    "ам",
    "ям",
    "ах",
    "ях",
    "ом",
    "ем",
    "ую",
    "юю",
    "ою",
    "ею",
    "ів",
)
_SLAVIC_VOWELS = frozenset("аеиоуыэюяьі")
_MIN_STEM = 3


def normalise(text: str) -> str:
    """Fold what people type ("Hip-Thrusts", "hip  thrust", "Hüftstoßen", "румынки") into
    one lookup key: case, accents, ё, ß, English plurals and Slavic endings do not count."""
    lowered = text.casefold()  # ß becomes ss
    if lowered.isascii():
        return "".join(map(_singular, _WORD.findall(lowered)))
    words = _WORD.findall(_without_accents(lowered))
    return "".join(_stem(w) if _CYRILLIC.match(w) else _singular(w) for w in words)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _singular(word: str) -> str:
    # Two-letter words and "-ss" endings keep their "s", so "bss" and "swiss" stay intact.
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


def _stem(word: str) -> str:
    for ending in _SLAVIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    while len(word) > _MIN_STEM and word[-1] in _SLAVIC_VOWELS:
        word = word[:-1]
    return word


def all_names() -> Iterator[tuple[str, Exercise]]:
    """Every name an exercise goes by: its id, name and aliases, and its names in the other
    languages people log in."""
    for exercise in CATALOGUE:
        yield from ((text, exercise) for text in (exercise.id, exercise.name, *exercise.aliases))
    for names in NAMES.values():
        for exercise_id, texts in names.items():
            yield from ((text, _BY_ID[exercise_id]) for text in texts)


def _build_index() -> dict[str, Exercise]:
    index: dict[str, Exercise] = {}
    for text, exercise in all_names():
        key = normalise(text)
        clash = index.setdefault(key, exercise)
        if clash is not exercise:
            msg = f"{text!r} names both {clash.id} and {exercise.id}"
            raise ValueError(msg)
    return index


_INDEX = _build_index()


_FOREIGN_KEYS = frozenset(
    normalise(text) for names in NAMES.values() for texts in names.values() for text in texts
)


def is_foreign_name(text: str) -> bool:
    """Whether `text` is one of the names in another language, not an English one."""
    return normalise(text) in _FOREIGN_KEYS


def lookup(text: str) -> Exercise | None:
    """The exercise a person means by a name or alias, ignoring case, plurals and hyphens."""
    return _INDEX.get(normalise(text))


def harder_variant(
    exercise: Exercise, equipment: frozenset[Equipment], experience: Experience
) -> Exercise | None:
    """The next rung up `exercise`'s progression that this person has the equipment and
    the experience for, skipping rungs they can't do; None at the top of the ladder."""
    rung = _BY_ID.get(exercise.harder) if exercise.harder else None
    while rung is not None:
        if rung.usable_with(equipment) and rung.difficulty.suits(experience):
            return rung
        rung = _BY_ID.get(rung.harder) if rung.harder else None
    return None


def easier_variant(
    exercise: Exercise, equipment: frozenset[Equipment], experience: Experience
) -> Exercise | None:
    """The way back down: the nearest rung below `exercise` this person can do, the
    catalogue's first choice when two ladders meet; None at the bottom."""
    below = [e for e in CATALOGUE if e.harder == exercise.id]
    while below:
        usable = [e for e in below if e.usable_with(equipment) and e.difficulty.suits(experience)]
        if usable:
            return usable[0]
        ids = {e.id for e in below}
        below = [e for e in CATALOGUE if e.harder in ids]
    return None


def get_exercise(exercise_id: str) -> Exercise | None:
    return _BY_ID.get(exercise_id)


def require_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; ValueError if there is none (a stale or forged id)."""
    exercise = _BY_ID.get(exercise_id)
    if exercise is None:
        msg = f"unknown exercise id {exercise_id!r}"
        raise ValueError(msg)
    return exercise
