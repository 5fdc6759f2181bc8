import { createHash, randomBytes, randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import { loadActor } from "../../../access/actor.queries.ts";
import { requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { invalidateActors } from "../../../http/session.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import { ageOn } from "../privacy/pii.service.ts";
import { type GrantPlace, presentMe, type SmsOutboxRow } from "./auth.present.ts";
import * as q from "./auth.queries.ts";
import type { TMe } from "./auth.schema.ts";
import { assertStrongPassword } from "./password-strength.ts";

// Throttling of failed sign-ins, so that nobody can lock a chosen victim out: failures count per phone
// *and* client address, and after 5 within 15 minutes that pair waits 1 minute, then 2, 4, 8, up to
// 15 (a growing delay, not a fixed lock); the owner signing in from their own phone or home network is
// not held up by a stranger's failures elsewhere. A client address is stopped for 15 minutes after 20
// failures whatever the phones (password spraying). The address is the socket's unless a trusted
// proxy names it (config.trustProxy), so a forged X-Forwarded-For changes nothing.
const WINDOW_MS = 15 * 60_000;
const MAX_DELAY_MS = 15 * 60_000;
const FREE_FAILURES_PER_PAIR = 5;
const MAX_PER_IP = 20;
const OTP_TTL_MS = 5 * 60_000;
const OTP_MIN_INTERVAL_MS = 60_000;
const OTP_PER_DAY = 10;
const OTP_MAX_ATTEMPTS = 5;

// argon2id with the library's defaults (OWASP-recommended memory cost)
export const hashPassword = (password: string) => hash(password);

const hashCode = (phone: string, code: string) =>
  createHash("sha256").update(`${phone}:${code}`).digest("hex");

export async function assertNotLocked(db: Kysely<DB>, keys: string[]): Promise<void> {
  for (const key of keys) {
    const t = await q.readThrottle(db, key);
    if (t?.locked_until && new Date(t.locked_until) > new Date()) throw new AppError("TOO_MANY");
  }
}

const throttleKeys = (phone: string, ip: string) => [`pair:${phone}|${ip}`, `ip:${ip}`];

async function noteFailure(db: Kysely<DB>, phone: string, ip: string) {
  const [pair, address] = throttleKeys(phone, ip);
  await q.recordFailure(db, pair!, WINDOW_MS, FREE_FAILURES_PER_PAIR, 60_000, MAX_DELAY_MS);
  await q.recordFailure(db, address!, WINDOW_MS, MAX_PER_IP, MAX_DELAY_MS, MAX_DELAY_MS);
}

// A hash to verify against when the phone has no account (or no password), so that a sign-in costs
// one argon2 verification either way and its time does not tell who is registered.
let dummyHash: Promise<string> | null = null;
let verifications = 0;

/** Verifies a password against a stored hash, or against a dummy hash when there is none. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  verifications += 1;
  dummyHash ??= hash(randomBytes(16).toString("base64url"));
  const target = stored ?? (await dummyHash);
  const ok = await verify(target, password);
  return ok && !!stored;
}

/** How many password verifications ran in this process (tests: the same work for unknown phones). */
export const passwordVerifications = () => verifications;

/** Sends a one-time code through the SMS adapter (the built-in one writes to sms_outbox and the log). */
export async function requestCode(
  db: Kysely<DB>,
  phone: string,
  purpose: "sign_in" | "register",
  log: (msg: string) => void,
): Promise<void> {
  const last = await q.latestOtp(db, phone, purpose);
  if (last && Date.now() - new Date(last.created_at).getTime() < OTP_MIN_INTERVAL_MS) {
    throw new AppError("TOO_MANY", {
      zh: "验证码发送太频繁，请一分钟后再试",
      en: "Wait a minute before asking for another code",
    });
  }
  if ((await q.countOtpsSince(db, phone, new Date(Date.now() - 86400_000))) >= OTP_PER_DAY) {
    throw new AppError("TOO_MANY");
  }
  const user = await q.findUserByPhone(db, phone);
  if (purpose === "register" && user) {
    // The answer is the same as for a new phone; only the phone's owner learns, by SMS, that it is
    // registered already. No code is stored, so registering with this phone cannot succeed.
    await q.insertSms(db, phone, ALREADY_REGISTERED_SMS);
    log(`sms (already registered) sent to ${maskPhone(phone)}`);
    return;
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await q.insertOtp(db, {
    phone,
    purpose,
    code_hash: hashCode(phone, code),
    expires_at: new Date(Date.now() + OTP_TTL_MS),
  });
  // a code for an unknown phone on sign-in is not sent, so the reply cannot reveal who is registered
  if (purpose === "sign_in" && !user) return;
  const body = `【邻里】您的验证码是 ${code}，5分钟内有效。Your Linli code is ${code}, valid for 5 minutes.`;
  await q.insertSms(db, phone, body);
  // never the code itself: whoever reads the log could sign in as this person
  log(`sms code (${purpose}) sent to ${maskPhone(phone)}`);
}

const ALREADY_REGISTERED_SMS =
  "【邻里】有人用您的手机号申请注册邻里，但该号码已注册，可直接登录或用验证码登录。如非本人操作，请忽略。" +
  " Someone asked to register Linli with your number, which already has an account: sign in instead. If it was not you, ignore this.";

async function consumeCode(db: Kysely<DB>, phone: string, purpose: string, code: string): Promise<boolean> {
  const otp = await q.latestOtp(db, phone, purpose);
  if (!otp || otp.used_at || new Date(otp.expires_at) < new Date() || otp.attempts >= OTP_MAX_ATTEMPTS)
    return false;
  if (otp.code_hash !== hashCode(phone, code)) {
    await q.markOtp(db, otp.id, false);
    return false;
  }
  await q.markOtp(db, otp.id, true);
  return true;
}

export async function registerUser(
  db: Kysely<DB>,
  input: { phone: string; password: string; name: string; code: string },
  ip: string,
  opts: { demo: boolean },
): Promise<number> {
  await assertNotLocked(db, throttleKeys(input.phone, ip));
  await assertStrongPassword(input.password, { phone: input.phone, name: input.name, demo: opts.demo });
  // The code first: a taken phone never got a registration code, so it fails here like any wrong code,
  // and only someone who holds the phone could learn (PHONE_TAKEN, a race) that it is registered.
  if (!(await consumeCode(db, input.phone, "register", input.code))) {
    await noteFailure(db, input.phone, ip);
    throw new AppError("BAD_CODE");
  }
  if (await q.findUserByPhone(db, input.phone)) throw new AppError("PHONE_TAKEN");
  const { id } = await q.insertUser(db, {
    phone: input.phone,
    name: input.name,
    password_hash: await hashPassword(input.password),
  });
  return id;
}

export async function signIn(
  db: Kysely<DB>,
  input: { phone: string; password?: string; code?: string },
  ip: string,
): Promise<number> {
  await assertNotLocked(db, throttleKeys(input.phone, ip));
  const user = await q.findUserByPhone(db, input.phone);
  let ok = false;
  if (input.password !== undefined) {
    ok = await verifyPassword(user?.password_hash, input.password);
  } else if (input.code !== undefined) {
    ok = !!user && (await consumeCode(db, input.phone, "sign_in", input.code));
  }
  if (!ok || !user || user.disabled) {
    await noteFailure(db, input.phone, ip);
    throw new AppError(input.code !== undefined ? "BAD_CODE" : "BAD_CREDENTIALS");
  }
  await q.clearThrottle(db, throttleKeys(input.phone, ip)[0]!);
  return user.id;
}

/** The signed-in person as `/me` shows them: their grants' places and communities' names loaded here. */
export async function me(db: Kysely<DB>, actor: Actor): Promise<TMe> {
  const names = await q.communityNames(
    db,
    actor.residencies.map((r) => r.communityId),
  );
  const places = await Promise.all(
    actor.grants.map(
      async (g): Promise<GrantPlace> => ({
        // the community a console opens for this role: its own, or where the organisation works
        scopeCommunityId:
          g.scopeCommunityId ??
          (g.scopeType === "community" ? g.scopeId : null) ??
          (g.estateKeys[0] ? Number(g.estateKeys[0].split(":")[0]) : null) ??
          (g.scopeType === "organisation" && g.scopeId != null
            ? await q.organisationHome(db, g.scopeId)
            : null),
        scopeName: await q.scopeNames(db, g.scopeType, g.scopeCommunityId, g.scopeId),
      }),
    ),
  );
  // 适老化: on by default for a verified resident aged 60 or more, until they choose (老年人权益保障法 Art. 2: 60)
  const elderly = await q.elderlyFacts(db, actor.userId);
  const aged60 = elderly.birthDates.some((d) => (ageOn(d) ?? 0) >= 60);
  return presentMe(actor, names, places, { chosen: elderly.chosen, aged60 });
}

/** `/me` for a person just signed in or changed: their actor read afresh. */
export async function meOf(db: Kysely<DB>, userId: number): Promise<TMe> {
  return me(db, requireActor(await loadActor(db, userId)));
}

/** Remembers my language and elderly mode; answers `/me` as it now is. */
export async function setPreferences(
  db: Kysely<DB>,
  actor: Actor | null,
  p: { locale?: "zh-CN" | "en"; elderlyMode?: boolean },
): Promise<TMe> {
  const a = requireActor(actor);
  await q.updatePreferences(db, a.userId, {
    locale: p.locale,
    elderly_mode: p.elderlyMode,
    // a mode set by the person is theirs from now on, over the default by age
    elderly_mode_chosen: p.elderlyMode === undefined ? undefined : true,
  });
  invalidateActors();
  return meOf(db, a.userId);
}

/** Messages the built-in SMS adapter wrote (newest first), optionally to one phone. */
export const smsOutbox = (
  db: Kysely<DB>,
  phone: string | undefined,
  limit: number,
): Promise<SmsOutboxRow[]> => q.listSmsOutbox(db, phone, limit);
