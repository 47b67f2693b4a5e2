// The session's WebSocket as a small state machine: connecting -> open -> (dropped ->
// reconnecting -> open)* -> closed. A dropped link is resumed with the same token after a
// backoff (the drone keeps flying on the server meanwhile, its failsafe in charge); a close
// code the protocol names ends the session with that reason. No DOM: the page passes the URL
// and, in tests, a WebSocket factory.
import { Codec, type ServerMessage } from "./codec";
import { CLOSE, closeName, type ClientMessage, type CloseName, type Hello, type Pong, type ResultMsg, type ServerEvent } from "./protocol";

export type SocketStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface SocketHandlers {
  hello(hello: Hello): void;
  /** A state frame (numbers) and when it arrived (performance.now()). */
  state(frame: number[], arrivalMs: number): void;
  event(event: ServerEvent): void;
  result(result: ResultMsg): void;
  pong?(pong: Pong, arrivalMs: number): void;
  /** The connection changed; `reason` names why it closed for good (a CLOSE name, or
   * "lost" when resuming gave up, or "protocol" for a message this client cannot read). */
  status(status: SocketStatus, reason?: CloseName | "lost" | "protocol"): void;
}

/** The part of the browser WebSocket this module uses (tests pass a fake). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface SocketOptions {
  open?: (url: string) => WebSocketLike;
  now?: () => number;
  /** Give up resuming after this long without a connection, ms. */
  resumeForMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

const OPEN = 1;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];
/** Sending stops piling up beyond this many bytes queued (a slow link drops stale inputs). */
const MAX_BUFFERED = 16 * 1024;

export class SessionSocket {
  private ws: WebSocketLike | null = null;
  private readonly codec = new Codec();
  private attempts = 0;
  private droppedAt = 0;
  private timer: unknown = null;
  private done = false;
  status: SocketStatus = "connecting";
  private readonly opts: Required<SocketOptions>;

  constructor(private readonly url: string, private readonly handlers: SocketHandlers, options: SocketOptions = {}) {
    this.opts = {
      open: options.open ?? ((u) => new WebSocket(u) as unknown as WebSocketLike),
      now: options.now ?? (() => performance.now()),
      resumeForMs: options.resumeForMs ?? 30_000,
      setTimer: options.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
      clearTimer: options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>)),
    };
  }

  connect(): void {
    this.setStatus(this.attempts === 0 ? "connecting" : "reconnecting");
    const ws = this.opts.open(this.url);
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      this.attempts = 0;
      this.setStatus("open");
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = (ev) => this.closed(ws, ev.code);
    ws.onerror = () => {};
    this.ws = ws;
  }

  /** Sends a message when the link is up; false when it was not sent. */
  send(message: ClientMessage): boolean {
    const ws = this.ws;
    if (ws === null || ws.readyState !== OPEN) return false;
    if (message.type === "input" && ws.bufferedAmount > MAX_BUFFERED) return false;
    ws.send(this.codec.encode(message));
    return true;
  }

  /** Closes for good (the page is going away). */
  close(): void {
    this.done = true;
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = null;
      ws.close(1000, "page closed");
    }
    this.setStatus("closed");
  }

  private receive(data: unknown): void {
    const arrival = this.opts.now();
    if (!(data instanceof ArrayBuffer)) return this.fail("protocol");
    let m: ServerMessage;
    try {
      m = this.codec.decode(data);
    } catch {
      return this.fail("protocol");
    }
    const h = this.handlers;
    switch (m.type) {
      case "state":
        return h.state(m.frame, arrival);
      case "hello":
        return h.hello(m);
      case "event":
        return h.event(m);
      case "result":
        return h.result(m);
      case "pong":
        return h.pong?.(m, arrival);
    }
  }

  private closed(ws: WebSocketLike, code: number): void {
    if (ws !== this.ws || this.done) return;
    this.ws = null;
    const name = closeName(code);
    if (name !== null && code !== CLOSE.shutdown) {
      this.done = true;
      return this.setStatus("closed", name);
    }
    // A dropped link (or a server restarting): resume with the same token.
    if (this.attempts === 0) this.droppedAt = this.opts.now();
    if (this.opts.now() - this.droppedAt > this.opts.resumeForMs) {
      this.done = true;
      return this.setStatus("closed", name ?? "lost");
    }
    const wait = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)]!;
    this.attempts++;
    this.setStatus("reconnecting");
    this.timer = this.opts.setTimer(() => {
      this.timer = null;
      if (!this.done) this.connect();
    }, wait);
  }

  private fail(reason: "protocol"): void {
    const ws = this.ws;
    this.done = true;
    this.ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = null;
      ws.close(1000, "unreadable message");
    }
    this.setStatus("closed", reason);
  }

  private setStatus(status: SocketStatus, reason?: CloseName | "lost" | "protocol"): void {
    this.status = status;
    this.handlers.status(status, reason);
  }
}
