// The JSON API as the pages call it: same-origin fetch, the CSRF token Litestar expects on
// unsafe methods (its csrftoken cookie echoed in x-csrftoken), errors as ApiError with the
// server's detail.

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function csrf(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]!) : null;
}

async function request(method: string, url: string, body?: unknown, accept = "application/json"): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = method === "GET" ? null : csrf();
  if (token) headers["x-csrftoken"] = token;
  const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  if (!r.ok) {
    let detail = r.statusText;
    try {
      const j = (await r.json()) as { detail?: unknown };
      if (typeof j.detail === "string") detail = j.detail;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(r.status, `${r.status} ${detail}`);
  }
  return r;
}

export async function getJson<T>(url: string): Promise<T> {
  return (await (await request("GET", url)).json()) as T;
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  return (await (await request("POST", url, body)).json()) as T;
}

export async function getBytes(url: string): Promise<ArrayBuffer> {
  return (await request("GET", url, undefined, "application/msgpack, application/x-msgpack, */*")).arrayBuffer();
}

/** The WebSocket URL for a path the server gave (same host, ws or wss as the page). */
export function socketUrl(path: string, token: string): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const sep = path.includes("?") ? "&" : "?";
  return `${scheme}//${location.host}${path}${sep}token=${encodeURIComponent(token)}`;
}
