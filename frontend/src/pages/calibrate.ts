// The calibration wizard page: choose the device by wiggling it, start from a preset, find
// each channel by a named movement, set the deadband and stick layout, check live, save
// (PUT /api/profile/input). The steps' logic is input/calibrate.ts; this file only shows it.
import "../input.css";
import { num, t, type Boot } from "../app/boot";
import { expose } from "../app/debug";
import { Calibration, type StepId } from "../input/calibrate";
import { InputHub } from "../input/hub";
import { mountKeyHelp } from "../input/keyhelp";
import { presets, type PresetId } from "../input/preset";
import type { InputProfile, Layout } from "../input/profile";
import { mountStickView } from "../input/stickview";

/** The instruction shown for each step (literal keys, so the text check finds them). */
const STEP_TEXT: Record<StepId, string> = {
  pad: "input.cal.step.pad",
  center: "input.cal.step.center",
  sweep: "input.cal.step.sweep",
  throttle: "input.cal.step.throttle",
  roll: "input.cal.step.roll",
  pitch: "input.cal.step.pitch",
  yaw: "input.cal.step.yaw",
  arm: "input.cal.step.arm",
  mode0: "input.cal.step.mode0",
  mode1: "input.cal.step.mode1",
  mode2: "input.cal.step.mode2",
  rth: "input.cal.step.rth",
  settings: "input.cal.step.settings",
  check: "input.cal.step.check",
  done: "input.cal.step.done",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = "", text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", "", text);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

async function save(profile: InputProfile): Promise<void> {
  const r = await fetch("/api/profile/input", {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(profile),
  });
  if (!r.ok) throw new Error(`${r.status} ${(await r.text()).slice(0, 200)}`);
}

export function mount(root: HTMLElement, _boot: Boot): () => void {
  const cleanups: (() => void)[] = [];
  let disposed = false;
  const hub = new InputHub({ profile: null, keyboardTarget: window });
  expose("input", () => hub.latest());
  expose("pads", () => [...hub.gamepads.seen]);
  hub.start();
  cleanups.push(() => hub.stop());

  let layout: Layout = 2;
  let presetId: PresetId = "edgetx-aetr";
  const startProfile = (): InputProfile => presets(layout).find((p) => p.id === presetId)!.profile;
  const cal = new Calibration(startProfile());
  expose("calibration", () => ({ step: cal.step, profile: cal.profile(), problem: cal.problem }));

  // A saved profile, when there is one, is where the wizard starts and what the view shows.
  void fetch("/api/profile/input", { headers: { Accept: "application/json" } })
    .then(async (r) => (r.ok ? ((await r.json()) as InputProfile | null) : null))
    .catch(() => null)
    .then((p) => {
      if (disposed || p === null) return;
      layout = p.layout;
      hub.setProfile(p);
      cal.reset(p);
      render(true);
    });

  const page = el("div", "dojo-wizard");
  const title = el("h1", "", t("input.cal.title"));
  const presetRow = el("div", "dojo-wizard-buttons");
  const presetLabel = el("label", "", t("input.cal.preset") + " ");
  const presetSelect = el("select");
  for (const p of presets()) {
    const o = el("option", "", t(p.label));
    o.value = p.id;
    presetSelect.append(o);
  }
  presetSelect.addEventListener("change", () => {
    presetId = presetSelect.value as PresetId;
    cal.reset(startProfile());
    hub.setProfile(null);
    render(true);
  });
  presetLabel.append(presetSelect);
  presetRow.append(presetLabel, button(t("input.cal.usePreset"), () => {
    cal.usePreset();
    render(true);
  }));
  const step = el("p", "dojo-wizard-step");
  step.setAttribute("aria-live", "polite");
  const meter = el("div", "dojo-meter");
  const meterBar = el("div");
  meter.append(meterBar);
  const problem = el("p", "dojo-error");
  const pads = el("p");
  const settings = el("div");
  const deadLabel = el("label");
  const deadText = el("span");
  const dead = el("input");
  dead.type = "range";
  dead.min = "0";
  dead.max = "0.1";
  dead.step = "0.005";
  dead.addEventListener("input", () => {
    cal.setDeadband(Number(dead.value));
    hub.setProfile(cal.profile());
    render(true);
  });
  deadLabel.append(deadText, " ", dead);
  const layoutRow = el("div", "dojo-wizard-buttons");
  for (const l of [2, 1] as const) {
    const lab = el("label");
    const r = el("input");
    r.type = "radio";
    r.name = "dojo-layout";
    r.value = String(l);
    r.checked = l === layout;
    r.addEventListener("change", () => {
      layout = l;
      cal.setLayout(l);
      hub.setProfile(cal.profile());
      render(true);
    });
    lab.append(r, " " + t(l === 2 ? "input.cal.layout2" : "input.cal.layout1"));
    layoutRow.append(lab);
  }
  settings.append(deadLabel, layoutRow);
  const buttons = el("div", "dojo-wizard-buttons");
  const next = button(t("input.cal.next"), () => {
    cal.next();
    render(true);
  });
  const skip = button(t("input.cal.skip"), () => {
    cal.skip();
    render(true);
  });
  const saveButton = button(t("input.cal.save"), () => {
    const p = cal.profile();
    status.textContent = t("input.cal.saving");
    save(p)
      .then(() => {
        if (disposed) return;
        hub.setProfile(p);
        status.textContent = t("input.cal.saved");
      })
      .catch((e: unknown) => {
        if (!disposed) status.textContent = t("input.cal.saveFailed", { error: String(e instanceof Error ? e.message : e) });
      });
  });
  const restart = button(t("input.cal.restart"), () => {
    cal.reset(startProfile());
    hub.setProfile(null);
    status.textContent = "";
    render(true);
  });
  buttons.append(next, skip, saveButton, restart);
  const status = el("p");
  status.setAttribute("role", "status");
  const view = el("div");
  const keys = el("div");
  page.append(title, presetRow, pads, step, meter, problem, settings, buttons, status, view, keys);
  root.append(page);
  cleanups.push(() => page.remove());
  cleanups.push(mountStickView(view, hub));
  cleanups.push(mountKeyHelp(keys));

  let shown: StepId | null = null;
  let shownProgress = -1;
  let shownPads = -1;
  function render(force = false): void {
    const s = cal.step;
    const progress = cal.isAuto() ? cal.progress() : 0;
    const padCount = hub.gamepads.seen.size;
    if (!force && s === shown && padCount === shownPads && Math.abs(progress - shownProgress) < 0.02) return;
    shown = s;
    shownProgress = progress;
    shownPads = padCount;
    step.textContent = t(STEP_TEXT[s]);
    step.dataset.step = s;
    meter.hidden = !cal.isAuto() || s === "pad";
    meterBar.style.width = `${Math.round(progress * 100)}%`;
    problem.textContent = cal.problem === null ? "" : t(cal.problem);
    const ids = [...hub.gamepads.seen];
    pads.textContent = ids.length === 0 ? t("input.cal.nopad") : t("input.cal.pads", { names: ids.join(", ") });
    next.hidden = cal.isAuto() || s === "done";
    skip.hidden = !cal.canSkip();
    saveButton.hidden = s !== "check" && s !== "done";
    settings.hidden = s !== "settings";
    const db = cal.profile().roll.deadband;
    dead.value = String(db);
    deadText.textContent = t("input.cal.deadband", { value: num(db * 100, 1) });
    if (s === "settings" || s === "check" || s === "done") hub.setProfile(cal.profile());
  }

  let frame = 0;
  const tick = (): void => {
    frame = requestAnimationFrame(tick);
    cal.feed(hub.gamepads.pads(), performance.now());
    render();
  };
  frame = requestAnimationFrame(tick);
  cleanups.push(() => cancelAnimationFrame(frame));
  render(true);

  return () => {
    disposed = true;
    for (const c of cleanups.reverse()) c();
  };
}
