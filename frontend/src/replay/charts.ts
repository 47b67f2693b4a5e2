// The replay's charts (uPlot): height, horizontal and vertical speed, sticks, battery
// voltage, with the events as marks. One cursor shared by all (cursor.sync), moved by the
// replay clock; hovering a chart seeks the replay to that time.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { t, type Units } from "../app/boot";
import type { Recording } from "./recording";
import { lengthFactor, speedFactor } from "./units";

const SEVERITY_COLOUR: Record<string, string> = { info: "#2d7dd2", minor: "#e0a100", warning: "#e0a100", major: "#e26a00", safety: "#d62d20" };
const HEIGHT = 150;

interface ChartSpec {
  title: string;
  series: { label: string; colour: string; values: Float64Array }[];
}

function column(rec: Recording, name: string, f: (v: number, row: Float64Array) => number = (v) => v): Float64Array {
  const i = rec.layout.find(name);
  return Float64Array.from(rec.rows, (r) => (i >= 0 ? f(r[i]!, r) : Number.NaN));
}

function specs(rec: Recording, units: Units): ChartSpec[] {
  const lf = lengthFactor(units);
  const sf = speedFactor(units);
  const vx = rec.layout.find("vx");
  const vy = rec.layout.find("vy");
  return [
    { title: t("replay.chart_height", { unit: units.length }), series: [{ label: t("osd.height"), colour: "#2d7dd2", values: column(rec, "z", (v) => v * lf) }] },
    {
      title: t("replay.chart_speed", { unit: units.speed }),
      series: [
        { label: t("osd.horizontal_speed"), colour: "#2d7dd2", values: Float64Array.from(rec.rows, (r) => Math.hypot(r[vx]!, r[vy]!) * sf) },
        { label: t("osd.vertical_speed"), colour: "#e26a00", values: column(rec, "vz", (v) => v * sf) },
      ],
    },
    {
      title: t("replay.chart_sticks"),
      series: [
        { label: t("replay.roll"), colour: "#2d7dd2", values: column(rec, "roll") },
        { label: t("replay.pitch"), colour: "#e26a00", values: column(rec, "pitch") },
        { label: t("replay.yaw"), colour: "#3aa655", values: column(rec, "yaw") },
        { label: t("replay.throttle"), colour: "#8e44ad", values: column(rec, "throttle") },
      ],
    },
    { title: t("replay.chart_battery"), series: [{ label: t("osd.battery"), colour: "#3aa655", values: column(rec, "voltage") }] },
  ];
}

/** Draws the events as vertical lines. */
function eventMarks(rec: Recording): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        for (const e of rec.events) {
          const x = Math.round(u.valToPos(e.t, "x", true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = SEVERITY_COLOUR[e.severity] ?? "#888";
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

export class Charts {
  private readonly plots: uPlot[] = [];
  private readonly observer: ResizeObserver;
  private shown = Number.NaN;

  constructor(parent: HTMLElement, rec: Recording, units: Units, key: string, seek: (t: number) => void) {
    const width = () => Math.max(280, Math.floor(parent.clientWidth / Math.max(1, Math.floor(parent.clientWidth / 340))) - 12);
    for (const spec of specs(rec, units)) {
      const box = document.createElement("div");
      box.className = "replay-chart";
      parent.appendChild(box);
      const plot = new uPlot(
        {
          title: spec.title,
          width: width(),
          height: HEIGHT,
          cursor: { sync: { key }, drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [{ label: t("replay.chart_time") }, {}],
          series: [{ label: t("replay.chart_time") }, ...spec.series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5 }))],
          plugins: [eventMarks(rec)],
        },
        [rec.times, ...spec.series.map((s) => s.values)],
        box,
      );
      plot.over.addEventListener("mousemove", (e) => seek(plot.posToVal(e.offsetX, "x")));
      this.plots.push(plot);
    }
    this.observer = new ResizeObserver(() => {
      for (const p of this.plots) p.setSize({ width: width(), height: HEIGHT });
    });
    this.observer.observe(parent);
  }

  /** Puts the shared cursor at time `t` (s). */
  show(time: number): void {
    if (time === this.shown) return;
    this.shown = time;
    for (const p of this.plots) p.setCursor({ left: p.valToPos(time, "x"), top: HEIGHT / 3 }, false);
  }

  dispose(): void {
    this.observer.disconnect();
    for (const p of this.plots) p.destroy();
  }
}
