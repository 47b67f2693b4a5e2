// What is drawn but not there: the geofence as a translucent wall up to the ceiling, and
// faint guides where objectives are flown (hold zones, orbit circles, paths).
import {
  BoxGeometry, BufferAttribute, BufferGeometry, DoubleSide, EdgesGeometry, Group, Line, LineBasicMaterial,
  LineLoop, LineSegments, Mesh, MeshBasicMaterial, Vector3,
} from "three";
import type { Guide, SceneDescription, Vec2 } from "../../world/description";
import { enuToThree } from "../frame";

const FENCE_COLOUR = 0xff5a36;
const GUIDE_COLOUR = 0x6fe3ff;
const v = new Vector3();

function fence(polygon: readonly Vec2[], height: number): Group {
  const n = polygon.length;
  const positions = new Float32Array(n * 6 * 3);
  // RGBA per vertex: the wall fades out upwards, so it marks the line without veiling the sky.
  const colours = new Float32Array(n * 6 * 4);
  let k = 0;
  let c = 0;
  const put = (x: number, y: number, z: number) => {
    enuToThree(x, y, z, v);
    positions[k++] = v.x;
    positions[k++] = v.y;
    positions[k++] = v.z;
    colours.set([1, 0.35, 0.21, z > 0 ? 0 : 0.35], c);
    c += 4;
  };
  for (let i = 0; i < n; i++) {
    const [ax, ay] = polygon[i]!;
    const [bx, by] = polygon[(i + 1) % n]!;
    put(ax, ay, 0); put(bx, by, 0); put(bx, by, height);
    put(ax, ay, 0); put(bx, by, height); put(ax, ay, height);
  }
  const geometry = new BufferGeometry();
  geometry.setAttribute("position", new BufferAttribute(positions, 3));
  geometry.setAttribute("color", new BufferAttribute(colours, 4));
  const wall = new Mesh(
    geometry,
    new MeshBasicMaterial({ vertexColors: true, transparent: true, side: DoubleSide, depthWrite: false, fog: false }),
  );
  wall.renderOrder = 2;
  const edge = (z: number) => {
    const g = new BufferGeometry();
    const p = new Float32Array(n * 3);
    polygon.forEach(([x, y], i) => {
      enuToThree(x, y, z, v);
      p.set([v.x, v.y, v.z], i * 3);
    });
    g.setAttribute("position", new BufferAttribute(p, 3));
    return new LineLoop(g, new LineBasicMaterial({ color: FENCE_COLOUR, transparent: true, opacity: 0.7 }));
  };
  const root = new Group();
  root.name = "geofence";
  root.add(wall, edge(0.05));
  return root;
}

function line(points: readonly [number, number, number][], loop: boolean): Line {
  const g = new BufferGeometry();
  const p = new Float32Array(points.length * 3);
  points.forEach(([x, y, z], i) => {
    enuToThree(x, y, z, v);
    p.set([v.x, v.y, v.z], i * 3);
  });
  g.setAttribute("position", new BufferAttribute(p, 3));
  const m = new LineBasicMaterial({ color: GUIDE_COLOUR, transparent: true, opacity: 0.55 });
  return loop ? new LineLoop(g, m) : new Line(g, m);
}

function circle(x: number, y: number, z: number, r: number): [number, number, number][] {
  return Array.from({ length: 64 }, (_, i) => {
    const a = (i / 64) * Math.PI * 2;
    return [x + r * Math.cos(a), y + r * Math.sin(a), z] as [number, number, number];
  });
}

function guide(g: Guide): Line[] {
  switch (g.kind) {
    case "zone": {
      const box = new EdgesGeometry(new BoxGeometry(g.size[0], g.size[2], g.size[1]));
      const lines = new LineSegments(box, new LineBasicMaterial({ color: GUIDE_COLOUR, transparent: true, opacity: 0.55 }));
      enuToThree(g.center[0], g.center[1], g.center[2], lines.position);
      return [lines];
    }
    case "cylinder": {
      const [x, y, z] = g.center;
      return [line(circle(x, y, z - g.height / 2, g.radius), true), line(circle(x, y, z + g.height / 2, g.radius), true)];
    }
    case "circle":
      return [line(circle(g.center[0], g.center[1], g.center[2], g.radius), true)];
    case "path":
      return [line(g.points, false)];
  }
}

export function overlays(d: SceneDescription): Group {
  const root = new Group();
  root.name = "overlays";
  if (d.geofence) root.add(fence(d.geofence, Math.min(d.ceiling ?? 20, 20)));
  for (const g of d.guides) root.add(...guide(g));
  return root;
}
