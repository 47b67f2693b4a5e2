import { describe, expect, it } from "vitest";
import { describeExercise } from "../../../src/world/exercise";
import { WorldError } from "../../../src/world/read";
import facade from "../fixtures/co-facade-v1.json?raw";
import race from "../fixtures/fpv-race-v1.json?raw";
import lane from "../fixtures/pl-position-v1.json?raw";
import laneTargets from "../fixtures/pl-position-v1.targets.json?raw";

const FIXTURES: Record<string, string> = {
  "co-facade-v1": facade,
  "fpv-race-v1": race,
  "pl-position-v1": lane,
  "pl-position-v1.targets": laneTargets,
};

/** A fresh copy of a fixture (tests may spoil it). */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(FIXTURES[name]!) as Record<string, unknown>;
}

describe("describeExercise", () => {
  it("lays out the NIST lane's stands as exercises/targets.py does", () => {
    const d = describeExercise(fixture("pl-position-v1"));
    expect(d.id).toBe("pl-position-v1");
    expect(d.title).toBe("Lane: position task");
    expect(d.view.kind).toBe("line_of_sight");
    expect(d.view.pilot).toEqual([-8, 0, 1.7]);
    expect(d.stands.map((s) => s.name)).toEqual(["1", "2", "3", "4"]);
    expect(d.geofence).toEqual([[-12, -6], [12, -6], [12, 20], [-12, 20]]);
    expect(d.ceiling).toBe(15);
    const expected = fixture("pl-position-v1.targets") as Record<string, { mouth: number[]; axis: number[] }>;
    const buckets = d.stands.flatMap((s) => s.buckets);
    expect(buckets.map((b) => b.name).sort()).toEqual(Object.keys(expected).sort());
    for (const b of buckets) {
      b.mouth.forEach((v, i) => expect(v).toBeCloseTo(expected[b.name]!.mouth[i]!, 9));
      b.axis.forEach((v, i) => expect(v).toBeCloseTo(expected[b.name]!.axis[i]!, 9));
    }
  });

  it("reads the race's gates, FPV camera and spawn in radians", () => {
    const d = describeExercise(fixture("fpv-race-v1"));
    expect(d.gates.map((g) => g.name)).toEqual(["G1", "G2", "G3", "G4", "G5"]);
    expect(d.gates[1]!.yaw).toBeCloseTo(Math.PI / 4, 12);
    expect(d.gates[1]!.center).toEqual([17.7, 6.3, 2]);
    expect(d.view.kind).toBe("fpv");
    expect(d.view.uptilt).toBeCloseTo((20 * Math.PI) / 180, 12);
    expect(d.view.fov).toBeCloseTo((120 * Math.PI) / 180, 12);
    expect(d.pads[0]!.name).toBe("home");
    expect(d.timeLimit).toBe(240);
    expect(d.extent).toBeGreaterThan(Math.hypot(35, 35));
  });

  it("stands a building on the ground: its centre is half its height up", () => {
    const d = describeExercise(fixture("co-facade-v1"));
    expect(d.boxes).toEqual([{ kind: "building", name: "office", center: [0, 30, 6], size: [20, 8, 12], yaw: 0 }]);
    expect(d.modes).toEqual(["position"]);
  });

  it("names the field that is wrong", () => {
    const bad = fixture("co-facade-v1");
    (bad.world as { obstacles: unknown[] }).obstacles = [{ type: "building", center: [0, 30] }];
    expect(() => describeExercise(bad)).toThrow(WorldError);
    expect(() => describeExercise(bad)).toThrow("exercise.world.obstacles[0].size: expected 3 numbers");
    const worse = fixture("fpv-race-v1");
    (worse.view as Record<string, unknown>).kind = "drone_cam";
    expect(() => describeExercise(worse)).toThrow(/exercise.view.kind: expected one of line_of_sight, fpv, chase/);
  });
});
