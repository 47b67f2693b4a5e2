// Raw device snapshot + profile -> the pilot's hands. Pure except for the latched state of
// toggle buttons and button selectors, which a Mapper keeps per device.
import { GIMBAL_DOWN, clamp, neutralHands, type Hands } from "./hands";
import type { InputProfile, RangeAxis, Selector, StickAxis, Switch } from "./profile";
import type { RawPad } from "./raw";

/** Deadband as Betaflight applies it (rc.c fapplyDeadband), rescaled so full deflection
 * still reaches 1: 0 inside the band, then linear from its edge. */
export function applyDeadband(x: number, db: number): number {
  const a = Math.abs(x);
  if (a <= db) return 0;
  return (Math.sign(x) * (a - db)) / (1 - db);
}

/** Cubic expo: (1 - e)·x + e·x³ (e = 0 linear). */
export function applyExpo(x: number, e: number): number {
  return (1 - e) * x + e * x * x * x;
}

export function stickValue(raw: number, s: StickAxis): number {
  const d = raw - s.center;
  let x = d >= 0 ? d / (s.max - s.center) : d / (s.center - s.min);
  x = clamp(x, -1, 1);
  if (s.invert) x = -x;
  return clamp(applyExpo(applyDeadband(x, s.deadband), s.expo), -1, 1);
}

/** 0 at raw `min`, 1 at raw `max` (reversed with `invert`). */
export function rangeValue(raw: number, r: RangeAxis): number {
  const x = clamp((raw - r.min) / (r.max - r.min), 0, 1);
  return r.invert ? 1 - x : x;
}

function axis(pad: RawPad, index: number): number {
  return pad.axes[index] ?? 0;
}

function button(pad: RawPad, index: number): boolean {
  return pad.buttons[index] ?? false;
}

export class Mapper {
  private toggles = new Map<string, { state: boolean; was: boolean }>();
  private position = 0;

  constructor(readonly profile: InputProfile) {}

  /** The hands from `pad`; a channel the profile does not map (null switch or gimbal) comes
   * from `other` (the keyboard). */
  hands(pad: RawPad, other: Hands = neutralHands()): Hands {
    const p = this.profile;
    return {
      roll: stickValue(axis(pad, p.roll.axis), p.roll),
      pitch: stickValue(axis(pad, p.pitch.axis), p.pitch),
      yaw: stickValue(axis(pad, p.yaw.axis), p.yaw),
      throttle: rangeValue(axis(pad, p.throttle.axis), p.throttle),
      arm: p.arm ? this.switch("arm", p.arm, pad) : other.arm,
      modeSwitch: p.mode ? this.select(p.mode, pad) : other.modeSwitch,
      rth: p.rth ? this.switch("rth", p.rth, pad) : other.rth,
      gimbal: p.gimbal ? (rangeValue(axis(pad, p.gimbal.axis), p.gimbal) - 1) * -GIMBAL_DOWN : other.gimbal,
      capture: p.capture ? this.switch("capture", p.capture, pad) : other.capture,
    };
  }

  private switch(name: string, s: Switch, pad: RawPad): boolean {
    if (s.kind === "axis") {
      const v = axis(pad, s.index);
      return Math.abs(v - s.on) < Math.abs(v - s.off);
    }
    const pressed = button(pad, s.index);
    if (!s.toggle) return pressed;
    const st = this.toggles.get(name) ?? { state: false, was: pressed };
    if (pressed && !st.was) st.state = !st.state;
    st.was = pressed;
    this.toggles.set(name, st);
    return st.state;
  }

  private select(s: Selector, pad: RawPad): number {
    if (s.kind === "axis") {
      const v = axis(pad, s.index);
      let best = 0;
      for (let i = 1; i < 3; i++) if (Math.abs(v - s.positions[i]!) < Math.abs(v - s.positions[best]!)) best = i;
      return best;
    }
    let pressed = -1;
    let idle = -1;
    s.buttons.forEach((b, i) => {
      if (b < 0) idle = i;
      else if (button(pad, b) && pressed < 0) pressed = i;
    });
    if (pressed >= 0) this.position = pressed;
    else if (idle >= 0) this.position = idle;
    return this.position;
  }
}
