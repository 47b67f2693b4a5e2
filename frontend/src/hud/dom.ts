// A tiny helper for building the display's fixed elements once.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  parent?: HTMLElement,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  parent?.appendChild(e);
  return e;
}

/** Writes `text` only when it changed (no layout work for an unchanged reading). */
export function write(e: HTMLElement, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** Makes `page` fill the window below where it starts (under the site's header bar). */
export function fitBelow(page: HTMLElement): void {
  page.style.height = `calc(100vh - ${Math.max(0, Math.round(page.getBoundingClientRect().top + window.scrollY))}px)`;
}
