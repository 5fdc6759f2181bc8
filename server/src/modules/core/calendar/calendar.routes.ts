import { z } from "zod";
import { reachOf } from "../../../access/authorize.ts";
import { AppError } from "../../../errors.ts";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as q from "./calendar.queries.ts";
import { ZCalendarEntry, ZCalendarQuery, ZCalendarYear, ZDayParams, ZSetDay } from "./calendar.schema.ts";
import { calendarYear, ensureCalendar, invalidateCalendar, setDay, shanghaiDay } from "./calendar.service.ts";

/** The working calendar is national: only a global grant of calendar.write may change it. */
function authorizeCalendar(actor: Parameters<typeof reachOf>[0]) {
  const reach = reachOf(actor, "calendar.write");
  if (!reach.all) throw new AppError("FORBIDDEN");
  return reach.roles[0] ?? null;
}

export function registerCalendarRoutes(app: App): void {
  const tags = ["calendar"];

  app.get(
    "/calendar",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Public holidays and make-up working days (调休) of a year, as used for deadlines",
        querystring: ZCalendarQuery,
        response: { 200: ZCalendarYear, ...errorResponses },
      },
    },
    async (req) => calendarYear(app.db, req.query.year ?? Number(shanghaiDay(new Date()).slice(0, 4))),
  );

  app.put(
    "/calendar/days/:day",
    {
      config: { access: needs("calendar.write") },
      schema: {
        tags,
        summary:
          "Set a day as a holiday or a make-up working day (e.g. when next year's notice is out); audited",
        params: ZDayParams,
        body: ZSetDay,
        response: { 200: ZCalendarEntry, ...errorResponses },
      },
    },
    async (req) => {
      const role = authorizeCalendar(req.actor);
      const entry = { day: req.params.day, kind: req.body.kind, name: req.body.name };
      await app.db.transaction().execute(async (trx) => {
        // the official years first (in this transaction), so that the edit is never overwritten
        await ensureCalendar(trx);
        const before = await q.findDay(trx, entry.day);
        await setDay(trx, entry);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: role,
          communityId: null,
          action: "calendar.set",
          targetType: "working_calendar",
          targetId: entry.day,
          before: before ?? null,
          after: entry,
        });
      });
      await invalidateCalendar(app.db);
      return entry;
    },
  );

  app.delete(
    "/calendar/days/:day",
    {
      config: { access: needs("calendar.write") },
      schema: {
        tags,
        summary: "Remove a day from the calendar (it follows the weekday/weekend rule again); audited",
        params: ZDayParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      const role = authorizeCalendar(req.actor);
      await app.db.transaction().execute(async (trx) => {
        await ensureCalendar(trx);
        const before = await q.findDay(trx, req.params.day);
        if (!before)
          throw new AppError("NOT_FOUND", {
            zh: "日历中没有这一天",
            en: "This day is not in the calendar",
          });
        await q.deleteDay(trx, req.params.day);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: role,
          communityId: null,
          action: "calendar.delete",
          targetType: "working_calendar",
          targetId: req.params.day,
          before,
        });
      });
      await invalidateCalendar(app.db);
      return { ok: true as const };
    },
  );
}
