import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { CalendarEntry } from "./calendar.data.ts";

export const allDays = (db: Kysely<DB>) =>
  db.selectFrom("working_calendar").select(["day", "kind", "name"]).orderBy("day").execute();

export const daysOfYear = (db: Kysely<DB>, year: number) =>
  db
    .selectFrom("working_calendar")
    .select(["day", "kind", "name"])
    .where("day", ">=", `${year}-01-01`)
    .where("day", "<=", `${year}-12-31`)
    .orderBy("day")
    .execute();

export const findDay = (db: Kysely<DB>, day: string) =>
  db.selectFrom("working_calendar").select(["day", "kind", "name"]).where("day", "=", day).executeTakeFirst();

/** Inserts the entries that are missing; days already present (perhaps edited by staff) are kept. */
export const insertMissing = (db: Kysely<DB>, rows: readonly CalendarEntry[]) =>
  rows.length
    ? db
        .insertInto("working_calendar")
        .values(rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name })))
        .onConflict((oc) => oc.column("day").doNothing())
        .execute()
    : Promise.resolve([]);

export const upsertDay = (db: Kysely<DB>, row: CalendarEntry) =>
  db
    .insertInto("working_calendar")
    .values(row)
    .onConflict((oc) => oc.column("day").doUpdateSet({ kind: row.kind, name: row.name }))
    .execute();

export const deleteDay = (db: Kysely<DB>, day: string) =>
  db.deleteFrom("working_calendar").where("day", "=", day).executeTakeFirst();
