// The scene description: what the 3D view draws for an exercise, in plain data. World ENU,
// metres, angles in radians (converted from the exercise's *_deg fields here, once).

export type Vec2 = [number, number];
export type Vec3 = [number, number, number];

export type Ground = "grass" | "asphalt" | "sand" | "snow";
export type ViewKind = "line_of_sight" | "fpv" | "chase";

/** A box standing or floating: centre, full size along its own axes, yaw about z. */
export interface BoxProp {
  kind: "box" | "building";
  name: string | null;
  center: Vec3;
  size: Vec3;
  yaw: number;
}

/** A vertical round thing from `base` to `base + height`. */
export interface RoundProp {
  kind: "cylinder" | "mast" | "post" | "tree";
  name: string | null;
  x: number;
  y: number;
  base: number;
  height: number;
  radius: number;
}

export interface GateProp {
  name: string;
  center: Vec3;
  width: number;
  height: number;
  /** Heading flown through, rad (0 east, counter-clockwise). */
  yaw: number;
}

export interface PadProp {
  name: string;
  center: Vec2;
  radius: number;
}

export interface BucketProp {
  /** Target name: stand name then A, B, C, D or "up". */
  name: string;
  mouth: Vec3;
  /** Unit vector out of the mouth. */
  axis: Vec3;
  radius: number;
  depth: number;
  ringRadius: number;
}

export interface StandProp {
  name: string;
  center: Vec2;
  height: number;
  postRadius: number;
  buckets: BucketProp[];
}

/** Where an objective is flown, drawn faintly as a guide. */
export type Guide =
  | { kind: "zone"; center: Vec3; size: Vec3 }
  | { kind: "cylinder"; center: Vec3; radius: number; height: number }
  | { kind: "circle"; center: Vec3; radius: number }
  | { kind: "path"; points: Vec3[] };

export interface ViewSpec {
  kind: ViewKind;
  /** The pilot's eyes, for line of sight. */
  pilot: Vec3;
  /** FPV camera tilt up from the airframe's x axis and its vertical field of view, rad. */
  uptilt: number;
  fov: number;
}

export interface SceneDescription {
  id: string;
  title: string;
  briefing: string;
  tips: string | null;
  ground: Ground;
  boxes: BoxProp[];
  rounds: RoundProp[];
  gates: GateProp[];
  pads: PadProp[];
  stands: StandProp[];
  guides: Guide[];
  /** Polygon (x, y) the drone must stay in, or null. */
  geofence: Vec2[] | null;
  /** Height limit, m, or null. */
  ceiling: number | null;
  view: ViewSpec;
  spawn: { position: Vec3; yaw: number };
  modes: string[];
  timeLimit: number;
  /** Radius round the origin that holds everything placed, m (sizes the ground and fog). */
  extent: number;
}
