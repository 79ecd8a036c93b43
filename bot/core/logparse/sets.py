"""Reading the sets, reps and loads of a workout log from its tokens.

The reading rules are listed in `bot.core.logparse.parser`; this module applies them in four steps:

1. operands: a number with its unit and `+`, or a list joined by `/`, `,` or `-`; a sets or
   reps word next to one gives it its role;
2. chains: operands joined by a times sign or "of" (`3 sets of 12`), or standing side by side
   when their words say what each one is (`3 sets 12 reps`);
3. loads: `@`, at, for and with give the load on one side to the lift on the other, and a load
   standing alone joins the neighbouring lift that has none;
4. roles: which operand of each chain is the sets, the reps and the load; then one entry per
   performed set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, auto
from typing import NamedTuple, TypeAlias

from bot.core.logparse.reading import MAX_SETS, LoadUnit, LogRejected, RejectionReason
from bot.core.logparse.tokens import Kind, Token

_UNITS: dict[Kind, LoadUnit] = {Kind.KG: "kg", Kind.LB: "lb"}
_HYPHENS = frozenset("-–—")
_MINUS_SIGNS = frozenset("-–")  # an em dash sets apart: "RDL—3x8"
_SPACED_HYPHEN = " - "
_OF_WORDS = frozenset({"of", "по", "à", "a", "de", "mit", "con", "com"})
_RANGE_WORDS = frozenset({"to", "bis", "до", "hasta", "até"})
_MAX_SETS_FIRST = 10  # in AxB with no unit, an A of 10 or less counts sets
_IMPLEMENT_COUNTS = frozenset({1.0, 2.0})  # the 2 of "2x20kg dbs"
_PAIR = 2.0
# Two bare numbers read as reps and a load: more reps than this beside a lighter load
# ("squat 100 at 5") is more likely the two written the other way round.
_MAX_BARE_REPS = 30


class Role(IntEnum):
    SETS = auto()
    REPS = auto()
    LOAD = auto()


_ROLES = tuple(Role)


class Quantity(NamedTuple):
    value: float
    integral: bool
    unit: LoadUnit | None = None
    added: bool = False  # "+10kg", "bw+10": load added to bodyweight


PerformedSet: TypeAlias = tuple[Quantity, Quantity | None]  # reps, load


class Performance(NamedTuple):
    """The sets performed, one entry each, in order; empty when the reps are missing, in which
    case the flags say whether a lift was described at all."""

    sets: tuple[PerformedSet, ...]
    lift_without_reps: bool = False  # "3 sets", "2x20kg dbs"
    load_without_reps: bool = False  # "100kg"
    pair: bool = False  # the load is each of two implements: "3x12 2x24kg"


def read_sets(
    tokens: Sequence[Token],
    implements: bool = False,
    barbell: bool = False,
    lift_known: bool = False,
    pairs: bool | None = None,
) -> Performance:
    """The performed sets described by the tokens (exercise names, efforts and per-side words
    already taken out); raises `LogRejected` for what cannot be a log. `implements`: the lift
    is done with dumbbells or kettlebells; `barbell`: with a barbell. They say whether `2x24`
    beside a lift may be a pair of dumbbells; `pairs` says whether it is (None: the likelier,
    a pair with a unit or on dumbbells, reps of their own without one or on a barbell).
    `lift_known`: the numbers are sets of a known exercise, so two bare numbers bound by @,
    at, with or for are reps and a load (`10 @ 60`, `100 for 8`)."""
    sequence = _chains(_items(tokens))
    _share_closing_unit(sequence)
    if len(sequence) == 1 and implements and not barbell and _is_pair_load(sequence[0]):
        # "db rdl 2x24kg": most likely a pair of 24 kg dumbbells, the reps left out.
        return Performance((), lift_without_reps=True)
    # A pair stands beside a lift, or is named a pair ("2x20kg dbs"): one chain alone is neither.
    pair = len(sequence) > 1 and _pairs_as_loads(sequence, implements, barbell, pairs)
    chains = _bind(sequence, lift_known)
    lifts, loose = _attach_loose_loads(chains)
    pyramid = _is_pyramid(lifts)
    performed: list[_Performed] = []
    counts: list[tuple[int, _Operand | None]] = []
    for lift in lifts:
        roles = _roles(lift, pyramid)
        if roles is None or _is_short_bare_list(lift):
            raise LogRejected(RejectionReason.NOT_A_LOG)
        if Role.REPS in roles:
            performed.append(_performed(roles))
        else:
            counts.append((_set_count(roles[Role.SETS]), roles.get(Role.LOAD)))
    if not performed:
        return Performance(
            (),
            lift_without_reps=bool(counts) or any(t.kind is Kind.IMPLEMENT for t in tokens),
            load_without_reps=any(chain.operands[0].role is Role.LOAD for chain in loose),
        )
    if loose or len(counts) > 1:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    rows = _counted(performed, counts[0]) if counts else _flat(performed)
    return Performance(tuple(rows), pair=pair)


# --- 1. Operands ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Operand:
    values: tuple[Quantity, ...]  # one, or one per set
    role: Role | None = None

    @property
    def is_list(self) -> bool:
        return len(self.values) > 1

    @property
    def first(self) -> Quantity:
        return self.values[0]


class _Mark(IntEnum):
    TIMES = auto()
    OF = auto()
    BREAK = auto()
    IMPLEMENT = auto()
    AT = auto()  # @, at, with: binds the load after it to the lift before it
    FOR = auto()  # binds too, and "100 for 8" has the load first


_Item: TypeAlias = _Operand | _Mark
_BINDERS = frozenset({_Mark.AT, _Mark.FOR})
_ROLE_WORDS = {Kind.SETS: Role.SETS, Kind.REPS: Role.REPS}
_SIGNS = frozenset({Kind.PLUS, Kind.SEPARATOR})  # +10, -5
_MARKS = {
    Kind.TIMES: _Mark.TIMES,
    Kind.SEPARATOR: _Mark.BREAK,
    Kind.BREAK: _Mark.BREAK,
    Kind.IMPLEMENT: _Mark.IMPLEMENT,
}


def _items(tokens: Sequence[Token]) -> list[_Item]:
    """Operands and the marks between them, in order; other words are skipped."""
    items: list[_Item] = []
    pending: Role | None = None  # "sets: 3": the role word came first
    operand_end = -1  # index of the token just after the last operand
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.kind
        if kind is Kind.NUMBER or (kind in _SIGNS and _starts_quantity(tokens, index)):
            operand, index = _operand(tokens, index)
            operand.role = operand.role or pending
            pending, operand_end = None, index
            items.append(operand)
            continue
        index += 1
        if kind in _MARKS:
            items.append(_MARKS[kind])
            continue
        last = items[-1] if items and operand_end == index - 1 else None
        adjacent = last if isinstance(last, _Operand) else None
        if kind in _ROLE_WORDS:
            if adjacent is not None and adjacent.role is None:
                adjacent.role = _ROLE_WORDS[kind]
                operand_end = index  # "3 sets of 12": the word belongs to the 3
            elif _starts_quantity(tokens, index) and not _times_after(tokens, index):
                pending = _ROLE_WORDS[kind]  # "sets: 3"; but "set 100x5" is a set of 100x5
        elif kind is Kind.AT or kind is Kind.CONNECTIVE:
            # "3х12 по 70", "3 по 12 по 70": a по after the reps gives the load.
            after_reps = len(items) > 1 and items[-2] in (_Mark.TIMES, _Mark.OF)
            mark = _connective(token, adjacent, tokens, index, after_reps)
            if mark is None and kind is Kind.AT:
                mark = _Mark.FOR if token.text == "for" else _Mark.AT
            if mark is not None:
                items.append(mark)
    return items


def _connective(
    token: Token,
    adjacent: _Operand | None,
    tokens: Sequence[Token],
    index: int,
    after_reps: bool,
) -> _Mark | None:
    """ "of" after a count of sets, and the Russian "3 по 12" (but "3х12 по 70" and "3 по 12
    по 70" give the load); raises for ranges ("8 to 12"). `index` is that of the token after
    the word."""
    if adjacent is None:
        return None
    if token.text in _RANGE_WORDS and _starts_quantity(tokens, index):
        raise LogRejected(RejectionReason.PLAN_NOT_LOG)
    if token.text == "по" and adjacent.role is None:
        if after_reps:
            return _Mark.AT
        adjacent.role = Role.SETS
    if adjacent.role is Role.SETS and token.text in _OF_WORDS:
        return _Mark.OF
    return None


def _starts_quantity(tokens: Sequence[Token], index: int) -> bool:
    if index >= len(tokens):
        return False
    kind = tokens[index].kind
    if kind is Kind.NUMBER:
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.kind is not Kind.NUMBER:
        return False
    return kind is Kind.PLUS or _is_minus(tokens, index)


def _is_minus(tokens: Sequence[Token], index: int) -> bool:
    """A hyphen touching the number after it, where no list can be going on (`3x-5`, `@-20`)."""
    token = tokens[index]
    if token.text not in _MINUS_SIGNS or token.end != tokens[index + 1].start:
        return False
    return index == 0 or tokens[index - 1].kind in (Kind.TIMES, Kind.AT, Kind.BODYWEIGHT)


def _operand(tokens: Sequence[Token], index: int) -> tuple[_Operand, int]:
    after_times = index > 0 and tokens[index - 1].kind is Kind.TIMES
    first, index = _quantity(tokens, index)
    single = _Operand((first,), Role.LOAD if first.unit or first.added else None)
    if index == len(tokens) or tokens[index].kind is not Kind.SEPARATOR:
        return single, index
    first_end = index
    values = [first]
    separator: str | None = None
    while (found := _list_separator(tokens, index, separator, after_times)) is not None:
        separator = found
        quantity, index = _quantity(tokens, index + 1)
        values.append(quantity)
    # "12 - 10 - 8" is a list, but "8 - 12" or "3x10 - 60kg" is a dash between two things;
    # reps after a times sign carry no unit: "3x10/100kg" is a load after the lift.
    apart = separator == _SPACED_HYPHEN and len(values) == 2
    reps_then_load = after_times and values[-1].unit is not None and first.unit is None
    if separator is None or apart or reps_then_load:
        return single, first_end
    _check_list(values, separator)
    operand = _Operand(_with_shared_unit(values))
    operand.role = Role.LOAD if _has_unit(operand) else None
    return operand, index


def _quantity(tokens: Sequence[Token], index: int) -> tuple[Quantity, int]:
    added = tokens[index].kind is Kind.PLUS
    negative = tokens[index].kind is Kind.SEPARATOR
    if added or negative:
        index += 1
    number = tokens[index]
    index += 1
    unit = _UNITS.get(tokens[index].kind) if index < len(tokens) else None
    if unit is not None:
        index += 1
    value = -number.value if negative else number.value
    return Quantity(value, number.integral, unit, added), index


def _list_separator(
    tokens: Sequence[Token], index: int, current: str | None, after_times: bool
) -> str | None:
    """The separator continuing a list at `index`, or None where the list ends."""
    if index + 1 >= len(tokens):
        return None
    token, following = tokens[index], tokens[index + 1]
    if token.kind is not Kind.SEPARATOR or following.kind is not Kind.NUMBER:
        return None
    if token.text == "—":  # "RDL—3x8—80kg": an em dash sets things apart, never a list
        return None
    separator = "-" if token.text in _HYPHENS else token.text
    touching = tokens[index - 1].end == token.start and token.end == following.start
    if separator == "-" and not touching:
        separator = _SPACED_HYPHEN
    if current is not None and separator != current:
        return None
    # "60x10, 62.5x8": a comma after a times sign separates pairs, not list items.
    if separator == "," and after_times:
        return None
    # "60x10/70x8": the next number starts a pair; "60/70/80 x 10/8/6" is a list of loads.
    ends_here = _times_after(tokens, index + 1) and (after_times or separator != "/")
    return None if ends_here else separator


def _times_after(tokens: Sequence[Token], index: int) -> bool:
    """Whether the number at `index` (with its unit) is followed by a times sign."""
    index += 1
    if index < len(tokens) and tokens[index].kind in _UNITS:
        index += 1
    return index < len(tokens) and tokens[index].kind is Kind.TIMES


def _check_list(values: list[Quantity], separator: str | None) -> None:
    if separator == "-" and len(values) == 2:
        raise LogRejected(RejectionReason.PLAN_NOT_LOG)
    if separator != "," and _looks_like_date(values):
        raise LogRejected(RejectionReason.NOT_A_LOG)


def _looks_like_date(values: list[Quantity]) -> bool:
    """`5/12/24`: day and month (either order), then a two-digit year larger than both."""
    if len(values) != 3 or not all(q.integral for q in values):
        return False
    a, b, year = (q.value for q in values)
    day_month = (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    return day_month and 20 <= year <= 99 and year > max(a, b)


def _with_shared_unit(values: list[Quantity]) -> tuple[Quantity, ...]:
    """`60/70/80kg`: a unit after the last item of a list is every item's unit."""
    last = values[-1]
    if len(values) == 1 or last.unit is None or any(q.unit for q in values[:-1]):
        return tuple(values)
    return tuple(Quantity(q.value, q.integral, last.unit, q.added) for q in values)


# --- 2. Chains --------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)  # each chain is itself: compared by identity
class _Chain:
    operands: list[_Operand]
    load: _Operand | None = None  # bound by @/at/for, or a load standing next to the chain
    pair: bool = False  # "2x24kg" read as the load of each of two implements


def _chains(items: list[_Item]) -> list[_Chain | _Mark]:
    """Chains of operands, with the @ marks left between them for `_bind`."""
    out: list[_Chain | _Mark] = []
    chain: _Chain | None = None
    joining = leading_times = False
    for item in items:
        if isinstance(item, _Operand):
            if chain is not None and (joining or _joins(chain, item)):
                chain.operands.append(item)
            else:
                # "hip thrust x 12": a times sign with nothing before it announces reps.
                if leading_times and item.role is None:
                    item.role = Role.REPS
                chain = _Chain([item])
                out.append(chain)
            joining = leading_times = False
        elif item is _Mark.TIMES or item is _Mark.OF:
            joining = chain is not None
            leading_times = chain is None and item is _Mark.TIMES
        else:
            if item is _Mark.IMPLEMENT and chain is not None:
                _drop_implement_count(chain)
            if item in _BINDERS:
                out.append(item)
            chain = None
            joining = leading_times = False
    return out


def _joins(chain: _Chain, operand: _Operand) -> bool:
    """Side by side, operands join when their words say what each is: `3 sets 12`,
    `12 reps 60kg`; `3x10 60` stays two chains (the 60 becomes the load later)."""
    if operand.role in {o.role for o in chain.operands}:
        return False
    last = chain.operands[-1]
    return last.role is Role.SETS or (last.role is not None and operand.role is not None)


def _drop_implement_count(chain: _Chain) -> None:
    """`2x20kg dbs` is two 20 kg dumbbells: the load is 20 kg and the 2 counts nothing."""
    if len(chain.operands) != 2:
        return
    count, load = chain.operands
    if count.role is not None or count.is_list or load.role is not Role.LOAD:
        return
    if count.first.integral and count.first.value in _IMPLEMENT_COUNTS:
        chain.operands = [load]
        chain.pair = count.first.value == _PAIR


def _pairs_as_loads(
    sequence: list[_Chain | _Mark], implements: bool, barbell: bool, pairs: bool | None
) -> bool:
    """`3x12 2x24kg`: two reps with a unit beside a lift without a load are the load of each
    of a pair of dumbbells or kettlebells, not another set. Whether a pair was read.

    `pairs` says whether they are; None reads the likelier: a pair with a unit, but not on a
    barbell lift (`squat 3x10 2x60kg`: a double at 60 kg), and without one only on a dumbbell
    lift (`DB RDL 3x12 2x24`: a pair of 24s; `3x12 2x24`: two sets of 24)."""
    chains = [item for item in sequence if isinstance(item, _Chain)]
    twos = [chain for chain in chains if _is_pair_of_twos(chain)]
    found = any(chain.pair for chain in chains) if implements else False  # "2x20kg dbs"
    if not twos or not any(_lacks_load(chain) for chain in chains if chain not in twos):
        return found
    for chain in twos:
        unit = chain.operands[1].role is Role.LOAD
        likelier = implements or (unit and not barbell)
        if not (likelier if pairs is None else pairs):
            continue
        load = chain.operands[1]
        load.role = Role.LOAD
        chain.operands, chain.pair, found = [load], True, True
    return found


def _is_pair_load(item: _Chain | _Mark) -> bool:
    """`2x24kg` alone."""
    return (
        isinstance(item, _Chain) and _is_pair_of_twos(item) and item.operands[1].role is Role.LOAD
    )


def _is_pair_of_twos(chain: _Chain) -> bool:
    """`2x24kg` or `2x24`: two of something, with or without a unit."""
    if len(chain.operands) != 2 or chain.load is not None:
        return False
    count, load = chain.operands
    if count.first.value != _PAIR:
        return False
    bare_two = count.role is None and not count.is_list and count.first.integral
    plain_load = load.role in (None, Role.LOAD) and not load.is_list
    return bare_two and plain_load and not load.first.added


# --- 3. Loads ---------------------------------------------------------------------------------


def _bind(sequence: list[_Chain | _Mark], lift_known: bool) -> list[_Chain]:
    """Each @ mark gives the load on one side to the lift on the other."""
    chains: list[_Chain] = []
    index = 0
    while index < len(sequence):
        item = sequence[index]
        if isinstance(item, _Chain):
            chains.append(item)
            index += 1
            continue
        right = sequence[index + 1] if index + 1 < len(sequence) else None
        if not isinstance(right, _Chain):
            index += 1  # "3x10 @ bw": nothing to bind
            continue
        if index > 0 and isinstance(sequence[index - 1], _Chain):
            chains[-1] = _bound(chains[-1], right, item, lift_known)
        else:
            chains.append(_as_load(right))
        index += 2
    return chains


def _bound(left: _Chain, right: _Chain, mark: _Mark, lift_known: bool) -> _Chain:
    if _is_lift(left) and _is_load(right):  # 3x10 @ 60kg, 10/10/8 at 50
        return _given_load(left, right)
    if mark is _Mark.AT and _is_bare_number(left) and _is_bare_number(right, listed=True):
        return _given_load(_as_reps(left), right)  # 10 @ 60/70/80: a load per set
    if _is_load(left) and _is_lift(right):  # 60kg for 3x10
        return _given_load(right, left)
    # Two lone numbers: the one with a unit is the load (10 @ 60kg, 100kg for 5); without
    # one, "10 @ 60" or "100 for 5" are a set only of a lift named or being done: the load
    # after @, at and with, before for.
    if len(left.operands) == len(right.operands) == 1:
        if _has_unit(right.operands[0]) and left.operands[0].role is None:
            return _given_load(_as_reps(left), right)
        if _has_unit(left.operands[0]) and right.operands[0].role is None:
            return _given_load(_as_reps(right), left)
        if lift_known and _is_bare_number(left) and _is_bare_number(right):
            reps, load = (right, left) if mark is _Mark.FOR else (left, right)
            if _plausible_reps(reps.operands[0].first, load.operands[0].first):
                return _given_load(_as_reps(reps), load)
    raise LogRejected(RejectionReason.NOT_A_LOG)


def _is_bare_number(chain: _Chain, listed: bool = False) -> bool:
    """One number (or, `listed`, a list of them) with no unit or word saying what it is."""
    only = chain.operands[0]
    return len(chain.operands) == 1 and only.role is None and only.is_list == listed


def _as_reps(chain: _Chain) -> _Chain:
    return _Chain([_Operand(chain.operands[0].values, Role.REPS)])


def _plausible_reps(reps: Quantity, load: Quantity) -> bool:
    """Whole reps; many of them beside a lighter load (`100 at 5`) may be the two bare
    numbers written the other way round."""
    return reps.integral and (reps.value <= _MAX_BARE_REPS or reps.value <= load.value)


def _has_unit(operand: _Operand) -> bool:
    return any(q.unit or q.added for q in operand.values)


def _as_load(chain: _Chain) -> _Chain:
    """What follows a binder with nothing before it ("@ 60 3x10") is a load."""
    if len(chain.operands) == 1 and chain.operands[0].role is None:
        chain.operands[0].role = Role.LOAD
    return chain


def _is_lift(chain: _Chain) -> bool:
    """A chain describing reps or sets, as opposed to a lone number or load."""
    first = chain.operands[0]
    if len(chain.operands) > 1 or first.role in (Role.SETS, Role.REPS):
        return True
    return first.role is None and first.is_list


def _is_load(chain: _Chain) -> bool:
    return len(chain.operands) == 1 and chain.operands[0].role in (None, Role.LOAD)


def _given_load(lift: _Chain, load: _Chain) -> _Chain:
    if lift.load is not None:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    lift.load = _Operand(load.operands[0].values, Role.LOAD)
    return lift


def _attach_loose_loads(chains: list[_Chain]) -> tuple[list[_Chain], list[_Chain]]:
    """Lone loads and numbers join the lift before them, or else after them, when that lift
    has no load (`3x10 60kg`, `60 3x10`); returns the lifts and what joined nothing."""
    lifts: list[_Chain] = []
    loose: list[_Chain] = []
    for index, chain in enumerate(chains):
        if _is_lift(chain):
            lifts.append(chain)
            continue
        neighbours = chains[max(index - 1, 0) : index] + chains[index + 1 : index + 2]
        target = next((n for n in neighbours if _lacks_load(n)), None)
        if target is None:
            loose.append(chain)
        else:
            target.load = _Operand(chain.operands[0].values, Role.LOAD)
    return lifts, loose


def _lacks_load(chain: _Chain) -> bool:
    if not _is_lift(chain) or chain.load is not None:
        return False
    roles = _roles(chain, pyramid=False)
    return roles is not None and Role.LOAD not in roles


# --- 4. Roles ---------------------------------------------------------------------------------


def _roles(chain: _Chain, pyramid: bool) -> dict[Role, _Operand] | None:
    """Which operand is which, or None when the chain cannot be read."""
    operands = chain.operands
    if len(operands) > 3:
        return None
    roles: dict[Role, _Operand] = {}
    free: list[_Operand] = []
    for operand in operands:
        if operand.role is None:
            free.append(operand)
        elif operand.role in roles:
            return None
        else:
            roles[operand.role] = operand
    if chain.load is not None:
        if Role.LOAD in roles:
            return None
        roles[Role.LOAD] = chain.load
    if not free:
        return roles
    missing = [role for role in _ROLES if role not in roles]
    if len(free) > len(missing):
        return None
    if len(free) == 3:
        filled = _fill_three(free)
    elif len(free) == 2:
        middle = operands[1] if len(operands) == 3 else None
        filled = _fill_two(free[0], free[1], missing, middle, pyramid)
    else:
        filled = _fill_one(free[0], missing)
    return None if filled is None else roles | filled


def _could_be_sets(operand: _Operand) -> bool:
    first = operand.first
    return not operand.is_list and first.integral and first.value <= _MAX_SETS_FIRST


def _fill_one(operand: _Operand, missing: list[Role]) -> dict[Role, _Operand]:
    """The one operand no word names takes the reps, else the sets if it can, else the load."""
    if Role.REPS in missing:
        return {Role.REPS: operand}
    if Role.SETS in missing and (Role.LOAD not in missing or _could_be_sets(operand)):
        return {Role.SETS: operand}
    return {Role.LOAD: operand}


def _fill_two(
    a: _Operand, b: _Operand, missing: list[Role], middle: _Operand | None, pyramid: bool
) -> dict[Role, _Operand] | None:
    """Two operands no word names share the two or three roles still missing."""
    if Role.REPS not in missing:  # reps named: the others are a count of sets and a load
        load, sets = _heavier_first(a, b)
        return None if sets.is_list else {Role.LOAD: load, Role.SETS: sets}
    if Role.LOAD not in missing:  # load known: sets and reps, the reps in the middle
        reps = middle if middle is a or middle is b else (a if a.is_list else b)
        sets = b if reps is a else a
        return None if sets.is_list else {Role.SETS: sets, Role.REPS: reps}
    if Role.SETS not in missing:  # sets named: a load and reps
        if a.is_list != b.is_list:
            reps, load = (a, b) if a.is_list else (b, a)
            return {Role.REPS: reps, Role.LOAD: load}
        load, reps = _heavier_first(a, b)
        return {Role.LOAD: load, Role.REPS: reps}
    return _read_pair(a, b, pyramid)


def _read_pair(a: _Operand, b: _Operand, pyramid: bool) -> dict[Role, _Operand]:
    """AxB: A of 10 or less counts sets, a larger A is the load (one set); in a pyramid of
    pairs, and when A is a list, A is the load."""
    if a.is_list or pyramid or not _could_be_sets(a):
        return {Role.LOAD: a, Role.REPS: b}
    return {Role.SETS: a, Role.REPS: b}


def _fill_three(free: list[_Operand]) -> dict[Role, _Operand] | None:
    """AxBxC: the reps are B; the load is the larger of A and C (or the one with decimals)."""
    a, reps, c = free
    if any(o.is_list for o in free):
        return None
    load, sets = _heavier_first(a, c)
    return {Role.SETS: sets, Role.REPS: reps, Role.LOAD: load}


def _heavier_first(a: _Operand, b: _Operand) -> tuple[_Operand, _Operand]:
    """The operand more likely to be a load, then the other: one with decimals, else the larger
    (the later one when equal)."""
    if a.first.integral != b.first.integral:
        return (b, a) if a.first.integral else (a, b)
    return (a, b) if a.first.value > b.first.value else (b, a)


def _share_closing_unit(sequence: list[_Chain | _Mark]) -> None:
    """`135x8, 155x6, 175x5 lbs`: a unit closing a pyramid of bare pairs is that of every
    weight, not of the last reps (175 reps at 5 lb cannot be)."""
    if len(sequence) < 2 or not all(isinstance(item, _Chain) for item in sequence):
        return
    chains = [item for item in sequence if isinstance(item, _Chain)]
    last = chains[-1]
    if not all(_is_bare_pair(chain) for chain in chains[:-1]) or len(last.operands) != 2:
        return
    weight, reps = last.operands
    closing = reps.first
    if weight.role is not None or weight.is_list or reps.role is not Role.LOAD or reps.is_list:
        return
    if closing.added or not closing.integral or closing.value >= weight.first.value:
        return
    if not _is_pyramid([*chains[:-1], _Chain([weight, _Operand((closing._replace(unit=None),))])]):
        return
    for chain in chains:
        first = chain.operands[0].first
        chain.operands[0] = _Operand((first._replace(unit=closing.unit),), Role.LOAD)
    last.operands[1] = _Operand((closing._replace(unit=None),))


def _is_pyramid(lifts: list[_Chain]) -> bool:
    """Two or more bare pairs, one of them weight x reps (`60x10, 70x8`, `10x10, 12.5x8`):
    every pair is then weight x reps; `3x10, 3x8` stays sets x reps."""
    pairs = [lift for lift in lifts if _is_bare_pair(lift)]
    return len(pairs) >= 2 and any(not _could_be_sets(pair.operands[0]) for pair in pairs)


def _is_bare_pair(chain: _Chain) -> bool:
    operands = chain.operands
    return (
        len(operands) == 2
        and chain.load is None
        and all(o.role is None and not o.is_list for o in operands)
    )


def _is_short_bare_list(chain: _Chain) -> bool:
    """`12/5` or `10, 8` alone reads as a date or a pair of numbers more than as two sets."""
    only = chain.operands[0]
    return (
        len(chain.operands) == 1
        and only.role is None
        and len(only.values) == 2
        and chain.load is None
    )


# --- Sets -------------------------------------------------------------------------------------


class _Performed(NamedTuple):
    sets: list[PerformedSet]
    repeatable: bool  # "12 reps": a separate "3 sets" says how many


def _performed(roles: dict[Role, _Operand]) -> _Performed:
    reps, load = roles[Role.REPS], roles.get(Role.LOAD)
    sets = roles.get(Role.SETS)
    count = None if sets is None else _set_count(sets)
    if reps.is_list:
        if count is not None and count != len(reps.values):
            raise LogRejected(RejectionReason.MISMATCHED_LISTS)
        rows = list(reps.values)
    else:
        per_load = len(load.values) if load is not None and load.is_list else 1
        rows = [reps.first] * (count if count is not None else per_load)
    repeatable = sets is None and len(rows) == 1
    return _Performed(list(zip(rows, _per_set(load, len(rows)), strict=True)), repeatable)


def _set_count(operand: _Operand) -> int:
    if operand.is_list:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    count = operand.first
    if not count.integral or count.value < 1:
        raise LogRejected(RejectionReason.IMPOSSIBLE_SETS)
    if count.value > MAX_SETS:
        raise LogRejected(RejectionReason.TOO_MANY_SETS)
    return int(count.value)


def _per_set(load: _Operand | None, count: int) -> list[Quantity | None]:
    """Loads pair with sets by position (`10/8/6 @ 60/70/80kg`); one load is every set's."""
    if load is None:
        return [None] * count
    if not load.is_list:
        return [load.first] * count
    if len(load.values) != count:
        raise LogRejected(RejectionReason.MISMATCHED_LISTS)
    return list(load.values)


def _flat(performed: list[_Performed]) -> list[PerformedSet]:
    return [row for lift in performed for row in lift.sets]


def _counted(performed: list[_Performed], count: tuple[int, _Operand | None]) -> list[PerformedSet]:
    """A separate count of sets: `3 sets, 12 reps` repeats the reps; `3 sets: 10, 8, 6`
    confirms them."""
    sets, load = count
    rows = _flat(performed)
    if len(performed) == 1 and performed[0].repeatable:
        rows = rows * sets
    elif len(rows) != sets:
        raise LogRejected(RejectionReason.MISMATCHED_LISTS)
    if load is None:
        return rows
    if any(row_load is not None for _, row_load in rows):
        raise LogRejected(RejectionReason.NOT_A_LOG)
    return [
        (reps, row_load)
        for (reps, _), row_load in zip(rows, _per_set(load, len(rows)), strict=True)
    ]
