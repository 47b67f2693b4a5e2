// Input round trip: the time from sending input `seq` to the first state frame whose `ack`
// reaches it. No DOM.

const SIZE = 256;

export class LatencyMeter {
  private readonly sent = new Float64Array(SIZE);
  private readonly seqs = new Int32Array(SIZE).fill(-1);
  private lastAck = -1;
  /** ms: the latest round trip, and a smoothed one (EMA over about 16 acks). */
  last = Number.NaN;
  average = Number.NaN;

  /** Remember that input `seq` left at `ms` (performance.now()). */
  sentAt(seq: number, ms: number): void {
    const k = seq % SIZE;
    this.seqs[k] = seq;
    this.sent[k] = ms;
  }

  /** A state frame acknowledged inputs up to `ack` at `ms`; the round trip or NaN. */
  ack(ack: number, ms: number): number {
    if (ack <= this.lastAck || ack < 0) return Number.NaN;
    this.lastAck = ack;
    const k = ack % SIZE;
    if (this.seqs[k] !== ack) return Number.NaN;
    const rtt = ms - this.sent[k]!;
    this.last = rtt;
    this.average = Number.isNaN(this.average) ? rtt : this.average + (rtt - this.average) / 16;
    return rtt;
  }

  reset(): void {
    this.seqs.fill(-1);
    this.lastAck = -1;
    this.last = this.average = Number.NaN;
  }
}
