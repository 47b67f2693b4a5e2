// The saved input profile: how one device's raw axes and buttons become the pilot's hands.
// Mirrored exactly by the server's schema, src/dronedojo/web/input_profile.py (keep the two
// in step: same field names, same bounds). Raw axis values are the Gamepad API's, in [-1, 1].

/** A stick channel (roll, pitch, yaw): raw `center` gives 0, raw `min` and `max` give the two
 * ends (-1 and +1 before `invert`), piecewise linear so an off-centre trim still reaches both
 * ends. `deadband` (0..0.25, of full deflection) and `expo` (0..1) shape the result. */
export interface StickAxis {
  axis: number;
  center: number;
  min: number;
  max: number;
  invert: boolean;
  deadband: number;
  expo: number;
}

/** A one-sided channel (throttle, gimbal): raw `min` gives 0, raw `max` gives 1 before
 * `invert` (throttle 0..1; gimbal -pi/2 down .. 0 level). */
export interface RangeAxis {
  axis: number;
  min: number;
  max: number;
  invert: boolean;
}

/** An on/off channel: an axis (on when nearer its recorded `on` value than its `off`
 * value, as a radio switch mixed onto a channel) or a button (momentary, or `toggle`: each
 * press flips it, as a gamepad button). */
export type Switch =
  | { kind: "axis"; index: number; off: number; on: number }
  | { kind: "button"; index: number; toggle: boolean };

/** A three-position selector (the flight mode switch): an axis whose three recorded
 * `positions` are matched by nearness, or three `buttons` (one per position; the position
 * whose entry is -1 holds while none of the others is pressed, otherwise the last pressed
 * position latches). */
export type Selector =
  | { kind: "axis"; index: number; positions: [number, number, number] }
  | { kind: "buttons"; buttons: [number, number, number] };

/** Stick layout, for display and instructions: mode 2 has throttle and yaw on the left
 * stick, roll and pitch on the right; mode 1 has pitch and yaw on the left, throttle and
 * roll on the right. */
export type Layout = 1 | 2;

export interface PadRef {
  id: string;
  index: number;
}

export interface InputProfile {
  version: 1;
  name: string;
  /** The device the profile was calibrated on (null: the first pad that moves). */
  pad: PadRef | null;
  layout: Layout;
  roll: StickAxis;
  pitch: StickAxis;
  yaw: StickAxis;
  throttle: RangeAxis;
  gimbal: RangeAxis | null;
  arm: Switch | null;
  mode: Selector | null;
  rth: Switch | null;
  capture: Switch | null;
}

/** Bounds shared with the server schema. */
export const LIMITS = {
  axes: 16,
  buttons: 64,
  deadbandMax: 0.25,
  expoMax: 1,
  nameMax: 80,
  padIdMax: 200,
  padIndexMax: 15,
  /** Smallest raw distance between an end and the centre (or min and max). */
  minSpan: 0.05,
} as const;

export const DEFAULT_DEADBAND = 0.02;
