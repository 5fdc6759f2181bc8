import { z } from "zod";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCalendarEntry, ZCalendarQuery, ZCalendarYear, ZDayParams, ZSetDay } from "./calendar.schema.ts";
import { calendarYear, removeCalendarDay, setCalendarDay, shanghaiDay } from "./calendar.service.ts";

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
    async (req) =>
      setCalendarDay(app.db, req.actor, { day: req.params.day, kind: req.body.kind, name: req.body.name }),
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
      await removeCalendarDay(app.db, req.actor, req.params.day);
      return { ok: true as const };
    },
  );
}
