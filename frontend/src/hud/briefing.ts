// Before the flight: the exercise's title, a short briefing (the full one is on the
// exercise's page), the controls, and the Start button.
import { t } from "../app/boot";
import { el } from "./dom";

export class Briefing {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly text: HTMLElement;
  private readonly status: HTMLElement;
  readonly start: HTMLButtonElement;

  constructor(parent: HTMLElement, exerciseId: string) {
    this.root = el("div", "overlay briefing", parent);
    const card = el("div", "card", this.root);
    this.title = el("h1", "", card, t("briefing.loading"));
    this.text = el("p", "briefing-text", card);
    el("p", "briefing-controls", card, t("briefing.controls"));
    const links = el("p", "briefing-links", card);
    const full = el("a", "", links, t("briefing.full"));
    full.href = `/exercises/${encodeURIComponent(exerciseId)}`;
    const radio = el("a", "", links, t("briefing.radio"));
    radio.href = "/calibrate";
    this.status = el("p", "briefing-status", card);
    this.start = el("button", "primary", card, t("briefing.start"));
    this.start.type = "button";
    this.start.disabled = true;
  }

  ready(title: string, briefing: string, limit: string): void {
    this.title.textContent = title;
    this.text.textContent = briefing;
    this.status.textContent = t("briefing.time_limit", { time: limit });
    this.start.disabled = false;
    this.start.focus();
  }

  say(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }

  hide(): void {
    this.root.hidden = true;
  }

  dispose(): void {
    this.root.remove();
  }
}
