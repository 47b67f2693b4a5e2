// The one place where the world's ENU axes (x east, y north, z up) and the body's FLU axes
// (x forward, y left, z up) become three.js axes (y up, right-handed): three = (x, z, -y).
// So east is +X, north is -Z, up is +Y; a model is authored nose +X, up +Y, left -Z.
import { Quaternion, Vector3 } from "three";

/** A point or direction, world ENU (or body FLU) -> three.js. */
export function enuToThree(x: number, y: number, z: number, out: Vector3): Vector3 {
  return out.set(x, z, -y);
}

/** A three.js point or direction back to ENU, as [x, y, z] in `out`. */
export function threeToEnu(v: Vector3, out: [number, number, number]): [number, number, number] {
  out[0] = v.x;
  out[1] = -v.z;
  out[2] = v.y;
  return out;
}

/** An attitude (w, x, y, z), body FLU to world ENU -> the same rotation in three.js axes. */
export function quatToThree(w: number, x: number, y: number, z: number, out: Quaternion): Quaternion {
  return out.set(x, z, -y, w);
}

/** A heading about the vertical (rad, 0 east, counter-clockwise seen from above) -> the
 * rotation about three.js +Y: the same angle, since +Y is up and X east. */
export function yawToThree(yaw: number, out: Quaternion): Quaternion {
  return out.set(0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2));
}
