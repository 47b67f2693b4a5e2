import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputHub } from "../../../src/input/hub";
import type { InputSample } from "../../../src/input/hands";
import { radioProfile } from "../../../src/input/preset";
import { fakePad } from "./fake";
import * as api from "../../../src/input/index";

describe("InputHub", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "performance"] }));
  afterEach(() => vi.useRealTimers());

  function setup(hidden = { hidden: false }) {
    const pad = fakePad();
    const nav: { getGamepads?: () => (typeof pad | null)[] } = {};
    const keys = new EventTarget();
    const hub = new InputHub({ profile: null, navigator: nav, keyboardTarget: keys, visibility: hidden });
    const got: InputSample[] = [];
    hub.onSample((s) => got.push(s));
    return { pad, nav, keys, hub, got };
  }
  const press = (target: EventTarget, type: string, code: string): void => {
    target.dispatchEvent(Object.assign(new Event(type, { cancelable: true }), { code, repeat: false }));
  };

  it("polls every 4 ms, emits on change and a heartbeat, timestamps with performance.now", () => {
    const { pad, nav, hub, got } = setup();
    nav.getGamepads = () => [pad];
    hub.start();
    vi.advanceTimersByTime(200);
    expect(got.map((s) => s.t)).toEqual([0, 100, 200]);
    expect(got[0]).toMatchObject({ source: "gamepad", throttle: 0, roll: 0 });
    pad.axes[0] = 0.5; // AETR preset: roll
    vi.advanceTimersByTime(4);
    expect(got.at(-1)?.t).toBe(204);
    expect(got.at(-1)?.roll).toBeCloseTo((0.5 - 0.02) / 0.98, 12); // the preset's 2 % deadband
    expect(hub.latest()).toBe(got.at(-1));
    hub.stop();
    vi.advanceTimersByTime(1000);
    expect(got.length).toBe(4);
  });

  it("flies on the keyboard without a pad, and hands the sticks back to the pad when it moves", () => {
    const { pad, nav, keys, hub, got } = setup();
    hub.start();
    press(keys, "keydown", "ArrowRight");
    vi.advanceTimersByTime(1000);
    expect(got.at(-1)).toMatchObject({ source: "keyboard", roll: 1 });
    nav.getGamepads = () => [pad];
    vi.advanceTimersByTime(8);
    // the keyboard was used last: it keeps the sticks until the pad moves
    expect(got.at(-1)?.source).toBe("keyboard");
    pad.axes[1] = 0.3;
    vi.advanceTimersByTime(8);
    expect(got.at(-1)?.source).toBe("gamepad");
    expect(got.at(-1)?.pitch).toBeCloseTo((0.3 - 0.02) / 0.98, 12);
  });

  it("keeps the pad's sticks when only a keyboard switch key is pressed, taking that switch", () => {
    const { pad, nav, keys, got } = ((s) => {
      s.hub.setProfile({ ...radioProfile("AETR"), arm: null });
      s.hub.start();
      return s;
    })(setup());
    nav.getGamepads = () => [pad];
    pad.axes[2] = 0; // half throttle
    vi.advanceTimersByTime(8);
    press(keys, "keydown", "KeyT");
    vi.advanceTimersByTime(8);
    expect(got.at(-1)).toMatchObject({ source: "gamepad", throttle: 0.5, arm: true });
  });

  it("centres the sticks, holds the throttle and lets go of the keys while the tab is hidden", () => {
    const vis = { hidden: false };
    const { pad, nav, keys, hub, got } = setup(vis);
    nav.getGamepads = () => [pad];
    pad.axes = [0.4, 0.4, 0.2, 0.4, 1, 1, 0, 0];
    hub.start();
    vi.advanceTimersByTime(4);
    vis.hidden = true;
    pad.axes[2] = 1;
    vi.advanceTimersByTime(4);
    expect(got.at(-1)).toMatchObject({ roll: 0, pitch: 0, yaw: 0, throttle: 0.6, arm: true, modeSwitch: 2 });
    press(keys, "keydown", "ArrowUp");
    vi.advanceTimersByTime(500);
    expect(hub.latest().pitch).toBe(0);
  });

  it("returns neutral hands before the first poll and answers the test override", () => {
    const { hub } = setup();
    expect(hub.latest()).toMatchObject({ roll: 0, throttle: 0, arm: false, source: "keyboard" });
    hub.override({ ...hub.latest(), throttle: 0.7 });
    hub.poll();
    expect(hub.latest()).toMatchObject({ throttle: 0.7, source: "test" });
  });
});

describe("input/index", () => {
  it("exports the hub and the stick view the fly page codes against", () => {
    expect(typeof api.InputHub).toBe("function");
    expect(typeof api.InputHub.load).toBe("function");
    expect(typeof api.mountStickView).toBe("function");
  });
});

describe("InputHub.load", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("GETs /api/profile/input and starts from the saved profile", async () => {
    const saved = radioProfile("TAER");
    const fetch = vi.fn(async () => new Response(JSON.stringify(saved), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    const hub = await InputHub.load({ navigator: {} });
    expect(fetch).toHaveBeenCalledWith("/api/profile/input", { headers: { Accept: "application/json" } });
    expect(hub.currentProfile()).toEqual(saved);
  });

  it("falls back to the presets when there is no profile or no server", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("", { status: 404 })));
    expect((await InputHub.load({ navigator: {} })).currentProfile()).toBeNull();
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("network"))));
    expect((await InputHub.load({ navigator: {} })).currentProfile()).toBeNull();
  });
});
