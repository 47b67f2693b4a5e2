import { describe, expect, it } from "vitest";
import { Mapper, applyDeadband, applyExpo, rangeValue, stickValue } from "../../../src/input/mapping";
import { gamepadProfile, radioProfile } from "../../../src/input/preset";
import type { StickAxis } from "../../../src/input/profile";
import { neutralHands } from "../../../src/input/hands";
import { rawPad } from "./fake";

const s = (over: Partial<StickAxis> = {}): StickAxis => ({
  axis: 0, center: 0, min: -1, max: 1, invert: false, deadband: 0, expo: 0, ...over,
});

describe("stick mapping", () => {
  it("maps centre and both ends piecewise, so an off-centre trim still reaches both ends", () => {
    const a = s({ center: 0.1, min: -0.8, max: 0.9 });
    expect(stickValue(0.1, a)).toBe(0);
    expect(stickValue(0.9, a)).toBe(1);
    expect(stickValue(-0.8, a)).toBe(-1);
    expect(stickValue(0.5, a)).toBeCloseTo(0.5, 12);
    expect(stickValue(-0.35, a)).toBeCloseTo(-0.5, 12);
    expect(stickValue(1, a)).toBe(1); // beyond the recorded end: clamped
  });

  it("inverts", () => {
    expect(stickValue(0.5, s({ invert: true }))).toBe(-0.5);
  });

  it("applies the deadband as Betaflight does, rescaled to full deflection", () => {
    expect(applyDeadband(0.05, 0.1)).toBe(0);
    expect(applyDeadband(0.1, 0.1)).toBe(0);
    expect(applyDeadband(0.55, 0.1)).toBeCloseTo(0.5, 12);
    expect(applyDeadband(-1, 0.1)).toBe(-1);
    expect(stickValue(0.03, s({ deadband: 0.05 }))).toBe(0);
  });

  it("applies cubic expo", () => {
    expect(applyExpo(0.5, 0)).toBe(0.5);
    expect(applyExpo(0.5, 1)).toBe(0.125);
    expect(applyExpo(0.5, 0.5)).toBeCloseTo(0.3125, 12);
    expect(applyExpo(1, 0.7)).toBeCloseTo(1, 12);
  });

  it("maps a range axis from min (0) to max (1), inverted for a gamepad's y axis", () => {
    expect(rangeValue(-1, { axis: 2, min: -1, max: 1, invert: false })).toBe(0);
    expect(rangeValue(0, { axis: 2, min: -1, max: 1, invert: false })).toBe(0.5);
    expect(rangeValue(0.96, { axis: 2, min: -0.96, max: 0.96, invert: false })).toBe(1);
    expect(rangeValue(-1, { axis: 1, min: -1, max: 1, invert: true })).toBe(1);
  });
});

describe("Mapper", () => {
  it("reads a radio in AETR order with CH5 arm and CH6 three-position mode", () => {
    const m = new Mapper({ ...radioProfile("AETR"), roll: s({ axis: 0 }), pitch: s({ axis: 1 }), yaw: s({ axis: 3 }) });
    const h = m.hands(rawPad([0.5, -0.25, 0, 1, 1, 0.02, 0, 0]));
    expect(h).toEqual({ roll: 0.5, pitch: -0.25, yaw: 1, throttle: 0.5, arm: true, modeSwitch: 1, rth: false, gimbal: 0, capture: false });
    expect(m.hands(rawPad([0, 0, -1, 0, -1, 0.97])).modeSwitch).toBe(2);
    expect(m.hands(rawPad([0, 0, -1, 0, -1, -0.9])).arm).toBe(false);
  });

  it("reads a standard gamepad in mode 2: left stick up is full throttle, right stick up is pitch forward", () => {
    const p = gamepadProfile(2);
    p.roll.deadband = p.pitch.deadband = p.yaw.deadband = 0;
    const m = new Mapper(p);
    const h = m.hands(rawPad([0.5, -1, -0.5, -1], [], { mapping: "standard" }));
    expect(h.yaw).toBe(0.5);
    expect(h.throttle).toBe(1);
    expect(h.roll).toBe(-0.5);
    expect(h.pitch).toBe(1);
  });

  it("reads a standard gamepad in mode 1: throttle on the right stick, pitch on the left", () => {
    const p = gamepadProfile(1);
    p.pitch.deadband = 0;
    const m = new Mapper(p);
    const h = m.hands(rawPad([0, 0.5, 0, 1], [], { mapping: "standard" }));
    expect(h.pitch).toBe(-0.5);
    expect(h.throttle).toBe(0);
  });

  it("toggles arm on each press of a toggle button and latches the mode from d-pad buttons", () => {
    const m = new Mapper(gamepadProfile(2));
    const b = (...on: number[]): boolean[] => Array.from({ length: 17 }, (_, i) => on.includes(i));
    const axes = [0, 0, 0, 0];
    expect(m.hands(rawPad(axes, b())).arm).toBe(false);
    expect(m.hands(rawPad(axes, b(9))).arm).toBe(true);
    expect(m.hands(rawPad(axes, b(9))).arm).toBe(true); // held: no second toggle
    expect(m.hands(rawPad(axes, b())).arm).toBe(true);
    expect(m.hands(rawPad(axes, b(9))).arm).toBe(false);
    expect(m.hands(rawPad(axes, b(15))).modeSwitch).toBe(2);
    expect(m.hands(rawPad(axes, b())).modeSwitch).toBe(2); // latched
    expect(m.hands(rawPad(axes, b(12))).modeSwitch).toBe(1);
    expect(m.hands(rawPad(axes, b(0))).capture).toBe(true);
    expect(m.hands(rawPad(axes, b())).capture).toBe(false);
  });

  it("holds the idle position of a button selector while no button is pressed", () => {
    const m = new Mapper({ ...radioProfile("AETR"), mode: { kind: "buttons", buttons: [3, -1, 4] } });
    const b = (...on: number[]): boolean[] => Array.from({ length: 8 }, (_, i) => on.includes(i));
    const axes = [0, 0, -1, 0];
    expect(m.hands(rawPad(axes, b(3))).modeSwitch).toBe(0);
    expect(m.hands(rawPad(axes, b())).modeSwitch).toBe(1);
    expect(m.hands(rawPad(axes, b(4))).modeSwitch).toBe(2);
  });

  it("takes unmapped switches and gimbal from the other source (the keyboard)", () => {
    const m = new Mapper({ ...radioProfile("AETR"), arm: null, mode: null });
    const kb = { ...neutralHands(), arm: true, modeSwitch: 2, gimbal: -0.5 };
    const h = m.hands(rawPad([0, 0, -1, 0, -1, -1]), kb);
    expect(h.arm).toBe(true);
    expect(h.modeSwitch).toBe(2);
    expect(h.gimbal).toBe(-0.5);
  });

  it("maps a gimbal axis from min (straight down) to max (level)", () => {
    const m = new Mapper({ ...radioProfile("AETR"), gimbal: { axis: 6, min: -1, max: 1, invert: false } });
    expect(m.hands(rawPad([0, 0, -1, 0, -1, -1, -1])).gimbal).toBeCloseTo(-Math.PI / 2, 12);
    expect(m.hands(rawPad([0, 0, -1, 0, -1, -1, 1])).gimbal).toBe(0);
  });
});
