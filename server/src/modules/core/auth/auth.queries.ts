import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

export const findUserByPhone = (db: Kysely<DB>, phone: string) =>
  db.selectFrom("app_user").selectAll().where("phone", "=", phone).executeTakeFirst();

export const insertUser = (
  db: Kysely<DB>,
  v: { phone: string; name: string; password_hash: string | null },
) => db.insertInto("app_user").values(v).returning("id").executeTakeFirstOrThrow();

export const insertOtp = (
  db: Kysely<DB>,
  v: { phone: string; purpose: string; code_hash: string; expires_at: Date },
) => db.insertInto("otp_code").values(v).execute();

export const latestOtp = (db: Kysely<DB>, phone: string, purpose: string) =>
  db
    .selectFrom("otp_code")
    .selectAll()
    .where("phone", "=", phone)
    .where("purpose", "=", purpose)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();

export const countOtpsSince = async (db: Kysely<DB>, phone: string, since: Date) =>
  Number(
    (
      await db
        .selectFrom("otp_code")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("phone", "=", phone)
        .where("created_at", ">=", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const markOtp = (db: Kysely<DB>, id: number, used: boolean) =>
  db
    .updateTable("otp_code")
    .set(used ? { used_at: new Date() } : { attempts: sql`attempts + 1` })
    .where("id", "=", id)
    .execute();

export const insertSms = (db: Kysely<DB>, phone: string, body: string) =>
  db.insertInto("sms_outbox").values({ phone, body }).execute();

export const readThrottle = (db: Kysely<DB>, key: string) =>
  db.selectFrom("auth_throttle").selectAll().where("key", "=", key).executeTakeFirst();

/**
 * Counts a failure for a key within a window. From the `free`-th failure on, the key waits before its
 * next try: `firstDelayMs`, doubled with each further failure, never longer than `maxDelayMs`.
 * A failure after the window has passed starts counting again.
 */
export const recordFailure = (
  db: Kysely<DB>,
  key: string,
  windowMs: number,
  free: number,
  firstDelayMs: number,
  maxDelayMs: number,
) => {
  const windowGone = sql`auth_throttle.window_start < now() - ${`${windowMs} milliseconds`}::interval`;
  const failures = sql`auth_throttle.failures + 1`;
  // delay = first × 2^(failures − free), capped; the exponent is capped too so that it cannot overflow
  const delayMs = sql`least(${maxDelayMs}::float8, ${firstDelayMs}::float8 * power(2, least(${failures} - ${free}, 30)))`;
  return db
    .insertInto("auth_throttle")
    .values({
      key,
      failures: 1,
      window_start: new Date(),
      locked_until: free <= 1 ? new Date(Date.now() + firstDelayMs) : null,
    })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql`case when ${windowGone} then 1 else ${failures} end`,
        window_start: sql`case when ${windowGone} then now() else auth_throttle.window_start end`,
        locked_until: sql`case when not (${windowGone}) and ${failures} >= ${free} then now() + ${delayMs} * interval '1 millisecond' else auth_throttle.locked_until end`,
      }),
    )
    .execute();
};

export const clearThrottle = (db: Kysely<DB>, key: string) =>
  db.deleteFrom("auth_throttle").where("key", "=", key).execute();

export const updatePreferences = (
  db: Kysely<DB>,
  userId: number,
  p: { locale?: "zh-CN" | "en"; elderly_mode?: boolean; elderly_mode_chosen?: boolean },
) => db.updateTable("app_user").set(p).where("id", "=", userId).execute();

/**
 * What the elderly default needs (issue 9): whether the person chose a mode, and the birth dates of
 * the residents they are verified as (people's register; one person may live in two communities).
 */
export async function elderlyFacts(db: Kysely<DB>, userId: number) {
  const user = await db
    .selectFrom("app_user")
    .select("elderly_mode_chosen")
    .where("id", "=", userId)
    .executeTakeFirst();
  const born = await db
    .selectFrom("resident")
    .select("birth_date")
    .where("user_id", "=", userId)
    .where("status", "=", "verified")
    .where("birth_date", "is not", null)
    .execute();
  return { chosen: user?.elderly_mode_chosen ?? false, birthDates: born.map((r) => r.birth_date!) };
}

export const scopeNames = async (
  db: Kysely<DB>,
  scopeType: string,
  communityId: number | null,
  id: number | null,
) => {
  if (id == null) return null;
  const one = async (q: Promise<{ name: string } | undefined>) => (await q)?.name ?? null;
  switch (scopeType) {
    case "district":
      return one(db.selectFrom("district").select("name").where("id", "=", id).executeTakeFirst());
    case "street":
      return one(db.selectFrom("street").select("name").where("id", "=", id).executeTakeFirst());
    case "community":
      return one(db.selectFrom("community").select("name").where("id", "=", id).executeTakeFirst());
    case "organisation":
      return one(db.selectFrom("organisation").select("name").where("id", "=", id).executeTakeFirst());
    case "grid":
    case "estate":
    case "building":
    case "unit":
      return one(
        db
          .selectFrom(scopeType)
          .select("name")
          .where("community_id", "=", communityId!)
          .where("id", "=", id)
          .executeTakeFirst(),
      );
    default:
      return null;
  }
};

export const communityNames = async (db: Kysely<DB>, ids: number[]) => {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom("community").select(["id", "name"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};

export const listSmsOutbox = (db: Kysely<DB>, phone: string | undefined, limit: number) => {
  let qb = db.selectFrom("sms_outbox").selectAll().orderBy("id", "desc").limit(limit);
  if (phone) qb = qb.where("phone", "=", phone);
  return qb.execute();
};

export const organisationHome = async (db: Kysely<DB>, id: number) =>
  (await db.selectFrom("organisation").select("home_community_id").where("id", "=", id).executeTakeFirst())
    ?.home_community_id ?? null;
