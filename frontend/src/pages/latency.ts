// Latency self-test: opens a session on the hover exercise, sends neutral, disarmed inputs
// at 60 Hz and measures (a) input -> state: from sending seq to the first state frame whose
// `ack` >= seq, (b) ping -> pong; shows median / p95 / p99 / max, a histogram, and how often
// the browser refreshes the game controller (changes of Gamepad.timestamp per second).
import "../input.css";
import { decode, encode } from "@msgpack/msgpack";
import { num, t, type Boot } from "../app/boot";
import { expose } from "../app/debug";
import { InputHub } from "../input/hub";
import { Pending, Window, type Summary } from "../input/stats";

const SEND_HZ = 60;
const PING_MS = 500;
const RENDER_MS = 250;
const BINS = 25;
const BIN_MS = 2;

interface Session {
  session: string;
  token: string;
  ws: string;
}

interface Hello {
  type: "hello";
  state_fields: string[];
  allowed_modes: string[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = "", text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

function ms(v: number): string {
  return Number.isFinite(v) ? t("input.lat.ms", { value: num(v, 1) }) : "–";
}

export function mount(root: HTMLElement, _boot: Boot): () => void {
  let disposed = false;
  let ws: WebSocket | null = null;
  const timers: ReturnType<typeof setInterval>[] = [];
  const inputRtt = new Window();
  const pingRtt = new Window();
  const pending = new Pending();
  let seq = 0;
  let ackIndex = -1;
  let mode = "";
  const hub = new InputHub({ profile: null });
  hub.start();

  const page = el("div", "dojo-wizard");
  const status = el("p", "", t("input.lat.connecting"));
  status.setAttribute("role", "status");
  const figures = el("div", "dojo-latency-figures");
  const cells: Record<string, HTMLElement> = {};
  const head = ["", "input.lat.median", "input.lat.p95", "input.lat.p99", "input.lat.max"];
  for (const h of head) figures.append(el("strong", "", h === "" ? "" : t(h)));
  for (const [row, label] of [["input", "input.lat.input"], ["ping", "input.lat.ping"]] as const) {
    figures.append(el("span", "", t(label)));
    for (const c of ["p50", "p95", "p99", "max"]) {
      const cell = el("span", "", "–");
      cells[`${row}.${c}`] = cell;
      figures.append(cell);
    }
  }
  const samples = el("p");
  const histTitle = el("p", "", t("input.lat.histogram", { width: BIN_MS, max: BINS * BIN_MS }));
  const hist = el("div", "dojo-histogram");
  const bars: HTMLElement[] = [];
  for (let i = 0; i < BINS; i++) {
    const b = el("div");
    bars.push(b);
    hist.append(b);
  }
  const pad = el("p");
  page.append(el("h1", "", t("input.lat.title")), status, figures, samples, histTitle, hist, pad);
  root.append(page);

  const summary: Summary & { pingP50: number } = { samples: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, pingP50: NaN };
  expose("latency", () => ({ samples: summary.samples, p50: summary.p50, p99: summary.p99 }));

  function send(msg: unknown): void {
    if (ws !== null && ws.readyState === WebSocket.OPEN) ws.send(encode(msg));
  }

  function sendInput(): void {
    if (ackIndex < 0) return; // not before hello
    seq += 1;
    const now = performance.now();
    pending.add(seq, now);
    send({ type: "input", seq, t: now, sticks: [0, 0, 0, 0], arm: false, mode, rth: false, gimbal: 0, capture: false });
  }

  function onMessage(data: unknown): void {
    const now = performance.now();
    if (!(data instanceof ArrayBuffer)) return; // the protocol is binary MessagePack only
    const msg = decode(data);
    if (Array.isArray(msg)) {
      if (msg[0] !== 0 || ackIndex < 0) return;
      const ack = Number(msg[ackIndex]);
      for (const rtt of pending.ack(ack, now)) inputRtt.add(rtt);
      return;
    }
    const m = msg as { type?: string; t?: number; text?: string };
    if (m.type === "hello") {
      const h = msg as Hello;
      ackIndex = h.state_fields.indexOf("ack");
      mode = h.allowed_modes[0] ?? "";
      status.textContent = t("input.lat.running");
    } else if (m.type === "pong" && typeof m.t === "number") {
      pingRtt.add(now - m.t);
    }
  }

  function render(): void {
    const i = inputRtt.summary();
    const p = pingRtt.summary();
    Object.assign(summary, i, { pingP50: p.p50 });
    for (const [row, s] of [["input", i], ["ping", p]] as const) {
      for (const c of ["p50", "p95", "p99", "max"] as const) cells[`${row}.${c}`]!.textContent = ms(s[c]);
    }
    samples.textContent = t("input.lat.samples", { input: i.samples, ping: p.samples });
    const h = inputRtt.histogram(BINS, BIN_MS);
    const top = Math.max(1, ...h);
    h.forEach((n, k) => {
      bars[k]!.style.height = `${(100 * n) / top}%`;
    });
    const hz = hub.gamepads.refreshHz(performance.now());
    pad.textContent = hub.rawPad() === null ? t("input.lat.nopad") : t("input.lat.padHz", { hz });
  }

  async function start(): Promise<void> {
    const r = await fetch("/api/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ exercise: "ff-hover-v1" }),
    });
    if (!r.ok) throw new Error(`${r.status} ${(await r.text()).slice(0, 200)}`);
    const s = (await r.json()) as Session;
    if (disposed) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const sock = new WebSocket(`${scheme}//${location.host}${s.ws}?token=${encodeURIComponent(s.token)}`);
    sock.binaryType = "arraybuffer";
    sock.addEventListener("message", (e: MessageEvent) => onMessage(e.data));
    sock.addEventListener("close", (e: CloseEvent) => {
      if (!disposed) status.textContent = t("input.lat.closed", { code: e.code, reason: e.reason });
    });
    ws = sock;
    timers.push(setInterval(sendInput, 1000 / SEND_HZ));
    timers.push(setInterval(() => send({ type: "ping", t: performance.now() }), PING_MS));
  }

  timers.push(setInterval(render, RENDER_MS));
  start().catch((e: unknown) => {
    if (!disposed) status.textContent = t("input.lat.failed", { error: e instanceof Error ? e.message : String(e) });
  });

  return () => {
    disposed = true;
    for (const id of timers) clearInterval(id);
    hub.stop();
    if (ws !== null) {
      send({ type: "end" });
      ws.close(1000);
    }
    page.remove();
  };
}
