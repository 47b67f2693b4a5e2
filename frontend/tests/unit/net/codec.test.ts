import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { Codec, CodecError } from "../../../src/net/codec";
import { FieldLayout } from "../../../src/net/fields";
import { FlightReader, emptyFlight } from "../../../src/net/flight";
import { STATE_FIELDS, hello, stateFrame } from "./fixtures";

describe("Codec", () => {
  it("decodes a state frame by the names hello gave, booleans as numbers", () => {
    const codec = new Codec();
    const frame = stateFrame({ tick: 1200, t: 1.2, x: 3.5, y: -2, z: 10.25, armed: true, mode: 3, link: false });
    const m = codec.decode(encode(frame));
    expect(m.type).toBe("state");
    if (m.type !== "state") return;
    const layout = new FieldLayout(STATE_FIELDS);
    const f = new FlightReader(layout).read(m.frame, emptyFlight());
    expect([f.tick, f.t, f.x, f.y, f.z, f.armed, f.mode, f.link]).toEqual([1200, 1.2, 3.5, -2, 10.25, true, 3, false]);
    expect(layout.object(m.frame).z).toBe(10.25);
  });

  it("round-trips the maps: hello, event, result, and the client's input", () => {
    const codec = new Codec();
    const h = hello();
    expect(codec.decode(codec.encode(h))).toEqual(h);
    const e = { type: "event", kind: "armed", t: 2.5, text: "Motors armed", severity: "info" };
    expect(codec.decode(encode(e))).toEqual(e);
    const input = { type: "input", seq: 7, t: 1234.5, sticks: [0.1, -0.2, 0, 0.55], arm: true, mode: "angle", rth: false, gimbal: -0.5, capture: false };
    expect(codec.decodeValue(codec.encode(input))).toEqual(input);
  });

  it("finds fields by name whatever their order", () => {
    const names = [...STATE_FIELDS].reverse();
    const layout = new FieldLayout(names);
    const row = names.map((n) => (n === "z" ? 42 : n === "qw" ? 1 : 0));
    expect(new FlightReader(layout).read(row, emptyFlight()).z).toBe(42);
    expect(() => layout.index("altitude")).toThrow(/no field altitude/);
  });

  it("refuses what is not a protocol message", () => {
    const codec = new Codec();
    expect(() => codec.decode(encode([1, 2, 3]))).toThrow(CodecError);
    expect(() => codec.decode(encode({ no: "type" }))).toThrow(CodecError);
  });
});
