// The replay page: boot.data {"attempt": id}. The attempt's recorded frames play through the
// same timeline, scene and display as a live flight, driven by a clock instead of the
// socket, with charts whose shared cursor follows the clock.
import "../style.css";
import { getBytes, getJson } from "../app/api";
import { num, t, type Boot } from "../app/boot";
import { expose } from "../app/debug";
import { startLoop } from "../app/loop";
import { attach, canvasNonBlank, sharedRenderer } from "../app/shell";
import { el, fitBelow } from "../hud/dom";
import { Osd } from "../hud/osd";
import { Toasts } from "../hud/toasts";
import { mountViewBar } from "../hud/viewbar";
import { Codec } from "../net/codec";
import { FlightReader, emptyFlight } from "../net/flight";
import type { ResultJson } from "../net/protocol";
import { Charts } from "../replay/charts";
import { ReplayClock } from "../replay/clock";
import { Controls } from "../replay/controls";
import { readRecording } from "../replay/recording";
import { VIEWS } from "../scene/cameras";
import { GhostLine } from "../scene/ghost";
import { Stage } from "../scene/stage";
import { describeExercise } from "../world/exercise";

interface AttemptSummary {
  attempt: string;
  exercise: string;
  seed: number;
  status: string;
  result: ResultJson | null;
}

/** fc/layout.py MODES: a recorded frame's mode is a code into this list. */
const FC_MODES = ["acro", "angle", "horizon", "position", "altitude", "return", "land", "hold", "failsafe_land"];
const STATUSES = new Set(["finished", "abandoned", "interrupted"]);

export function mount(root: HTMLElement, boot: Boot): () => void {
  const attemptId = String(boot.data.attempt ?? "");
  const page = el("div", "replay-page", root);
  fitBelow(page);
  const host = el("div", "view-host", page);
  const hud = el("div", "hud", host);
  const status = el("div", "replay-status", hud, t("replay.loading"));
  const renderer = sharedRenderer(boot.test);
  const flight = emptyFlight();
  const cleanups: (() => void)[] = [];
  const disposables: { dispose(): void }[] = [];
  let gone = false;
  let frames = 0;
  expose("replay", null);
  expose("frames", 0);
  expose("canvasNonBlank", () => canvasNonBlank(renderer));
  expose("memory", () => ({ ...renderer.info.memory }));

  const load = async () => {
    const id = encodeURIComponent(attemptId);
    const summary = await getJson<AttemptSummary>(`/api/attempts/${id}`);
    const [exercise, bytes] = await Promise.all([
      getJson<unknown>(`/api/exercises/${encodeURIComponent(summary.exercise)}`),
      getBytes(`/api/attempts/${id}/frames`),
    ]);
    if (gone) return;
    const d = describeExercise(exercise);
    const rec = readRecording(new Codec().decodeValue(bytes));
    const stage = new Stage(renderer, d);
    disposables.push(stage);
    const ghost = rec.ghost ? new GhostLine(rec.ghost, stage.scene) : null;
    if (ghost) disposables.push(ghost);
    const reader = new FlightReader(rec.layout);
    const row = new Float64Array(rec.layout.size);
    const start = rec.times.length ? rec.times[0]! : 0;
    const c = new ReplayClock(start, start + rec.duration);
    const osd = new Osd(hud, { units: boot.units, modes: FC_MODES, objectives: [], timeLimit: d.timeLimit, home: [d.spawn.position[0], d.spawn.position[1]] });
    const toasts = new Toasts(hud);
    disposables.push(osd, toasts);
    const controls = new Controls(page, c, ghost ? (on) => (ghost.visible = on) : null);
    disposables.push(controls);
    const chartBox = el("div", "replay-charts", page);
    const charts = new Charts(chartBox, rec, boot.units, `replay-${attemptId}`, (time) => c.seek(time));
    disposables.push(charts, { dispose: () => chartBox.remove() });
    cleanups.push(attach(renderer, host, (w, h) => stage.resize(w, h)));
    const rig = stage.rig;
    cleanups.push(mountViewBar(hud, window, {
      views: VIEWS, current: () => rig.view, select: (v) => rig.setView(v), next: () => rig.nextView(), zoom: (s) => rig.zoomBy(s),
    }));
    status.textContent = describe(d.title, summary);
    if (boot.test) {
      Object.defineProperty(window.__dojo!, "replay", {
        configurable: true,
        enumerable: true,
        get: () => ({ t: c.t - c.start, duration: c.duration, playing: c.playing }),
      });
      expose("seek", (time: number) => c.seek(c.start + time));
    }
    let nextEvent = 0;
    let lastT = c.t;
    cleanups.push(startLoop(renderer, (_now, dt) => {
      c.advance(dt);
      // Events as they happened, while playing forwards; a seek starts the list again there.
      if (c.t < lastT || c.t - lastT > 0.5) nextEvent = rec.events.findIndex((e) => e.t >= c.t);
      if (nextEvent < 0) nextEvent = rec.events.length;
      while (nextEvent < rec.events.length && rec.events[nextEvent]!.t <= c.t) {
        const e = rec.events[nextEvent++]!;
        if (c.playing) toasts.show(e.text, e.severity);
      }
      lastT = c.t;
      rec.timeline.sampleAt(c.t, row);
      reader.read(row, flight);
      stage.apply(flight, c.playing ? dt * c.speed : 0);
      osd.update(flight, dt);
      controls.update();
      charts.show(c.t);
      stage.render();
      frames++;
      if (boot.test) expose("frames", frames);
    }));
    await stage.warm();
  };

  load().catch((err: unknown) => {
    status.textContent = t("replay.error", { reason: String((err as Error).message ?? err) });
    status.classList.add("error");
  });

  return () => {
    gone = true;
    for (const c of cleanups.reverse()) c();
    for (const d of disposables.reverse()) d.dispose();
    page.remove();
    renderer.renderLists.dispose();
  };
}

function describe(title: string, s: AttemptSummary): string {
  const parts = [title];
  if (STATUSES.has(s.status)) parts.push(t(`replay.status.${s.status}`));
  if (s.result) parts.push(t("debrief.score", { score: num(s.result.score, 0) }), s.result.passed ? t("debrief.passed") : t("debrief.failed"));
  return parts.join(" · ");
}
