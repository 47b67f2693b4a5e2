// The fly page: boot.data {"exercise": id}. Loads the exercise and draws its world behind
// the briefing; Start opens a session (POST /api/sessions), connects, and from then on each
// frame samples the timeline, poses the scene, updates the display and renders. After the
// result, the debrief.
import "../style.css";
import { getJson, postJson, socketUrl } from "../app/api";
import { t, type Boot } from "../app/boot";
import { expose } from "../app/debug";
import { LiveFlight } from "../app/live";
import { startLoop } from "../app/loop";
import { attach, canvasNonBlank, sharedRenderer } from "../app/shell";
import { Briefing } from "../hud/briefing";
import { Debrief } from "../hud/debrief";
import { el, fitBelow } from "../hud/dom";
import { Osd, clock } from "../hud/osd";
import { Toasts } from "../hud/toasts";
import { mountViewBar } from "../hud/viewbar";
import { InputHub, mountStickView } from "../input";
import { emptyFlight } from "../net/flight";
import type { ResultMsg, ServerEvent } from "../net/protocol";
import { VIEWS } from "../scene/cameras";
import { Stage } from "../scene/stage";
import { describeExercise } from "../world/exercise";

interface SessionReply {
  session: string;
  token: string;
  ws: string;
}

export function mount(root: HTMLElement, boot: Boot): () => void {
  const exerciseId = String(boot.data.exercise ?? "");
  const page = el("div", "flight-page", root);
  fitBelow(page);
  const host = el("div", "view-host", page);
  const hud = el("div", "hud", page);
  const briefing = new Briefing(page, exerciseId);
  const renderer = sharedRenderer(boot.test);
  const flight = emptyFlight();
  const events: ServerEvent[] = [];
  const cleanups: (() => void)[] = [];
  let stage: Stage | null = null;
  let osd: Osd | null = null;
  let toasts: Toasts | null = null;
  let live: LiveFlight | null = null;
  let hub: InputHub | null = null;
  let result: ResultMsg | null = null;
  let debrief: Debrief | null = null;
  let frames = 0;
  let closedReason = "";
  let gone = false;

  expose("hello", null);
  expose("state", null);
  expose("events", events);
  expose("result", null);
  expose("frames", 0);
  expose("view", null);
  expose("canvasNonBlank", () => canvasNonBlank(renderer));
  expose("memory", () => ({ ...renderer.info.memory }));

  const tick = (now: number, dt: number) => {
    if (stage === null) return;
    if (live !== null) {
      live.sample(now, flight);
      osd?.setBanner(banner());
      osd?.update(flight, dt);
    }
    stage.apply(flight, dt);
    stage.render();
    frames++;
    if (boot.test) {
      expose("frames", frames);
      expose("view", stage.view);
    }
  };

  const banner = (): string => {
    if (closedReason) return closedReason;
    if (live?.status === "reconnecting") return t("osd.reconnecting");
    if (live?.latest !== null && !flight.link) return t("osd.link_lost");
    return "";
  };

  const load = async () => {
    const json = await getJson<unknown>(`/api/exercises/${encodeURIComponent(exerciseId)}`);
    if (gone) return;
    const d = describeExercise(json);
    stage = new Stage(renderer, d);
    const [x, y, z] = d.spawn.position;
    Object.assign(flight, { x, y, z, qw: Math.cos(d.spawn.yaw / 2), qz: Math.sin(d.spawn.yaw / 2) });
    cleanups.push(attach(renderer, host, (w, h) => stage?.resize(w, h)));
    const rig = stage.rig;
    cleanups.push(mountViewBar(hud, window, {
      views: VIEWS,
      current: () => rig.view,
      select: (v) => rig.setView(v),
      next: () => rig.nextView(),
      zoom: (s) => rig.zoomBy(s),
    }));
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      rig.zoomBy(e.deltaY < 0 ? 1 : -1);
    };
    host.addEventListener("wheel", wheel, { passive: false });
    cleanups.push(() => host.removeEventListener("wheel", wheel));
    cleanups.push(startLoop(renderer, tick));
    await stage.warm();
    if (gone) return;
    briefing.ready(d.title, d.briefing, clock(d.timeLimit));
    osd = new Osd(hud, { units: boot.units, modes: [], objectives: [], timeLimit: d.timeLimit, home: [x, y] });
    toasts = new Toasts(hud);
  };

  const start = async () => {
    briefing.start.disabled = true;
    briefing.say(t("briefing.connecting"));
    try {
      const reply = await postJson<SessionReply>("/api/sessions", { exercise: exerciseId });
      hub = await InputHub.load({ keyboardTarget: window });
      if (gone) return;
      live = new LiveFlight(socketUrl(reply.ws, reply.token), {
        hello: (h) => {
          expose("hello", h);
          osd?.setContext({
            units: boot.units,
            modes: h.modes,
            objectives: h.objectives,
            timeLimit: h.time_limit_s,
            home: [stage!.description.spawn.position[0], stage!.description.spawn.position[1]],
          });
          briefing.hide();
        },
        event: (e) => {
          events.push(e);
          toasts?.show(e.text, e.severity);
        },
        result: (r) => {
          result = r;
          expose("result", r);
          showDebrief(r);
        },
        status: (s, reason) => {
          if (s === "closed" && reason && reason !== "finished") closedReason = t(`close.${reason}`);
          if (s === "closed" && reason && reason !== "finished" && result === null) briefing.say(closedReason, true);
        },
      });
      if (boot.test) expose("state", null);
      live.connect();
      hub.start();
      cleanups.push(hub.onSample((s) => live?.send(s)));
      const sticks = el("div", "stick-host", hud);
      cleanups.push(mountStickView(sticks, hub));
      const end = el("button", "end-button", hud, t("fly.end"));
      end.type = "button";
      end.addEventListener("click", () => {
        if (window.confirm(t("fly.end_confirm"))) live?.end();
      });
      if (boot.test) {
        Object.defineProperty(window.__dojo!, "state", {
          configurable: true,
          enumerable: true,
          get: () => (live?.latest && live.layout ? live.layout.object(live.latest) : null),
        });
        expose("latency", () => live?.latency.average ?? null);
        expose("inputs", () => live?.sent ?? 0);
        expose("timeline", () => ({
          depth: live?.timeline?.depth ?? 0,
          bufferMs: (live?.timeline?.bufferTime ?? 0) * 1000,
          underruns: live?.timeline?.underruns ?? 0,
        }));
      }
    } catch (err) {
      briefing.say(t("fly.error_session", { reason: String((err as Error).message ?? err) }), true);
      briefing.start.disabled = false;
    }
  };

  const showDebrief = (r: ResultMsg) => {
    debrief?.dispose();
    debrief = new Debrief(page, r.result, {
      replay: r.attempt ? `/replay/${encodeURIComponent(r.attempt)}` : null,
      again: () => location.reload(),
      exercises: "/exercises",
    });
  };

  briefing.start.addEventListener("click", () => void start());
  load().catch((err: unknown) => briefing.say(t("fly.error_load", { reason: String((err as Error).message ?? err) }), true));

  return () => {
    gone = true;
    hub?.stop();
    live?.close();
    for (const c of cleanups.reverse()) c();
    stage?.dispose();
    osd?.dispose();
    toasts?.dispose();
    debrief?.dispose();
    briefing.dispose();
    page.remove();
    renderer.renderLists.dispose();
  };
}
