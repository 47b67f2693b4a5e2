// Shared test data: the protocol's state fields (web/protocol.py STATE_FIELDS), a hello,
// and frames of a recorded-looking flight.
import type { Hello } from "../../../src/net/protocol";

export const STATE_FIELDS = [
  "kind", "tick", "t", "ack", "x", "y", "z", "vx", "vy", "vz", "qw", "qx", "qy", "qz", "p", "q", "r",
  "armed", "mode", "soc", "voltage", "current", "wind_x", "wind_y", "wind_z", "crashed",
  "roll", "pitch", "yaw", "throttle", "gimbal", "objective", "fraction", "link",
];

export function hello(over: Partial<Hello> = {}): Hello {
  return {
    type: "hello", session: "s1", attempt: "a1", exercise: "ff-hover-v1", physics_hz: 1000, frame_hz: 60,
    state_fields: STATE_FIELDS, modes: ["acro", "angle", "horizon", "position", "altitude"],
    allowed_modes: ["angle", "horizon"], objectives: [{ id: "takeoff-1", kind: "takeoff", label: "Take off" }],
    time_limit_s: 120, resumed: false, server_time: 12.5, ...over,
  };
}

/** A state frame array with the given fields set (the rest 0, qw 1). */
export function stateFrame(values: Record<string, number | boolean>): (number | boolean)[] {
  return STATE_FIELDS.map((n) => (n in values ? values[n]! : n === "qw" ? 1 : 0));
}

/** Frame k of a drone flying a circle and turning (60 frames a second, physics at 1 kHz). */
export function circleFrame(k: number): number[] {
  const t = k / 60;
  const yaw = 0.8 * t;
  return stateFrame({
    tick: Math.round((k * 1000) / 60), t, x: 10 * Math.cos(0.5 * t), y: 10 * Math.sin(0.5 * t), z: 5 + t,
    qw: Math.cos(yaw / 2), qz: Math.sin(yaw / 2), objective: k < 120 ? 0 : 1, fraction: (k % 120) / 120,
  }) as number[];
}
