// Events as they happen: short notes stacked in a corner, coloured by severity, each gone
// after a while (safety notes stay longer). The texts come translated from the server.

const LIFETIME_S: Record<string, number> = { info: 4, minor: 6, warning: 7, major: 8, safety: 10 };
const MAX_SHOWN = 5;

export class Toasts {
  readonly root: HTMLElement;

  constructor(parent: HTMLElement) {
    this.root = document.createElement("div");
    this.root.className = "toasts";
    this.root.setAttribute("role", "log");
    this.root.setAttribute("aria-live", "polite");
    parent.appendChild(this.root);
  }

  show(text: string, severity: string): void {
    const note = document.createElement("div");
    note.className = `toast toast-${severity}`;
    note.textContent = text;
    this.root.prepend(note);
    while (this.root.children.length > MAX_SHOWN) this.root.lastElementChild?.remove();
    const life = (LIFETIME_S[severity] ?? 5) * 1000;
    setTimeout(() => note.classList.add("leaving"), life);
    setTimeout(() => note.remove(), life + 600);
  }

  dispose(): void {
    this.root.remove();
  }
}
