// The keyboard's key map shown on screen, translated. Touches the DOM only when called.
import "../input.css";
import { t } from "../app/boot";
import { KEYMAP, KEY_CAPS, type Action } from "./keyboard";

/** Rows of the table: a text key and the actions whose keys it lists. */
const ROWS: readonly [string, readonly Action[]][] = [
  ["input.keys.roll", ["rollLeft", "rollRight"]],
  ["input.keys.pitch", ["pitchForward", "pitchBack"]],
  ["input.keys.yaw", ["yawLeft", "yawRight"]],
  ["input.keys.throttle", ["throttleUp", "throttleDown"]],
  ["input.keys.gimbal", ["gimbalUp", "gimbalDown"]],
  ["input.keys.arm", ["arm"]],
  ["input.keys.mode", ["mode0", "mode1", "mode2"]],
  ["input.keys.rth", ["rth"]],
  ["input.keys.capture", ["capture"]],
];

function caps(action: Action): string {
  const code = Object.keys(KEYMAP).find((c) => KEYMAP[c] === action);
  return code === undefined ? "" : (KEY_CAPS[code] ?? code);
}

export function mountKeyHelp(parent: HTMLElement): () => void {
  const table = document.createElement("table");
  table.className = "dojo-keys";
  const caption = document.createElement("caption");
  caption.textContent = t("input.keys.title");
  table.append(caption);
  for (const [label, actions] of ROWS) {
    const tr = table.insertRow();
    const keys = tr.insertCell();
    for (const a of actions) {
      const kbd = document.createElement("kbd");
      kbd.textContent = caps(a);
      keys.append(kbd, " ");
    }
    tr.insertCell().textContent = t(label);
  }
  parent.append(table);
  return () => table.remove();
}
