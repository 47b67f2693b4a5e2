// The exercise's obstacles (boxes, buildings, cylinders, masts, posts, trees) and scenery
// trees round the field, instanced by kind.
import {
  BoxGeometry, ConeGeometry, CylinderGeometry, Group, Mesh, MeshStandardMaterial,
} from "three";
import type { BoxProp, RoundProp, SceneDescription } from "../../world/description";
import { enuToThree, yawToThree } from "../frame";
import { instanced, placement, random, type Placement } from "./instances";
import { bandTexture } from "./textures";

function boxPlacement(b: BoxProp): Placement {
  const p = placement();
  enuToThree(b.center[0], b.center[1], b.center[2], p.position);
  yawToThree(b.yaw, p.quaternion);
  p.scale.set(b.size[0], b.size[2], b.size[1]); // ENU x, y, z sizes -> three x, z, y
  return p;
}

function roundPlacement(r: RoundProp, radiusScale = r.radius): Placement {
  const p = placement();
  enuToThree(r.x, r.y, r.base + r.height / 2, p.position);
  p.scale.set(radiusScale, r.height, radiusScale);
  return p;
}

/** Trees: a trunk (a third of the height) and a cone crown of `radius`. */
function trees(list: readonly { x: number; y: number; base: number; height: number; radius: number }[]): Mesh[] {
  const trunks = list.map((t) => {
    const p = placement();
    enuToThree(t.x, t.y, t.base + t.height * 0.18, p.position);
    p.scale.set(Math.max(0.08, t.radius * 0.15), t.height * 0.36, Math.max(0.08, t.radius * 0.15));
    return p;
  });
  const crowns = list.map((t) => {
    const p = placement();
    enuToThree(t.x, t.y, t.base + t.height * 0.6, p.position);
    p.scale.set(t.radius, t.height * 0.8, t.radius);
    return p;
  });
  return [
    instanced(new CylinderGeometry(1, 1.2, 1, 6), new MeshStandardMaterial({ color: 0x6b4a2f, roughness: 1 }), trunks),
    instanced(new ConeGeometry(1, 1, 9), new MeshStandardMaterial({ color: 0x2f5d2a, roughness: 0.9 }), crowns),
  ].filter((m): m is NonNullable<typeof m> => m !== null);
}

/** Trees in a ring outside the field, for depth (the same every visit). */
function scenery(extent: number): { x: number; y: number; base: number; height: number; radius: number }[] {
  const rnd = random(Math.round(extent * 10));
  const out = [];
  const n = Math.round(60 + extent * 0.8);
  for (let i = 0; i < n; i++) {
    const a = rnd() * Math.PI * 2;
    const r = extent + 15 + rnd() * (40 + extent);
    const h = 6 + rnd() * 9;
    out.push({ x: r * Math.cos(a), y: r * Math.sin(a), base: 0, height: h, radius: h * (0.22 + rnd() * 0.1) });
  }
  return out;
}

export function obstacles(d: SceneDescription): Group {
  const root = new Group();
  root.name = "obstacles";
  const unitBox = () => new BoxGeometry(1, 1, 1);
  const cylinder = () => new CylinderGeometry(1, 1, 1, 20);
  const meshes = [
    instanced(unitBox(), new MeshStandardMaterial({ color: 0xb7a48c, roughness: 0.85 }),
      d.boxes.filter((b) => b.kind === "building").map(boxPlacement)),
    instanced(unitBox(), new MeshStandardMaterial({ color: 0x8d949c, roughness: 0.7 }),
      d.boxes.filter((b) => b.kind === "box").map(boxPlacement)),
    instanced(cylinder(), new MeshStandardMaterial({ color: 0x9aa0a6, roughness: 0.6 }),
      d.rounds.filter((r) => r.kind === "cylinder").map((r) => roundPlacement(r))),
    instanced(new CylinderGeometry(1, 1, 1, 8), new MeshStandardMaterial({ color: 0xf0f0f0, roughness: 0.5 }),
      d.rounds.filter((r) => r.kind === "post").map((r) => roundPlacement(r))),
  ];
  for (const m of meshes) if (m) root.add(m);
  for (const mast of d.rounds.filter((r) => r.kind === "mast")) {
    const mesh = new Mesh(
      new CylinderGeometry(mast.radius * 0.6, mast.radius, mast.height, 16),
      new MeshStandardMaterial({ map: bandTexture(Math.max(2, Math.round(mast.height / 5))), roughness: 0.6 }),
    );
    const p = roundPlacement(mast, 1);
    mesh.position.copy(p.position);
    mesh.castShadow = mesh.receiveShadow = true;
    mesh.updateMatrix();
    mesh.matrixAutoUpdate = false;
    root.add(mesh);
  }
  const field = d.rounds.filter((r) => r.kind === "tree");
  root.add(...trees([...field, ...scenery(d.extent)]));
  return root;
}
