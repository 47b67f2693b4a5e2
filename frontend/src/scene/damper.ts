// A critically damped spring towards a moving target (no overshoot), frame-rate independent:
// the closed-form step of x'' = -2w x' - w^2 (x - target). For the line-of-sight and chase
// cameras only; the FPV camera is never smoothed.
import { Vector3 } from "three";

export class Damper {
  readonly value = new Vector3();
  private readonly velocity = new Vector3();
  private started = false;

  /** `omega`, 1/s: higher follows faster (settles in about 4 / omega seconds). */
  constructor(public omega: number) {}

  reset(to: Vector3): void {
    this.value.copy(to);
    this.velocity.set(0, 0, 0);
    this.started = true;
  }

  update(target: Vector3, dt: number): Vector3 {
    if (!this.started || dt > 0.5) {
      this.reset(target);
      return this.value;
    }
    const w = this.omega;
    const e = Math.exp(-w * dt);
    for (const k of ["x", "y", "z"] as const) {
      const x = this.value[k] - target[k];
      const v = this.velocity[k];
      const tmp = (v + w * x) * dt;
      this.value[k] = target[k] + (x + tmp) * e;
      this.velocity[k] = (v - w * tmp) * e;
    }
    return this.value;
  }
}
