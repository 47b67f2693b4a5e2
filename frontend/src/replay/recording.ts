// GET /api/attempts/<id>/frames (MessagePack): the attempt's 50 Hz frames (names in
// `columns`, exercises/frame.py), the reference pilot's frames (`ghost`) and the events as
// they were shown live. Read into a timeline holding the whole flight. No DOM.
import { FieldLayout } from "../net/fields";
import { Timeline } from "../net/timeline";

export interface RecordedEvent {
  t: number;
  kind: string;
  text: string;
  severity: string;
}

export interface Recording {
  layout: FieldLayout;
  rate: number;
  /** Every frame, in time order. */
  rows: Float64Array[];
  times: Float64Array;
  timeline: Timeline;
  /** The reference pilot's positions, x y z flattened, or null. */
  ghost: Float64Array | null;
  events: RecordedEvent[];
  duration: number;
}

export class RecordingError extends Error {}

function rowsOf(value: unknown, width: number, where: string): Float64Array[] {
  if (!Array.isArray(value)) throw new RecordingError(`${where}: expected a list of rows`);
  return value.map((row, i) => {
    if (!Array.isArray(row) || row.length !== width) throw new RecordingError(`${where}[${i}]: expected ${width} numbers`);
    return Float64Array.from(row as number[], (v) => (typeof v === "number" ? v : Number(v)));
  });
}

function columnsOf(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((c) => typeof c === "string")) {
    throw new RecordingError(`${where}: expected a list of column names`);
  }
  return value as string[];
}

export function readRecording(data: unknown): Recording {
  if (data === null || typeof data !== "object") throw new RecordingError("frames: expected a map");
  const d = data as Record<string, unknown>;
  const layout = new FieldLayout(columnsOf(d.columns, "columns"));
  const time = layout.find("time", "t");
  if (time < 0) throw new RecordingError("columns: no time column");
  const rate = typeof d.rate_hz === "number" && d.rate_hz > 0 ? d.rate_hz : 50;
  const rows = rowsOf(d.rows, layout.size, "rows");
  rows.sort((a, b) => a[time]! - b[time]!);
  const times = Float64Array.from(rows, (r) => r[time]!);
  const timeline = new Timeline(layout, { interval: 1 / rate, limit: Infinity });
  rows.forEach((r, i) => timeline.insert(times[i]!, r, 0));
  let ghost: Float64Array | null = null;
  if (d.ghost !== null && d.ghost !== undefined) {
    const g = d.ghost as Record<string, unknown>;
    const gl = new FieldLayout(columnsOf(g.columns, "ghost.columns"));
    const [x, y, z] = [gl.index("x"), gl.index("y"), gl.index("z")];
    const grows = rowsOf(g.rows, gl.size, "ghost.rows");
    ghost = new Float64Array(grows.length * 3);
    grows.forEach((r, i) => ghost!.set([r[x]!, r[y]!, r[z]!], i * 3));
  }
  const events = Array.isArray(d.events)
    ? (d.events as Record<string, unknown>[])
        .filter((e) => typeof e.t === "number")
        .map((e) => ({ t: e.t as number, kind: String(e.kind ?? ""), text: String(e.text ?? ""), severity: String(e.severity ?? "info") }))
        .sort((a, b) => a.t - b.t)
    : [];
  const duration = times.length ? times[times.length - 1]! - times[0]! : 0;
  return { layout, rate, rows, times, timeline, ghost, events, duration };
}
