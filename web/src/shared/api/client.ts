// The one way the web app talks to the server: same-origin `/api/...`, cookie session, JSON.
import i18n from "../i18n/i18n";

export interface FieldError {
  field: string;
  message: string;
}

/** An error body from the server: `{code, message, message_zh, message_en, details}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;
  constructor(status: number, body: Partial<Record<string, unknown>>) {
    const zh = typeof body.message_zh === "string" ? body.message_zh : "";
    const en = typeof body.message_en === "string" ? body.message_en : "";
    super(en || zh || `HTTP ${status}`);
    this.status = status;
    this.code = typeof body.code === "string" ? body.code : `HTTP_${status}`;
    this.messageZh = zh;
    this.messageEn = en;
    this.details = body.details;
  }

  /** Field errors of a validation failure, with the field path made plain ("body/phone" → "phone"). */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details
      .filter((d): d is FieldError => typeof d?.field === "string" && typeof d?.message === "string")
      .map((d) => ({
        field: d.field.replace(/^(body|querystring|params)\/?/, "").replace(/^\//, ""),
        message: d.message,
      }));
  }
}

export class NetworkError extends Error {}

/** The message of any error, in the language the person reads. */
export function describeError(err: unknown, lang: string = i18n.language): string {
  const english = lang.startsWith("en");
  if (err instanceof ApiError) {
    const m = english ? err.messageEn || err.messageZh : err.messageZh || err.messageEn;
    return m || i18n.t("common.errorStatus", { status: err.status });
  }
  if (err instanceof NetworkError) return i18n.t("common.networkError");
  return i18n.t("common.unknownError");
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function send<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, query), {
      method,
      headers,
      body: payload,
      credentials: "include",
    });
  } catch {
    throw new NetworkError("network");
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message_zh: "", message_en: "" };
    }
  }
  if (!res.ok) throw new ApiError(res.status, (data ?? {}) as Record<string, unknown>);
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>("GET", path, undefined, query),
  post: <T>(path: string, body?: unknown) => send<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => send<T>("PATCH", path, body ?? {}),
  put: <T>(path: string, body?: unknown) => send<T>("PUT", path, body ?? {}),
  del: <T>(path: string) => send<T>("DELETE", path),
};

/** Whether the error means "not signed in". */
export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}
