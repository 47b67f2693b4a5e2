// Which polled hands become samples: on change, plus a heartbeat, never faster than the
// protocol's rate cap; neutral sticks (throttle and switches held) while the tab is hidden.
import { handsDiffer, type Hands, type InputSample } from "./hands";

/** protocol.py MAX_INPUT_HZ: inputs per second the server applies at most. */
export const MAX_INPUT_HZ = 250;
/** protocol.py: a heartbeat input every 100 ms even when nothing changed. */
export const HEARTBEAT_MS = 100;

export class Sampler {
  private last: InputSample | null = null;
  private held: number | null = null;

  constructor(
    readonly minIntervalMs = 1000 / MAX_INPUT_HZ,
    readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  /** The sample to emit for the hands polled at `now`, or null (unchanged and no
   * heartbeat due, or too soon after the last sample: the change goes out at a later poll). */
  next(hands: Hands, source: string, now: number, hidden: boolean): InputSample | null {
    const h = hidden ? this.hide(hands) : this.show(hands);
    const last = this.last;
    if (last !== null) {
      const since = now - last.t;
      // A small tolerance: timers fire a little early or late around the 4 ms cap.
      if (since < this.minIntervalMs - 0.25) return null;
      if (since < this.heartbeatMs && source === last.source && !handsDiffer(h, last)) return null;
    }
    const s: InputSample = { ...h, t: now, source };
    this.last = s;
    return s;
  }

  latest(): InputSample | null {
    return this.last;
  }

  private hide(h: Hands): Hands {
    if (this.held === null) this.held = this.last?.throttle ?? h.throttle;
    return { ...h, roll: 0, pitch: 0, yaw: 0, throttle: this.held, capture: false };
  }

  private show(h: Hands): Hands {
    this.held = null;
    return h;
  }
}
