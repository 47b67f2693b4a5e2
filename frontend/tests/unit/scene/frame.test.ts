import { Quaternion, Vector3 } from "three";
import { describe, expect, it } from "vitest";
import { enuToThree, quatToThree, threeToEnu, yawToThree } from "../../../src/scene/frame";

/** Rotates ENU vector v by quaternion (w, x, y, z), the plain way (q v q*). */
function rotate(q: [number, number, number, number], v: [number, number, number]): [number, number, number] {
  const [w, x, y, z] = q;
  const [vx, vy, vz] = v;
  const tx = 2 * (y * vz - z * vy);
  const ty = 2 * (z * vx - x * vz);
  const tz = 2 * (x * vy - y * vx);
  return [vx + w * tx + (y * tz - z * ty), vy + w * ty + (z * tx - x * tz), vz + w * tz + (x * ty - y * tx)];
}

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

describe("ENU/FLU to three.js", () => {
  it("puts east on +X, north on -Z, up on +Y", () => {
    const v = new Vector3();
    expect(enuToThree(1, 0, 0, v).toArray().map((c) => c + 0)).toEqual([1, 0, 0]);
    expect(enuToThree(0, 1, 0, v).toArray().map((c) => c + 0)).toEqual([0, 0, -1]);
    expect(enuToThree(0, 0, 1, v).toArray().map((c) => c + 0)).toEqual([0, 1, 0]);
    expect(threeToEnu(enuToThree(3, -4, 5, v), [0, 0, 0])).toEqual([3, -4, 5]);
  });

  it("converts any attitude so rotating then converting equals converting then rotating", () => {
    const rnd = random(42);
    const q3 = new Quaternion();
    const a = new Vector3();
    const b = new Vector3();
    for (let i = 0; i < 200; i++) {
      const raw = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
      const n = Math.hypot(...raw);
      const q = raw.map((c) => c / n) as [number, number, number, number];
      const v: [number, number, number] = [rnd() * 4 - 2, rnd() * 4 - 2, rnd() * 4 - 2];
      const r = rotate(q, v);
      enuToThree(r[0], r[1], r[2], a);
      enuToThree(v[0], v[1], v[2], b).applyQuaternion(quatToThree(q[0], q[1], q[2], q[3], q3));
      expect(a.distanceTo(b)).toBeLessThan(1e-12);
    }
  });

  it("points the nose (body +x) where the yaw says: 90 degrees is north", () => {
    const q = new Quaternion();
    const nose = new Vector3(1, 0, 0).applyQuaternion(yawToThree(Math.PI / 2, q));
    const north = enuToThree(0, 1, 0, new Vector3());
    expect(nose.distanceTo(north)).toBeLessThan(1e-12);
    const s = Math.sin(Math.PI / 4);
    const same = new Vector3(1, 0, 0).applyQuaternion(quatToThree(Math.cos(Math.PI / 4), 0, 0, s, q));
    expect(same.distanceTo(north)).toBeLessThan(1e-12);
  });
});
