import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { Codec } from "../../../src/net/codec";
import { FlightReader, emptyFlight } from "../../../src/net/flight";
import { ReplayClock } from "../../../src/replay/clock";
import { RecordingError, readRecording } from "../../../src/replay/recording";

/** live/journal.py FRAME_COLUMNS (the exercises/frame.py columns). */
const COLUMNS = [
  "time", "x", "y", "z", "vx", "vy", "vz", "qw", "qx", "qy", "qz", "p", "q", "r",
  "armed", "mode", "crashed", "crash_kind", "contact", "soc", "voltage", "events",
  "roll", "pitch", "yaw", "throttle", "gimbal", "capture", "wind_x", "wind_y", "wind_z",
];

function row(t: number): number[] {
  const v: Record<string, number> = { time: t, x: 2 * t, z: 1 + t, qw: 1, armed: 1, mode: 3, voltage: 16.8 - t / 10, throttle: 0.5 };
  return COLUMNS.map((c) => v[c] ?? 0);
}

function frames(): unknown {
  const rows = Array.from({ length: 251 }, (_, k) => row(k / 50));
  return {
    columns: COLUMNS,
    rate_hz: 50,
    rows: [rows[3], ...rows.slice(0, 3), ...rows.slice(4)],
    ghost: { columns: COLUMNS, rows: [row(0), row(1)] },
    events: [{ t: 2, kind: "landed", text: "Landed", severity: "info" }, { t: 0.5, kind: "armed", text: "Motors armed", severity: "info" }],
  };
}

describe("readRecording", () => {
  it("reads the MessagePack frames into a timeline over the whole flight", () => {
    const rec = readRecording(new Codec().decodeValue(encode(frames())));
    expect(rec.rate).toBe(50);
    expect(rec.duration).toBeCloseTo(5, 12);
    expect(rec.times[3]).toBeCloseTo(0.06, 12); // put in time order
    expect(rec.events.map((e) => e.kind)).toEqual(["armed", "landed"]);
    expect(Array.from(rec.ghost!)).toEqual([0, 0, 1, 2, 0, 2]);
    const out = new Float64Array(rec.layout.size);
    rec.timeline.sampleAt(1.01, out);
    const f = new FlightReader(rec.layout).read(out, emptyFlight());
    expect(f.t).toBeCloseTo(1.01, 12);
    expect(f.x).toBeCloseTo(2.02, 12);
    expect([f.armed, f.mode, f.throttle]).toEqual([true, 3, 0.5]);
    expect(f.objective).toBe(-1); // recorded frames carry no objective
  });

  it("says what is wrong with a bad file", () => {
    expect(() => readRecording({ columns: ["x"], rows: [] })).toThrow(RecordingError);
    expect(() => readRecording({ columns: COLUMNS, rows: [[1, 2]] })).toThrow("rows[0]: expected 31 numbers");
  });
});

describe("ReplayClock", () => {
  it("plays at its speed, stops at the end, and restarts from the start", () => {
    const c = new ReplayClock(0, 10);
    c.advance(1);
    expect(c.t).toBe(0); // paused
    c.play();
    c.speed = 4;
    c.advance(0.5);
    expect(c.t).toBe(2);
    c.advance(5);
    expect([c.t, c.playing]).toEqual([10, false]);
    c.play();
    expect(c.t).toBe(0);
    c.seek(-3);
    expect(c.t).toBe(0);
    c.seek(7.5);
    expect(c.t).toBe(7.5);
  });
});
