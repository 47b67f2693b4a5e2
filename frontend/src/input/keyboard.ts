// Keyboard fallback. Held keys deflect roll/pitch/yaw progressively and the stick springs
// back to centre when let go; throttle and gimbal stay where they were left; arm and RTH
// toggle; 1/2/3 pick the mode switch position; capture is held. Keys are physical positions
// (KeyboardEvent.code), chosen to sit in the same place on QWERTY, AZERTY and QWERTZ.
import { GIMBAL_DOWN, clamp, neutralHands, type Hands } from "./hands";

export type Action =
  | "rollLeft" | "rollRight" | "pitchForward" | "pitchBack" | "yawLeft" | "yawRight"
  | "throttleUp" | "throttleDown" | "gimbalUp" | "gimbalDown"
  | "arm" | "mode0" | "mode1" | "mode2" | "rth" | "capture";

/** KeyboardEvent.code -> action; KEY_CAPS gives the label printed on the key. */
export const KEYMAP: Readonly<Record<string, Action>> = {
  ArrowLeft: "rollLeft",
  ArrowRight: "rollRight",
  ArrowUp: "pitchForward",
  ArrowDown: "pitchBack",
  KeyS: "yawLeft",
  KeyF: "yawRight",
  KeyE: "throttleUp",
  KeyD: "throttleDown",
  KeyI: "gimbalUp",
  KeyK: "gimbalDown",
  KeyT: "arm",
  Digit1: "mode0",
  Digit2: "mode1",
  Digit3: "mode2",
  KeyH: "rth",
  KeyC: "capture",
};

export const KEY_CAPS: Readonly<Record<string, string>> = {
  ArrowLeft: "←", ArrowRight: "→", ArrowUp: "↑", ArrowDown: "↓",
  KeyS: "S", KeyF: "F", KeyE: "E", KeyD: "D", KeyI: "I", KeyK: "K", KeyT: "T",
  Digit1: "1", Digit2: "2", Digit3: "3", KeyH: "H", KeyC: "C",
};

const STICK_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  "rollLeft", "rollRight", "pitchForward", "pitchBack", "yawLeft", "yawRight", "throttleUp", "throttleDown",
]);

/** Rates, per second: a held stick key moves the stick by DEFLECT, a released stick springs
 * back by SPRING; throttle moves by THROTTLE; the gimbal by GIMBAL rad. */
export const RATES = { deflect: 4, spring: 8, throttle: 0.6, gimbal: 1.5 } as const;

function toward(v: number, target: number, step: number): number {
  return v < target ? Math.min(target, v + step) : Math.max(target, v - step);
}

export class KeyboardSource {
  private held = new Set<Action>();
  private h: Hands = neutralHands();
  private last: number | null = null;
  /** performance.now() of the last stick or throttle key (source arbitration: switch keys
   * alone do not take the sticks away from a game controller or radio). */
  lastStickActivity = -Infinity;
  private detach: (() => void) | null = null;

  /** Start listening to keydown/keyup on `target` (window in the app, a fake in tests). */
  attach(target: EventTarget, now: () => number): void {
    this.dispose();
    const down = (e: Event): void => this.onKey(e, true, now());
    const up = (e: Event): void => this.onKey(e, false, now());
    const blur = (): void => this.releaseAll();
    target.addEventListener("keydown", down);
    target.addEventListener("keyup", up);
    target.addEventListener("blur", blur);
    this.detach = () => {
      target.removeEventListener("keydown", down);
      target.removeEventListener("keyup", up);
      target.removeEventListener("blur", blur);
    };
  }

  dispose(): void {
    this.detach?.();
    this.detach = null;
  }

  /** A key went down (true) or up (false) at `t`. Returns true when the key is mapped. */
  key(code: string, down: boolean, t: number, repeat = false): boolean {
    const a = KEYMAP[code];
    if (a === undefined) return false;
    this.update(t);
    if (STICK_ACTIONS.has(a)) this.lastStickActivity = t;
    if (!down) {
      this.held.delete(a);
      if (a === "capture") this.h.capture = false;
      return true;
    }
    if (repeat) return true;
    this.held.add(a);
    if (a === "arm") this.h.arm = !this.h.arm;
    else if (a === "rth") this.h.rth = !this.h.rth;
    else if (a === "capture") this.h.capture = true;
    else if (a === "mode0") this.h.modeSwitch = 0;
    else if (a === "mode1") this.h.modeSwitch = 1;
    else if (a === "mode2") this.h.modeSwitch = 2;
    return true;
  }

  /** Let go of every key (window lost focus, tab hidden): sticks spring back. */
  releaseAll(): void {
    this.held.clear();
    this.h.capture = false;
  }

  /** True while any key is held or a stick is still springing back. */
  busy(): boolean {
    return this.held.size > 0 || this.h.roll !== 0 || this.h.pitch !== 0 || this.h.yaw !== 0;
  }

  /** The hands at `t` (ms), advancing the ramps since the last call. */
  hands(t: number): Hands {
    this.update(t);
    return { ...this.h };
  }

  private axis(v: number, neg: Action, pos: Action, dt: number): number {
    const n = this.held.has(neg);
    const p = this.held.has(pos);
    if (n === p) return toward(v, 0, RATES.spring * dt);
    return toward(v, p ? 1 : -1, RATES.deflect * dt);
  }

  private update(t: number): void {
    const dt = this.last === null ? 0 : Math.max(0, (t - this.last) / 1000);
    this.last = t;
    if (dt === 0) return;
    const h = this.h;
    h.roll = this.axis(h.roll, "rollLeft", "rollRight", dt);
    h.pitch = this.axis(h.pitch, "pitchBack", "pitchForward", dt);
    h.yaw = this.axis(h.yaw, "yawLeft", "yawRight", dt);
    const thr = (this.held.has("throttleUp") ? 1 : 0) - (this.held.has("throttleDown") ? 1 : 0);
    h.throttle = clamp(h.throttle + thr * RATES.throttle * dt, 0, 1);
    const gim = (this.held.has("gimbalUp") ? 1 : 0) - (this.held.has("gimbalDown") ? 1 : 0);
    h.gimbal = clamp(h.gimbal + gim * RATES.gimbal * dt, GIMBAL_DOWN, 0);
  }

  private onKey(e: Event, down: boolean, t: number): void {
    const k = e as KeyboardEvent;
    if (k.ctrlKey || k.metaKey || k.altKey || editable(k.target)) return;
    if (this.key(k.code, down, t, k.repeat === true)) k.preventDefault();
  }
}

function editable(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = el?.tagName?.toUpperCase();
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el?.isContentEditable === true;
}
