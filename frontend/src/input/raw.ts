// A raw device snapshot, copied out of a Gamepad object at each poll (Gamepad objects are
// never kept: Chromium hands out snapshots, other browsers live objects).

export interface RawPad {
  id: string;
  index: number;
  /** "standard" for the W3C standard gamepad layout, "" for radios and other devices. */
  mapping: string;
  /** Gamepad.timestamp: changes whenever the browser saw fresh data from the device. */
  timestamp: number;
  axes: number[];
  buttons: boolean[];
}

/** The parts of a Gamepad this package reads (a fake in tests). */
export interface PadLike {
  id: string;
  index: number;
  mapping: string;
  timestamp: number;
  connected: boolean;
  axes: ArrayLike<number>;
  buttons: ArrayLike<{ pressed: boolean }>;
}

/** The part of `navigator` the gamepad source reads; looked up on every poll. */
export interface NavigatorLike {
  getGamepads?: () => ArrayLike<PadLike | null>;
}

export function snapshot(p: PadLike): RawPad {
  const axes: number[] = [];
  for (let i = 0; i < p.axes.length; i++) axes.push(Number(p.axes[i]) || 0);
  const buttons: boolean[] = [];
  for (let i = 0; i < p.buttons.length; i++) buttons.push(Boolean(p.buttons[i]?.pressed));
  return { id: p.id, index: p.index, mapping: p.mapping, timestamp: p.timestamp, axes, buttons };
}
