// Working days in China (DOMAIN V4): deadlines for signing and solving are counted in working days,
// which follow the weekday/weekend rule except for the public holidays and the make-up working days
// (调休) the State Council publishes each year.
//
// Definition used everywhere in Linli (Asia/Shanghai, UTC+8 all year, no daylight saving):
//   * the submission day is the calendar day (China time) of the submission instant;
//   * "N working days" (N ≥ 1) ends at 24:00 of the Nth working day strictly after the submission
//     day — submitted Friday 16:00 with 1 working day → due Monday 24:00 (= Tuesday 00:00);
//     submitted on 除夕 with 1 working day → due 24:00 of the first working day after the holiday;
//   * "0 working days" means the same day (当日): 24:00 of the submission day, whatever day it is —
//     for urgent categories such as safety hazards, which do not wait for Monday;
//   * so for N ≥ 1 a deadline always falls at the end of a working day; for every N it grows with N
//     (N+1 > N: the 1st working day after a day ends after that day) and never decreases when the
//     submission comes later.
// Years without data fall back to the weekday/weekend rule alone.
import type { Kysely } from "kysely";
import { reachOf } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { dropCache, onCacheDropped } from "../../../events/caches.ts";
import { audited } from "../audit/audit.service.ts";
import { type CalendarEntry, OFFICIAL_CALENDAR } from "./calendar.data.ts";
import * as q from "./calendar.queries.ts";

export interface WorkingCalendar {
  /** day (YYYY-MM-DD) → name, rest days whatever the weekday */
  holidays: ReadonlyMap<string, string>;
  /** day (YYYY-MM-DD) → name, weekend days that are worked (调休) */
  workdays: ReadonlyMap<string, string>;
}

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** A loop guard: no real calendar has a year of consecutive rest days. */
const MAX_SCAN_DAYS = 3_660;

export const EMPTY_CALENDAR: WorkingCalendar = { holidays: new Map(), workdays: new Map() };

export function calendarOf(entries: readonly { day: string; kind: string; name: string }[]): WorkingCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  for (const e of entries) (e.kind === "holiday" ? holidays : workdays).set(e.day, e.name);
  return { holidays, workdays };
}

/** The calendar day in China of an instant, as YYYY-MM-DD. */
export function shanghaiDay(t: Date): string {
  return new Date(t.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 China time of a day. */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** 24:00 China time of a day (= 00:00 of the next day). */
export function endOfDay(day: string): Date {
  return new Date(startOfDay(day).getTime() + DAY_MS);
}

export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, cal: WorkingCalendar): boolean {
  if (cal.holidays.has(day)) return false;
  if (cal.workdays.has(day)) return true;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day (YYYY-MM-DD) on which "`days` working days after `from`" ends: the Nth working day strictly
 * after the China-time day of `from` (N ≥ 1); for N = 0 that day itself (same day).
 */
export function addWorkingDays(from: Date, days: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`);
  let day = shanghaiDay(from);
  if (days === 0) return day;
  let left = days;
  for (let scanned = 0; scanned < MAX_SCAN_DAYS + days * 7; scanned++) {
    day = nextDay(day);
    if (isWorkingDay(day, cal)) {
      left -= 1;
      if (left === 0) return day;
    }
  }
  throw new Error("the working calendar has no working day within ten years");
}

/** The deadline instant for `days` working days after `from`: 24:00 China time of addWorkingDays(). */
export function workingDeadline(from: Date, days: number, cal: WorkingCalendar): Date {
  return endOfDay(addWorkingDays(from, days, cal));
}

/** Calendar days, for the time a resident has to confirm (not working days). */
export function addCalendarDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

// ---- stored calendar, cached per database handle, dropped on every change in any process ----

let cache = new WeakMap<object, Promise<WorkingCalendar>>();
onCacheDropped("calendar", () => {
  cache = new WeakMap();
});

/** Inserts the official arrangements of the years that have no entries yet; how many days it added. */
async function seedMissingYears(db: Kysely<DB>): Promise<number> {
  const present = new Set((await q.allDays(db)).map((d) => d.day.slice(0, 4)));
  const missing = OFFICIAL_CALENDAR.filter((e) => !present.has(e.day.slice(0, 4)));
  await q.insertMissing(db, missing);
  return missing.length;
}

/**
 * Seeds the official arrangements (calendar.data.ts) for every year that has no entries yet. A year
 * someone has already entered or edited is left alone, so a deleted day does not come back.
 */
export async function ensureCalendar(db: Kysely<DB>): Promise<void> {
  if ((await seedMissingYears(db)) > 0) await invalidateCalendar(db);
}

/** The working calendar, from memory after the first load (which seeds the official years). */
export function loadCalendar(db: Kysely<DB>): Promise<WorkingCalendar> {
  let hit = cache.get(db);
  if (!hit) {
    hit = (async () => {
      // (a load seeds what is missing without dropping the entry it is filling)
      await seedMissingYears(db);
      return calendarOf(await q.allDays(db));
    })();
    cache.set(db, hit);
    hit.catch(() => cache.delete(db));
  }
  return hit;
}

/** Drops the working calendar from every process's memory (at commit when `db` is a transaction). */
export function invalidateCalendar(db: Kysely<DB>): Promise<void> {
  return dropCache(db, "calendar");
}

export async function calendarYear(db: Kysely<DB>, year: number) {
  const cal = await loadCalendar(db);
  const days = [...cal.holidays, ...cal.workdays]
    .filter(([day]) => day.startsWith(`${year}-`))
    .map(([day]) => ({
      day,
      kind: cal.holidays.has(day) ? ("holiday" as const) : ("workday" as const),
      name: cal.holidays.get(day) ?? cal.workdays.get(day) ?? "",
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
  let workingDays = 0;
  for (let d = `${year}-01-01`; d.startsWith(`${year}-`); d = nextDay(d))
    if (isWorkingDay(d, cal)) workingDays++;
  return { year, days, workingDays, official: OFFICIAL_CALENDAR.some((e) => e.day.startsWith(`${year}-`)) };
}

export async function setDay(db: Kysely<DB>, entry: CalendarEntry): Promise<void> {
  const weekday = new Date(`${entry.day}T00:00:00Z`).getUTCDay();
  if (entry.kind === "workday" && weekday !== 0 && weekday !== 6) {
    throw new AppError("VALIDATION", {
      zh: "调休上班日只能设在周六或周日",
      en: "A make-up working day must be a Saturday or a Sunday",
      details: [{ field: "kind", message: "a weekday is already a working day" }],
    });
  }
  await q.upsertDay(db, entry);
}

// ---- changing the calendar (national: only a global grant of calendar.write) ----

function authorizeCalendar(actor: Actor | null): string | null {
  const reach = reachOf(actor, "calendar.write");
  if (!reach.all) throw new AppError("FORBIDDEN");
  return reach.roles[0] ?? null;
}

/** Sets a day as a holiday or a make-up working day; audited, and every process reads it afresh. */
export async function setCalendarDay(db: Kysely<DB>, actor: Actor | null, entry: CalendarEntry) {
  const role = authorizeCalendar(actor);
  await audited(db, async (trx) => {
    // the official years first (in this transaction), so that the edit is never overwritten
    await ensureCalendar(trx);
    const before = await q.findDay(trx, entry.day);
    await setDay(trx, entry);
    return {
      result: entry,
      audit: {
        actorUserId: actor!.userId,
        actorRole: role,
        communityId: null,
        action: "calendar.set",
        targetType: "working_calendar",
        targetId: entry.day,
        before: before ?? null,
        after: entry,
      },
    };
  });
  await invalidateCalendar(db);
  return entry;
}

/** Removes a day (it follows the weekday/weekend rule again); audited. 404 when it is not there. */
export async function removeCalendarDay(db: Kysely<DB>, actor: Actor | null, day: string): Promise<void> {
  const role = authorizeCalendar(actor);
  await audited(db, async (trx) => {
    await ensureCalendar(trx);
    const before = await q.findDay(trx, day);
    if (!before)
      throw new AppError("NOT_FOUND", {
        zh: "日历中没有这一天",
        en: "This day is not in the calendar",
      });
    await q.deleteDay(trx, day);
    return {
      result: undefined,
      audit: {
        actorUserId: actor!.userId,
        actorRole: role,
        communityId: null,
        action: "calendar.delete",
        targetType: "working_calendar",
        targetId: day,
        before,
      },
    };
  });
  await invalidateCalendar(db);
}
