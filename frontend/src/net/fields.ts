// Named fields of a row of numbers: the live state frame (hello.state_fields) or a recorded
// frame (the replay's `columns`). Positions are looked up once, by name, never assumed.

/** Fields that change smoothly and are interpolated between frames; the others (tick,
 * armed, mode, objective...) are held from the earlier frame. */
const SMOOTH = new Set([
  "t", "time", "x", "y", "z", "vx", "vy", "vz", "p", "q", "r", "soc", "voltage", "current",
  "wind_x", "wind_y", "wind_z", "roll", "pitch", "yaw", "throttle", "gimbal", "fraction",
]);
const QUATERNION = ["qw", "qx", "qy", "qz"] as const;

export class FieldLayout {
  readonly size: number;
  private readonly positions = new Map<string, number>();
  /** Indexes interpolated linearly. */
  readonly smooth: readonly number[];
  /** Indexes of qw, qx, qy, qz (slerped), or null when the rows carry no attitude. */
  readonly quaternion: readonly [number, number, number, number] | null;

  constructor(readonly names: readonly string[]) {
    this.size = names.length;
    names.forEach((n, i) => {
      if (this.positions.has(n)) throw new Error(`field ${n} is named twice`);
      this.positions.set(n, i);
    });
    this.smooth = names.flatMap((n, i) => (SMOOTH.has(n) ? [i] : []));
    const q = QUATERNION.map((n) => this.positions.get(n));
    this.quaternion = q.every((i) => i !== undefined) ? (q as [number, number, number, number]) : null;
  }

  /** The position of `name`, or -1 when the rows do not carry it. */
  find(...aliases: string[]): number {
    for (const a of aliases) {
      const i = this.positions.get(a);
      if (i !== undefined) return i;
    }
    return -1;
  }

  /** The position of `name`; an error naming the missing field when absent. */
  index(name: string): number {
    const i = this.positions.get(name);
    if (i === undefined) throw new Error(`the frames carry no field ${name} (fields: ${this.names.join(", ")})`);
    return i;
  }

  /** A row as an object by field name (for test hooks and debugging, not per frame). */
  object(row: ArrayLike<number>): Record<string, number> {
    const out: Record<string, number> = {};
    this.names.forEach((n, i) => (out[n] = row[i] as number));
    return out;
  }
}
