// Rotating sign-in codes, shared by meeting sign-in (D3) and volunteer check-in/out (T2); each purpose has
// its own key, so a meeting's code never opens an activity of the same id. The organiser's screen shows a
// 6-digit code (and a QR code of the
// sign-in page carrying it) that changes every 30 seconds: an HMAC of the subject and the 30-second
// window under a key derived from the server's secret (config.piiKey, itself from LINLI_PII_KEY), so a
// photo of the screen sent home stops working within a minute. The current and the previous window are
// accepted (a code read just before it changed). A resident's personal code is a short-lived signed
// token of their account that the organiser scans.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Config } from "../config.ts";

export const WINDOW_SECONDS = 30;
/** Older windows recognised as "expired" rather than "wrong" (2 hours). */
const EXPIRED_WINDOWS = 240;
export const PERSONAL_CODE_SECONDS = 120;

/** What a rotating code opens; each purpose derives its own key. */
export type CodePurpose = "meetings" | "volunteering";

const keys = new WeakMap<Buffer, Map<CodePurpose, Buffer>>();
function signInKey(config: Pick<Config, "piiKey">, purpose: CodePurpose = "meetings"): Buffer {
  let byPurpose = keys.get(config.piiKey);
  if (!byPurpose) {
    byPurpose = new Map();
    keys.set(config.piiKey, byPurpose);
  }
  let key = byPurpose.get(purpose);
  if (!key) {
    key = createHmac("sha256", config.piiKey).update(`linli/${purpose}/sign-in/v1`).digest();
    byPurpose.set(purpose, key);
  }
  return key;
}

export const windowOf = (at: Date) => Math.floor(at.getTime() / (WINDOW_SECONDS * 1000));

function codeForWindow(key: Buffer, communityId: number, subjectId: number, window: number): string {
  const mac = createHmac("sha256", key).update(`${communityId}:${subjectId}:${window}`).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, "0");
}

/** The code the organiser's screen shows at `at`, and when it changes. */
export function rotatingCodeAt(
  config: Pick<Config, "piiKey">,
  purpose: CodePurpose,
  communityId: number,
  subjectId: number,
  at: Date,
) {
  const w = windowOf(at);
  return {
    code: codeForWindow(signInKey(config, purpose), communityId, subjectId, w),
    expiresAt: new Date((w + 1) * WINDOW_SECONDS * 1000),
  };
}

/** ok: this window's code or the previous one's; expired: an older one's (within 2 hours); else wrong. */
export function checkRotatingCode(
  config: Pick<Config, "piiKey">,
  purpose: CodePurpose,
  communityId: number,
  subjectId: number,
  code: string,
  at: Date,
): "ok" | "expired" | "wrong" {
  const key = signInKey(config, purpose);
  const w = windowOf(at);
  for (let i = 0; i <= EXPIRED_WINDOWS; i++) {
    if (codeForWindow(key, communityId, subjectId, w - i) === code) return i <= 1 ? "ok" : "expired";
  }
  return "wrong";
}

function personalMac(key: Buffer, userId: number, exp: number) {
  return createHmac("sha256", key).update(`person:${userId}:${exp}`).digest("base64url").slice(0, 22);
}

/** A personal code: `L1.<user id>.<expiry seconds>.<mac>`, valid for 2 minutes. */
export function personalCodeFor(config: Pick<Config, "piiKey">, userId: number, at: Date) {
  const exp = Math.floor(at.getTime() / 1000) + PERSONAL_CODE_SECONDS;
  return {
    token: `L1.${userId}.${exp}.${personalMac(signInKey(config), userId, exp)}`,
    expiresAt: new Date(exp * 1000),
  };
}

/** The account a personal code names; "expired" or "invalid" otherwise. */
export function readPersonalCode(
  config: Pick<Config, "piiKey">,
  token: string,
  at: Date,
): { userId: number } | "expired" | "invalid" {
  const m = /^L1\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token.trim());
  if (!m) return "invalid";
  const userId = Number(m[1]);
  const exp = Number(m[2]);
  const expected = Buffer.from(personalMac(signInKey(config), userId, exp));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  if (exp * 1000 < at.getTime()) return "expired";
  return { userId };
}
