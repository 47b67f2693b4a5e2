// Placeholder while the page is written.
import type { Boot } from "../app/boot";

export function mount(root: HTMLElement, _boot: Boot): () => void {
  const el = document.createElement("div");
  root.append(el);
  return () => el.remove();
}
