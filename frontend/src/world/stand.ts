// A NIST-style target stand's five buckets, as src/dronedojo/exercises/targets.py lays them
// out (A faces `facing`, then B, C, D clockwise seen from above; "up" on the post's top).
import type { BucketProp, Vec2, Vec3 } from "./description";

export interface StandShape {
  name: string;
  center: Vec2;
  height: number;
  facing: number;
  tilt: number;
  bucketRadius: number;
  bucketDepth: number;
  ringRadius: number;
}

export const ANGLED = ["A", "B", "C", "D"] as const;

export function buckets(s: StandShape): BucketProp[] {
  const top: Vec3 = [s.center[0], s.center[1], s.height];
  const out: BucketProp[] = ANGLED.map((letter, k) => {
    const heading = s.facing - (Math.PI / 2) * k;
    const ox = Math.cos(heading);
    const oy = Math.sin(heading);
    const axis: Vec3 = [Math.sin(s.tilt) * ox, Math.sin(s.tilt) * oy, Math.cos(s.tilt)];
    const reach = s.bucketDepth * Math.sin(s.tilt) + s.bucketRadius * Math.cos(s.tilt);
    return {
      name: `${s.name}${letter}`,
      mouth: [top[0] + reach * ox, top[1] + reach * oy, top[2]],
      axis,
      radius: s.bucketRadius,
      depth: s.bucketDepth,
      ringRadius: s.ringRadius,
    };
  });
  out.push({
    name: `${s.name}up`,
    mouth: [top[0], top[1], top[2] + s.bucketDepth],
    axis: [0, 0, 1],
    radius: s.bucketRadius,
    depth: s.bucketDepth,
    ringRadius: s.ringRadius,
  });
  return out;
}
