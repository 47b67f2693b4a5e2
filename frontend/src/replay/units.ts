// Chart values in the pilot's units. The factors match app/boot.ts length() and speed()
// (which format single values as text; charts need the numbers).
import type { SpeedUnit, Units } from "../app/boot";

const FOOT = 0.3048;
const SPEED: Record<SpeedUnit, number> = { "m/s": 1, "km/h": 1000 / 3600, mph: 1609.344 / 3600, kn: 1852 / 3600 };

/** Metres -> the pilot's length unit. */
export function lengthFactor(u: Units): number {
  return u.length === "ft" ? 1 / FOOT : 1;
}

/** m/s -> the pilot's speed unit. */
export function speedFactor(u: Units): number {
  return 1 / SPEED[u.speed];
}
