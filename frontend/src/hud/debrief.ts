// After the flight: the result as the server judged it (scoring.py Result.to_json with its
// texts rendered in the pilot's language): pass or fail, score, the verdict, each objective
// with its points and feedback, the errors, and where to go next.
import { num, t } from "../app/boot";
import type { ResultJson, ResultMessage } from "../net/protocol";
import { el } from "./dom";
import { clock } from "./osd";

export interface DebriefLinks {
  replay: string | null;
  again: () => void;
  exercises: string;
}

const STATUSES = new Set(["pending", "active", "done", "failed"]);
const SEVERITIES = new Set(["minor", "major", "safety"]);

function said(m: ResultMessage): string {
  return m.message ?? m.text;
}

export class Debrief {
  readonly root: HTMLElement;

  constructor(parent: HTMLElement, result: ResultJson, links: DebriefLinks) {
    this.root = el("div", "overlay debrief", parent);
    const card = el("div", "card", this.root);
    el("h1", "", card, t("debrief.title"));
    const verdict = el("p", `verdict ${result.passed ? "passed" : "failed"}`, card,
      result.passed ? t("debrief.passed") : t("debrief.failed"));
    verdict.setAttribute("role", "status");
    el("p", "score", card, t("debrief.score", { score: num(result.score, 0) }));
    el("p", "reason", card, said(result.reason));
    el("p", "duration", card, t("debrief.duration", { time: clock(result.duration_s) }));

    el("h2", "", card, t("debrief.objectives"));
    const list = el("ul", "objectives", card);
    for (const o of result.objectives) {
      const item = el("li", `objective ${o.status}`, list);
      const head = el("div", "objective-head", item);
      el("span", "objective-title", head, o.title ?? o.id);
      el("span", "objective-status", head, STATUSES.has(o.status) ? t(`debrief.status.${o.status}`) : o.status);
      el("span", "objective-points", head, t("debrief.points", { earned: num(o.earned, 1), points: num(o.points, 0) }));
      for (const f of o.feedback) el("p", "feedback", item, said(f));
    }

    el("h2", "", card, t("debrief.errors"));
    if (result.errors.length === 0) el("p", "", card, t("debrief.no_errors"));
    const errors = el("ul", "errors", card);
    for (const e of result.errors) {
      const item = el("li", `error ${e.severity}`, errors);
      el("span", "error-time", item, clock(e.t));
      el("span", "error-severity", item, SEVERITIES.has(e.severity) ? t(`debrief.severity.${e.severity}`) : e.severity);
      el("span", "error-text", item, e.message ?? e.kind);
    }

    const actions = el("div", "actions", card);
    if (links.replay !== null) {
      const replay = el("a", "button", actions, t("debrief.replay"));
      replay.href = links.replay;
    }
    const again = el("button", "primary", actions, t("debrief.again"));
    again.type = "button";
    again.addEventListener("click", links.again);
    const back = el("a", "button", actions, t("debrief.exercises"));
    back.href = links.exercises;
    again.focus();
  }

  dispose(): void {
    this.root.remove();
  }
}
