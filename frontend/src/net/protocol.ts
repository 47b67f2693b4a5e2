// The live protocol's messages, as src/dronedojo/web/protocol.py defines them (the server is
// the source of truth: keep these in step with its docstring). No DOM, no three.js here.

/** hello: the first message on every connection. */
export interface Hello {
  type: "hello";
  session: string;
  attempt: string;
  exercise: string;
  physics_hz: number;
  frame_hz: number;
  /** Names of the state frame's positions (protocol.py STATE_FIELDS). */
  state_fields: string[];
  /** Mode names; the index is the mode code in a state frame. */
  modes: string[];
  /** The exercise's modes in mode-switch position order. */
  allowed_modes: string[];
  objectives: { id: string; kind: string; label: string }[];
  time_limit_s: number;
  resumed: boolean;
  server_time: number;
}

/** event: something happened; `text` is already in the pilot's language. */
export interface ServerEvent {
  type: "event";
  kind: string;
  t: number;
  text: string;
  severity: string;
  [extra: string]: unknown;
}

/** A rendered message of a result (scoring.py Message.to_json plus its rendered text). */
export interface ResultMessage {
  text: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface ResultObjective {
  id: string;
  title: string | null;
  kind: string;
  status: string;
  required: boolean;
  points: number;
  earned: number;
  feedback: ResultMessage[];
}

export interface ResultError {
  kind: string;
  severity: string;
  t: number;
  objective: string | null;
  message?: string;
}

/** scoring.py Result.to_json with a translator and units. */
export interface ResultJson {
  exercise: string;
  passed: boolean;
  score: number;
  outcome: string;
  reason: ResultMessage;
  duration_s: number;
  errors_by_severity: Record<string, number>;
  objectives: ResultObjective[];
  errors: ResultError[];
}

export interface ResultMsg {
  type: "result";
  attempt: string;
  result: ResultJson;
}

export interface Pong {
  type: "pong";
  t: number;
  server_time: number;
}

/** What the client sends with the pilot's hands. */
export interface InputMsg {
  type: "input";
  seq: number;
  t: number;
  sticks: [number, number, number, number];
  arm: boolean;
  mode: string;
  rth: boolean;
  gimbal: number;
  capture: boolean;
}

export type ClientMessage = InputMsg | { type: "ping"; t: number } | { type: "end" };

/** WebSocket close codes by name (protocol.py CLOSE). */
export const CLOSE = {
  finished: 1000,
  bad_message: 4400,
  bad_token: 4401,
  unknown_session: 4404,
  replaced: 4409,
  ended: 4410,
  too_large: 4413,
  flood: 4429,
  shutdown: 4503,
} as const;

export type CloseName = keyof typeof CLOSE;

/** The name of a close code, or null for one the protocol does not name (a dropped link). */
export function closeName(code: number): CloseName | null {
  for (const name of Object.keys(CLOSE) as CloseName[]) if (CLOSE[name] === code) return name;
  return null;
}
