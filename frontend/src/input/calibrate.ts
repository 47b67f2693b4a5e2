// The calibration wizard's logic, free of the DOM: fed raw snapshots of every connected
// pad, it chooses the pad the pilot wiggles, records centres and endpoints, then finds each
// channel by a named movement (never by assuming an axis order), and the switches by
// flipping them. The page (pages/calibrate.ts) shows the step and calls next()/skip().
import { clamp } from "./hands";
import { DEFAULT_DEADBAND, LIMITS, type InputProfile, type Layout, type PadRef, type Selector, type Switch } from "./profile";
import type { RawPad } from "./raw";
import { WIGGLE } from "./gamepad";

export type StepId =
  | "pad" | "center" | "sweep" | "throttle" | "roll" | "pitch" | "yaw"
  | "arm" | "mode0" | "mode1" | "mode2" | "rth" | "settings" | "check" | "done";

export const STEPS: readonly StepId[] = [
  "pad", "center", "sweep", "throttle", "roll", "pitch", "yaw",
  "arm", "mode0", "mode1", "mode2", "rth", "settings", "check", "done",
];

/** Steps that end by themselves once the movement is held. */
const AUTO: ReadonlySet<StepId> = new Set(["pad", "throttle", "roll", "pitch", "yaw", "arm", "rth"]);
/** Steps the pilot may skip (no such switch on the device). */
const OPTIONAL: ReadonlySet<StepId> = new Set(["arm", "mode0", "mode1", "mode2", "rth"]);

/** A named movement counts once the stick is this far (of its half range) and held HOLD_MS. */
export const DEFLECTED = 0.6;
export const HOLD_MS = 300;
/** A switch on an axis counts when the axis moved this much (raw units). */
export const SWITCH_MOVE = 0.5;
/** The sweep is complete once this many axes each covered this raw span. */
export const SWEEP_AXES = 4;
export const SWEEP_SPAN = 1.2;

/** Snapshots averaged for the centres (about 100 ms at the display's frame rate). */
export const CENTER_SNAPSHOTS = 8;

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

type Channel = "throttle" | "roll" | "pitch" | "yaw";

interface Hold {
  key: string;
  since: number;
}

export class Calibration {
  step: StepId = "pad";
  /** A text key explaining why the last next() did nothing, or null. */
  problem: string | null = null;
  private pad: PadRef | null = null;
  private mapping = "";
  private rest = new Map<string, number[]>();
  /** The last CENTER_SNAPSHOTS snapshots of the centre step (the pilot let go by then). */
  private recent: number[][] = [];
  private center: number[] = [];
  private min: number[] = [];
  private max: number[] = [];
  private assigned = new Set<number>();
  private hold: Hold | null = null;
  private holdProgress = 0;
  private base: RawPad | null = null;
  private seenButtons = new Set<number>();
  private modeShots: { axes: number[]; pressed: Set<number> }[] = [];
  /** Switches found in this calibration (their buttons are not candidates for the others). */
  private found = new Set<"arm" | "rth">();
  private current: RawPad | null = null;
  private p: InputProfile;

  /** `start` is the preset the wizard adjusts (its switches stay unless found or skipped). */
  constructor(start: InputProfile) {
    this.p = structuredClone(start);
  }

  /** The profile as calibrated so far. */
  profile(): InputProfile {
    return structuredClone(this.p);
  }

  /** The chosen pad's latest snapshot. */
  raw(): RawPad | null {
    return this.current;
  }

  /** 0..1 of the hold that ends an automatic step. */
  progress(): number {
    return this.holdProgress;
  }

  isAuto(): boolean {
    return AUTO.has(this.step);
  }

  canSkip(): boolean {
    return OPTIONAL.has(this.step);
  }

  /** Start from a fresh preset, keeping the chosen pad (the pilot picked another preset). */
  reset(start: InputProfile): void {
    const pad = this.pad;
    this.p = { ...structuredClone(start), pad };
    this.go(pad === null ? "pad" : "center");
  }

  /** Take the preset as it is: go straight to the settings (deadband, layout). */
  usePreset(): void {
    if (this.pad !== null) this.go("settings");
  }

  setDeadband(db: number): void {
    const d = clamp(db, 0, LIMITS.deadbandMax);
    for (const c of ["roll", "pitch", "yaw"] as const) this.p[c].deadband = d;
  }

  setLayout(layout: Layout): void {
    this.p.layout = layout;
  }

  /** Every connected pad at `t` (ms). */
  feed(pads: RawPad[], t: number): void {
    if (this.step === "pad") {
      this.choosePad(pads);
      return;
    }
    const pad = this.pad;
    const cur = pad && (pads.find((p) => p.id === pad.id && p.index === pad.index) ?? pads.find((p) => p.id === pad.id));
    if (!cur) return;
    this.current = cur;
    if (this.base === null) this.base = cur;
    cur.buttons.forEach((b, i) => {
      if (b && !(this.base!.buttons[i] ?? false)) this.seenButtons.add(i);
    });
    switch (this.step) {
      case "center":
        this.accumulateCenter(cur);
        break;
      case "sweep":
        this.accumulateSweep(cur);
        break;
      case "throttle":
      case "roll":
      case "pitch":
      case "yaw":
        this.detectStick(this.step, cur, t);
        break;
      case "arm":
      case "rth":
        this.detectSwitch(this.step, cur, t);
        break;
      default:
        break;
    }
  }

  /** Confirm a manual step (centre, sweep, mode positions, settings, check). */
  next(): void {
    this.problem = null;
    const cur = this.current;
    switch (this.step) {
      case "center":
        if (this.recent.length === 0 || cur === null) return this.fail("input.cal.problem.nodata");
        this.center = cur.axes.map((_, i) => mean(this.recent.map((a) => a[i] ?? 0)));
        this.min = this.center.slice();
        this.max = this.center.slice();
        return this.go("sweep");
      case "sweep":
        if (this.sweptAxes() < SWEEP_AXES) return this.fail("input.cal.problem.sweep");
        return this.go("throttle");
      case "mode0":
      case "mode1":
      case "mode2":
        if (cur === null) return this.fail("input.cal.problem.nodata");
        this.modeShots.push({ axes: cur.axes.slice(), pressed: pressedNow(cur, this.seenButtons) });
        if (this.step !== "mode2") return this.go(this.step === "mode0" ? "mode1" : "mode2");
        return this.finishMode();
      case "settings":
        return this.go("check");
      case "check":
        return this.go("done");
      default:
        return; // automatic steps end by themselves
    }
  }

  /** Skip an optional switch: the device has none (the keyboard keeps it). */
  skip(): void {
    this.problem = null;
    if (this.step === "arm") {
      this.p.arm = null;
      this.go("mode0");
    } else if (this.step === "mode0" || this.step === "mode1" || this.step === "mode2") {
      this.p.mode = null;
      this.modeShots = [];
      this.go("rth");
    } else if (this.step === "rth") {
      this.p.rth = null;
      this.go("settings");
    }
  }

  private go(step: StepId): void {
    this.step = step;
    this.hold = null;
    this.holdProgress = 0;
    this.base = this.current;
    this.seenButtons.clear();
    if (step === "center") {
      this.recent = [];
      this.assigned.clear();
      this.found.clear();
    }
    if (step === "mode0") this.modeShots = [];
  }

  private fail(key: string): void {
    this.problem = key;
  }

  private choosePad(pads: RawPad[]): void {
    for (const p of pads) {
      const key = `${p.index}\u0000${p.id}`;
      const rest = this.rest.get(key);
      if (rest === undefined) {
        this.rest.set(key, p.axes.slice());
        continue;
      }
      const moved = p.buttons.some(Boolean) || p.axes.some((v, i) => Math.abs(v - (rest[i] ?? v)) >= WIGGLE);
      if (moved) {
        this.pad = { id: p.id, index: p.index };
        this.mapping = p.mapping;
        this.p.pad = this.pad;
        this.current = p;
        this.go("center");
        return;
      }
    }
  }

  private accumulateCenter(cur: RawPad): void {
    this.recent.push(cur.axes.slice());
    if (this.recent.length > CENTER_SNAPSHOTS) this.recent.shift();
  }

  private accumulateSweep(cur: RawPad): void {
    cur.axes.forEach((v, i) => {
      this.min[i] = Math.min(this.min[i] ?? v, v);
      this.max[i] = Math.max(this.max[i] ?? v, v);
    });
  }

  private sweptAxes(): number {
    let n = 0;
    for (let i = 0; i < this.max.length; i++) if ((this.max[i] ?? 0) - (this.min[i] ?? 0) >= SWEEP_SPAN) n++;
    return n;
  }

  /** Deflection of axis i as a fraction of its recorded half range on that side. */
  private deflection(i: number, v: number): number {
    const c = this.center[i] ?? 0;
    const d = v - c;
    const half = d >= 0 ? (this.max[i] ?? 1) - c : c - (this.min[i] ?? -1);
    return half < LIMITS.minSpan ? 0 : d / half;
  }

  private held(key: string, t: number): boolean {
    if (this.hold === null || this.hold.key !== key) this.hold = { key, since: t };
    this.holdProgress = clamp((t - this.hold.since) / HOLD_MS, 0, 1);
    return t - this.hold.since >= HOLD_MS;
  }

  private release(): void {
    this.hold = null;
    this.holdProgress = 0;
  }

  private detectStick(ch: Channel, cur: RawPad, t: number): void {
    let best = -1;
    let bestX = 0;
    cur.axes.forEach((v, i) => {
      if (this.assigned.has(i) || i >= LIMITS.axes) return;
      const x = this.deflection(i, v);
      if (Math.abs(x) > Math.abs(bestX)) {
        best = i;
        bestX = x;
      }
    });
    if (best < 0 || Math.abs(bestX) < DEFLECTED) return this.release();
    if (!this.held(`${best}${Math.sign(bestX)}`, t)) return;
    this.assigned.add(best);
    const invert = bestX < 0;
    const lo = this.min[best] ?? -1;
    const hi = this.max[best] ?? 1;
    if (ch === "throttle") {
      this.p.throttle = { axis: best, min: lo, max: hi, invert };
    } else {
      const c = clamp(this.center[best] ?? 0, lo + LIMITS.minSpan, hi - LIMITS.minSpan);
      this.p[ch] = { ...this.p[ch], axis: best, center: c, min: lo, max: hi, invert };
    }
    this.go(ch === "throttle" ? "roll" : ch === "roll" ? "pitch" : ch === "pitch" ? "yaw" : "arm");
  }

  private detectSwitch(which: "arm" | "rth", cur: RawPad, t: number): void {
    const base = this.base ?? cur;
    const taken = this.takenButtons();
    const button = [...this.seenButtons].find((b) => !taken.has(b) && cur.buttons[b]);
    let found: Switch | null = null;
    let key = "";
    if (button !== undefined) {
      key = `b${button}`;
      // A game controller's button is pressed and let go: it toggles. A radio switch sent
      // as a joystick button stays on: it is momentary in the browser's terms.
      found = { kind: "button", index: button, toggle: this.mapping === "standard" };
    } else {
      let best = -1;
      let move = 0;
      cur.axes.forEach((v, i) => {
        if (this.assigned.has(i) || i >= LIMITS.axes) return;
        const d = Math.abs(v - (base.axes[i] ?? v));
        if (d > move) {
          best = i;
          move = d;
        }
      });
      if (best >= 0 && move >= SWITCH_MOVE) {
        key = `a${best}`;
        found = { kind: "axis", index: best, off: base.axes[best] ?? 0, on: cur.axes[best] ?? 0 };
      }
    }
    if (found === null) return this.release();
    // A game controller's button is let go at once: take it on the press.
    if (found.kind === "axis" && !this.held(key, t)) return;
    if (found.kind === "axis") this.assigned.add(found.index);
    this.p[which] = found;
    this.found.add(which);
    this.go(which === "arm" ? "mode0" : "settings");
  }

  private takenButtons(): Set<number> {
    const s = new Set<number>();
    for (const name of this.found) {
      const sw = this.p[name];
      if (sw?.kind === "button") s.add(sw.index);
    }
    return s;
  }

  private finishMode(): void {
    const shots = this.modeShots;
    const sel = modeSelector(shots, this.assigned, this.takenButtons());
    if (sel === null) {
      this.modeShots = [];
      this.go("mode0");
      return this.fail("input.cal.problem.mode");
    }
    if (sel.kind === "axis") this.assigned.add(sel.index);
    this.p.mode = sel;
    this.go("rth");
  }
}

/** The mode switch from three snapshots (one per position): the free axis whose three values
 * are furthest apart (each pair at least SWITCH_MOVE / 2 apart), else the buttons newly
 * pressed in each position (at most one position with none). */
export function modeSelector(
  shots: { axes: number[]; pressed: Set<number> }[],
  taken: Set<number>,
  takenButtons: Set<number>,
): Selector | null {
  if (shots.length !== 3) return null;
  const [a, b, c] = shots as [(typeof shots)[0], (typeof shots)[0], (typeof shots)[0]];
  let best = -1;
  let gap = 0;
  for (let i = 0; i < Math.min(a.axes.length, LIMITS.axes); i++) {
    if (taken.has(i)) continue;
    const v = [a.axes[i] ?? 0, b.axes[i] ?? 0, c.axes[i] ?? 0];
    const g = Math.min(Math.abs(v[0]! - v[1]!), Math.abs(v[1]! - v[2]!), Math.abs(v[0]! - v[2]!));
    if (g > gap) {
      best = i;
      gap = g;
    }
  }
  if (best >= 0 && gap >= SWITCH_MOVE / 2) {
    return { kind: "axis", index: best, positions: [a.axes[best] ?? 0, b.axes[best] ?? 0, c.axes[best] ?? 0] };
  }
  // A button held in all three positions belongs to something else.
  const always = new Set([...a.pressed].filter((x) => b.pressed.has(x) && c.pressed.has(x)));
  const pick = (s: Set<number>): number => {
    const free = [...s].filter((x) => !takenButtons.has(x) && !always.has(x) && x < LIMITS.buttons);
    return free.length === 1 ? free[0]! : free.length === 0 ? -1 : -2;
  };
  const buttons = [pick(a.pressed), pick(b.pressed), pick(c.pressed)] as [number, number, number];
  if (buttons.includes(-2)) return null;
  const used = buttons.filter((x) => x >= 0);
  if (buttons.filter((x) => x < 0).length > 1 || new Set(used).size !== used.length) return null;
  return { kind: "buttons", buttons };
}

/** Buttons held now (a radio switch sent as a button) or pressed during the step (a game
 * controller's button, let go before the pilot confirmed). */
function pressedNow(cur: RawPad, seen: Set<number>): Set<number> {
  const s = new Set(seen);
  cur.buttons.forEach((b, i) => {
    if (b) s.add(i);
  });
  return s;
}

export { DEFAULT_DEADBAND };
