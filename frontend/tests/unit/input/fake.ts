// Fake devices for the input tests.
import type { PadLike, RawPad } from "../../../src/input/raw";

export function rawPad(axes: number[], buttons: boolean[] = [], over: Partial<RawPad> = {}): RawPad {
  return { id: "Test Radio", index: 0, mapping: "", timestamp: 0, axes, buttons, ...over };
}

export interface FakePad extends PadLike {
  axes: number[];
  buttons: { pressed: boolean }[];
}

export function fakePad(over: Partial<FakePad> = {}): FakePad {
  return {
    id: "Test Radio",
    index: 0,
    mapping: "",
    timestamp: 0,
    connected: true,
    axes: [0, 0, -1, 0, -1, -1, 0, 0],
    buttons: Array.from({ length: 24 }, () => ({ pressed: false })),
    ...over,
  };
}
