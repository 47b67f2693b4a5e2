// The on-screen display: a DOM layer over the 3D view, built once and refreshed every frame
// (texts at most 20 times a second, only when they change; bars every frame).
import { length, num, speed, t, type Units } from "../app/boot";
import type { Flight } from "../net/flight";
import { el, write } from "./dom";

export interface OsdContext {
  units: Units;
  /** Mode names by code (hello.modes). */
  modes: readonly string[];
  objectives: readonly { id: string; label: string }[];
  timeLimit: number;
  home: [number, number];
}

const TEXT_INTERVAL = 0.05;
const KNOWN_MODES = new Set(["acro", "angle", "horizon", "position", "altitude", "return", "land", "hold", "failsafe_land"]);

interface Reading {
  row: HTMLElement;
  value: HTMLElement;
}

export class Osd {
  readonly root: HTMLElement;
  private readonly height: Reading;
  private readonly hspeed: Reading;
  private readonly vspeed: Reading;
  private readonly distance: Reading;
  private readonly battery: Reading;
  private readonly mode: Reading;
  private readonly wind: Reading;
  private readonly armed: HTMLElement;
  private readonly timer: HTMLElement;
  private readonly objective: HTMLElement;
  private readonly goal: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly batteryBar: HTMLElement;
  private readonly banner: HTMLElement;
  private sinceText = Infinity;
  private bannerText = "";

  constructor(parent: HTMLElement, private ctx: OsdContext) {
    this.root = el("div", "osd", parent);
    const top = el("div", "osd-top", this.root);
    this.goal = el("div", "osd-objective", top);
    this.objective = el("div", "osd-objective-label", this.goal);
    this.bar = el("div", "osd-bar-fill", el("div", "osd-bar", this.goal));
    this.timer = el("div", "osd-timer", top);
    const left = el("div", "osd-panel osd-left", this.root);
    this.height = this.reading(left, t("osd.height"));
    this.hspeed = this.reading(left, t("osd.horizontal_speed"));
    this.vspeed = this.reading(left, t("osd.vertical_speed"));
    this.distance = this.reading(left, t("osd.distance"));
    const right = el("div", "osd-panel osd-right", this.root);
    this.armed = el("div", "osd-armed", right);
    this.mode = this.reading(right, t("osd.mode"));
    this.battery = this.reading(right, t("osd.battery"));
    this.batteryBar = el("div", "osd-bar-fill", el("div", "osd-bar osd-battery-bar", right));
    this.wind = this.reading(right, t("osd.wind"));
    this.banner = el("div", "osd-banner", this.root);
    this.banner.hidden = true;
  }

  setContext(ctx: OsdContext): void {
    this.ctx = ctx;
    this.sinceText = Infinity;
  }

  /** A banner across the view (link lost, reconnecting), or none with "". */
  setBanner(text: string): void {
    this.bannerText = text;
  }

  update(f: Flight, dt: number): void {
    const soc = Number.isFinite(f.soc) ? Math.max(0, Math.min(1, f.soc)) : 0;
    scaleBar(this.batteryBar, soc);
    this.batteryBar.classList.toggle("low", soc < 0.25);
    scaleBar(this.bar, Math.max(0, Math.min(1, f.fraction)));
    this.sinceText += dt;
    if (this.sinceText < TEXT_INTERVAL) return;
    this.sinceText = 0;
    const u = this.ctx.units;
    write(this.height.value, length(f.z, u));
    write(this.hspeed.value, speed(Math.hypot(f.vx, f.vy), u));
    write(this.vspeed.value, speed(f.vz, u));
    write(this.distance.value, length(Math.hypot(f.x - this.ctx.home[0], f.y - this.ctx.home[1]), u, 0));
    write(this.battery.value, Number.isFinite(f.voltage)
      ? t("osd.battery_value", { voltage: num(f.voltage, 1), percent: num(soc * 100, 0) })
      : "");
    write(this.mode.value, modeName(this.ctx.modes[f.mode]));
    write(this.armed, f.crashed ? t("osd.crashed") : f.armed ? t("osd.armed") : t("osd.disarmed"));
    this.armed.className = `osd-armed ${f.crashed ? "crashed" : f.armed ? "armed" : "disarmed"}`;
    const w = Math.hypot(f.windX, f.windY);
    write(this.wind.value, w < 0.3 ? t("osd.calm") : t("osd.wind_value", {
      speed: speed(w, u),
      bearing: num(((Math.atan2(-f.windX, -f.windY) * 180) / Math.PI + 360) % 360, 0),
    }));
    write(this.timer, t("osd.time_value", { time: clock(f.t), limit: clock(this.ctx.timeLimit) }));
    this.timer.classList.toggle("late", this.ctx.timeLimit - f.t < 30);
    const obj = this.ctx.objectives;
    const i = Math.round(f.objective);
    this.goal.style.visibility = i < 0 || obj.length === 0 ? "hidden" : "visible";
    write(this.objective, i < 0 ? "" : i >= obj.length
      ? t("osd.objectives_done")
      : t("osd.objective", { index: i + 1, count: obj.length, label: obj[i]!.label }));
    write(this.banner, this.bannerText);
    this.banner.hidden = this.bannerText === "";
  }

  dispose(): void {
    this.root.remove();
  }

  private reading(parent: HTMLElement, label: string): Reading {
    const row = el("div", "osd-reading", parent);
    el("span", "osd-label", row, label);
    return { row, value: el("span", "osd-value", row) };
  }
}

/** The translated name of a flight mode. */
export function modeName(mode: string | undefined): string {
  return mode !== undefined && KNOWN_MODES.has(mode) ? t(`mode.${mode}`) : (mode ?? "");
}

/** m:ss (the language's digits). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Sets a bar's fill (0-1), touching the style only when it moved by a visible amount. */
function scaleBar(bar: HTMLElement, value: number): void {
  const last = Number(bar.dataset.value ?? -1);
  if (Math.abs(last - value) < 0.002) return;
  bar.dataset.value = String(value);
  bar.style.transform = `scaleX(${value})`;
}
