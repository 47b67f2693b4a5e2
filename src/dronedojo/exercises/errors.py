"""The errors a pilot can make, their default severity and the words for them.

Severities follow the UK CAA's guidance for practical flight assessments: minor, major and
safety errors (7 minor or 3 major or any safety error fail; exercises/spec.py ``Scoring``
sets the limits and may change the severity of any kind listed here).
"""

from __future__ import annotations

from dronedojo.exercises.spec import Exercise
from dronedojo.i18n import N_

SEVERITIES = ("minor", "major", "safety")

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
}
"""kind -> (default severity, text with its parameters)."""


def severity_of(kind: str, exercise: Exercise) -> str:
    """The severity of error ``kind`` in ``exercise`` (its override, else the default)."""
    default = ERRORS[kind][0]
    return exercise.scoring.severity.get(kind, default)


def check_overrides(exercise: Exercise) -> None:
    """A ValueError naming any severity override for an unknown error kind."""
    unknown = sorted(set(exercise.scoring.severity) - set(ERRORS))
    if unknown:
        raise ValueError(
            f"{exercise.id}: scoring.severity names unknown error kind(s) {unknown}; "
            f"known: {', '.join(sorted(ERRORS))}"
        )
