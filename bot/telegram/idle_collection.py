"""Collecting the youngest garbage while the bot is idle rather than in the middle of a reply.

CPython collects its youngest objects when allocations outrun deallocations by a threshold
(YOUNG_COLLECTION_THRESHOLD once started, see bot.telegram.runner), wherever that happens:
in the middle of a person's update, whose reply then waits 1-3 ms. Most bots sit idle
between updates most of the time, so when the last update in flight ends with the youngest
generation over half full, it is collected then, and an older generation with it when
CPython's own count says it is due. Under load, with updates always in flight, CPython's
collections happen as before.
"""

from __future__ import annotations

import gc


def collect_when_idle() -> None:
    """Collect now, the bot having nothing in hand, if the youngest generation is over half
    its threshold: the oldest generation whose count is past its threshold, as CPython
    picks it, else the youngest."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    if counts[0] <= thresholds[0] // 2:
        return
    due = [generation for generation in (2, 1) if counts[generation] > thresholds[generation]]
    gc.collect(due[0] if due else 0)
