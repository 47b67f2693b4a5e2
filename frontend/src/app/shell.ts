// The one WebGLRenderer of the session (one canvas, one GL context), shared by the pages that
// draw in 3D. A page puts the canvas in its own element with attach() and takes it back
// with the function that returns; the renderer itself outlives the pages.
import { NoToneMapping, PCFShadowMap, SRGBColorSpace, WebGLRenderer } from "three";

let shared: WebGLRenderer | null = null;

/** The session's renderer. In test mode the drawing buffer is kept so tests can read it. */
export function sharedRenderer(test: boolean): WebGLRenderer {
  if (shared === null) {
    shared = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: test, powerPreference: "high-performance" });
    shared.outputColorSpace = SRGBColorSpace;
    // No tone mapping: the sky, the fog and the background share one exact horizon colour.
    shared.toneMapping = NoToneMapping;
    shared.shadowMap.type = PCFShadowMap;
    shared.info.autoReset = false;
    shared.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    shared.domElement.className = "dojo-canvas";
  }
  return shared;
}

/** Puts the renderer's canvas in `host`, sized to it (and kept sized); `resized` hears
 * every new size in CSS pixels. */
export function attach(renderer: WebGLRenderer, host: HTMLElement, resized: (w: number, h: number) => void): () => void {
  host.appendChild(renderer.domElement);
  const fit = () => {
    const w = Math.max(1, host.clientWidth);
    const h = Math.max(1, host.clientHeight);
    renderer.setSize(w, h, false);
    resized(w, h);
  };
  const observer = new ResizeObserver(fit);
  observer.observe(host);
  fit();
  return () => {
    observer.disconnect();
    renderer.domElement.remove();
  };
}

/** True when the last frame drawn is not one flat colour (needs preserveDrawingBuffer). */
export function canvasNonBlank(renderer: WebGLRenderer): boolean {
  const gl = renderer.getContext();
  const w = gl.drawingBufferWidth;
  const h = gl.drawingBufferHeight;
  const px = new Uint8Array(4);
  let first = -1;
  for (let i = 1; i < 8; i++) {
    for (let j = 1; j < 8; j++) {
      gl.readPixels(Math.floor((w * i) / 8), Math.floor((h * j) / 8), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const v = (px[0]! << 16) | (px[1]! << 8) | px[2]!;
      if (first === -1) first = v;
      else if (v !== first) return true;
    }
  }
  return false;
}
