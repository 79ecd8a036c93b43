"""/settings → Coaching: what Coach does in the conversation, each part on or off, and the
plan without a region that hurts."""

from __future__ import annotations

from bot.core.readiness import PainRegion
from bot.telegram.i18n import tr


def coaching_switch_labels() -> dict[str, str]:
    return {
        "readiness_check": tr("coaching.coaching_switch_labels.readiness_check"),
        "rest_timer": tr("coaching.coaching_switch_labels.rest_timer"),
        "skip_button": tr("coaching.coaching_switch_labels.skip_button"),
        "moments": tr("coaching.coaching_switch_labels.moments"),
        "app_set_messages": tr("coaching.coaching_switch_labels.app_set_messages"),
    }


# The regions a plan can leave out: "somewhere else" names no exercises to spare.
def avoidable() -> dict[PainRegion, str]:
    return {
        PainRegion.KNEE: tr("coaching.avoidable.knee"),
        PainRegion.HIP: tr("coaching.avoidable.hip"),
        PainRegion.LOWER_BACK: tr("coaching.avoidable.lower_back"),
        PainRegion.HAMSTRING: tr("coaching.avoidable.hamstring"),
    }


def format_fine_button(region: PainRegion) -> str:
    name = avoidable()[region]
    return tr("coaching.button_fine_again", Region=name[0].upper() + name[1:])
