// Starting profiles the calibration wizard adjusts. A radio in USB-joystick mode and a game
// controller differ in every respect that matters here, so each has its own.
//
// EdgeTX "Classic" USB joystick (radio/src/usb_joystick.cpp, see
// shared/reference/frontend.md §4): channels CH1-CH8 are reported as the HID axes X, Y, Z,
// Rx, Ry, Rz, Slider, Dial, which the browser lists as axes[0..7] (Windows swaps Slider and
// Dial, EdgeTX/edgetx#3400), each -1..1 over the channel's -100..100 %. Which stick lands on
// CH1-CH4 is the radio's "default channel order" used when a model is created: EdgeTX
// radio/src/input_mapping.cpp `_channel_order_lut` (index 0 = RUD,ELE,THR,AIL "RETA";
// index 21 = AIL,ELE,THR,RUD "AETR"), and radio/src/CMakeLists.txt sets
// DEFAULT_TEMPLATE_SETUP to 21 (AETR) on radios with an internal multi-protocol module
// (RadioMaster, Jumper) and to 0 (RETA) otherwise; FrSky release builds of OpenTX used 17
// (THR,AIL,ELE,RUD "TAER"). A channel at +100 % (stick right, forward, up) reads +1, so
// nothing is inverted; the throttle rests at -1. CH5 and CH6 carry whatever switches the
// model mixes onto them (nothing by default): CH5 = arm and CH6 = a three-position flight
// mode switch is the Betaflight convention this preset assumes.
//
// W3C "standard" gamepad (Gamepad spec, "Remapping"): axes 0/1 left stick x/y, 2/3 right
// stick x/y, y positive DOWN; buttons 0 bottom face, 1 right, 2 left, 3 top, 4/5 bumpers,
// 6/7 triggers, 8 back, 9 start, 10/11 stick presses, 12-15 d-pad up/down/left/right,
// 16 home. Sticks spring back to centre, so the throttle stick's centre is half throttle.
import { DEFAULT_DEADBAND, type InputProfile, type Layout, type StickAxis } from "./profile";
import type { RawPad } from "./raw";

export type PresetId = "edgetx-aetr" | "edgetx-reta" | "edgetx-taer" | "gamepad-standard";

export interface Preset {
  id: PresetId;
  /** Text key of its name (texts_input.py). */
  label: string;
  profile: InputProfile;
}

function stick(axis: number, invert = false): StickAxis {
  return { axis, center: 0, min: -1, max: 1, invert, deadband: DEFAULT_DEADBAND, expo: 0 };
}

/** A radio whose CH1-CH4 carry the sticks in `order` (letters A E T R), CH5 arm, CH6 mode. */
export function radioProfile(order: string, layout: Layout = 2): InputProfile {
  const at = (letter: string): number => order.indexOf(letter);
  return {
    version: 1,
    name: `EdgeTX ${order}`,
    pad: null,
    layout,
    roll: stick(at("A")),
    pitch: stick(at("E")),
    yaw: stick(at("R")),
    throttle: { axis: at("T"), min: -1, max: 1, invert: false },
    gimbal: null,
    arm: { kind: "axis", index: 4, off: -1, on: 1 },
    mode: { kind: "axis", index: 5, positions: [-1, 0, 1] },
    rth: null,
    capture: null,
  };
}

/** A W3C standard gamepad: mode 2 throttle+yaw on the left stick, mode 1 pitch+yaw. Start
 * toggles arm, the top face button toggles RTH, the bottom one captures, d-pad left / up /
 * right pick the mode switch position. */
export function gamepadProfile(layout: Layout = 2): InputProfile {
  const leftY = 1;
  const rightY = 3;
  return {
    version: 1,
    name: "Gamepad",
    pad: null,
    layout,
    yaw: stick(0),
    roll: stick(2),
    pitch: stick(layout === 2 ? rightY : leftY, true),
    throttle: { axis: layout === 2 ? leftY : rightY, min: -1, max: 1, invert: true },
    gimbal: null,
    arm: { kind: "button", index: 9, toggle: true },
    mode: { kind: "buttons", buttons: [14, 12, 15] },
    rth: { kind: "button", index: 3, toggle: true },
    capture: { kind: "button", index: 0, toggle: false },
  };
}

export function presets(layout: Layout = 2): Preset[] {
  return [
    { id: "edgetx-aetr", label: "input.preset.aetr", profile: radioProfile("AETR", layout) },
    { id: "edgetx-reta", label: "input.preset.reta", profile: radioProfile("RETA", layout) },
    { id: "edgetx-taer", label: "input.preset.taer", profile: radioProfile("TAER", layout) },
    { id: "gamepad-standard", label: "input.preset.gamepad", profile: gamepadProfile(layout) },
  ];
}

export function preset(id: PresetId, layout: Layout = 2): Preset {
  const p = presets(layout).find((x) => x.id === id);
  if (p === undefined) throw new Error(`no preset ${id}`);
  return p;
}

/** The preset for an uncalibrated device: the standard gamepad layout when the browser
 * recognised the device as one, else a radio in AETR order. */
export function presetFor(pad: Pick<RawPad, "mapping">, layout: Layout = 2): Preset {
  return preset(pad.mapping === "standard" ? "gamepad-standard" : "edgetx-aetr", layout);
}
