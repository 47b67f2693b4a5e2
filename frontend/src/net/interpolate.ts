// Between two frames: smooth fields linearly, the attitude by slerp (shortest way round),
// everything else held from the earlier frame. No allocation.
import type { FieldLayout } from "./fields";

export function interpolate(
  layout: FieldLayout,
  a: Float64Array,
  b: Float64Array,
  alpha: number,
  out: Float64Array,
): void {
  out.set(a);
  for (const k of layout.smooth) out[k] = a[k]! + (b[k]! - a[k]!) * alpha;
  const q = layout.quaternion;
  if (q !== null) slerp(a, b, q, alpha, out);
}

/** Spherical interpolation of the quaternions at positions `q` of `a` and `b` into `out`. */
export function slerp(
  a: Float64Array,
  b: Float64Array,
  q: readonly [number, number, number, number],
  alpha: number,
  out: Float64Array,
): void {
  const [w, x, y, z] = q;
  const aw = a[w]!, ax = a[x]!, ay = a[y]!, az = a[z]!;
  let bw = b[w]!, bx = b[x]!, by = b[y]!, bz = b[z]!;
  let dot = aw * bw + ax * bx + ay * by + az * bz;
  if (dot < 0) {
    // q and -q are the same attitude: take the nearer one.
    bw = -bw; bx = -bx; by = -by; bz = -bz;
    dot = -dot;
  }
  let s0: number;
  let s1: number;
  if (dot > 0.9995) {
    s0 = 1 - alpha;
    s1 = alpha;
  } else {
    const theta = Math.acos(Math.min(1, dot));
    const sin = Math.sin(theta);
    s0 = Math.sin((1 - alpha) * theta) / sin;
    s1 = Math.sin(alpha * theta) / sin;
  }
  const rw = s0 * aw + s1 * bw, rx = s0 * ax + s1 * bx, ry = s0 * ay + s1 * by, rz = s0 * az + s1 * bz;
  const n = Math.hypot(rw, rx, ry, rz) || 1;
  out[w] = rw / n;
  out[x] = rx / n;
  out[y] = ry / n;
  out[z] = rz / n;
}
