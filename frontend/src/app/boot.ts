// What the server tells a page: its name, the pilot's language and units, the translated
// client texts (one source of truth: the Python catalogues, see web/client_texts.py), and
// the page's own data. Read once from <script id="dojo-boot" type="application/json">.

export type UnitSystem = "metric" | "imperial";
export type SpeedUnit = "m/s" | "km/h" | "mph" | "kn";

export interface Units {
  system: UnitSystem;
  length: "m" | "ft";
  speed: SpeedUnit;
}

export interface Boot {
  page: string;
  lang: string;
  units: Units;
  /** Client text keys to translated texts (keys in web/client_texts.py). */
  messages: Record<string, string>;
  /** True with ?test=1: the page exposes window.__dojo for browser tests. */
  test: boolean;
  /** The page's own data (exercise id, session, attempt id...). */
  data: Record<string, unknown>;
}

export function readBoot(doc: Document = document): Boot {
  const el = doc.getElementById("dojo-boot");
  if (!el || !el.textContent) throw new Error("page has no #dojo-boot data");
  return JSON.parse(el.textContent) as Boot;
}

let texts: Record<string, string> = {};
let language = "en";

export function setTexts(lang: string, messages: Record<string, string>): void {
  language = lang;
  texts = messages;
}

export function lang(): string {
  return language;
}

/** The translated text for `key`, with {name} placeholders filled from `params`. A missing
 * key is a programming error (tests/test_client_texts.py checks every key used here). */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = texts[key];
  if (text === undefined) throw new Error(`no client text for key ${key}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

const FOOT = 0.3048;
const SPEED: Record<SpeedUnit, number> = { "m/s": 1, "km/h": 1000 / 3600, mph: 1609.344 / 3600, kn: 1852 / 3600 };

const formats = new Map<number, Intl.NumberFormat>();
/** `value` with `digits` decimals, written for the language. */
export function num(value: number, digits = 1): string {
  let f = formats.get(digits);
  if (f === undefined || f.resolvedOptions().locale.slice(0, 2) !== language) {
    f = new Intl.NumberFormat(language, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    formats.set(digits, f);
  }
  return f.format(value);
}

/** A length or height in the pilot's units: "12.3 m" / "40.4 ft". */
export function length(metres: number, units: Units, digits = 1): string {
  const v = units.length === "ft" ? metres / FOOT : metres;
  return `${num(v, digits)} ${units.length}`;
}

/** A speed in the pilot's units: "4.5 m/s", "16.2 km/h", "10.1 mph", "8.7 kn". */
export function speed(mps: number, units: Units, digits = 1): string {
  return `${num(mps / SPEED[units.speed], digits)} ${units.speed}`;
}
