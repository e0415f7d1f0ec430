"""Dimensions questions group by, and the communication direction each belongs to.

The eight dimensions of communication satisfaction from the research literature
(Downs and Hazen), mapped to the strategy's three directions (top-down, lateral,
bottom-up), plus the channels the strategy names. A question may also carry one of
the three directions itself. Keys are stable: results compare across years by key.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: key -> (label, direction key)
DIMENSIONS = {
    "top_down": (_l("Top-down communication"), "top_down"),
    "lateral": (_l("Lateral communication"), "lateral"),
    "bottom_up": (_l("Bottom-up communication"), "bottom_up"),
    "organisational_perspective": (_l("Information about the organisation"), "top_down"),
    "personal_feedback": (_l("Personal feedback"), "top_down"),
    "organisational_integration": (_l("Information for one's own job"), "top_down"),
    "supervisor": (_l("Communication with the supervisor"), "bottom_up"),
    "subordinates": (_l("Communication with one's own staff"), "top_down"),
    "climate": (_l("Communication climate"), "lateral"),
    "horizontal": (_l("Communication between colleagues and units"), "lateral"),
    "media_quality": (_l("Quality of channels and meetings"), "top_down"),
    "channels": (_l("Email, Teams, bulletins and the intranet"), "lateral"),
    "recognition": (_l("Recognition"), "bottom_up"),
    "engagement": (_l("Engagement"), "bottom_up"),
}

DIRECTIONS = {
    "top_down": _l("Top-down"),
    "lateral": _l("Lateral"),
    "bottom_up": _l("Bottom-up"),
}


def dimension_label(key: str | None) -> str:
    if not key:
        return ""
    entry = DIMENSIONS.get(key)
    return str(entry[0]) if entry else key


def direction_of(key: str | None) -> str | None:
    entry = DIMENSIONS.get(key or "")
    return entry[1] if entry else None
