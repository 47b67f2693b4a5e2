// The pilot's hands: what every input source produces and what the server's `input` message
// carries (src/dronedojo/web/protocol.py). Sign conventions are the server's
// (src/dronedojo/fc/layout.py I_ROLL/I_PITCH/I_YAW, exercises/pilot.py Command):
//   roll  -1 stick left  .. +1 stick right      (the drone rolls right wing down)
//   pitch -1 stick back  .. +1 stick forward    (nose down, flies forward)
//   yaw   -1 stick left  .. +1 stick right      (nose turns right; the flight controller
//                                                negates it into body-FLU "+ = nose left")
//   throttle 0 stick fully down .. 1 fully up
//   gimbal rad, 0 level .. -pi/2 straight down
// No DOM, no three.js here.

export interface Hands {
  roll: number;
  pitch: number;
  yaw: number;
  throttle: number;
  arm: boolean;
  /** Mode switch position 0, 1 or 2 (the page maps it to hello.allowed_modes). */
  modeSwitch: number;
  rth: boolean;
  /** Camera gimbal pitch, rad, 0 level .. -pi/2 down. */
  gimbal: number;
  capture: boolean;
}

export interface InputSample extends Hands {
  /** performance.now() ms when the hands were read. */
  t: number;
  /** "gamepad" | "keyboard" | "test" */
  source: string;
}

export const GIMBAL_DOWN = -Math.PI / 2;

export function neutralHands(): Hands {
  return { roll: 0, pitch: 0, yaw: 0, throttle: 0, arm: false, modeSwitch: 0, rth: false, gimbal: 0, capture: false };
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Hands brought into their ranges (sticks [-1, 1], throttle [0, 1], gimbal [-pi/2, 0]). */
export function clampHands(h: Hands): Hands {
  return {
    roll: clamp(h.roll, -1, 1),
    pitch: clamp(h.pitch, -1, 1),
    yaw: clamp(h.yaw, -1, 1),
    throttle: clamp(h.throttle, 0, 1),
    arm: h.arm,
    modeSwitch: clamp(Math.round(h.modeSwitch), 0, 2),
    rth: h.rth,
    gimbal: clamp(h.gimbal, GIMBAL_DOWN, 0),
    capture: h.capture,
  };
}

/** True when two hands differ in any field (exact comparison: the sampler's rate cap
 * bounds how often a jittering radio can send). */
export function handsDiffer(a: Hands, b: Hands): boolean {
  return (
    a.roll !== b.roll ||
    a.pitch !== b.pitch ||
    a.yaw !== b.yaw ||
    a.throttle !== b.throttle ||
    a.arm !== b.arm ||
    a.modeSwitch !== b.modeSwitch ||
    a.rth !== b.rth ||
    a.gimbal !== b.gimbal ||
    a.capture !== b.capture
  );
}
