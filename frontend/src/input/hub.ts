// InputHub: polls the devices on its own short timer (not the render loop), turns them into
// timestamped samples of the pilot's hands and hands them to subscribers on change, with a
// heartbeat and the protocol's rate cap (see sampler.ts).
import { neutralHands, type Hands, type InputSample } from "./hands";
import { GamepadSource } from "./gamepad";
import { KeyboardSource } from "./keyboard";
import { Mapper } from "./mapping";
import { presetFor } from "./preset";
import type { InputProfile } from "./profile";
import type { NavigatorLike, RawPad } from "./raw";
import { Sampler } from "./sampler";

/** Chromium refreshes pads every 4 ms (gamepad_provider.cc kPollingIntervalMilliseconds). */
export const POLL_MS = 4;
/** The pad takes over from the keyboard once a channel moved this much (or a switch flipped). */
const PAD_ACTIVITY = 0.05;

export interface VisibilityLike {
  readonly hidden: boolean;
}

export interface HubOptions {
  profile?: InputProfile | null;
  /** Where key events come from (window in the app); no keyboard when absent. */
  keyboardTarget?: EventTarget;
  /** Defaults to the global navigator; read on every poll. */
  navigator?: NavigatorLike;
  /** Defaults to the global document (Page Visibility); never hidden when absent. */
  visibility?: VisibilityLike;
  /** Defaults to performance.now. */
  now?: () => number;
  pollMs?: number;
}

export class InputHub {
  readonly gamepads: GamepadSource;
  readonly keyboard = new KeyboardSource();
  private profile: InputProfile | null;
  private mapper: Mapper | null = null;
  private mapperPad = "";
  private sampler = new Sampler();
  private listeners = new Set<(s: InputSample) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The pad's hands when it last counted as active (a slow move adds up until it counts). */
  private padHands: Hands | null = null;
  private padActivity = -Infinity;
  private testHands: Hands | null = null;
  private lastPad: RawPad | null = null;
  private readonly now: () => number;
  private readonly visibility: VisibilityLike | undefined;
  private readonly keyboardTarget: EventTarget | undefined;
  private readonly pollMs: number;

  constructor(opts: HubOptions = {}) {
    this.profile = opts.profile ?? null;
    this.now = opts.now ?? (() => performance.now());
    const nav = opts.navigator ?? (typeof navigator === "undefined" ? {} : (navigator as NavigatorLike));
    this.gamepads = new GamepadSource(nav, this.profile?.pad ?? null);
    this.visibility = opts.visibility ?? (typeof document === "undefined" ? undefined : document);
    this.keyboardTarget = opts.keyboardTarget;
    this.pollMs = opts.pollMs ?? POLL_MS;
  }

  /** GET /api/profile/input (404 or any failure: no profile, presets apply), then construct. */
  static async load(opts: Omit<HubOptions, "profile"> = {}): Promise<InputHub> {
    let profile: InputProfile | null = null;
    try {
      const r = await fetch("/api/profile/input", { headers: { Accept: "application/json" } });
      if (r.ok) profile = (await r.json()) as InputProfile | null;
    } catch {
      profile = null;
    }
    return new InputHub({ ...opts, profile });
  }

  start(): void {
    if (this.timer !== null) return;
    if (this.keyboardTarget) this.keyboard.attach(this.keyboardTarget, this.now);
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.poll();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.keyboard.dispose();
  }

  /** The last sample emitted (neutral hands before the first poll). */
  latest(): InputSample {
    return this.sampler.latest() ?? { ...neutralHands(), t: this.now(), source: "keyboard" };
  }

  /** Call `cb` with every sample; returns the unsubscribe function. */
  onSample(cb: (s: InputSample) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The profile in use (null: presets by device). */
  currentProfile(): InputProfile | null {
    return this.profile;
  }

  setProfile(p: InputProfile | null): void {
    this.profile = p;
    this.mapper = null;
    this.gamepads.choose(p?.pad ?? null);
  }

  /** The chosen pad's last raw snapshot (the calibration wizard reads axes from it). */
  rawPad(): RawPad | null {
    return this.lastPad;
  }

  /** Fly with these hands instead of the devices (source "test"); null gives them back. */
  override(h: Hands | null): void {
    this.testHands = h;
  }

  /** One poll: read the devices, maybe emit a sample. Called by the timer; public for tests. */
  poll(): void {
    const now = this.now();
    const hidden = this.visibility?.hidden === true;
    if (hidden) this.keyboard.releaseAll();
    const pad = this.gamepads.poll(now);
    this.lastPad = pad;
    const kb = this.keyboard.hands(now);
    let hands: Hands;
    let source: string;
    if (this.testHands !== null) {
      hands = this.testHands;
      source = "test";
    } else if (pad !== null) {
      const ph = this.mapperFor(pad).hands(pad, kb);
      if (this.padHands === null) this.padHands = ph; // just found: not yet a pilot's move
      else if (moved(this.padHands, ph)) {
        this.padActivity = now;
        this.padHands = ph;
      }
      const keyboardFirst = this.keyboard.lastStickActivity > this.padActivity;
      hands = keyboardFirst ? kb : ph;
      source = keyboardFirst ? "keyboard" : "gamepad";
    } else {
      hands = kb;
      source = "keyboard";
    }
    const s = this.sampler.next(hands, source, now, hidden);
    if (s !== null) for (const cb of this.listeners) cb(s);
  }

  private mapperFor(pad: RawPad): Mapper {
    const key = `${pad.index}\u0000${pad.id}\u0000${pad.mapping}`;
    if (this.mapper === null || (this.profile === null && key !== this.mapperPad)) {
      this.mapper = new Mapper(this.profile ?? presetFor(pad).profile);
      this.mapperPad = key;
    }
    return this.mapper;
  }
}

function moved(a: Hands, b: Hands): boolean {
  return (
    Math.abs(a.roll - b.roll) > PAD_ACTIVITY ||
    Math.abs(a.pitch - b.pitch) > PAD_ACTIVITY ||
    Math.abs(a.yaw - b.yaw) > PAD_ACTIVITY ||
    Math.abs(a.throttle - b.throttle) > PAD_ACTIVITY ||
    a.arm !== b.arm ||
    a.modeSwitch !== b.modeSwitch ||
    a.rth !== b.rth ||
    a.capture !== b.capture
  );
}
