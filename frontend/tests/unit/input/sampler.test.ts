import { describe, expect, it } from "vitest";
import { HEARTBEAT_MS, MAX_INPUT_HZ, Sampler } from "../../../src/input/sampler";
import { neutralHands, type Hands } from "../../../src/input/hands";

const h = (over: Partial<Hands> = {}): Hands => ({ ...neutralHands(), ...over });

describe("Sampler", () => {
  it("emits the first poll, then only on change", () => {
    const s = new Sampler();
    expect(s.next(h(), "gamepad", 0, false)?.t).toBe(0);
    expect(s.next(h(), "gamepad", 4, false)).toBeNull();
    expect(s.next(h({ roll: 0.1 }), "gamepad", 8, false)?.roll).toBe(0.1);
    expect(s.next(h({ roll: 0.1 }), "gamepad", 12, false)).toBeNull();
  });

  it("sends a heartbeat every 100 ms when nothing changes", () => {
    const s = new Sampler();
    s.next(h(), "gamepad", 0, false);
    const sent: number[] = [];
    for (let t = 4; t <= 400; t += 4) if (s.next(h(), "gamepad", t, false)) sent.push(t);
    expect(HEARTBEAT_MS).toBe(100);
    expect(sent).toEqual([100, 200, 300, 400]);
  });

  it("caps the rate at MAX_INPUT_HZ and sends a held-back change at the next poll", () => {
    expect(MAX_INPUT_HZ).toBe(250);
    const s = new Sampler();
    s.next(h(), "gamepad", 0, false);
    expect(s.next(h({ pitch: 0.2 }), "gamepad", 1, false)).toBeNull();
    expect(s.next(h({ pitch: 0.3 }), "gamepad", 2, false)).toBeNull();
    expect(s.next(h({ pitch: 0.4 }), "gamepad", 4, false)?.pitch).toBe(0.4);
    // a jittering device polled every millisecond gets at most 250 samples a second
    let n = 0;
    for (let t = 5; t <= 1004; t += 1) if (s.next(h({ pitch: t / 2000 }), "gamepad", t, false)) n++;
    expect(n).toBe(250);
  });

  it("centres the sticks and holds the throttle and switches while the tab is hidden", () => {
    const s = new Sampler();
    s.next(h({ roll: 0.5, pitch: -0.5, yaw: 0.3, throttle: 0.6, arm: true, modeSwitch: 2 }), "gamepad", 0, false);
    const hid = s.next(h({ roll: 0.9, throttle: 0.1, arm: true, modeSwitch: 2 }), "gamepad", 10, true);
    expect(hid).toMatchObject({ roll: 0, pitch: 0, yaw: 0, throttle: 0.6, arm: true, modeSwitch: 2 });
    // still hidden: the throttle stays where it was when the tab was hidden
    expect(s.next(h({ throttle: 0.9, arm: true, modeSwitch: 2 }), "gamepad", 110, true)).toMatchObject({ throttle: 0.6 });
    // visible again: live hands
    expect(s.next(h({ roll: 0.9, throttle: 0.1 }), "gamepad", 120, false)).toMatchObject({ roll: 0.9, throttle: 0.1 });
  });

  it("emits when only the source changes", () => {
    const s = new Sampler();
    s.next(h(), "gamepad", 0, false);
    expect(s.next(h(), "keyboard", 10, false)?.source).toBe("keyboard");
  });
});
