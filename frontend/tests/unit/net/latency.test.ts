import { describe, expect, it } from "vitest";
import { LatencyMeter } from "../../../src/net/latency";

describe("LatencyMeter", () => {
  it("times an input from its sending to the first frame that acknowledges it", () => {
    const m = new LatencyMeter();
    m.sentAt(0, 1000);
    m.sentAt(1, 1010);
    expect(m.ack(-1, 1015)).toBeNaN();
    expect(m.ack(1, 1042)).toBe(32);
    expect(m.ack(1, 1060)).toBeNaN(); // the same ack again is not a new round trip
    m.sentAt(2, 1100);
    expect(m.ack(2, 1120)).toBe(20);
    expect(m.average).toBeCloseTo(32 + (20 - 32) / 16);
  });
});
