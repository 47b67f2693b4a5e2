import { describe, expect, it } from "vitest";
import { FieldLayout } from "../../../src/net/fields";
import { Timeline } from "../../../src/net/timeline";
import { STATE_FIELDS, circleFrame } from "./fixtures";

const layout = new FieldLayout(STATE_FIELDS);
const TICK = layout.index("tick");
const X = layout.index("x");
const Z = layout.index("z");
const QW = layout.index("qw");
const QZ = layout.index("qz");
const OBJECTIVE = layout.index("objective");
const INTERVAL = 1 / 60;

/** A deterministic random sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

interface Arrival {
  ms: number;
  k: number;
}

/** Frames 0..n-1 sent every 1/60 s from wall time 1000 ms, arriving 20 ms later plus
 * `jitter(k)` ms (TCP: never before an earlier frame unless `reorder`). */
function arrivals(n: number, jitter: (k: number) => number, keepOrder = true): Arrival[] {
  let last = 0;
  const out: Arrival[] = [];
  for (let k = 0; k < n; k++) {
    let ms = 1000 + k * INTERVAL * 1000 + 20 + jitter(k);
    if (keepOrder) ms = Math.max(ms, last);
    last = ms;
    out.push({ ms, k });
  }
  return out.sort((a, b) => a.ms - b.ms);
}

function serverTime(frame: number[]): number {
  return frame[TICK]! / 1000;
}

interface Shown {
  now: number;
  local: number;
  row: Float64Array;
}

/** Plays `arrs` into a timeline while sampling it `rate` times a second (wall ms from 1000
 * to `untilMs`, with `pause` skipped as a hidden tab does); returns what was shown. */
function play(arrs: Arrival[], rate: number, untilMs: number, pause: [number, number] | null = null): { tl: Timeline; shown: Shown[] } {
  const tl = new Timeline(layout, { interval: INTERVAL });
  const shown: Shown[] = [];
  let next = 0;
  // Render times on a 1/720 s grid (it holds every rate tested): exact, shared values.
  const step = 720 / rate;
  for (let g = 0; ; g += step) {
    const now = 1000 + (g * 1000) / 720;
    if (now > untilMs) break;
    while (next < arrs.length && arrs[next]!.ms <= now) {
      const f = circleFrame(arrs[next]!.k);
      tl.insert(serverTime(f), f, arrs[next]!.ms);
      next++;
    }
    if (pause && now > pause[0] && now < pause[1]) continue;
    const row = new Float64Array(layout.size);
    if (tl.sample(now, row)) shown.push({ now, local: tl.localTime(now), row });
  }
  return { tl, shown };
}

describe("Timeline", () => {
  it("plays steady frames about two frames behind the newest, on the true path", () => {
    const { tl, shown } = play(arrivals(240, () => 0), 60, 4900);
    const last = shown[shown.length - 1]!;
    expect(tl.bufferTime).toBeCloseTo(2 * INTERVAL, 2); // ticks are whole milliseconds: a trace of jitter
    const newestAtLast = (Math.floor((last.now - 1020) / (INTERVAL * 1000)) * INTERVAL * 1000) / 1000;
    expect(newestAtLast - last.local).toBeGreaterThan(INTERVAL);
    expect(newestAtLast - last.local).toBeLessThan(3 * INTERVAL);
    // Interpolated between frames: within a millimetre of the true circle.
    const t = last.local;
    expect(last.row[X]!).toBeCloseTo(10 * Math.cos(0.5 * t), 3);
    expect(tl.underruns).toBe(0);
  });

  it("grows its delay with jitter, stays under 100 ms, and rarely runs dry", () => {
    const rnd = random(1);
    const { tl, shown } = play(arrivals(600, () => rnd() * 30), 60, 11000);
    expect(tl.bufferTime).toBeGreaterThan(2 * INTERVAL + 0.004);
    expect(tl.bufferTime).toBeLessThanOrEqual(0.1);
    const settled = shown.filter((s) => s.now > 3000);
    const dry = settled.filter((s) => s.local > serverTime(circleFrame(Math.floor((s.now - 1020) / (INTERVAL * 1000) - 2))) + 0.1);
    expect(dry.length).toBe(0);
    expect(tl.underruns).toBeLessThan(settled.length * 0.02);
    // The shown clock moves forward smoothly: each frame 16.7 ms +- 4 %, never backwards.
    for (let i = 1; i < settled.length; i++) {
      const step = settled[i]!.local - settled[i - 1]!.local;
      expect(step).toBeGreaterThan(INTERVAL * 0.95);
      expect(step).toBeLessThan(INTERVAL * 1.03);
    }
  });

  it("puts late frames in order: the poses are those of the frames in order", () => {
    const swapped = arrivals(240, (k) => (k % 2 === 0 ? 25 : 0), false);
    expect(swapped.findIndex((a, i) => i > 0 && a.k < swapped[i - 1]!.k)).toBeGreaterThan(0);
    const out = play(swapped, 60, 4900).tl;
    const ref = play(arrivals(240, () => 0), 60, 4900).tl;
    const a = new Float64Array(layout.size);
    const b = new Float64Array(layout.size);
    for (const t of [3.5, 3.51, 3.527, 3.6]) {
      out.sampleAt(t, a);
      ref.sampleAt(t, b);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it("absorbs bursts (nothing for 100 ms, then six frames at once)", () => {
    // Each group of six frames arrives together, when its last one would have.
    const { tl, shown } = play(arrivals(600, (k) => (5 - (k % 6)) * INTERVAL * 1000), 60, 11000);
    expect(tl.bufferTime).toBeGreaterThan(0.05);
    const settled = shown.filter((s) => s.now > 4000);
    for (let i = 1; i < settled.length; i++) {
      const step = settled[i]!.local - settled[i - 1]!.local;
      expect(step).toBeGreaterThanOrEqual(0);
      expect(step).toBeLessThan(INTERVAL * 1.05);
    }
  });

  it("comes back from a hidden tab at the live edge, not seconds behind", () => {
    const { tl, shown } = play(arrivals(600, () => 0), 60, 11000, [3000, 8000]);
    const back = shown.find((s) => s.now >= 8000)!;
    const newest = serverTime(circleFrame(Math.floor((back.now - 1020) / (INTERVAL * 1000))));
    expect(back.local).toBeGreaterThan(newest - tl.bufferTime - 2 * INTERVAL);
    expect(back.local).toBeLessThanOrEqual(newest);
    expect(tl.depth).toBeLessThanOrEqual(32);
  });

  it("shows the same poses at the same server ticks at 30, 60, 144 and 240 frames a second", () => {
    const rnd = random(7);
    const arrs = arrivals(420, () => rnd() * 25);
    const runs = [30, 60, 144, 240].map((rate) => new Map(play(arrs, rate, 7900).shown.map((s) => [s.now, s])));
    // Wherever two rates render at the same wall time, they show exactly the same thing.
    for (const a of runs) {
      for (const b of runs) {
        if (a === b) continue;
        let shared = 0;
        for (const [now, s] of a) {
          const r = b.get(now);
          if (r === undefined) continue;
          shared++;
          expect(s.local).toBe(r.local);
          expect(Array.from(s.row)).toEqual(Array.from(r.row));
        }
        expect(shared).toBeGreaterThan(30);
      }
    }
    // Discrete changes (the objective moving on at frame 120) show at the same server time.
    for (const run of runs) {
      const first = [...run.values()].find((s) => s.row[OBJECTIVE] === 1)!;
      expect(first.local).toBeGreaterThanOrEqual(serverTime(circleFrame(120)));
    }
  });

  it("slerps attitude the short way and lerps position", () => {
    const tl = new Timeline(layout, { interval: INTERVAL });
    const a = circleFrame(0);
    const b = circleFrame(60);
    // b's quaternion negated: the same attitude; interpolation must not swing the long way.
    for (const i of [QW, QZ]) b[i] = -b[i]!;
    tl.insert(0, a, 0);
    tl.insert(1, b, 10);
    const out = new Float64Array(layout.size);
    tl.sampleAt(0.5, out);
    const yaw = 2 * Math.atan2(out[QZ]!, out[QW]!);
    expect(Math.abs(yaw)).toBeCloseTo(0.4, 6);
    expect(out[Z]!).toBeCloseTo((a[Z]! + b[Z]!) / 2, 9);
    expect(out[OBJECTIVE]).toBe(a[OBJECTIVE]); // held, not blended
  });
});
