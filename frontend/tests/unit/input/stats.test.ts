import { describe, expect, it } from "vitest";
import { Pending, Window, quantile } from "../../../src/input/stats";

describe("latency statistics", () => {
  it("takes nearest-rank quantiles", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(v, 0.5), quantile(v, 0.95), quantile(v, 0.99), quantile(v, 1)]).toEqual([50, 95, 99, 100]);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it("keeps a bounded window but counts every sample", () => {
    const w = new Window(10);
    for (let i = 1; i <= 25; i++) w.add(i);
    expect(w.summary()).toEqual({ samples: 25, p50: 20, p95: 25, p99: 25, max: 25 });
    expect(w.histogram(3, 10)).toEqual([0, 4, 6]); // 16-19 in 10-20, 20-25 in the last bin
  });

  it("measures each input from its send time to the first state acknowledging it", () => {
    const p = new Pending();
    p.add(1, 0);
    p.add(2, 16);
    p.add(3, 33);
    expect(p.ack(0, 10)).toEqual([]);
    expect(p.ack(2, 40)).toEqual([40, 24]);
    expect(p.ack(2, 50)).toEqual([]);
    expect(p.size).toBe(1);
  });
});
