// The flight as the scene and the display read it: one mutable object, refilled every frame
// from a sampled row of either the live state frame or a recorded frame (no allocation).
// World ENU, SI units (see DESIGN.md conventions).
import type { FieldLayout } from "./fields";

export interface Flight {
  /** Exercise time, s. */
  t: number;
  tick: number;
  /** Position, world ENU, m. */
  x: number;
  y: number;
  z: number;
  /** Velocity, world ENU, m/s. */
  vx: number;
  vy: number;
  vz: number;
  /** Attitude, body FLU to world ENU. */
  qw: number;
  qx: number;
  qy: number;
  qz: number;
  armed: boolean;
  /** Mode code (index into the mode names), -1 unknown. */
  mode: number;
  /** Battery state of charge 0-1 (NaN unknown) and voltage, V. */
  soc: number;
  voltage: number;
  /** Wind at the drone, world ENU, m/s. */
  windX: number;
  windY: number;
  crashed: boolean;
  /** Sticks as applied: roll, pitch, yaw -1..1; throttle 0..1. */
  roll: number;
  pitch: number;
  yaw: number;
  throttle: number;
  /** Camera gimbal pitch, rad. */
  gimbal: number;
  /** Index of the current objective (-1 unknown) and its progress 0-1. */
  objective: number;
  fraction: number;
  /** False while the server does not hear the pilot. */
  link: boolean;
}

export function emptyFlight(): Flight {
  return {
    t: 0, tick: 0, x: 0, y: 0, z: 0, vx: 0, vy: 0, vz: 0, qw: 1, qx: 0, qy: 0, qz: 0,
    armed: false, mode: -1, soc: Number.NaN, voltage: Number.NaN, windX: 0, windY: 0,
    crashed: false, roll: 0, pitch: 0, yaw: 0, throttle: 0, gimbal: 0, objective: -1,
    fraction: 0, link: true,
  };
}

/** Fills a Flight from rows laid out as `layout` says; fields a layout lacks keep a neutral
 * value. Live frames name the time "t", recorded frames "time". */
export class FlightReader {
  private readonly i: Record<string, number>;

  constructor(layout: FieldLayout) {
    const f = (...names: string[]) => layout.find(...names);
    this.i = {
      t: f("t", "time"), tick: f("tick"), x: f("x"), y: f("y"), z: f("z"),
      vx: f("vx"), vy: f("vy"), vz: f("vz"), qw: f("qw"), qx: f("qx"), qy: f("qy"), qz: f("qz"),
      armed: f("armed"), mode: f("mode"), soc: f("soc"), voltage: f("voltage"),
      windX: f("wind_x"), windY: f("wind_y"), crashed: f("crashed"), roll: f("roll"),
      pitch: f("pitch"), yaw: f("yaw"), throttle: f("throttle"), gimbal: f("gimbal"),
      objective: f("objective"), fraction: f("fraction"), link: f("link"),
    };
  }

  read(row: ArrayLike<number>, out: Flight): Flight {
    const i = this.i;
    out.t = pick(row, i.t!, 0);
    out.tick = pick(row, i.tick!, 0);
    out.x = pick(row, i.x!, 0);
    out.y = pick(row, i.y!, 0);
    out.z = pick(row, i.z!, 0);
    out.vx = pick(row, i.vx!, 0);
    out.vy = pick(row, i.vy!, 0);
    out.vz = pick(row, i.vz!, 0);
    out.qw = pick(row, i.qw!, 1);
    out.qx = pick(row, i.qx!, 0);
    out.qy = pick(row, i.qy!, 0);
    out.qz = pick(row, i.qz!, 0);
    out.armed = pick(row, i.armed!, 0) > 0.5;
    out.mode = pick(row, i.mode!, -1);
    out.soc = pick(row, i.soc!, Number.NaN);
    out.voltage = pick(row, i.voltage!, Number.NaN);
    out.windX = pick(row, i.windX!, 0);
    out.windY = pick(row, i.windY!, 0);
    out.crashed = pick(row, i.crashed!, 0) > 0.5;
    out.roll = pick(row, i.roll!, 0);
    out.pitch = pick(row, i.pitch!, 0);
    out.yaw = pick(row, i.yaw!, 0);
    out.throttle = pick(row, i.throttle!, 0);
    out.gimbal = pick(row, i.gimbal!, 0);
    out.objective = pick(row, i.objective!, -1);
    out.fraction = pick(row, i.fraction!, 0);
    out.link = pick(row, i.link!, 1) > 0.5;
    return out;
  }
}

function pick(row: ArrayLike<number>, index: number, fallback: number): number {
  return index >= 0 ? (row[index] as number) : fallback;
}
