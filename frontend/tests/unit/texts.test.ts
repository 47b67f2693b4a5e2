// Every text key the fly and replay pages pass to t() is declared in web/texts_fly.py (the
// keys built at run time are checked for every value they can take).
import { describe, expect, it } from "vitest";
import declared from "../../../src/dronedojo/web/texts_fly.py?raw";
import { CLOSE } from "../../src/net/protocol";
import { VIEWS } from "../../src/scene/cameras";

const SOURCES = import.meta.glob(
  ["../../src/{net,world,scene,hud,replay}/**/*.ts", "../../src/pages/{fly,replay}.ts", "../../src/app/{live,api,shell,loop}.ts"],
  { query: "?raw", import: "default", eager: true },
) as Record<string, string>;

const KEYS = new Set([...declared.matchAll(/^\s+"([a-z_.]+)": N_\(/gm)].map((m) => m[1]!));
const ENGLISH = [...declared.matchAll(/N_\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g)].map((m) => m[1]!);

describe("texts", () => {
  it("declares every key used", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    const used = new Set<string>();
    for (const src of Object.values(SOURCES)) for (const m of src.matchAll(/\bt\("([a-z_.]+)"/g)) used.add(m[1]!);
    const dynamic = [
      ...["acro", "angle", "horizon", "position", "altitude", "return", "land", "hold", "failsafe_land"].map((m) => `mode.${m}`),
      ...VIEWS.map((v) => `view.${v}`),
      ...[...Object.keys(CLOSE), "lost", "protocol"].map((c) => `close.${c}`),
      ...["pending", "active", "done", "failed"].map((s) => `debrief.status.${s}`),
      ...["minor", "major", "safety"].map((s) => `debrief.severity.${s}`),
      ...["finished", "abandoned", "interrupted"].map((s) => `replay.status.${s}`),
    ];
    const missing = [...used, ...dynamic].filter((k) => !KEYS.has(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });

  it("declares one English text per key (their French is in the gettext catalogue, checked by tests/test_i18n.py)", () => {
    expect(ENGLISH.length).toBe(KEYS.size);
  });
});
