// The course: racing gates, landing pads, and target stands with their buckets and rings.
import {
  BoxGeometry, CircleGeometry, CylinderGeometry, DoubleSide, Group, MeshStandardMaterial,
  Quaternion, Vector3,
} from "three";
import type { GateProp, SceneDescription } from "../../world/description";
import { enuToThree, yawToThree } from "../frame";
import { instanced, placement, type Placement } from "./instances";
import { padTexture, targetTexture } from "./textures";

/** m: the square section of a gate's bars (physics/world.py's default). */
const BAR = 0.1;
const UP = new Vector3(0, 1, 0);
const axis = new Vector3();

/** The four bars of a gate, as physics/world.py builds them (posts along the gate's own y). */
function gateBars(g: GateProp): Placement[] {
  const side = 0.5 * (g.width + BAR);
  const outer = 0.5 * (g.height + BAR);
  const parts: [number, number, number, number, number, number][] = [
    [0, side, 0, BAR, BAR, g.height + 2 * BAR],
    [0, -side, 0, BAR, BAR, g.height + 2 * BAR],
    [0, 0, outer, BAR, g.width + 2 * BAR, BAR],
    [0, 0, -outer, BAR, g.width + 2 * BAR, BAR],
  ];
  const c = Math.cos(g.yaw);
  const s = Math.sin(g.yaw);
  return parts.map(([ox, oy, oz, sx, sy, sz]) => {
    const p = placement();
    enuToThree(g.center[0] + c * ox - s * oy, g.center[1] + s * ox + c * oy, g.center[2] + oz, p.position);
    yawToThree(g.yaw, p.quaternion);
    p.scale.set(sx, sz, sy);
    return p;
  });
}

/** Turns three.js +Y onto the ENU direction (x, y, z). */
function alongAxis(x: number, y: number, z: number, out: Quaternion): Quaternion {
  return out.setFromUnitVectors(UP, enuToThree(x, y, z, axis).normalize());
}

export function course(d: SceneDescription): Group {
  const root = new Group();
  root.name = "course";
  const bars = d.gates.flatMap(gateBars);
  // Alternate colours by gate so the next gate stands out from the one behind it.
  const gateA = instanced(new BoxGeometry(1, 1, 1), new MeshStandardMaterial({ color: 0xff6a13, roughness: 0.5 }),
    bars.filter((_, i) => Math.floor(i / 4) % 2 === 0));
  const gateB = instanced(new BoxGeometry(1, 1, 1), new MeshStandardMaterial({ color: 0xf4f4f4, roughness: 0.5 }),
    bars.filter((_, i) => Math.floor(i / 4) % 2 === 1));

  const pads = instanced(
    new CircleGeometry(1, 48).rotateX(-Math.PI / 2),
    new MeshStandardMaterial({ map: padTexture(), roughness: 0.8, polygonOffset: true, polygonOffsetFactor: -2 }),
    d.pads.map((p) => {
      const at = placement();
      enuToThree(p.center[0], p.center[1], 0.005, at.position);
      at.scale.set(p.radius, 1, p.radius);
      return at;
    }),
    false,
  );
  if (pads) pads.receiveShadow = true;

  const posts = instanced(new CylinderGeometry(1, 1, 1, 10), new MeshStandardMaterial({ color: 0x9a9a9a, roughness: 0.6 }),
    d.stands.map((s) => {
      const p = placement();
      enuToThree(s.center[0], s.center[1], s.height / 2, p.position);
      p.scale.set(s.postRadius, s.height, s.postRadius);
      return p;
    }));
  const buckets = d.stands.flatMap((s) => s.buckets);
  const walls = instanced(
    new CylinderGeometry(1, 1, 1, 20, 1, true),
    new MeshStandardMaterial({ color: 0xf2c230, roughness: 0.7, side: DoubleSide }),
    buckets.map((b) => {
      const p = placement();
      const [mx, my, mz] = b.mouth;
      const [ax, ay, az] = b.axis;
      enuToThree(mx - (ax * b.depth) / 2, my - (ay * b.depth) / 2, mz - (az * b.depth) / 2, p.position);
      alongAxis(ax, ay, az, p.quaternion);
      p.scale.set(b.radius, b.depth, b.radius);
      return p;
    }),
  );
  const ratio = buckets.length ? buckets[0]!.ringRadius / buckets[0]!.radius : 0.8;
  const targets = instanced(
    new CircleGeometry(1, 32).rotateX(-Math.PI / 2),
    new MeshStandardMaterial({ map: targetTexture(ratio), roughness: 0.9, side: DoubleSide }),
    buckets.map((b) => {
      const p = placement();
      const [mx, my, mz] = b.mouth;
      const [ax, ay, az] = b.axis;
      const down = b.depth - 0.003;
      enuToThree(mx - ax * down, my - ay * down, mz - az * down, p.position);
      alongAxis(ax, ay, az, p.quaternion);
      p.scale.set(b.radius, 1, b.radius);
      return p;
    }),
    false,
  );
  for (const m of [gateA, gateB, pads, posts, walls, targets]) if (m) root.add(m);
  return root;
}

