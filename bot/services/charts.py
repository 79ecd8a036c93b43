"""Progress charts as PNG images, sized and lettered to be read on a phone.

The charts are drawn on `matplotlib.figure.Figure` objects with the Agg canvas, never through
pyplot: pyplot keeps every figure in global state until it is closed and picks a GUI backend
on import, neither of which suits a bot rendering for many people on worker threads. For the
same reason all sizes are passed to each call rather than set in the global `rcParams`.

Each chart returns None when there is nothing to draw, so the bot can explain how to get data
instead of sending an empty picture. The series behind each chart are public pure functions,
so what is drawn can be tested without reading pixels.

The words on a chart (titles, axes, legends, dates, exercise names) are the person's
language's: the bot gives them as `ChartWords`, since this layer knows no languages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO
from itertools import pairwise
from statistics import median

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.dates import MONTHLY, AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, Locator, MaxNLocator

from bot.core.balance import weekly_volume
from bot.core.bodyweight import WeighIn
from bot.core.catalogue import MuscleGroup, get_exercise, lookup
from bot.core.history import HistoryEntry
from bot.core.loading import estimates_1rm
from bot.core.profile import Units
from bot.core.records import estimated_1rm, yields_e1rm
from bot.core.workout import convert_load

# 7.2 in × 150 dpi = 1080 px, the width Telegram keeps for photos on most phones. A square
# leaves room for a legend under the plot without squashing it.
FIGURE_INCHES = 7.2
DPI = 150

# In points at DPI 150: 15 pt is about 31 px in a 1080 px image, which a phone shows at about
# a third of its size, so the smallest text is still a comfortable 10-11 px on screen.
TITLE_SIZE = 22
LABEL_SIZE = 17
TEXT_SIZE = 15
LINE_WIDTH = 3.0
MARKER_SIZE = 8
# Beyond this many points per line, a marker on every point blurs into a thick band; longer
# lines get about MARKED_POINTS markers, evenly spread.
ALL_MARKED_POINTS = 40
MARKED_POINTS = 20

GLUTES_COLOUR = "#D1495B"
HAMSTRINGS_COLOUR = "#00798C"
# Lifts are coloured by the group they train, in shades, so the e1RM chart and the weekly
# sets chart speak the same colour language; markers tell same-group lifts apart without
# relying on colour alone.
_LIFT_COLOURS: dict[MuscleGroup | None, tuple[str, ...]] = {
    MuscleGroup.GLUTES: (GLUTES_COLOUR, "#EDAE49", "#8E2C48"),
    MuscleGroup.HAMSTRINGS: (HAMSTRINGS_COLOUR, "#30638E", "#66A182"),
    None: ("#6C5B7B", "#4A4A4A", "#A07855"),
}
_MARKERS = ("o", "s", "^", "D", "v", "P")
LOAD_COLOUR = "#30343F"
REPS_COLOUR = "#9DB4C0"
BODYWEIGHT_COLOUR = "#6C5B7B"
GRID_COLOUR = "#D9D9D9"

# A chart spanning more than this reads better with months ("Jan 2025") than days ("12 Jan").
_DAY_LABELS_MAX_SPAN = timedelta(days=300)


@dataclass(frozen=True, slots=True)
class ChartWords:
    """Everything a chart writes, in the language of the person it is drawn for."""

    estimated_1rm: str
    top_load: str
    total_reps: str
    weekly_sets: str
    sets: str
    week_starting: str
    glutes: str
    hamstrings: str
    bodyweight: str
    kilograms: str
    pounds: str
    # The name of a lift the catalogue knows, from its id.
    name_of: Callable[[str], str]
    # Date labels: a day ("12 Jan"), a month ("Oct"), a month with its year ("Jan 2025").
    day: Callable[[date], str]
    month: Callable[[date], str]
    month_year: Callable[[date], str]

    def unit(self, units: Units) -> str:
        return self.kilograms if units is Units.KG else self.pounds


@dataclass(frozen=True, slots=True)
class SessionPoint:
    """One exercise on one day, in the person's unit. `top_load` and `e1rm` are None when no
    set carried a load (bodyweight work, or load added to bodyweight, which is not the load
    lifted); `e1rm` also when no loaded set gives one (`yields_e1rm`) or the exercise has no
    implement of its own (`estimates_1rm`)."""

    day: date
    top_load: float | None
    total_reps: int
    e1rm: float | None


@dataclass(frozen=True, slots=True)
class WeekSets:
    """Direct sets (the exercise's primary group) in the ISO week starting on `week_start`."""

    week_start: date
    glutes: int
    hamstrings: int


def lift_key(exercise: str) -> str:
    """The key a lift is charted under: a catalogue id for anything the catalogue knows (by id,
    name or alias, so `/progress hip thrust` works), otherwise the name folded as storage
    matches unknown exercises (case and runs of spaces do not matter)."""
    if get_exercise(exercise) is not None:
        return exercise
    known = lookup(exercise)
    return known.id if known is not None else _fold(exercise)


def main_lifts(entries: Iterable[HistoryEntry], limit: int = 3) -> list[str]:
    """The keys of the lifts with the most sessions (days) that give an e1RM, most first; ties
    go to the lift trained most recently, then to the key, so the choice is stable."""
    days: defaultdict[str, set[date]] = defaultdict(set)
    for entry in entries:
        if _estimable(entry):
            days[_entry_key(entry)].add(entry.local_date)
    ranked = sorted(days, key=lambda key: (-len(days[key]), -max(days[key]).toordinal(), key))
    return ranked[:limit]


def exercise_series(
    entries: Iterable[HistoryEntry], exercise: str, units: Units
) -> list[SessionPoint]:
    """Every session of one exercise (id, name or alias), oldest first."""
    key = lift_key(exercise)
    lift = _sessions(entries, {key}, units).get(key)
    return [] if lift is None else lift.points


def e1rm_series(
    entries: Iterable[HistoryEntry], lift: str, units: Units
) -> list[tuple[date, float]]:
    """The best estimated one-rep max of each session of `lift`, oldest first."""
    return _e1rm_points(exercise_series(entries, lift, units))


def weekly_sets(entries: Iterable[HistoryEntry], today: date, weeks: int = 8) -> list[WeekSets]:
    """Direct glute and hamstring sets in each of the last `weeks` ISO weeks, oldest first,
    the current week last; a week without training counts zero. Exercises the catalogue does
    not know have no known group and are left out (see `weekly_volume`)."""
    return [
        WeekSets(
            week.week_start,
            week.by_group[MuscleGroup.GLUTES],
            week.by_group[MuscleGroup.HAMSTRINGS],
        )
        for week in weekly_volume(entries, weeks, today)
    ]


def e1rm_chart(
    entries: Iterable[HistoryEntry], lifts: Sequence[str], units: Units, words: ChartWords
) -> bytes | None:
    """One line per lift: the best estimated 1RM of each session. None when none of the lifts
    has a loaded set."""
    figure = _e1rm_figure(entries, lifts, units, words)
    return None if figure is None else _png(figure)


def _e1rm_figure(
    entries: Iterable[HistoryEntry], lifts: Sequence[str], units: Units, words: ChartWords
) -> Figure | None:
    keys = list(dict.fromkeys(lift_key(lift) for lift in lifts))
    sessions = _sessions(entries, set(keys), units)
    series = [
        (key, _lift_name(key, sessions[key], words), points)
        for key in keys
        if key in sessions and (points := _e1rm_points(sessions[key].points))
    ]
    if not series:
        return None
    figure = _figure()
    axes = figure.subplots()
    shades: defaultdict[MuscleGroup | None, int] = defaultdict(int)
    all_days: list[date] = []
    for index, (key, name, points) in enumerate(series):
        days = [day for day, _ in points]
        group = _group(key)
        colours = _LIFT_COLOURS[group]
        axes.plot(
            _date_numbers(days),
            [value for _, value in points],
            label=name,
            color=colours[shades[group] % len(colours)],
            linewidth=LINE_WIDTH,
            marker=_MARKERS[index % len(_MARKERS)],
            markersize=MARKER_SIZE,
            markevery=_markevery(len(points)),
        )
        shades[group] += 1
        all_days += days
    axes.set_ylabel(words.unit(units), fontsize=LABEL_SIZE)
    _style(axes, words.estimated_1rm)
    _date_axis(axes, min(all_days), max(all_days), words)
    _legend_below(figure, axes, columns=1)
    return figure


def weekly_sets_chart(
    entries: Iterable[HistoryEntry], today: date, words: ChartWords, weeks: int = 8
) -> bytes | None:
    """Glute and hamstring direct sets side by side for each of the last `weeks` weeks. None
    when there is no such set in the period."""
    figure = _weekly_sets_figure(entries, today, words, weeks)
    return None if figure is None else _png(figure)


def _weekly_sets_figure(
    entries: Iterable[HistoryEntry], today: date, words: ChartWords, weeks: int
) -> Figure | None:
    series = weekly_sets(entries, today, weeks)
    if not any(week.glutes or week.hamstrings for week in series):
        return None
    figure = _figure()
    axes = figure.subplots()
    width = 0.4
    positions = range(len(series))
    for offset, label, colour, values in (
        (-width / 2, words.glutes, GLUTES_COLOUR, [week.glutes for week in series]),
        (width / 2, words.hamstrings, HAMSTRINGS_COLOUR, [week.hamstrings for week in series]),
    ):
        bars = axes.bar([p + offset for p in positions], values, width, label=label, color=colour)
        # Numbers on the bars spare reading heights off the grid on a small screen.
        axes.bar_label(bars, [str(v) if v else "" for v in values], fontsize=TEXT_SIZE)
    axes.set_xticks(list(positions), [words.day(week.week_start) for week in series])
    # Eight date labels side by side would collide at this font size.
    axes.tick_params(axis="x", labelrotation=45 if len(series) > 6 else 0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(words.sets, fontsize=LABEL_SIZE)
    axes.set_xlabel(words.week_starting, fontsize=LABEL_SIZE)
    # Headroom for the numbers above the tallest bar.
    axes.margins(y=0.12)
    _style(axes, words.weekly_sets)
    axes.grid(axis="x", visible=False)
    _legend_below(figure, axes, columns=2)
    return figure


def exercise_chart(
    entries: Iterable[HistoryEntry], exercise: str, units: Units, words: ChartWords
) -> bytes | None:
    """One exercise (id, name or alias): top load and e1RM per session above (the e1RM of the
    sessions that give one), total reps per session below; reps alone for bodyweight work.
    None when it was never logged."""
    figure = _exercise_figure(entries, exercise, units, words)
    return None if figure is None else _png(figure)


def _exercise_figure(
    entries: Iterable[HistoryEntry], exercise: str, units: Units, words: ChartWords
) -> Figure | None:
    key = lift_key(exercise)
    lift = _sessions(entries, {key}, units).get(key)
    if lift is None:
        return None
    points = lift.points
    lines = [
        (label, line, colour, marker)
        for label, line, colour, marker in (
            (words.estimated_1rm, _e1rm_points(points), _colour(key), "o"),
            (words.top_load, _top_load_points(points), LOAD_COLOUR, "s"),
        )
        if line
    ]
    figure = _figure()
    if lines:
        load_axes, reps_axes = figure.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)}
        )
        for label, line, colour, marker in lines:
            load_axes.plot(
                _date_numbers([day for day, _ in line]),
                [value for _, value in line],
                label=label,
                color=colour,
                linewidth=LINE_WIDTH,
                marker=marker,
                markersize=MARKER_SIZE,
                markevery=_markevery(len(line)),
            )
        load_axes.set_ylabel(words.unit(units), fontsize=LABEL_SIZE)
        _style(load_axes, None)
        load_axes.tick_params(axis="x", labelbottom=False)
        _legend_below(figure, load_axes, columns=2)
    else:
        reps_axes = figure.subplots()
    days = [p.day for p in points]
    half = _bar_width(days) / 2
    # One collection of rectangles rather than `bar`'s patch per session: two years of
    # sessions draw in a fraction of the time.
    bars = [
        [(x - half, 0), (x - half, p.total_reps), (x + half, p.total_reps), (x + half, 0)]
        for x, p in zip(_date_numbers(days), points, strict=True)
    ]
    reps_axes.add_collection(PolyCollection(bars, facecolors=REPS_COLOUR, linewidths=0))
    reps_axes.set_ylim(0, max(p.total_reps for p in points) * 1.1)
    reps_axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    reps_axes.set_ylabel(words.total_reps, fontsize=LABEL_SIZE)
    _style(reps_axes, None)
    _date_axis(reps_axes, days[0], days[-1], words)
    figure.suptitle(_lift_name(key, lift, words), fontsize=TITLE_SIZE, fontweight="bold")
    return figure


def bodyweight_series(weigh_ins: Iterable[WeighIn], units: Units) -> list[tuple[date, float]]:
    """Each weigh-in in the person's unit, oldest first."""
    return sorted((w.day, convert_load(w.kilograms, "kg", units)) for w in weigh_ins)


def bodyweight_chart(weigh_ins: Iterable[WeighIn], units: Units, words: ChartWords) -> bytes | None:
    """The person's bodyweight over time. None with fewer than two weigh-ins: one point is
    no trend."""
    figure = _bodyweight_figure(weigh_ins, units, words)
    return None if figure is None else _png(figure)


def _bodyweight_figure(
    weigh_ins: Iterable[WeighIn], units: Units, words: ChartWords
) -> Figure | None:
    series = bodyweight_series(weigh_ins, units)
    if len(series) < 2:
        return None
    figure = _figure()
    axes = figure.subplots()
    days = [day for day, _ in series]
    axes.plot(
        _date_numbers(days),
        [value for _, value in series],
        color=BODYWEIGHT_COLOUR,
        linewidth=LINE_WIDTH,
        marker="o",
        markersize=MARKER_SIZE,
        markevery=_markevery(len(series)),
    )
    axes.set_ylabel(words.unit(units), fontsize=LABEL_SIZE)
    # A kilo either way is a real change; the default scale would fill the plot with it
    # all the same, so a steady weight keeps some room above and below.
    axes.margins(y=0.3)
    _style(axes, words.bodyweight)
    _date_axis(axes, days[0], days[-1], words)
    return figure


@dataclass(frozen=True, slots=True)
class _Lift:
    written: str
    points: list[SessionPoint]


def _lift_name(key: str, lift: _Lift, words: ChartWords) -> str:
    """The catalogue's name of the lift in the person's language, or for an unknown exercise
    the one written last, so a renamed spelling follows the person."""
    return words.name_of(key) if get_exercise(key) is not None else lift.written


def _sessions(entries: Iterable[HistoryEntry], keys: set[str], units: Units) -> dict[str, _Lift]:
    """The sessions of each lift in `keys` that was logged, in one pass over the history,
    with the name it was last written with."""
    by_day: defaultdict[str, defaultdict[date, list[HistoryEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    written: dict[str, tuple[date, str]] = {}
    for entry in entries:
        key = _entry_key(entry)
        if key not in keys:
            continue
        by_day[key][entry.local_date].append(entry)
        if key not in written or entry.local_date >= written[key][0]:
            written[key] = (entry.local_date, entry.exercise_name)
    lifts = {}
    for key, days in by_day.items():
        known = get_exercise(key)
        estimates = estimates_1rm(known)
        points = [_session(day, days[day], units, estimates=estimates) for day in sorted(days)]
        lifts[key] = _Lift(written[key][1], points)
    return lifts


def _session(
    day: date, entries: Sequence[HistoryEntry], units: Units, *, estimates: bool
) -> SessionPoint:
    loads = [
        (convert_load(s.weight, s.unit, units), s.reps)
        for entry in entries
        if not entry.bodyweight
        for s in entry.sets
        if s.weight is not None
    ]
    return SessionPoint(
        day=day,
        top_load=max((weight for weight, _ in loads), default=None),
        total_reps=sum(s.reps for entry in entries for s in entry.sets),
        e1rm=max(
            (estimated_1rm(w, reps) for w, reps in loads if estimates and yields_e1rm(reps)),
            default=None,
        ),
    )


def _e1rm_points(points: Iterable[SessionPoint]) -> list[tuple[date, float]]:
    return [(p.day, p.e1rm) for p in points if p.e1rm is not None]


def _top_load_points(points: Iterable[SessionPoint]) -> list[tuple[date, float]]:
    return [(p.day, p.top_load) for p in points if p.top_load is not None]


def _estimable(entry: HistoryEntry) -> bool:
    """Whether the log gives an e1RM, as `_session` estimates one."""
    known = get_exercise(entry.exercise_id) if entry.exercise_id else None
    return (
        not entry.bodyweight
        and estimates_1rm(known)
        and any(s.weight is not None and yields_e1rm(s.reps) for s in entry.sets)
    )


def _entry_key(entry: HistoryEntry) -> str:
    return entry.exercise_id if entry.exercise_id is not None else _fold(entry.exercise_name)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _group(key: str) -> MuscleGroup | None:
    exercise = get_exercise(key)
    if exercise is None or exercise.primary not in _LIFT_COLOURS:
        return None
    return exercise.primary


def _colour(key: str) -> str:
    return _LIFT_COLOURS[_group(key)][0]


def _markevery(points: int) -> int:
    """Markers on every point when few; spread out otherwise, still there so the legend's
    markers match the lines."""
    return 1 if points <= ALL_MARKED_POINTS else points // MARKED_POINTS


def _bar_width(days: Sequence[date]) -> float:
    """Bars (in days) narrower than the usual gap between sessions, so they do not merge."""
    gaps = [(b - a).days for a, b in pairwise(days)]
    return 0.7 * median(gaps) if gaps else 0.7


def _figure() -> Figure:
    figure = Figure(figsize=(FIGURE_INCHES, FIGURE_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes: Axes, title: str | None) -> None:
    if title is not None:
        axes.set_title(title, fontsize=TITLE_SIZE, fontweight="bold", pad=14)
    axes.tick_params(labelsize=TEXT_SIZE, width=1.5, length=6)
    axes.grid(visible=True, color=GRID_COLOUR, linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _date_axis(axes: Axes, first: date, last: date, words: ChartWords) -> None:
    """Few, short date labels, with a margin so a single session is not drawn on the edge."""
    months = last - first > _DAY_LABELS_MAX_SPAN
    axes.xaxis.set_major_locator(_date_locator() if months else _OncePerDay())
    axes.xaxis.set_major_formatter(
        FuncFormatter(
            lambda number, position: (
                _month_label(_date_of(number), words, first=position == 0)
                if months
                else words.day(_date_of(number))
            )
        )
    )
    pad = max(1.0, (last - first).days * 0.03)
    start, end = _date_numbers([first, last])
    axes.set_xlim(start - pad, end + pad)


# matplotlib.dates ships without type hints; these wrappers keep the untyped calls in one
# place. Its date numbers follow matplotlib's own epoch, so they are never computed here.
def _date_numbers(days: Sequence[date]) -> list[float]:
    numbers: list[float] = date2num(days).tolist()  # type: ignore[no-untyped-call]
    return numbers


def _date_of(number: float) -> date:
    moment: datetime = num2date(number)  # type: ignore[no-untyped-call]
    return moment.date()


def _date_locator() -> Locator:
    # At most six labels: more collide at a phone-readable font size.
    locator = AutoDateLocator(minticks=3, maxticks=6)  # type: ignore[no-untyped-call]
    # Yearly steps are only tried from three years on; up to then, six labels over more than
    # 30 months need a step of a year in months, which the default steps (up to 6) lack.
    locator.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]
    typed: Locator = locator
    return typed


class _OncePerDay(Locator):
    """The date locator's ticks moved to midnight, each day once. Over the few days around a
    single session it ticks every few hours, and each of those ticks would be labelled with
    the same date."""

    def __init__(self) -> None:
        self._dates = _date_locator()

    def set_axis(self, axis: Axis | None) -> None:  # type: ignore[override]
        super().set_axis(axis)
        self._dates.set_axis(axis)

    def __call__(self) -> Sequence[float]:
        assert self.axis is not None
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        # Unlike other locators, the date locator takes the interval's ends as datetimes.
        start, end = num2date(vmin), num2date(vmax)  # type: ignore[no-untyped-call]
        days = {float(math.floor(tick)) for tick in self._dates.tick_values(start, end)}
        return sorted(day for day in days if vmin <= day <= vmax)


def _month_label(day: date, words: ChartWords, *, first: bool) -> str:
    """ "Jul 2024" on the first label and at each new year, "Oct" between: short labels fit
    six to a phone-width axis."""
    return words.month_year(day) if first or day.month == 1 else words.month(day)


def _legend_below(figure: Figure, axes: Axes, columns: int) -> None:
    """The legend outside the plot, where it cannot hide a line however the data runs."""
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=columns,
        fontsize=TEXT_SIZE,
        frameon=False,
    )


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    # No "Software" stamp: the same data then gives the same bytes whatever matplotlib made it.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
