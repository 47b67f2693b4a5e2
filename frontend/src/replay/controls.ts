// The replay's transport: play/pause (also the space bar), the time scrubber, the play
// speed, the time shown, and the reference pilot's line on or off.
import { t } from "../app/boot";
import { el } from "../hud/dom";
import { clock } from "../hud/osd";
import { SPEEDS, type ReplayClock } from "./clock";

export class Controls {
  readonly root: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly scrubber: HTMLInputElement;
  private readonly time: HTMLElement;
  private readonly onKey: (e: KeyboardEvent) => void;
  private last = "";

  constructor(parent: HTMLElement, private readonly c: ReplayClock, ghost: ((on: boolean) => void) | null) {
    this.root = el("div", "replay-controls", parent);
    this.play = el("button", "", this.root, t("replay.play"));
    this.play.type = "button";
    this.play.addEventListener("click", () => c.toggle());
    this.scrubber = el("input", "", this.root);
    Object.assign(this.scrubber, { type: "range", min: String(c.start), max: String(c.end), step: "0.02", value: String(c.t) });
    this.scrubber.setAttribute("aria-label", t("replay.position"));
    this.scrubber.addEventListener("input", () => c.seek(Number(this.scrubber.value)));
    this.time = el("span", "replay-time", this.root);
    const speedLabel = el("label", "", this.root, `${t("replay.speed")} `);
    const speed = el("select", "", speedLabel);
    for (const s of SPEEDS) {
      const o = el("option", "", speed, `${s}×`);
      o.value = String(s);
      o.selected = s === c.speed;
    }
    speed.addEventListener("change", () => (c.speed = Number(speed.value)));
    if (ghost) {
      const label = el("label", "", this.root);
      const box = el("input", "", label);
      box.type = "checkbox";
      box.checked = true;
      box.addEventListener("change", () => ghost(box.checked));
      label.append(` ${t("replay.ghost")}`);
    }
    this.onKey = (e: KeyboardEvent) => {
      if (e.code !== "Space" || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      e.preventDefault();
      c.toggle();
    };
    window.addEventListener("keydown", this.onKey);
  }

  update(): void {
    const c = this.c;
    const label = c.playing ? t("replay.pause") : t("replay.play");
    if (this.play.textContent !== label) this.play.textContent = label;
    if (document.activeElement !== this.scrubber) this.scrubber.value = String(c.t);
    const text = `${clock(c.t - c.start)} / ${clock(c.duration)}`;
    if (text !== this.last) this.time.textContent = this.last = text;
  }

  dispose(): void {
    window.removeEventListener("keydown", this.onKey);
    this.root.remove();
  }
}
