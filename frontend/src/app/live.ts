// A live flight's link: the session socket feeding the timeline, the pilot's hands going out
// as `input` messages, the input round trip measured from the frames' acks.
import type { InputSample } from "../input";
import { FieldLayout } from "../net/fields";
import { FlightReader, type Flight } from "../net/flight";
import { LatencyMeter } from "../net/latency";
import type { Hello, ResultMsg, ServerEvent } from "../net/protocol";
import { SessionSocket, type SocketHandlers, type SocketStatus } from "../net/socket";
import { Timeline } from "../net/timeline";

export interface LiveHandlers {
  hello(hello: Hello): void;
  event(event: ServerEvent): void;
  result(result: ResultMsg): void;
  status: SocketHandlers["status"];
}

export class LiveFlight {
  hello: Hello | null = null;
  layout: FieldLayout | null = null;
  timeline: Timeline | null = null;
  /** The newest state frame as received (for the test hook). */
  latest: number[] | null = null;
  readonly latency = new LatencyMeter();
  status: SocketStatus = "connecting";
  /** Inputs sent (for the test hook). */
  sent = 0;
  private reader: FlightReader | null = null;
  private row = new Float64Array(0);
  private seq = 0;
  private tickIndex = -1;
  private ackIndex = -1;
  private readonly socket: SessionSocket;

  constructor(url: string, private readonly handlers: LiveHandlers) {
    this.socket = new SessionSocket(url, {
      hello: (h) => this.onHello(h),
      state: (frame, arrival) => this.onState(frame, arrival),
      event: (e) => handlers.event(e),
      result: (r) => handlers.result(r),
      status: (s, reason) => {
        this.status = s;
        handlers.status(s, reason);
      },
    });
  }

  connect(): void {
    this.socket.connect();
  }

  /** Sends the pilot's hands (before hello there is no mode to map the switch to: skipped). */
  send(s: InputSample): void {
    const modes = this.hello?.allowed_modes;
    if (!modes || modes.length === 0) return;
    const seq = this.seq++;
    const sent = this.socket.send({
      type: "input",
      seq,
      t: s.t,
      sticks: [s.roll, s.pitch, s.yaw, s.throttle],
      arm: s.arm,
      mode: modes[Math.min(Math.max(0, s.modeSwitch), modes.length - 1)]!,
      rth: s.rth,
      gimbal: s.gimbal,
      capture: s.capture,
    });
    if (sent) {
      this.sent++;
      this.latency.sentAt(seq, performance.now());
    }
  }

  /** Gives up the attempt (scored as flown so far). */
  end(): void {
    this.socket.send({ type: "end" });
  }

  /** The flight to show at `nowMs` into `out`; false before the first frame. */
  sample(nowMs: number, out: Flight): boolean {
    const tl = this.timeline;
    if (tl === null || this.reader === null || !tl.sample(nowMs, this.row)) return false;
    this.reader.read(this.row, out);
    return true;
  }

  close(): void {
    this.socket.close();
  }

  private onHello(h: Hello): void {
    const same = this.layout !== null && this.layout.names.join() === h.state_fields.join();
    if (!same) {
      this.layout = new FieldLayout(h.state_fields);
      this.reader = new FlightReader(this.layout);
      this.row = new Float64Array(this.layout.size);
      this.tickIndex = this.layout.index("tick");
      this.ackIndex = this.layout.find("ack");
      this.timeline = new Timeline(this.layout, { interval: 1 / h.frame_hz });
    } else {
      this.timeline?.clear(); // a resumed link: the old frames are stale
    }
    this.hello = h;
    this.handlers.hello(h);
  }

  private onState(frame: number[], arrival: number): void {
    const h = this.hello;
    if (h === null || this.timeline === null) return;
    this.latest = frame;
    this.timeline.insert(frame[this.tickIndex]! / h.physics_hz, frame, arrival);
    if (this.ackIndex >= 0) this.latency.ack(frame[this.ackIndex]!, arrival);
  }
}
