// Test seams: with ?test=1 (Boot.test) a page exposes named states on one object,
// window.__dojo, for the browser tests to read. Nothing is exposed otherwise.

declare global {
  interface Window {
    __dojo?: Record<string, unknown>;
  }
}

let enabled = false;

export function enableDebug(on: boolean): void {
  enabled = on;
  if (on) window.__dojo = window.__dojo ?? {};
}

/** Make `value` (an object or a getter function) readable as window.__dojo[name] in test mode. */
export function expose(name: string, value: unknown): void {
  if (enabled && window.__dojo) window.__dojo[name] = value;
}
