// Buttons for the camera views and the line-of-sight zoom, and their keys: V cycles the
// views, + and - zoom.
import { t } from "../app/boot";
import type { ViewKind } from "../world/description";
import { el } from "./dom";

export interface ViewControls {
  views: readonly ViewKind[];
  current(): ViewKind;
  select(view: ViewKind): void;
  next(): void;
  zoom(steps: number): void;
}

export function mountViewBar(parent: HTMLElement, keys: EventTarget, c: ViewControls): () => void {
  const bar = el("div", "viewbar", parent);
  const buttons = c.views.map((v) => {
    const b = el("button", "view-button", bar, t(`view.${v}`));
    b.type = "button";
    b.dataset.view = v;
    b.addEventListener("click", () => {
      c.select(v);
      refresh();
    });
    return b;
  });
  const zoomIn = el("button", "view-button zoom", bar, "+");
  zoomIn.title = t("view.zoom_in");
  zoomIn.type = "button";
  zoomIn.addEventListener("click", () => c.zoom(1));
  const zoomOut = el("button", "view-button zoom", bar, "−");
  zoomOut.title = t("view.zoom_out");
  zoomOut.type = "button";
  zoomOut.addEventListener("click", () => c.zoom(-1));
  bar.title = t("view.keys");
  const refresh = () => {
    const now = c.current();
    for (const b of buttons) b.classList.toggle("active", b.dataset.view === now);
    zoomIn.disabled = zoomOut.disabled = now !== "line_of_sight";
  };
  const onKey = (e: Event) => {
    const k = e as KeyboardEvent;
    if (k.repeat && k.code === "KeyV") return;
    if (k.target instanceof HTMLInputElement) return;
    if (k.code === "KeyV") c.next();
    else if (k.code === "Equal" || k.code === "NumpadAdd") c.zoom(1);
    else if (k.code === "Minus" || k.code === "NumpadSubtract") c.zoom(-1);
    else return;
    refresh();
  };
  keys.addEventListener("keydown", onKey);
  refresh();
  return () => {
    keys.removeEventListener("keydown", onKey);
    bar.remove();
  };
}
