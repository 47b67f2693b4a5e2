import { describe, expect, it } from "vitest";
import { gamepadProfile, preset, presetFor, presets, radioProfile } from "../../../src/input/preset";

describe("presets", () => {
  it("puts EdgeTX sticks on the axes of their channel order (CH1-CH4 = axes 0-3)", () => {
    const aetr = radioProfile("AETR");
    expect([aetr.roll.axis, aetr.pitch.axis, aetr.throttle.axis, aetr.yaw.axis]).toEqual([0, 1, 2, 3]);
    const reta = radioProfile("RETA");
    expect([reta.yaw.axis, reta.pitch.axis, reta.throttle.axis, reta.roll.axis]).toEqual([0, 1, 2, 3]);
    const taer = radioProfile("TAER");
    expect([taer.throttle.axis, taer.roll.axis, taer.pitch.axis, taer.yaw.axis]).toEqual([0, 1, 2, 3]);
    expect(aetr.roll.invert || aetr.pitch.invert || aetr.yaw.invert || aetr.throttle.invert).toBe(false);
    expect(aetr.arm).toEqual({ kind: "axis", index: 4, off: -1, on: 1 });
    expect(aetr.mode).toEqual({ kind: "axis", index: 5, positions: [-1, 0, 1] });
  });

  it("maps the W3C standard gamepad by layout", () => {
    const m2 = gamepadProfile(2);
    expect([m2.yaw.axis, m2.throttle.axis, m2.roll.axis, m2.pitch.axis]).toEqual([0, 1, 2, 3]);
    expect([m2.throttle.invert, m2.pitch.invert]).toEqual([true, true]);
    const m1 = gamepadProfile(1);
    expect([m1.yaw.axis, m1.pitch.axis, m1.roll.axis, m1.throttle.axis]).toEqual([0, 1, 2, 3]);
    expect(m1.layout).toBe(1);
  });

  it("chooses by the browser's mapping and lists four presets", () => {
    expect(presetFor({ mapping: "standard" }).id).toBe("gamepad-standard");
    expect(presetFor({ mapping: "" }).id).toBe("edgetx-aetr");
    expect(presets().map((p) => p.id)).toEqual(["edgetx-aetr", "edgetx-reta", "edgetx-taer", "gamepad-standard"]);
    expect(preset("edgetx-reta", 1).profile.layout).toBe(1);
  });
});
