// The input package's public face: devices to timestamped samples of the pilot's hands.
// Pages use InputHub (start/stop, latest(), onSample) and mountStickView; the calibration
// page also uses ./calibrate (the wizard's pure logic) and ./preset.
export type { Hands, InputSample } from "./hands";
export { neutralHands } from "./hands";
export type { InputProfile, StickAxis, RangeAxis, Switch, Selector, Layout, PadRef } from "./profile";
export { InputHub, type HubOptions } from "./hub";
export { mountStickView } from "./stickview";
