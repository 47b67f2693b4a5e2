"""Betaflight emulation: mixer, PID terms, arming rules, failsafe, and closed-loop modes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dronedojo.fc import layout as L
from dronedojo.fc.betaflight import horizon_strength, mix, pid_axis
from dronedojo.fc.config import BetaflightConfig, FcConfig, params_row
from dronedojo.fc.controller import FcParams, PilotInput, event_names, readings_from_truth, step
from dronedojo.fc.rates import apply_rates
from dronedojo.physics import Environment, Params, airframes, initial_state
from dronedojo.physics import step as physics_step

DT = 0.001
STILL = Environment().without("wind", "turbulence", "gusts")


def motors(roll: float, pitch: float, yaw: float, throttle: float, airmode: bool):
    out = np.zeros(4)
    used = mix(out, roll, pitch, yaw, throttle, airmode)
    return out, used


def test_mixer_roll_raises_the_left_motors():
    out, used = motors(0.1, 0.0, 0.0, 0.5, True)
    assert out == pytest.approx([0.4, 0.4, 0.6, 0.6])
    assert used == 0.5


def test_mixer_pitch_and_yaw_signs():
    # + pitch (nose down) raises the rear motors 1 and 3
    out, _ = motors(0.0, 0.1, 0.0, 0.5, True)
    assert out == pytest.approx([0.6, 0.4, 0.6, 0.4])
    # + yaw (nose left) raises the clockwise motors 1 and 4, whose drag turns the body CCW
    out, _ = motors(0.0, 0.0, 0.1, 0.5, True)
    assert out == pytest.approx([0.6, 0.4, 0.4, 0.6])


def test_airmode_raises_throttle_to_keep_authority_at_zero_stick():
    out, used = motors(0.1, 0.0, 0.0, 0.0, True)
    assert used == pytest.approx(0.1)
    assert out == pytest.approx([0.0, 0.0, 0.2, 0.2])


def test_without_airmode_authority_halves_at_zero_throttle():
    out, used = motors(0.1, 0.0, 0.0, 0.0, False)
    # transition 0.5 + throttle = 0.5 scales the mix to +-0.05; the throttle clamp still
    # keeps every motor in range
    assert used == pytest.approx(0.05)
    assert out == pytest.approx([0.0, 0.0, 0.1, 0.1])


def test_mixer_normalises_a_spread_over_one():
    out, used = motors(0.8, 0.0, 0.0, 0.5, True)
    # spread 1.6 -> mix scaled by 1/1.6 to +-0.5; throttle 0.5 fits exactly
    assert out == pytest.approx([0.0, 0.0, 1.0, 1.0])
    assert used == pytest.approx(0.5)


def _fpv_rows(**overrides: object):
    config = FcConfig(kind="fpv", betaflight=BetaflightConfig(**overrides))  # type: ignore[arg-type]
    return params_row(config), np.zeros(L.STATE_SIZE)


def test_pid_terms_of_the_first_step_match_the_firmware_scales():
    q, s = _fpv_rows(iterm_relax_cutoff_hz=0.0)
    out = pid_axis(q, s, 0, 100.0, 0.0, 0.0, 1.0, False, DT)
    p_term = 0.032029 * 45 * 100.0
    i_term = 0.244381 * 80 * DT * 100.0
    assert out * 1000.0 == pytest.approx(p_term + i_term, rel=1e-12)
    assert s[L.F_ITERM] == pytest.approx(i_term, rel=1e-12)


def test_iterm_relax_stops_the_integrator_while_the_setpoint_moves():
    q, s = _fpv_rows()
    pid_axis(q, s, 0, 100.0, 0.0, 0.0, 1.0, False, DT)
    w = 2 * math.pi * 15.0 * DT
    low = w / (w + 1.0) * 100.0  # the 15 Hz PT1 of the setpoint after one step
    factor = max(0.0, 1.0 - (100.0 - low) / 40.0)
    assert factor == 0.0 and s[L.F_ITERM] == 0.0  # a 100 deg/s jump: no I at all
    for _ in range(2000):  # the setpoint has settled: the integrator runs at full rate
        pid_axis(q, s, 0, 100.0, 100.0 - 10.0, 0.0, 1.0, False, DT)
    before = s[L.F_ITERM]
    pid_axis(q, s, 0, 100.0, 90.0, 0.0, 1.0, False, DT)
    gyro_f = s[L.F_GYRO_F]
    assert s[L.F_ITERM] - before == pytest.approx(0.244381 * 80 * DT * (100.0 - gyro_f), rel=1e-9)


def test_yaw_i_gain_is_two_and_a_half_times_and_feedforward_scale():
    q, s = _fpv_rows()
    out = pid_axis(q, s, 2, 0.0, 0.0, 1000.0, 1.0, False, DT)
    assert out * 1000.0 == pytest.approx(0.013754 * 120 / 100 * 1000.0, rel=1e-12)
    pid_axis(q, s, 2, 10.0, 0.0, 0.0, 1.0, False, DT)
    assert s[L.F_ITERM + 2] == pytest.approx(0.244381 * 80 * 2.5 * DT * 10.0, rel=1e-12)


def test_iterm_is_limited_by_the_windup_fraction_of_the_pidsum_limit():
    q, s = _fpv_rows(iterm_relax_cutoff_hz=0.0)
    for _ in range(20000):
        out = pid_axis(q, s, 0, 1000.0, 0.0, 0.0, 1.0, False, DT)
    assert s[L.F_ITERM] == pytest.approx(0.8 * 500.0)
    assert out == pytest.approx(0.5)  # the sum is clipped at pidsum_limit / 1000


def test_horizon_strength_blends_by_inclination_and_stick():
    q, s = _fpv_rows()
    # steady state (the delay filter only slows increases): level, centred sticks -> I/100
    h = horizon_strength(q, s, 0.0, 0.0, DT)
    assert h == pytest.approx(0.75 * (1.0 - math.exp(-DT / 0.5)), rel=1e-3)  # delayed rise
    for _ in range(12000):
        h = horizon_strength(q, s, 0.0, 0.0, DT)
    assert h == pytest.approx(0.75, abs=1e-9)
    # a fall is immediate: 67.5 deg of inclination and 0.375 stick halve it twice
    h = horizon_strength(q, s, 67.5, 0.375, DT)
    assert h == pytest.approx(0.5 * 0.5 * 0.75, abs=1e-12)
    assert horizon_strength(q, s, 0.0, 0.75, DT) == 0.0  # full acro beyond the stick limit


class Flight:
    """One drone flown by the controller on perfect sensors."""

    def __init__(self, name: str = "fpv-5inch", height: float = 20.0, **config: object):
        airframe = airframes.get(name)
        self.params = Params.from_airframes([airframe])
        if config:
            fc_config = FcConfig(kind="fpv", betaflight=BetaflightConfig(**config))  # type: ignore[arg-type]
            self.fc = FcParams.from_configs([fc_config], [airframe])
        else:
            self.fc = FcParams.for_airframes([airframe])
        self.state = initial_state(self.params, position=(0.0, 0.0, height))
        self.fc_state = self.fc.initial_state()
        self.events: list[str] = []

    def fly(self, steps: int, env: Environment = STILL, **inputs: object) -> list[np.ndarray]:
        record = []
        pilot = PilotInput.of(1, **inputs)  # type: ignore[arg-type]
        for _ in range(steps):
            readings = readings_from_truth(self.state)
            self.fc_state, command, events = step(self.fc, self.fc_state, pilot, readings, DT)
            self.events += event_names(int(events[0]))
            self.state = physics_step(self.params, self.state, command, env, DT)
            record.append(self.state.x[0].copy())
        return record

    def arm(self, mode: str = "acro") -> None:
        self.fly(1, throttle=0.0, arm=0.0, mode=mode)
        self.fly(1, throttle=0.0, arm=1.0, mode=mode)
        assert self.fc_state.armed[0], self.fc_state.refusal


def test_arming_refusals_and_their_reasons():
    f = Flight(height=0.0)
    f.state = initial_state(f.params)  # standing on the ground
    f.fly(1, arm=1.0)
    assert f.fc_state.refusal == ["arm_switch"]  # on at start: toggle it
    f.fly(1, arm=0.0)
    f.fly(1, arm=1.0, throttle=0.5)
    assert f.fc_state.refusal == ["throttle"] and not f.fc_state.armed[0]
    f.fly(1, arm=0.0)
    f.fly(1, arm=1.0, link=0.0)  # no frames: the switch change never arrives
    assert not f.fc_state.armed[0] and f.fc_state.refusal == ["throttle"]
    f.fly(1, arm=0.0)
    f.fly(1, arm=1.0)
    assert f.fc_state.armed[0] and f.events.count("armed") == 1
    assert f.events.count("arm_refused") == 2
    f.fly(1, arm=0.0)
    assert not f.fc_state.armed[0] and "disarmed" in f.events


def test_arming_refused_when_tilted_beyond_small_angle():
    f = Flight(height=0.0)
    tilt = math.radians(30.0)
    x = initial_state(f.params).x.copy()
    x[0, 6:10] = [math.cos(tilt / 2), math.sin(tilt / 2), 0.0, 0.0]
    readings = readings_from_truth(type(f.state)(x))
    state = f.fc_state
    for arm in (0.0, 1.0):
        state, _, _ = step(f.fc, state, PilotInput.of(1, arm=arm), readings, DT)
    assert state.refusal == ["angle"]


def test_a_crash_disarms_and_blocks_arming_until_cleared():
    f = Flight(height=0.0)
    f.state = initial_state(f.params)
    f.arm()
    x = f.state.x.copy()
    x[0, 33] = 1.0  # the physics latched a crash
    readings = readings_from_truth(type(f.state)(x))
    state, _, events = step(f.fc, f.fc_state, PilotInput.of(1, arm=1.0, mode="acro"), readings, DT)
    assert not state.armed[0]
    assert event_names(int(events[0])) == ["disarmed", "crash_disarm"]
    state, _, _ = step(f.fc, state, PilotInput.of(1, arm=0.0), readings, DT)
    state, _, _ = step(f.fc, state, PilotInput.of(1, arm=1.0), readings, DT)
    assert state.refusal == ["crash"]


def test_failsafe_drop_disarms_after_the_delay():
    f = Flight()
    f.arm()
    f.fly(1499, throttle=0.3, arm=1.0, link=0.0)
    assert f.fc_state.armed[0] and f.fc_state.failsafe_stage.tolist() == [1]
    assert "link_lost" in f.events and "failsafe" not in f.events
    f.fly(2, throttle=0.3, arm=1.0, link=0.0)
    assert not f.fc_state.armed[0] and f.fc_state.failsafe_stage.tolist() == [2]
    assert "failsafe" in f.events and "disarmed" in f.events
    f.fly(1, throttle=0.0, arm=0.0)  # the link is back and the quad disarmed: recovered
    assert f.fc_state.failsafe_stage.tolist() == [0]


def test_stage_one_ends_when_the_link_returns_in_time():
    f = Flight()
    f.arm()
    f.fly(500, throttle=0.3, arm=1.0, link=0.0)
    f.fly(1, throttle=0.3, arm=1.0)
    assert f.fc_state.armed[0] and f.fc_state.failsafe_stage.tolist() == [0]
    assert "link_recovered" in f.events


def test_acro_roll_rate_step_response():
    """Half roll stick in ACRO on the 5-inch quad with Betaflight defaults."""
    f = Flight()
    f.arm("acro")
    hover = 0.278
    f.fly(300, throttle=hover, arm=1.0, mode="acro")
    target = float(apply_rates("actual", 0.5, 70.0, 670.0, 0.0))
    assert target == pytest.approx(185.0)
    rec = np.array(f.fly(400, roll=0.5, throttle=hover, arm=1.0, mode="acro"))
    rate = np.degrees(rec[:, 10])
    t90 = int(np.argmax(rate >= 0.9 * target)) + 1
    assert t90 <= 30  # ms from the stick step, RC smoothing included (measured 26)
    overshoot = rate.max() / target - 1.0
    assert overshoot < 0.25  # feedforward on a stick snap (measured 22 %); see the README
    tail = rate[250:]
    assert np.max(np.abs(tail - target)) < 2.0  # settled, no sustained oscillation


def test_angle_mode_holds_the_stick_angle_and_levels_when_released():
    f = Flight()
    f.arm("angle")
    hover = 0.278
    f.fly(1500, roll=0.5, throttle=hover, arm=1.0, mode="angle")
    assert f.fc_state.x[0, L.F_ANGLE_TARGET] == pytest.approx(60.0 * 185.0 / 670.0)
    w, x, y, z = f.state.quaternion[0]
    actual = math.degrees(math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y)))
    assert actual == pytest.approx(60.0 * 185.0 / 670.0, abs=1.0)
    f.fly(1500, throttle=hover, arm=1.0, mode="angle")
    w, x, y, z = f.state.quaternion[0]
    tilt = math.degrees(math.acos(1 - 2 * (x * x + y * y)))
    assert tilt < 1.0


def test_pilot_input_is_validated_with_the_field_named():
    with pytest.raises(ValueError, match=r"pilot input roll must be within \[-1.0, 1.0\]"):
        PilotInput.of(1, roll=1.5)
    with pytest.raises(ValueError, match="pilot input throttle"):
        PilotInput.of(2, throttle=[0.5, float("nan")])
    with pytest.raises(ValueError, match="unknown flight mode 'sport'; known: acro, angle"):
        PilotInput.of(1, mode="sport")
    x = PilotInput.of(2, roll=[0.5, -0.5], throttle=0.3, arm=1.0, mode="horizon").x
    assert x[:, L.I_ROLL].tolist() == [0.5, -0.5]
    assert x[:, L.I_MODE].tolist() == [L.MODE_HORIZON] * 2
    assert x[:, L.I_LINK].tolist() == [1.0, 1.0]


def _tilt_deg(f: Flight) -> float:
    _, x, y, _ = f.state.quaternion[0]
    return math.degrees(math.acos(1 - 2 * (x * x + y * y)))


def test_horizon_levels_near_centre_and_rolls_like_acro_at_full_stick():
    f = Flight()
    f.arm("horizon")
    hover = 0.278
    f.fly(1500, roll=0.3, throttle=hover, arm=1.0, mode="horizon")
    tilted = _tilt_deg(f)
    assert 5.0 < tilted < 90.0  # the level term holds a finite bank against the stick's rate
    f.fly(2000, throttle=hover, arm=1.0, mode="horizon")
    assert _tilt_deg(f) < 1.0  # sticks centred: it levels itself
    rec = np.array(f.fly(300, roll=1.0, throttle=hover, arm=1.0, mode="horizon"))
    # beyond horizon_limit_sticks (0.75) the blend is 0: full rate, as in ACRO
    assert np.degrees(rec[:, 10]).max() > 0.9 * 670.0
