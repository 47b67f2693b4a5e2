"""The exercise specification: what an exercise file may say, validated (pydantic models).

An exercise is a YAML file (see exercises/curriculum/ for the built-in ones and
exercises/loader.py for reading one with errors that name the file, line and field). Lengths
are metres, times seconds, speeds m/s, angles degrees in fields ending ``_deg``. Positions are
world ENU (x east, y north, z up; z = 0 is the ground); ``yaw_deg`` follows the physics: 0
faces east, 90 north (counter-clockwise seen from above). Texts shown to people are given in
every language the project ships (:class:`Text`).

The objectives are flown in the order they are listed, one at a time (the *current*
objective), except the *watchers* (``altitude_band`` and ``fault_response``), which judge the
whole flight or the time after a fault alongside the others. How each objective is judged is
said on its model below and implemented in the exercises/objectives/ package.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dronedojo.exercises.errors import ERRORS
from dronedojo.fc import layout as FL
from dronedojo.i18n import LANGUAGES
from dronedojo.physics import airframes
from dronedojo.sim.faults import KINDS as FAULT_KINDS

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*-v[1-9][0-9]*$"
"""A versioned id: lowercase words joined by hyphens, then ``-v`` and the version."""

Vec2 = tuple[float, float]
Vec3 = tuple[float, float, float]
Positive = Annotated[float, Field(gt=0.0)]
NonNegative = Annotated[float, Field(ge=0.0)]
Severity = Literal["minor", "major", "safety"]

PILOT_MODES = ("acro", "angle", "horizon", "position", "altitude")
"""The flight modes a pilot's mode switch selects (the others are the controller's own)."""
FPV_MODES = ("acro", "angle", "horizon")
CAMERA_MODES = ("position", "altitude")
assert all(m in FL.MODES for m in PILOT_MODES)


class Model(BaseModel):
    """Every part of a spec: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Model):
    """A text in each shipped language (``en`` and ``fr``), both required."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (English when the language has none)."""
        return str(getattr(self, lang, self.en))


assert set(Text.model_fields) == set(LANGUAGES), "Text must carry every shipped language"


# --- the world -------------------------------------------------------------------------------
class Obstacle(Model):
    """A solid obstacle, as physics/world.py reads it: ``box`` (center, size, yaw_deg),
    ``cylinder`` (center x y, radius, height, base), ``post`` (center, height), ``mast`` (a
    tall cylinder, same fields) or ``building`` (a box standing on the ground: center x y,
    size, yaw_deg)."""

    type: Literal["box", "cylinder", "post", "mast", "building", "tree"]
    center: tuple[float, ...]
    size: Vec3 | None = None
    radius: Positive | None = None
    height: Positive | None = None
    base: float = 0.0
    yaw_deg: float = 0.0
    name: str | None = None

    @model_validator(mode="after")
    def _fields(self) -> Obstacle:
        boxy = self.type in ("box", "building")
        want = 3 if self.type == "box" else 2
        if len(self.center) != want:
            raise ValueError(f"a {self.type} has a center of {want} numbers")
        if boxy and self.size is None:
            raise ValueError(f"a {self.type} needs a size [x, y, z]")
        if not boxy and self.height is None:
            raise ValueError(f"a {self.type} needs a height")
        if self.type in ("cylinder", "mast", "tree") and self.radius is None:
            raise ValueError(f"a {self.type} needs a radius")
        return self


class Gate(Model):
    """A racing gate: a square frame, the opening ``width`` x ``height`` centred on
    ``center``. It is passed forwards when crossed along its heading ``yaw_deg`` (the
    direction a drone flies through it)."""

    name: str
    center: Vec3
    width: Positive = 1.5
    height: Positive = 1.5
    yaw_deg: float = 0.0


class Pad(Model):
    """A take-off and landing pad on the ground (a disc)."""

    name: str
    center: Vec2
    radius: Positive = 0.75


class Stand(Model):
    """A target stand of the NIST sUAS open test lane: a post of ``height`` carrying five
    buckets, each with a ringed target in its bottom. Buckets A, B, C, D are tilted
    ``tilt_deg`` from vertical and open outwards, A towards ``facing_deg`` (the launch pad),
    then B, C, D clockwise seen from above; the fifth bucket (``up``) opens straight up.
    Targets are named ``<stand>A`` .. ``<stand>D`` and ``<stand>up``."""

    name: str
    center: Vec2
    height: Positive = 1.0
    facing_deg: float = 180.0
    tilt_deg: Annotated[float, Field(ge=0.0, le=90.0)] = 45.0
    bucket_radius: Positive = 0.15
    bucket_depth: Positive = 0.35
    ring_radius: Positive = 0.12
    """m. With these (Drone Dojo's own choice, a 5-gallon bucket's size) the ring is seen whole
    from within about 5 degrees of the bucket's axis."""

    @model_validator(mode="after")
    def _ring(self) -> Stand:
        if self.ring_radius >= self.bucket_radius:
            raise ValueError("ring_radius must be smaller than bucket_radius")
        return self


class World(Model):
    """Everything placed in the exercise's field."""

    obstacles: tuple[Obstacle, ...] = ()
    gates: tuple[Gate, ...] = ()
    pads: tuple[Pad, ...] = (Pad(name="home", center=(0.0, 0.0)),)
    stands: tuple[Stand, ...] = ()
    ground: Literal["grass", "asphalt", "sand", "snow"] = "grass"

    @model_validator(mode="after")
    def _unique(self) -> World:
        for what, items in (("gate", self.gates), ("pad", self.pads), ("stand", self.stands)):
            names = [i.name for i in items]
            dup = {n for n in names if names.count(n) > 1}
            if dup:
                raise ValueError(f"{what} names must be unique; repeated: {sorted(dup)}")
        return self

    def pad(self, name: str) -> Pad:
        return next(p for p in self.pads if p.name == name)

    def gate(self, name: str) -> Gate:
        return next(g for g in self.gates if g.name == name)


# --- weather, faults, view, spawn ------------------------------------------------------------
class Gusts(Model):
    """Random 1-cosine gusts: ``rate`` per second on average, ``speed`` peak m/s."""

    rate: NonNegative = 0.0
    speed: NonNegative = 0.0
    duration: Positive = 2.0


class Weather(Model):
    """Steady wind of ``speed`` m/s blowing *from* ``from_deg`` (a compass bearing: 0 north,
    90 east, as a weather report gives it), turbulence and random gusts."""

    wind_speed: NonNegative = 0.0
    wind_from_deg: float = 270.0
    turbulence: Literal["none", "light", "moderate", "severe"] = "none"
    gusts: Gusts = Gusts()

    @property
    def wind(self) -> Vec3:
        """The wind vector, world ENU, m/s (the direction it blows towards)."""
        b = math.radians(self.wind_from_deg)
        return (-self.wind_speed * math.sin(b), -self.wind_speed * math.cos(b), 0.0)


class FaultEvent(Model):
    """A fault at time ``at`` (s after the start), as sim/faults.py defines the kinds."""

    kind: Literal["gps_loss", "link_loss", "battery_sag", "motor_failure", "compass_error", "gust"]
    at: NonNegative
    duration: Positive | None = None
    motor: Literal[1, 2, 3, 4] = 1
    thrust_loss: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    resistance_factor: Annotated[float, Field(ge=1.0)] = 3.0
    heading_error_deg: float = 30.0
    gust_peak: Vec3 = (8.0, 0.0, 0.0)

    @model_validator(mode="after")
    def _gust(self) -> FaultEvent:
        if self.kind == "gust" and self.duration is None:
            raise ValueError("a gust needs a duration")
        return self


assert set(FAULT_KINDS) == set(FaultEvent.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]


class View(Model):
    """How the pilot sees the drone: ``line_of_sight`` from ``pilot`` (standing, eyes at
    its z), ``fpv`` through the drone's camera (``uptilt_deg``, ``fov_deg``), or ``chase``."""

    kind: Literal["line_of_sight", "fpv", "chase"] = "line_of_sight"
    pilot: Vec3 = (0.0, -5.0, 1.7)
    uptilt_deg: Annotated[float, Field(ge=0.0, le=60.0)] = 25.0
    fov_deg: Annotated[float, Field(gt=30.0, le=150.0)] = 110.0


class Spawn(Model):
    """Where the drone starts: on a pad (disarmed) or in the air (``flying``: armed and
    hovering at ``position`` in the first allowed mode)."""

    position: Vec3 = (0.0, 0.0, 0.0)
    """z = 0: standing on the ground."""
    yaw_deg: float = 90.0
    flying: bool = False
    charge: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0
    """Battery state of charge at the start, 0-1."""


class Camera(Model):
    """The drone's camera for captures: a stabilised gimbal whose pitch the pilot sets
    (0 level, -90 straight down), with this field of view and resolution."""

    fov_deg: Annotated[float, Field(gt=10.0, lt=170.0)] = 82.0
    width_px: Annotated[int, Field(gt=0)] = 1920
    height_px: Annotated[int, Field(gt=0)] = 1080
    min_ring_px: Positive = 20.0
    """A ring smaller than this across in the image cannot be judged whole: no capture."""


# --- limits and scoring ------------------------------------------------------------------------
class Limit(Model):
    """A limit and the error a breach is."""

    severity: Severity = "major"


class Geofence(Limit):
    """The drone must stay inside this polygon (x, y vertices, world ENU)."""

    polygon: tuple[Vec2, ...] = Field(min_length=3)


class Ceiling(Limit):
    height: Positive


class LineOfSight(Limit):
    """The drone must stay within ``distance`` of the pilot (``view.pilot``)."""

    distance: Positive


class Limits(Model):
    time_s: Positive = 300.0
    geofence: Geofence | None = None
    ceiling: Ceiling | None = None
    line_of_sight: LineOfSight | None = None


class Scoring(Model):
    """Pass and fail rules. The error rule is the UK CAA practical-assessment one by default:
    ``minor_limit`` minor errors or ``major_limit`` major errors or any safety error fail.
    Each error costs its penalty in points; ``severity`` changes the severity of a named
    error kind (exercises/errors.py lists them)."""

    pass_score: Annotated[float, Field(ge=0.0, le=100.0)] = 70.0
    minor_limit: Annotated[int, Field(ge=1)] = 7
    major_limit: Annotated[int, Field(ge=1)] = 3
    minor_penalty: NonNegative = 2.0
    major_penalty: NonNegative = 10.0
    severity: dict[str, Severity] = {}


# --- objectives -----------------------------------------------------------------------------
class Objective(Model):
    """Fields every objective has."""

    id: str | None = None
    """A name for the objective (default: its kind and position)."""
    title: Text | None = None
    feedback: Text | None = None
    """The exercise author's advice, shown when the objective was not done well (not done,
    or less than 70 % of its points)."""
    points: NonNegative = 10.0
    required: bool = True
    """A required objective not completed fails the exercise."""


class Zone(Model):
    """An upright box: ``center`` and ``size`` (x, y, z extents), or a cylinder when
    ``radius`` is given (then ``size`` gives only its height as z)."""

    center: Vec3
    size: Vec3 | None = None
    radius: Positive | None = None
    height: Positive = 1.0

    @model_validator(mode="after")
    def _shape(self) -> Zone:
        if (self.size is None) == (self.radius is None):
            raise ValueError("a zone has either a size [x, y, z] or a radius (and height)")
        return self


HeadingRule = Literal["any", "tail_in", "nose_in", "side_on", "fixed"]


class TakeOff(Objective):
    """Arm and climb above ``height`` m above ground within ``within_s`` s of the start.
    Quality: full points when done."""

    kind: Literal["takeoff"]
    height: Positive = 1.5
    within_s: Positive = 30.0


class Hold(Objective):
    """Stay inside ``zone`` for ``duration_s`` s in a row, with the nose as ``heading`` says
    relative to the pilot: ``tail_in`` (nose pointing away from the pilot), ``nose_in``
    (towards the pilot), ``side_on`` (either side towards the pilot), ``fixed`` (``yaw_deg``),
    within ``heading_tolerance_deg``. Leaving the zone (or the heading) restarts the clock, and
    costs a minor error once the hold had lasted 2 s (passing through is not holding).
    Quality: from the mean distance to the zone's centre relative to the zone's half size (0
    at the centre: full points)."""

    kind: Literal["hold"]
    zone: Zone
    duration_s: Positive
    heading: HeadingRule = "any"
    yaw_deg: float | None = None
    heading_tolerance_deg: Annotated[float, Field(gt=0.0, le=180.0)] = 30.0

    @model_validator(mode="after")
    def _fixed(self) -> Hold:
        if (self.heading == "fixed") != (self.yaw_deg is not None):
            raise ValueError("heading 'fixed' and yaw_deg go together")
        return self


class Waypoints(Objective):
    """Reach each point in order (within ``radius``), with the heading rule of :class:`Hold`
    (a heading lost after it was first held costs a minor error). Quality: from the mean
    distance of the path from the straight lines between the points, relative to
    ``corridor``."""

    kind: Literal["waypoints"]
    waypoints: tuple[Vec3, ...] = Field(min_length=1)
    radius: Positive = 1.0
    corridor: Positive = 2.0
    heading: HeadingRule = "any"
    yaw_deg: float | None = None
    heading_tolerance_deg: Annotated[float, Field(gt=0.0, le=180.0)] = 45.0

    @model_validator(mode="after")
    def _fixed(self) -> Waypoints:
        if (self.heading == "fixed") != (self.yaw_deg is not None):
            raise ValueError("heading 'fixed' and yaw_deg go together")
        return self


class Gates(Objective):
    """Pass the named gates in order, forwards, ``laps`` times. A lap is timed from passing
    the first gate to passing it again, the last lap to passing the last gate. Passing one of
    the objective's gates backwards, or out of order, costs a minor error. Quality: full
    points within ``par_s`` per lap, falling to half at twice that."""

    kind: Literal["gates"]
    gates: tuple[str, ...] = Field(min_length=1)
    laps: Annotated[int, Field(ge=1)] = 1
    par_s: Positive | None = None


class Orbit(Objective):
    """Circle ``center`` (x, y) at ``radius`` and ``height`` for ``turns`` turns in
    ``direction`` (``ccw``, ``cw`` seen from above, or ``any``), keeping the camera (the
    nose) on the centre when ``camera_on_center``. Only flight within ``radius_tolerance``
    and ``height_tolerance`` (and the camera within ``camera_tolerance_deg``) counts towards
    the turns; leaving them once on the track costs a minor error. Quality: from the RMS
    radius and height errors relative to the tolerances."""

    kind: Literal["orbit"]
    center: Vec2
    radius: Positive
    height: Positive
    turns: Positive = 1.0
    direction: Literal["ccw", "cw", "any"] = "any"
    radius_tolerance: Positive = 1.5
    height_tolerance: Positive = 1.0
    camera_on_center: bool = True
    camera_tolerance_deg: Annotated[float, Field(gt=0.0, le=180.0)] = 30.0


class FigureEight(Objective):
    """A figure eight of two circles of ``radius`` touching at ``center``, their centres on
    the line at ``axis_deg`` (yaw convention): one circle counter-clockwise and the other
    clockwise, at ``height``. Done when both circles are flown round (counted as for an
    orbit, within ``tolerance`` of the circles and of the height; leaving that once on it
    costs a minor error). Quality: from the RMS distance to the figure."""

    kind: Literal["figure_eight"]
    center: Vec2
    radius: Positive
    height: Positive
    axis_deg: float = 0.0
    tolerance: Positive = 1.5


class Lane(Objective):
    """Fly along a lane from ``start`` to ``end`` (x, y), at a height within
    ``height_band``, within ``width``/2 of its centre line; leaving it costs a minor error.
    Done on reaching the end. Quality: from the mean lateral offset relative to the half
    width."""

    kind: Literal["lane"]
    start: Vec2
    end: Vec2
    width: Positive = 4.0
    height_band: Vec2 = (1.0, 10.0)
    max_speed: Positive | None = None
    """Faster than this (m/s) along the lane costs a minor error (surveys fly slowly)."""


class Land(Objective):
    """Land on ``pad`` (its centre within ``radius``, default the pad's radius), touching
    down slower than ``max_touchdown_speed`` m/s, and disarm. A landing off the pad or a hard
    touchdown costs a major error. Quality: from the distance to the pad's centre."""

    kind: Literal["land"]
    pad: str = "home"
    radius: Positive | None = None
    max_touchdown_speed: Positive = 1.0
    disarm: bool = True


class Capture(Objective):
    """Photograph the called targets in order, one attempt each (the pilot's capture
    button): an attempt scores when every sample point of the target's ring is in the
    image and seen through the bucket's mouth (ray geometry, exercises/targets.py) and the
    ring is big enough to judge. Between ``altitude`` (min, max) above ground when set.
    Quality: captured / called."""

    kind: Literal["capture"]
    targets: tuple[str, ...] = Field(min_length=1)
    altitude: Vec2 | None = None


class FaultResponse(Objective):
    """A watcher: after the fault number ``fault`` (index in ``faults``) starts, the pilot
    must ``expect`` within ``within_s`` s:
    ``hold``: stay within ``radius`` of where the drone was when the fault started, for the
    whole ``within_s``; ``land``: be landed and disarmed (on ``pad`` when given);
    ``return``: come within ``radius`` of ``pad`` (default home) in the air or landed;
    ``stop``: bring the horizontal speed under 0.5 m/s.
    Failing costs a major error. Quality: full points when met."""

    kind: Literal["fault_response"]
    fault: Annotated[int, Field(ge=0)] = 0
    expect: Literal["hold", "land", "return", "stop"]
    within_s: Positive
    radius: Positive = 3.0
    pad: str | None = None


class AltitudeBand(Objective):
    """A watcher: while working (airborne, with an objective other than the take-off or the
    landing current, once first inside the band), stay between ``min`` and ``max`` m above
    ground. Each excursion costs a
    minor error (a major one beyond ``margin`` m outside the band). Quality: the fraction of
    that time spent inside the band."""

    kind: Literal["altitude_band"]
    min: NonNegative = 0.0
    max: Positive = 120.0
    margin: Positive = 2.0

    @model_validator(mode="after")
    def _order(self) -> AltitudeBand:
        if self.min >= self.max:
            raise ValueError("min must be below max")
        return self


AnyObjective = Annotated[
    TakeOff
    | Hold
    | Waypoints
    | Gates
    | Orbit
    | FigureEight
    | Lane
    | Land
    | Capture
    | FaultResponse
    | AltitudeBand,
    Field(discriminator="kind"),
]
OBJECTIVE_KINDS = (
    "takeoff", "hold", "waypoints", "gates", "orbit", "figure_eight", "lane", "land", "capture",
    "fault_response", "altitude_band",
)  # fmt: skip
WATCHERS = ("altitude_band", "fault_response")
"""Objective kinds that judge alongside the others instead of in turn."""


class Course(Model):
    """A course of the curriculum: exercises whose ``course`` is this id, in their order."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    order: Annotated[int, Field(ge=0)]
    title: Text
    description: Text


# --- the exercise ----------------------------------------------------------------------------
class Exercise(Model):
    """One exercise (see the module text)."""

    id: str = Field(pattern=ID_PATTERN)
    course: str
    order: Annotated[int, Field(ge=0)] = 0
    title: Text
    briefing: Text
    tips: Text | None = None
    airframe: str
    modes: tuple[Literal["acro", "angle", "horizon", "position", "altitude"], ...] = Field(
        min_length=1
    )
    view: View = View()
    weather: Weather = Weather()
    faults: tuple[FaultEvent, ...] = ()
    spawn: Spawn = Spawn()
    camera: Camera = Camera()
    world: World = World()
    limits: Limits = Limits()
    scoring: Scoring = Scoring()
    objectives: tuple[AnyObjective, ...] = Field(min_length=1)
    needs_movement: bool = True
    """False only for an exercise a pilot could pass without touching the sticks."""

    @field_validator("airframe")
    @classmethod
    def _airframe(cls, name: str) -> str:
        known = airframes.names()
        if name not in known:
            raise ValueError(f"unknown airframe {name!r}; known: {', '.join(known)}")
        return name

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        gps = self.airframe.startswith("camera-")
        allowed = CAMERA_MODES if gps else FPV_MODES
        wrong = [m for m in self.modes if m not in allowed]
        if wrong:
            raise ValueError(
                f"modes: {wrong} do not exist on {self.airframe}; it flies {', '.join(allowed)}"
            )
        self._check_references()
        unknown = sorted(set(self.scoring.severity) - set(ERRORS))
        if unknown:
            raise ValueError(
                f"scoring.severity: unknown error kind(s) {unknown}; known: {', '.join(ERRORS)}"
            )
        ids = [objective_id(o, i) for i, o in enumerate(self.objectives)]
        dup = {n for n in ids if ids.count(n) > 1}
        if dup:
            raise ValueError(f"objective ids must be unique; repeated: {sorted(dup)}")
        return self

    def _check_references(self) -> None:
        """Every pad, gate, target and fault an objective names exists."""
        pads = {p.name for p in self.world.pads}
        gates = {g.name for g in self.world.gates}
        targets = {f"{s.name}{b}" for s in self.world.stands for b in ("A", "B", "C", "D", "up")}
        for i, o in enumerate(self.objectives):
            where = f"objectives[{i}]"
            if isinstance(o, Land) and o.pad not in pads:
                raise ValueError(f"{where}.pad: unknown pad {o.pad!r}; pads: {sorted(pads)}")
            if isinstance(o, FaultResponse):
                if o.fault >= len(self.faults):
                    raise ValueError(
                        f"{where}.fault: no fault {o.fault}; the exercise has {len(self.faults)}"
                    )
                if o.pad is not None and o.pad not in pads:
                    raise ValueError(f"{where}.pad: unknown pad {o.pad!r}; pads: {sorted(pads)}")
            if isinstance(o, Gates):
                missing = [g for g in o.gates if g not in gates]
                if missing:
                    raise ValueError(
                        f"{where}.gates: unknown gates {missing}; gates: {sorted(gates)}"
                    )
            if isinstance(o, Capture):
                missing = [t for t in o.targets if t not in targets]
                if missing:
                    raise ValueError(f"{where}.targets: unknown targets {missing[:5]}")

    @property
    def version(self) -> int:
        return int(self.id.rsplit("-v", 1)[1])

    @property
    def uses_gps(self) -> bool:
        return self.airframe.startswith("camera-")


def objective_id(objective: Objective, index: int) -> str:
    """The objective's id, or ``<kind>-<index + 1>``."""
    return objective.id or f"{objective.kind}-{index + 1}"  # type: ignore[attr-defined]
