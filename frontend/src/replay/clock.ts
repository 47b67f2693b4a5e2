// The replay's clock, standing in for the socket: the time shown, advanced while playing
// at the chosen speed, set by a seek. No DOM.

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export class ReplayClock {
  t: number;
  playing = false;
  speed = 1;

  constructor(readonly start: number, readonly end: number) {
    this.t = start;
  }

  get duration(): number {
    return this.end - this.start;
  }

  /** Advances by `dt` seconds of wall time; stops at the end. */
  advance(dt: number): void {
    if (!this.playing) return;
    this.t = Math.min(this.end, this.t + dt * this.speed);
    if (this.t >= this.end) this.playing = false;
  }

  seek(t: number): void {
    this.t = Math.max(this.start, Math.min(this.end, t));
  }

  play(): void {
    if (this.t >= this.end) this.t = this.start;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }
}
