import { describe, expect, it } from "vitest";
import { KEYMAP, KEY_CAPS, KeyboardSource, RATES } from "../../../src/input/keyboard";

describe("KeyboardSource", () => {
  it("deflects a held stick progressively and springs back when let go", () => {
    const k = new KeyboardSource();
    k.hands(0);
    k.key("ArrowRight", true, 0);
    expect(k.hands(100).roll).toBeCloseTo(RATES.deflect * 0.1, 12);
    expect(k.hands(1000).roll).toBe(1);
    k.key("ArrowRight", false, 1000);
    expect(k.hands(1050).roll).toBeCloseTo(1 - RATES.spring * 0.05, 12);
    expect(k.hands(2000).roll).toBe(0);
    expect(k.busy()).toBe(false);
  });

  it("signs: right, forward, clockwise positive", () => {
    const k = new KeyboardSource();
    k.hands(0);
    k.key("ArrowLeft", true, 0);
    k.key("ArrowUp", true, 0);
    k.key("KeyF", true, 0);
    const h = k.hands(1000);
    expect([h.roll, h.pitch, h.yaw]).toEqual([-1, 1, 1]);
  });

  it("leaves the throttle where it was let go", () => {
    const k = new KeyboardSource();
    k.hands(0);
    k.key("KeyE", true, 0);
    k.key("KeyE", false, 500);
    expect(k.hands(5000).throttle).toBeCloseTo(RATES.throttle * 0.5, 12);
    k.key("KeyD", true, 5000);
    expect(k.hands(10000).throttle).toBe(0);
  });

  it("toggles arm and RTH on presses (not on auto-repeat) and picks the mode position", () => {
    const k = new KeyboardSource();
    k.key("KeyT", true, 0);
    k.key("KeyT", true, 30, true);
    k.key("KeyT", false, 60);
    expect(k.hands(70).arm).toBe(true);
    k.key("KeyT", true, 100);
    expect(k.hands(110).arm).toBe(false);
    k.key("Digit3", true, 120);
    k.key("KeyH", true, 120);
    expect(k.hands(130)).toMatchObject({ modeSwitch: 2, rth: true });
    expect(k.lastStickActivity).toBe(-Infinity); // switches do not take the sticks
  });

  it("listens on an injected target and ignores typing in a text field", () => {
    const target = new EventTarget();
    let now = 0;
    const k = new KeyboardSource();
    k.attach(target, () => now);
    const key = (type: string, code: string, extra: object = {}): Event =>
      Object.assign(new Event(type, { cancelable: true }), { code, repeat: false, ...extra });
    const e = key("keydown", "ArrowUp");
    target.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    now = 1000;
    expect(k.hands(now).pitch).toBe(1);
    target.dispatchEvent(new Event("blur"));
    expect(k.hands(2000).pitch).toBe(0);
    const typed = key("keydown", "KeyT");
    Object.defineProperty(typed, "target", { value: { tagName: "INPUT" } });
    target.dispatchEvent(typed);
    expect(k.hands(2000).arm).toBe(false);
    k.dispose();
    target.dispatchEvent(key("keydown", "KeyT"));
    expect(k.hands(2000).arm).toBe(false);
  });

  it("has a key cap for every mapped key", () => {
    expect(Object.keys(KEY_CAPS).sort()).toEqual(Object.keys(KEYMAP).sort());
  });
});
