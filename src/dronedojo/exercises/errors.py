"""The errors a pilot can make, their default severity and the words for them.

Severities follow the UK CAA's guidance for practical flight assessments: minor, major and
safety errors (7 minor or 3 major or any safety error fail; exercises/spec.py ``Scoring``
sets the limits and may change the severity of any kind listed here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dronedojo.i18n import N_

if TYPE_CHECKING:
    from dronedojo.exercises.spec import Exercise

ERRORS: dict[str, tuple[str, str]] = {
    "crash": ("safety", N_("the drone crashed")),
    "geofence": ("major", N_("left the flying area")),
    "ceiling": ("major", N_("climbed above the height limit of {limit}")),
    "line_of_sight": ("major", N_("flew farther than {limit} from the pilot")),
    "zone_exit": ("minor", N_("left the hold zone")),
    "heading_lost": ("minor", N_("lost the required heading")),
    "corridor_exit": ("minor", N_("left the lane")),
    "track_exit": ("minor", N_("left the circle's track")),
    "too_fast": ("minor", N_("flew faster than {limit}")),
    "gate_backwards": ("minor", N_("passed gate {gate} the wrong way")),
    "gate_missed": ("minor", N_("missed gate {gate}")),
    "hard_landing": ("major", N_("touched down at {speed}, faster than {limit}")),
    "off_pad_landing": ("major", N_("landed {distance} from the pad's centre, outside the pad")),
    "altitude_band": ("minor", N_("left the height band")),
    "altitude_band_far": ("major", N_("went far outside the height band")),
    "fault_response_missed": ("major", N_("did not respond to the fault in time")),
    "mode_not_allowed": ("major", N_("flew in {mode} mode, which this exercise does not allow")),
}
"""kind -> (default severity, text with its parameters). Running out of time is no error but
an outcome (scoring.Result.outcome); a missed capture costs its points and no error
(objectives/capture.py)."""
TRANSLATED = ("mode",)
"""Parameters of the texts above that are themselves marked texts (translated when shown)."""
LIMITS = ("geofence", "ceiling", "line_of_sight")
"""Error kinds that are breaches of the exercise's limits (spec.Limits fields)."""


def severity_of(kind: str, exercise: Exercise) -> str:
    """The severity of error ``kind`` in ``exercise``: ``scoring.severity`` if it names the
    kind, else the severity of the limit breached (limits), else the default."""
    default = ERRORS[kind][0]
    limit = getattr(exercise.limits, kind, None) if kind in LIMITS else None
    if limit is not None:
        default = limit.severity
    return exercise.scoring.severity.get(kind, default)
