// Reading untrusted JSON with errors that name the field (the exercise comes from the server,
// but a mismatch between server and client versions must say what is wrong, not crash later).

export class WorldError extends Error {}

export type Json = Record<string, unknown>;

export class Reader {
  constructor(readonly value: Json, readonly where: string) {}

  static of(value: unknown, where: string): Reader {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new WorldError(`${where}: expected an object`);
    }
    return new Reader(value as Json, where);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  child(key: string): Reader {
    return Reader.of(this.value[key], `${this.where}.${key}`);
  }

  optionalChild(key: string): Reader | null {
    return this.has(key) ? this.child(key) : null;
  }

  list(key: string): Reader[] {
    const v = this.value[key] ?? [];
    if (!Array.isArray(v)) throw new WorldError(`${this.where}.${key}: expected a list`);
    return v.map((item, i) => Reader.of(item, `${this.where}.${key}[${i}]`));
  }

  number(key: string, fallback?: number, check?: "positive" | "nonnegative"): number {
    const v = this.value[key] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new WorldError(`${this.where}.${key}: expected a number, got ${JSON.stringify(v)}`);
    }
    if (check === "positive" && !(v > 0)) throw new WorldError(`${this.where}.${key}: must be positive, got ${v}`);
    if (check === "nonnegative" && !(v >= 0)) throw new WorldError(`${this.where}.${key}: must not be negative, got ${v}`);
    return v;
  }

  optionalNumber(key: string): number | null {
    return this.has(key) ? this.number(key) : null;
  }

  string(key: string, fallback?: string): string {
    const v = this.value[key] ?? fallback;
    if (typeof v !== "string") throw new WorldError(`${this.where}.${key}: expected a text, got ${JSON.stringify(v)}`);
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.value[key] ?? fallback;
    if (typeof v !== "boolean") throw new WorldError(`${this.where}.${key}: expected true or false`);
    return v;
  }

  vector(key: string, size: number, fallback?: number[]): number[] {
    const v = this.value[key] ?? fallback;
    if (!Array.isArray(v) || v.length !== size || !v.every((e) => typeof e === "number" && Number.isFinite(e))) {
      throw new WorldError(`${this.where}.${key}: expected ${size} numbers, got ${JSON.stringify(v)}`);
    }
    return v as number[];
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T {
    const v = this.string(key, fallback);
    if (!(choices as readonly string[]).includes(v)) {
      throw new WorldError(`${this.where}.${key}: expected one of ${choices.join(", ")}, got ${v}`);
    }
    return v as T;
  }
}
