// Procedural canvas textures: the ground, the landing pad, the target and the mast's bands.
import { CanvasTexture, RepeatWrapping, SRGBColorSpace } from "three";
import type { Ground } from "../../world/description";
import { random } from "./instances";

function canvas(size: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement("canvas");
  c.width = c.height = size;
  const g = c.getContext("2d");
  if (!g) throw new Error("no 2D canvas context");
  return [c, g];
}

function texture(c: HTMLCanvasElement, repeat = 1): CanvasTexture {
  const t = new CanvasTexture(c);
  t.colorSpace = SRGBColorSpace;
  t.anisotropy = 8;
  if (repeat !== 1) {
    t.wrapS = t.wrapT = RepeatWrapping;
    t.repeat.set(repeat, repeat);
  }
  return t;
}

const GROUND: Record<Ground, { base: string; dark: string; light: string; stripes: boolean }> = {
  grass: { base: "#5d8a3a", dark: "#4f7a31", light: "#6c9a45", stripes: true },
  asphalt: { base: "#5a5d61", dark: "#4d5054", light: "#6a6d71", stripes: false },
  sand: { base: "#cdb486", dark: "#bfa475", light: "#dac596", stripes: false },
  snow: { base: "#eef2f6", dark: "#dde4ec", light: "#fafcff", stripes: false },
};

/** metres of ground one tile of the ground texture covers. */
export const GROUND_TILE = 10;

/** A speckled tile (mowing stripes on grass, 5 m wide) for a ground of `size` metres. */
export function groundTexture(kind: Ground, size: number): CanvasTexture {
  const [c, g] = canvas(512);
  const s = GROUND[kind];
  g.fillStyle = s.base;
  g.fillRect(0, 0, 512, 512);
  if (s.stripes) {
    g.fillStyle = s.light;
    g.globalAlpha = 0.35;
    g.fillRect(0, 0, 256, 512);
    g.globalAlpha = 1;
  }
  const rnd = random(7);
  for (let i = 0; i < 9000; i++) {
    g.fillStyle = rnd() < 0.5 ? s.dark : s.light;
    g.globalAlpha = 0.25 + rnd() * 0.4;
    g.fillRect(rnd() * 512, rnd() * 512, 1 + rnd() * 2, 1 + rnd() * 3);
  }
  g.globalAlpha = 1;
  return texture(c, size / GROUND_TILE);
}

/** A landing pad: a dark disc with a ring and an H. */
export function padTexture(): CanvasTexture {
  const [c, g] = canvas(256);
  g.fillStyle = "#30343a";
  g.beginPath();
  g.arc(128, 128, 127, 0, Math.PI * 2);
  g.fill();
  g.strokeStyle = "#ffd23f";
  g.lineWidth = 10;
  g.beginPath();
  g.arc(128, 128, 110, 0, Math.PI * 2);
  g.stroke();
  g.fillStyle = "#ffffff";
  g.fillRect(78, 68, 22, 120);
  g.fillRect(156, 68, 22, 120);
  g.fillRect(78, 117, 100, 22);
  return texture(c);
}

/** The bottom of a bucket: white, with a black ring of `ringRadius / bucketRadius`. */
export function targetTexture(ratio: number): CanvasTexture {
  const [c, g] = canvas(256);
  g.fillStyle = "#f4f4f4";
  g.fillRect(0, 0, 256, 256);
  g.strokeStyle = "#111111";
  g.lineWidth = 14;
  g.beginPath();
  g.arc(128, 128, 128 * ratio - 7, 0, Math.PI * 2);
  g.stroke();
  g.fillStyle = "#111111";
  g.beginPath();
  g.arc(128, 128, 12, 0, Math.PI * 2);
  g.fill();
  return texture(c);
}

/** Red and white bands (a mast seen by aviators), `bands` along its height. */
export function bandTexture(bands: number): CanvasTexture {
  const [c, g] = canvas(64);
  g.fillStyle = "#f2f2f2";
  g.fillRect(0, 0, 64, 64);
  g.fillStyle = "#d8322b";
  g.fillRect(0, 0, 64, 32);
  const t = texture(c);
  t.wrapS = t.wrapT = RepeatWrapping;
  t.repeat.set(1, bands / 2);
  return t;
}
