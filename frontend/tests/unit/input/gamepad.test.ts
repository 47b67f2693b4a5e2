import { describe, expect, it } from "vitest";
import { GamepadSource } from "../../../src/input/gamepad";
import type { NavigatorLike, PadLike } from "../../../src/input/raw";
import { fakePad } from "./fake";

describe("GamepadSource", () => {
  it("calls getGamepads on every poll, so a fake swapped in later is seen", () => {
    const nav: NavigatorLike = {};
    const src = new GamepadSource(nav);
    expect(src.poll(0)).toBeNull();
    const pad = fakePad();
    let calls = 0;
    nav.getGamepads = () => {
      calls++;
      return [pad, null];
    };
    expect(src.poll(4)?.axes).toEqual([0, 0, -1, 0, -1, -1, 0, 0]);
    pad.axes[0] = 0.5; // a live object (Firefox) or a new snapshot (Chromium): read afresh
    expect(src.poll(8)?.axes[0]).toBe(0.5);
    expect(calls).toBe(2);
    expect([...src.seen]).toEqual(["Test Radio"]);
  });

  it("copies the pad: a snapshot does not change when the device does", () => {
    const pad = fakePad();
    const src = new GamepadSource({ getGamepads: () => [pad] });
    const snap = src.poll(0)!;
    pad.axes[1] = 1;
    expect(snap.axes[1]).toBe(0);
  });

  it("picks the pad the pilot wiggles among several, then keeps it", () => {
    const a = fakePad({ id: "Pad A", index: 0 });
    const b = fakePad({ id: "Pad B", index: 1 });
    const src = new GamepadSource({ getGamepads: () => [a, b] });
    expect(src.poll(0)?.id).toBe("Pad A"); // none chosen yet: the first
    b.axes[3] = 0.6;
    expect(src.poll(4)?.id).toBe("Pad B");
    expect(src.chosenPad()).toEqual({ id: "Pad B", index: 1 });
    a.axes[0] = 1;
    expect(src.poll(8)?.id).toBe("Pad B");
  });

  it("finds the profile's pad by id when it came back at another index", () => {
    const a = fakePad({ id: "Pad A", index: 0 });
    const b = fakePad({ id: "Radio", index: 2 });
    const src = new GamepadSource({ getGamepads: () => [a, null, b] }, { id: "Radio", index: 1 });
    expect(src.poll(0)?.id).toBe("Radio");
  });

  it("skips disconnected pads and survives a throwing getGamepads", () => {
    const gone: PadLike = { ...fakePad(), connected: false };
    expect(new GamepadSource({ getGamepads: () => [gone] }).poll(0)).toBeNull();
    const src = new GamepadSource({
      getGamepads: () => {
        throw new Error("blocked by permissions policy");
      },
    });
    expect(src.poll(0)).toBeNull();
  });

  it("measures the pad's refresh rate from changes of its timestamp", () => {
    const pad = fakePad();
    const src = new GamepadSource({ getGamepads: () => [pad] });
    for (let t = 0; t < 2000; t += 1) {
      if (t % 4 === 0) pad.timestamp = t; // the browser refreshes it every 4 ms
      src.poll(t);
    }
    expect(src.refreshHz(1999)).toBe(250);
  });
});
