// Gamepad API source. navigator.getGamepads() is called on every poll (and looked up on
// every poll, so a test can swap it in at any time); Gamepad objects are copied, never kept.
// A pad is chosen by id + index from the profile, or as the pad the pilot wiggles.
import type { NavigatorLike, PadLike, RawPad } from "./raw";
import { snapshot } from "./raw";
import type { PadRef } from "./profile";

/** A pad "wiggles" when an axis moves this far from where it was first seen, or a button is pressed. */
export const WIGGLE = 0.3;

export class GamepadSource {
  /** Ids of every pad seen since start (for test hooks and the pad chooser). */
  readonly seen = new Set<string>();
  private rest = new Map<string, number[]>();
  private chosen: PadRef | null;
  private stamps: number[] = [];
  private lastStamp = new Map<string, number>();

  constructor(
    private readonly nav: NavigatorLike,
    want: PadRef | null = null,
  ) {
    this.chosen = want;
  }

  /** Every connected pad now, as snapshots. */
  pads(): RawPad[] {
    const get = this.nav.getGamepads;
    if (typeof get !== "function") return [];
    let list: ArrayLike<PadLike | null>;
    try {
      list = get.call(this.nav);
    } catch {
      return []; // a permissions policy can forbid the Gamepad API
    }
    const out: RawPad[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (p && p.connected) out.push(snapshot(p));
    }
    for (const p of out) this.seen.add(p.id);
    return out;
  }

  /** The chosen pad now: the profile's (same id, preferably same index), else the last pad
   * that wiggled, else the first connected one. Null when there is none. */
  poll(now: number): RawPad | null {
    const pads = this.pads();
    const w = pads.find((p) => this.wiggled(p));
    if (w && (this.chosen === null || !pads.some((p) => matches(p, this.chosen!)))) {
      this.chosen = { id: w.id, index: w.index };
    }
    const c = this.chosen;
    const pad =
      (c && (pads.find((p) => p.id === c.id && p.index === c.index) ?? pads.find((p) => p.id === c.id))) ??
      (c === null ? pads[0] : undefined) ??
      null;
    if (pad) this.countStamp(pad, now);
    return pad;
  }

  /** Choose a pad explicitly (the calibration wizard's "wiggle the pad you fly with"). */
  choose(ref: PadRef | null): void {
    this.chosen = ref;
  }

  chosenPad(): PadRef | null {
    return this.chosen;
  }

  /** How many times per second the browser refreshed the chosen pad over the last second
   * (changes of Gamepad.timestamp): a radio polled at 250 Hz shows about 250. */
  refreshHz(now: number): number {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - 1000) this.stamps.shift();
    return this.stamps.length;
  }

  /** True when `p` moved an axis by WIGGLE from its first seen position or holds a button. */
  wiggled(p: RawPad): boolean {
    const key = `${p.index}\u0000${p.id}`;
    const rest = this.rest.get(key);
    if (rest === undefined) {
      this.rest.set(key, p.axes.slice());
      return false;
    }
    return p.buttons.some(Boolean) || p.axes.some((v, i) => Math.abs(v - (rest[i] ?? v)) >= WIGGLE);
  }

  private countStamp(p: RawPad, now: number): void {
    const key = `${p.index}\u0000${p.id}`;
    if (this.lastStamp.get(key) !== p.timestamp) {
      this.lastStamp.set(key, p.timestamp);
      this.stamps.push(now);
    }
  }
}

function matches(p: RawPad, ref: PadRef): boolean {
  return p.id === ref.id;
}
