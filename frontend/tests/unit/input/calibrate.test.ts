import { describe, expect, it } from "vitest";
import { Calibration, HOLD_MS, modeSelector } from "../../../src/input/calibrate";
import { Mapper } from "../../../src/input/mapping";
import { radioProfile } from "../../../src/input/preset";
import type { RawPad } from "../../../src/input/raw";

// A radio whose channels are in no usual order: pitch on axis 0, roll on axis 2 (reversed),
// arm switch on axis 3, throttle on axis 5, yaw on axis 7; trims off centre; the 3-position
// mode switch sends buttons 10 (up) and 11 (down), nothing in the middle; RTH on button 12.
const AXES = 8;
interface Sticks { thr: number; roll: number; pitch: number; yaw: number; arm: number; }
const REST: Sticks = { thr: -1, roll: 0, pitch: 0, yaw: 0, arm: -1 };

function radio(s: Partial<Sticks> = {}, buttons: number[] = [], other: Partial<RawPad> = {}): RawPad {
  const v = { ...REST, ...s };
  const axes = new Array<number>(AXES).fill(0);
  axes[0] = 0.02 + 0.93 * v.pitch;
  axes[2] = -0.03 - 0.94 * v.roll;
  axes[3] = v.arm;
  axes[5] = 0.95 * v.thr;
  axes[7] = 0.01 + 0.95 * v.yaw;
  axes[6] = 0.004; // a noisy unused channel
  const b = Array.from({ length: 24 }, (_, i) => buttons.includes(i));
  return { id: "EdgeTX Radiomaster TX16S Joystick", index: 1, mapping: "", timestamp: 0, axes, buttons: b, ...other };
}

const other: RawPad = { id: "Gamepad", index: 0, mapping: "standard", timestamp: 0, axes: [0, 0, 0, 0], buttons: [] };

class Script {
  t = 0;
  constructor(readonly cal: Calibration) {}
  hold(pad: RawPad, ms: number): void {
    for (let end = this.t + ms; this.t < end; this.t += 10) this.cal.feed([other, pad], this.t);
  }
}

function calibrated(): Calibration {
  const cal = new Calibration(radioProfile("AETR"));
  const s = new Script(cal);
  s.hold(radio(), 50);
  expect(cal.step).toBe("pad");
  s.hold(radio({ yaw: 0.8 }), 20); // wiggle the radio, not the gamepad
  expect(cal.step).toBe("center");
  s.hold(radio({ thr: 0 }), 200);
  cal.next();
  expect(cal.step).toBe("sweep");
  for (const x of [-1, 1]) {
    s.hold(radio({ thr: x, yaw: x, pitch: x, roll: x }), 50);
  }
  s.hold(radio({ thr: 0 }), 50);
  cal.next();
  expect(cal.step).toBe("throttle");
  s.hold(radio({ thr: 1 }), HOLD_MS + 20);
  expect(cal.step).toBe("roll");
  s.hold(radio({ thr: 1, roll: 0.9 }), HOLD_MS + 20);
  expect(cal.step).toBe("pitch");
  s.hold(radio({ thr: 1 }), 100);
  s.hold(radio({ thr: 1, pitch: 1 }), HOLD_MS + 20);
  expect(cal.step).toBe("yaw");
  s.hold(radio({ thr: 0 }), 100);
  s.hold(radio({ thr: 0, yaw: 1 }), HOLD_MS + 20);
  expect(cal.step).toBe("arm");
  s.hold(radio(), 100);
  s.hold(radio({ arm: 1 }), HOLD_MS + 20);
  expect(cal.step).toBe("mode0");
  s.hold(radio({}, [10]), 50);
  cal.next();
  s.hold(radio({}, []), 50);
  cal.next();
  s.hold(radio({}, [11]), 50);
  cal.next();
  expect(cal.step).toBe("rth");
  s.hold(radio({}, [12]), 30);
  expect(cal.step).toBe("settings");
  return cal;
}

describe("Calibration", () => {
  it("finds every axis, its sign, centre and endpoints from named movements", () => {
    const p = calibrated().profile();
    expect(p.pad).toEqual({ id: "EdgeTX Radiomaster TX16S Joystick", index: 1 });
    expect(p.throttle).toEqual({ axis: 5, min: -0.95, max: 0.95, invert: false });
    expect(p.roll).toMatchObject({ axis: 2, invert: true, min: -0.97 });
    expect(p.roll.max).toBeCloseTo(0.91, 12);
    expect(p.roll.center).toBeCloseTo(-0.03, 12);
    expect(p.pitch).toMatchObject({ axis: 0, invert: false });
    expect(p.pitch.max).toBeCloseTo(0.95, 12);
    expect(p.pitch.min).toBeCloseTo(-0.91, 12);
    expect(p.pitch.center).toBeCloseTo(0.02, 12);
    expect(p.yaw).toMatchObject({ axis: 7, invert: false, min: -0.94, max: 0.96 });
    expect(p.yaw.center).toBeCloseTo(0.01, 12);
    expect(p.arm).toEqual({ kind: "axis", index: 3, off: -1, on: 1 });
    expect(p.mode).toEqual({ kind: "buttons", buttons: [10, -1, 11] });
    expect(p.rth).toEqual({ kind: "button", index: 12, toggle: false });
  });

  it("gives a profile that reads the radio back as the named movements", () => {
    const m = new Mapper(calibrated().profile());
    expect(m.hands(radio({ thr: 1, roll: 1, pitch: -1, yaw: -1, arm: 1 }, [11]))).toMatchObject({
      throttle: 1, roll: 1, pitch: -1, yaw: -1, arm: true, modeSwitch: 2, rth: false,
    });
    const rest = m.hands(radio({ thr: -1 }));
    expect([rest.roll, rest.pitch, rest.yaw, rest.throttle, rest.modeSwitch]).toEqual([0, 0, 0, 0, 1]);
  });

  it("does not end a movement step before the stick is held, nor on a small deflection", () => {
    const cal = new Calibration(radioProfile("AETR"));
    const s = new Script(cal);
    s.hold(radio(), 20);
    s.hold(radio({ yaw: 1 }), 20);
    s.hold(radio({ thr: 0 }), 50);
    cal.next();
    s.hold(radio({ thr: 1, yaw: 1, pitch: 1, roll: 1 }), 20);
    s.hold(radio({ thr: -1, yaw: -1, pitch: -1, roll: -1 }), 20);
    cal.next();
    s.hold(radio({ thr: 0.4 }), 1000);
    expect(cal.step).toBe("throttle");
    s.hold(radio({ thr: 1 }), HOLD_MS - 20);
    expect(cal.step).toBe("throttle");
    expect(cal.progress()).toBeGreaterThan(0.8);
  });

  it("refuses to leave the sweep until four axes went end to end", () => {
    const cal = new Calibration(radioProfile("AETR"));
    const s = new Script(cal);
    s.hold(radio(), 20);
    s.hold(radio({ yaw: 1 }), 20);
    s.hold(radio({ thr: 0 }), 50);
    cal.next();
    s.hold(radio({ thr: 1, yaw: 1 }), 20);
    s.hold(radio({ thr: -1, yaw: -1 }), 20);
    cal.next();
    expect(cal.step).toBe("sweep");
    expect(cal.problem).toBe("input.cal.problem.sweep");
  });

  it("lets the pilot skip switches the device does not have", () => {
    const cal = calibratedUntilArm();
    cal.skip();
    expect(cal.step).toBe("mode0");
    cal.skip();
    expect(cal.step).toBe("rth");
    cal.skip();
    const p = cal.profile();
    expect([p.arm, p.mode, p.rth]).toEqual([null, null, null]);
  });
});

function calibratedUntilArm(): Calibration {
  const cal = new Calibration(radioProfile("AETR"));
  const s = new Script(cal);
  s.hold(radio(), 20);
  s.hold(radio({ yaw: 1 }), 20);
  s.hold(radio({ thr: 0 }), 50);
  cal.next();
  s.hold(radio({ thr: 1, yaw: 1, pitch: 1, roll: 1 }), 20);
  s.hold(radio({ thr: -1, yaw: -1, pitch: -1, roll: -1 }), 20);
  cal.next();
  s.hold(radio({ thr: 1 }), HOLD_MS + 20);
  s.hold(radio({ roll: 1 }), HOLD_MS + 20);
  s.hold(radio({ pitch: 1 }), HOLD_MS + 20);
  s.hold(radio({ yaw: 1 }), HOLD_MS + 20);
  expect(cal.step).toBe("arm");
  return cal;
}

describe("modeSelector", () => {
  const shot = (axes: number[], pressed: number[] = []) => ({ axes, pressed: new Set(pressed) });
  it("finds a three-position switch on an axis", () => {
    expect(modeSelector([shot([0, -1]), shot([0, 0]), shot([0, 1])], new Set(), new Set())).toEqual({
      kind: "axis", index: 1, positions: [-1, 0, 1],
    });
  });
  it("ignores assigned axes and buttons held in every position", () => {
    expect(
      modeSelector([shot([-1, 0], [5, 14]), shot([0, 0], [5, 12]), shot([1, 0], [5, 15])], new Set([0]), new Set()),
    ).toEqual({ kind: "buttons", buttons: [14, 12, 15] });
  });
  it("refuses two positions without a button, or the same button twice", () => {
    expect(modeSelector([shot([0]), shot([0]), shot([0], [3])], new Set(), new Set())).toBeNull();
    expect(modeSelector([shot([0], [3]), shot([0]), shot([0], [3])], new Set(), new Set())).toBeNull();
  });
});
