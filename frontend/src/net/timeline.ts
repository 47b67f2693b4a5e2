// Snapshot interpolation (after Mirror's SnapshotInterpolation, and Valve's interp ratio):
// frames are stamped with the server's clock, kept in order, and played a little behind the
// newest one. The delay (bufferTime) starts at two frame intervals and grows with the measured
// delivery jitter; the local clock runs 2 % fast when it lags, 4 % slow when it leads, and
// snaps back when it is more than a buffer away (a background tab, a stall). The local clock
// is a pure function of the frames' arrival times and `now`, so the poses shown do not
// depend on how often they are sampled (the render rate). No DOM, no three.js.
import type { FieldLayout } from "./fields";
import { interpolate } from "./interpolate";

export interface TimelineOptions {
  /** s between frames as sent (1 / hello.frame_hz). */
  interval: number;
  /** Bounds of the adaptive delay, s. */
  minBuffer?: number;
  maxBuffer?: number;
  /** Frames kept at most (Infinity for a whole recording). */
  limit?: number;
}

interface Slot {
  time: number;
  values: Float64Array;
}

const CATCH_UP = 1.02;
const SLOW_DOWN = 0.96;
/** EMA windows, s: delivery jitter over 2 s, clock drift over 1 s. */
const JITTER_WINDOW = 2;
const DRIFT_WINDOW = 1;

export class Timeline {
  readonly interval: number;
  private readonly minBuffer: number;
  private readonly maxBuffer: number;
  private readonly limit: number;
  private slots: Slot[] = [];
  private spare: Float64Array[] = [];
  // The local clock: local(now) = anchorLocal + (now - anchorWall) / 1000 * scale.
  private anchorLocal = 0;
  private anchorWall = 0;
  private scale = 1;
  private started = false;
  // Delivery statistics (s): EMA of (arrival - remote time) and of its square deviation.
  private offsetMean = 0;
  private offsetVar = 0;
  private driftMean = 0;
  private seen = 0;
  /** Adaptive delay behind the newest frame, s. */
  bufferTime: number;
  /** Samples that wanted a time after the newest frame (the pose was held). */
  underruns = 0;
  /** Times the local clock snapped to its target. */
  snaps = 0;

  constructor(readonly layout: FieldLayout, options: TimelineOptions) {
    this.interval = options.interval;
    this.minBuffer = options.minBuffer ?? 1.5 * options.interval;
    this.maxBuffer = options.maxBuffer ?? 0.1;
    this.limit = options.limit ?? 32;
    this.bufferTime = Math.min(this.maxBuffer, Math.max(this.minBuffer, 2 * options.interval));
  }

  get depth(): number {
    return this.slots.length;
  }

  get newest(): number {
    return this.slots.length ? this.slots[this.slots.length - 1]!.time : Number.NaN;
  }

  get oldest(): number {
    return this.slots.length ? this.slots[0]!.time : Number.NaN;
  }

  /** Jitter (standard deviation of the delivery delay), s. */
  get jitter(): number {
    return Math.sqrt(this.offsetVar);
  }

  /** Adds a frame of server time `time` (s) that arrived at `arrivalMs` (performance.now()).
   * Duplicates are ignored, late frames are put in order. */
  insert(time: number, values: ArrayLike<number>, arrivalMs: number): void {
    const newest = this.newest;
    const isNewest = !(time <= newest);
    if (!this.place(time, values)) return;
    if (!this.started) {
      this.started = true;
      this.anchorWall = arrivalMs;
      this.anchorLocal = time - this.bufferTime;
      this.offsetMean = arrivalMs / 1000 - time;
      return;
    }
    if (isNewest) this.measure(time, arrivalMs);
    this.steer(arrivalMs);
  }

  /** The local clock at `nowMs`: the server time being shown. */
  localTime(nowMs: number): number {
    return this.anchorLocal + ((nowMs - this.anchorWall) / 1000) * this.scale;
  }

  /** The interpolated row for `nowMs` into `out`; false before any frame. */
  sample(nowMs: number, out: Float64Array): boolean {
    if (!this.started) return false;
    const t = this.localTime(nowMs);
    if (t > this.newest) this.underruns++;
    return this.sampleAt(t, out);
  }

  /** The row at server time `time` into `out` (held at either end); false when empty. */
  sampleAt(time: number, out: Float64Array): boolean {
    const s = this.slots;
    if (s.length === 0) return false;
    if (time <= s[0]!.time) {
      out.set(s[0]!.values);
      return true;
    }
    const last = s[s.length - 1]!;
    if (time >= last.time) {
      out.set(last.values);
      return true;
    }
    // The last slot at or before `time` (binary search: recordings are long).
    let lo = 0;
    let hi = s.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.time <= time) lo = mid;
      else hi = mid;
    }
    const a = s[lo]!;
    const b = s[hi]!;
    interpolate(this.layout, a.values, b.values, (time - a.time) / (b.time - a.time), out);
    return true;
  }

  /** Forgets every frame and the clock (a seek, a new connection). */
  clear(): void {
    for (const slot of this.slots) this.spare.push(slot.values);
    this.slots = [];
    this.started = false;
    this.scale = 1;
    this.driftMean = 0;
    this.offsetVar = 0;
    this.seen = 0;
  }

  private place(time: number, values: ArrayLike<number>): boolean {
    const s = this.slots;
    let i = s.length;
    while (i > 0 && s[i - 1]!.time > time) i--;
    if (i > 0 && s[i - 1]!.time === time) return false;
    if (s.length >= this.limit) {
      if (i === 0) return false; // older than everything kept
      this.spare.push(s.shift()!.values);
      i--;
    }
    const v = this.spare.pop() ?? new Float64Array(this.layout.size);
    v.set(values as ArrayLike<number>);
    s.splice(i, 0, { time, values: v });
    return true;
  }

  private measure(time: number, arrivalMs: number): void {
    const n = Math.max(1, JITTER_WINDOW / this.interval);
    const alpha = 2 / (n + 1);
    const offset = arrivalMs / 1000 - time;
    const d = offset - this.offsetMean;
    this.offsetMean += alpha * d;
    this.offsetVar = (1 - alpha) * (this.offsetVar + alpha * d * d);
    this.seen++;
    const wanted = 2 * this.interval + 2 * this.jitter;
    this.bufferTime = Math.min(this.maxBuffer, Math.max(this.minBuffer, wanted));
  }

  private steer(arrivalMs: number): void {
    // Re-anchor so the clock is continuous, then choose the rate until the next frame.
    this.anchorLocal = this.localTime(arrivalMs);
    this.anchorWall = arrivalMs;
    const target = this.newest - this.bufferTime;
    const drift = this.anchorLocal - target;
    if (Math.abs(drift) > this.bufferTime + this.interval) {
      this.anchorLocal = target;
      this.driftMean = 0;
      this.scale = 1;
      this.snaps++;
      return;
    }
    const alpha = 2 / (Math.max(1, DRIFT_WINDOW / this.interval) + 1);
    this.driftMean += alpha * (drift - this.driftMean);
    this.scale = this.driftMean < -this.interval ? CATCH_UP : this.driftMean > this.interval ? SLOW_DOWN : 1;
  }
}
