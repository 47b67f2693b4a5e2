import type { Boot } from "../app/boot";
export function mount(root: HTMLElement, boot: Boot): () => void {
  void boot;
  return () => root.replaceChildren();
}
