// GET /api/exercises/{id} (Exercise.model_dump(mode="json") plus "texts": {title, briefing,
// tips} in the pilot's language) to a SceneDescription. Defaults are spec.py's.
import type { BoxProp, Guide, RoundProp, SceneDescription, StandProp, Vec2, Vec3, ViewKind } from "./description";
import { Reader, WorldError } from "./read";
import { buckets } from "./stand";

const RAD = Math.PI / 180;
const OBSTACLES = ["box", "cylinder", "post", "mast", "building", "tree"] as const;
const GROUNDS = ["grass", "asphalt", "sand", "snow"] as const;
const VIEWS: readonly ViewKind[] = ["line_of_sight", "fpv", "chase"];
/** m: physics/world.py's post radius and exercises/runner.py's stand post radius. */
const POST_RADIUS = 0.05;

export function describeExercise(json: unknown): SceneDescription {
  const ex = Reader.of(json, "exercise");
  const world = ex.optionalChild("world") ?? Reader.of({}, "exercise.world");
  const limits = ex.optionalChild("limits") ?? Reader.of({}, "exercise.limits");
  const texts = ex.optionalChild("texts");
  const boxes: BoxProp[] = [];
  const rounds: RoundProp[] = [];
  for (const o of world.list("obstacles")) {
    const kind = o.oneOf("type", OBSTACLES);
    const name = o.has("name") ? o.string("name") : null;
    const base = o.number("base", 0);
    if (kind === "box" || kind === "building") {
      const size = o.vector("size", 3) as Vec3;
      const c = kind === "box" ? o.vector("center", 3) : [...o.vector("center", 2), base + size[2] / 2];
      boxes.push({ kind, name, center: c as Vec3, size, yaw: o.number("yaw_deg", 0) * RAD });
    } else {
      const [x, y] = o.vector("center", 2) as Vec2;
      const radius = kind === "post" ? o.number("radius", POST_RADIUS, "positive") : o.number("radius", undefined, "positive");
      rounds.push({ kind, name, x, y, base, height: o.number("height", undefined, "positive"), radius });
    }
  }
  const gates = world.list("gates").map((g) => ({
    name: g.string("name"),
    center: g.vector("center", 3) as Vec3,
    width: g.number("width", 1.5, "positive"),
    height: g.number("height", 1.5, "positive"),
    yaw: g.number("yaw_deg", 0) * RAD,
  }));
  const pads = world.has("pads")
    ? world.list("pads").map((p) => ({
        name: p.string("name"),
        center: p.vector("center", 2) as Vec2,
        radius: p.number("radius", 0.75, "positive"),
      }))
    : [{ name: "home", center: [0, 0] as Vec2, radius: 0.75 }];
  const stands: StandProp[] = world.list("stands").map((s) => {
    const shape = {
      name: s.string("name"),
      center: s.vector("center", 2) as Vec2,
      height: s.number("height", 1, "positive"),
      facing: s.number("facing_deg", 180) * RAD,
      tilt: s.number("tilt_deg", 45) * RAD,
      bucketRadius: s.number("bucket_radius", 0.15, "positive"),
      bucketDepth: s.number("bucket_depth", 0.35, "positive"),
      ringRadius: s.number("ring_radius", 0.12, "positive"),
    };
    return { name: shape.name, center: shape.center, height: shape.height, postRadius: POST_RADIUS, buckets: buckets(shape) };
  });
  const fence = limits.optionalChild("geofence");
  const geofence = fence ? polygon(fence) : null;
  const ceiling = limits.optionalChild("ceiling")?.number("height", undefined, "positive") ?? null;
  const view = ex.optionalChild("view") ?? Reader.of({}, "exercise.view");
  const spawn = ex.optionalChild("spawn") ?? Reader.of({}, "exercise.spawn");
  const description: SceneDescription = {
    id: ex.string("id"),
    title: texts?.string("title") ?? text(ex, "title"),
    briefing: texts?.string("briefing") ?? text(ex, "briefing"),
    tips: texts?.has("tips") ? texts.string("tips") : null,
    ground: world.oneOf("ground", GROUNDS, "grass"),
    boxes,
    rounds,
    gates,
    pads,
    stands,
    guides: ex.list("objectives").flatMap(guides),
    geofence,
    ceiling,
    view: {
      kind: view.oneOf("kind", VIEWS, "line_of_sight"),
      pilot: view.vector("pilot", 3, [0, -5, 1.7]) as Vec3,
      uptilt: view.number("uptilt_deg", 25) * RAD,
      fov: view.number("fov_deg", 110, "positive") * RAD,
    },
    spawn: { position: spawn.vector("position", 3, [0, 0, 0]) as Vec3, yaw: spawn.number("yaw_deg", 90) * RAD },
    modes: modes(ex),
    timeLimit: limits.number("time_s", 300, "positive"),
    extent: 0,
  };
  description.extent = extent(description);
  return description;
}

function modes(ex: Reader): string[] {
  const v = ex.value["modes"];
  if (!Array.isArray(v) || v.length === 0 || !v.every((m) => typeof m === "string")) {
    throw new WorldError("exercise.modes: expected a list of mode names");
  }
  return v as string[];
}

function text(ex: Reader, key: string): string {
  // Without "texts", the English of a {en, fr} text.
  const t = ex.optionalChild(key);
  return t ? t.string("en") : "";
}

function polygon(fence: Reader): Vec2[] {
  const p = points(fence, "polygon", 2) as unknown as Vec2[];
  if (p.length < 3) throw new WorldError(`${fence.where}.polygon: expected at least 3 points`);
  return p;
}

/** A list of points of `size` numbers each. */
function points(r: Reader, key: string, size = 3): Vec3[] {
  const v = r.value[key];
  if (!Array.isArray(v)) throw new WorldError(`${r.where}.${key}: expected a list of points`);
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== size || !p.every((e) => typeof e === "number" && Number.isFinite(e))) {
      throw new WorldError(`${r.where}.${key}[${i}]: expected ${size} numbers`);
    }
    return [...p] as Vec3;
  });
}

function guides(o: Reader): Guide[] {
  switch (o.value["kind"]) {
    case "hold": {
      const z = o.child("zone");
      const center = z.vector("center", 3) as Vec3;
      if (z.has("radius")) return [{ kind: "cylinder", center, radius: z.number("radius"), height: z.number("height", 1) }];
      return [{ kind: "zone", center, size: z.vector("size", 3) as Vec3 }];
    }
    case "orbit": {
      const [x, y] = o.vector("center", 2);
      return [{ kind: "circle", center: [x!, y!, o.number("height")], radius: o.number("radius") }];
    }
    case "figure_eight": {
      const [x, y] = o.vector("center", 2) as Vec2;
      const r = o.number("radius");
      const a = o.number("axis_deg", 0) * RAD;
      const h = o.number("height");
      return [-1, 1].map((s) => ({ kind: "circle" as const, center: [x + s * r * Math.cos(a), y + s * r * Math.sin(a), h] as Vec3, radius: r }));
    }
    case "waypoints":
      return [{ kind: "path", points: points(o, "waypoints") }];
    case "lane": {
      const s = o.vector("start", 2);
      const e = o.vector("end", 2);
      const band = o.vector("height_band", 2, [1, 10]);
      const h = (band[0]! + band[1]!) / 2;
      return [{ kind: "path", points: [[s[0]!, s[1]!, h], [e[0]!, e[1]!, h]] }];
    }
    default:
      return [];
  }
}

/** Radius round the origin holding every placed thing and the pilot, with a margin. */
function extent(d: SceneDescription): number {
  let r = 20;
  const see = (x: number, y: number) => (r = Math.max(r, Math.hypot(x, y)));
  d.boxes.forEach((b) => see(b.center[0], b.center[1]));
  d.rounds.forEach((c) => see(c.x, c.y));
  d.gates.forEach((g) => see(g.center[0], g.center[1]));
  d.pads.forEach((p) => see(p.center[0], p.center[1]));
  d.stands.forEach((s) => see(s.center[0], s.center[1]));
  d.geofence?.forEach((p) => see(p[0], p[1]));
  see(d.view.pilot[0], d.view.pilot[1]);
  return r * 1.2 + 10;
}
