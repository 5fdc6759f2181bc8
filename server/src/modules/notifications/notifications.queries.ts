import type { Insertable, Kysely } from "kysely";
import type { DB, NotificationTable } from "../../db/schema.ts";

export const insertNotifications = (db: Kysely<DB>, rows: Insertable<NotificationTable>[]) =>
  rows.length
    ? db.insertInto("notification").values(rows).returning(["id", "user_id"]).execute()
    : Promise.resolve([]);

export const preferencesOf = (db: Kysely<DB>, userIds: number[]) =>
  userIds.length
    ? db.selectFrom("notification_preference").selectAll().where("user_id", "in", userIds).execute()
    : Promise.resolve([]);

export const phonesOf = (db: Kysely<DB>, userIds: number[]) =>
  userIds.length
    ? db.selectFrom("app_user").select(["id", "phone"]).where("id", "in", userIds).execute()
    : Promise.resolve([]);

export const insertSms = (db: Kysely<DB>, rows: { phone: string; body: string }[]) =>
  rows.length ? db.insertInto("sms_outbox").values(rows).execute() : Promise.resolve();
