// The input package's public face: devices to timestamped samples of the pilot's hands.
// Pages use InputHub (start/stop, latest(), onSample, InputHub.load) and mountStickView.
// The calibration and latency pages also import ./calibrate, ./preset and ./keyhelp directly.
export type { Hands, InputSample } from "./hands";
export type { InputProfile } from "./profile";
export { InputHub, type HubOptions } from "./hub";
export { mountStickView } from "./stickview";
