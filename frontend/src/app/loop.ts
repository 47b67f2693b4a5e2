// The single owner of the render loop (renderer.setAnimationLoop): a page starts it with its
// frame function and stops it when it unmounts. Each frame gets the time (performance.now()
// ms) and the seconds since the last frame, capped so a background tab does not jump.
import type { WebGLRenderer } from "three";

const MAX_DT = 0.1;

export type Tick = (nowMs: number, dt: number) => void;

export function startLoop(renderer: WebGLRenderer, tick: Tick): () => void {
  let last = -1;
  renderer.setAnimationLoop((time: number) => {
    const dt = last < 0 ? 0 : Math.min(MAX_DT, (time - last) / 1000);
    last = time;
    tick(time, dt);
  });
  return () => renderer.setAnimationLoop(null);
}
