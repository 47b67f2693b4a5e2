// Latency statistics for the self-test: a bounded window of round-trip times (ms) with
// percentiles and a histogram. No DOM.

export interface Summary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export class Window {
  private values: number[] = [];
  total = 0;

  constructor(readonly size = 3000) {}

  add(ms: number): void {
    this.values.push(ms);
    this.total++;
    if (this.values.length > this.size) this.values.splice(0, this.values.length - this.size);
  }

  summary(): Summary {
    const s = this.values.slice().sort((a, b) => a - b);
    return { samples: this.total, p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s.at(-1) ?? NaN };
  }

  /** Counts in `bins` bins of `width` ms from 0; the last bin also holds everything above. */
  histogram(bins: number, width: number): number[] {
    const h = new Array<number>(bins).fill(0);
    for (const v of this.values) h[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]! += 1;
    return h;
  }
}

/** Input sequence numbers waiting for their acknowledgement, oldest first. */
export class Pending {
  private seqs: number[] = [];
  private sent: number[] = [];

  add(seq: number, t: number): void {
    this.seqs.push(seq);
    this.sent.push(t);
  }

  /** The round trip of every input up to `ack`, acknowledged at `now`. */
  ack(ack: number, now: number): number[] {
    const out: number[] = [];
    while (this.seqs.length > 0 && this.seqs[0]! <= ack) {
      this.seqs.shift();
      out.push(now - this.sent.shift()!);
    }
    return out;
  }

  get size(): number {
    return this.seqs.length;
  }
}
