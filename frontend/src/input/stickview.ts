// A live view of the pilot's hands: two stick gimbals laid out as the profile's mode (1 or
// 2) and the switch states. Touches the DOM only when mounted; updates once per animation
// frame from the hub's latest sample.
import "../input.css";
import { t } from "../app/boot";
import type { InputSample } from "./hands";
import type { InputHub } from "./hub";

const SOURCE_TEXT: Record<string, string> = {
  gamepad: "input.view.source.gamepad",
  keyboard: "input.view.source.keyboard",
  test: "input.view.source.test",
};

interface Gimbal {
  dot: HTMLElement;
}

function gimbal(parent: HTMLElement, label: string): Gimbal {
  const box = document.createElement("div");
  box.className = "dojo-gimbal";
  const cap = document.createElement("div");
  cap.className = "dojo-gimbal-label";
  cap.textContent = label;
  const dot = document.createElement("div");
  dot.className = "dojo-gimbal-dot";
  box.append(dot, cap);
  parent.append(box);
  return { dot };
}

/** Put a dot at (x, y) in [-1, 1] (y up). */
function place(g: Gimbal, x: number, y: number): void {
  g.dot.style.left = `${50 + 50 * x}%`;
  g.dot.style.top = `${50 - 50 * y}%`;
}

export function mountStickView(parent: HTMLElement, hub: InputHub): () => void {
  const root = document.createElement("div");
  root.className = "dojo-sticks";
  const pair = document.createElement("div");
  pair.className = "dojo-sticks-pair";
  const left = gimbal(pair, t("input.view.left"));
  const right = gimbal(pair, t("input.view.right"));
  const states = document.createElement("div");
  states.className = "dojo-sticks-states";
  root.append(pair, states);
  parent.append(root);

  let last = "";
  let frame = 0;
  const draw = (): void => {
    frame = requestAnimationFrame(draw);
    const s: InputSample = hub.latest();
    const mode1 = hub.currentProfile()?.layout === 1;
    const thr = s.throttle * 2 - 1;
    // Mode 2: left = yaw (x) + throttle (y), right = roll + pitch.
    // Mode 1: left = yaw + pitch, right = roll + throttle.
    place(left, s.yaw, mode1 ? s.pitch : thr);
    place(right, s.roll, mode1 ? thr : s.pitch);
    const text = [
      s.arm ? t("input.view.armed") : t("input.view.disarmed"),
      t("input.view.mode", { position: s.modeSwitch + 1 }),
      s.rth ? t("input.view.rth") : "",
      t(SOURCE_TEXT[s.source] ?? "input.view.source.test"),
    ]
      .filter((x) => x !== "")
      .join(" · ");
    if (text !== last) {
      states.textContent = text;
      states.dataset.armed = String(s.arm);
      last = text;
    }
  };
  frame = requestAnimationFrame(draw);
  return () => {
    cancelAnimationFrame(frame);
    root.remove();
  };
}
