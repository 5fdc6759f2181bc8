// The system admin's view of the event consumers: each consumer's position (events handled, behind,
// the last error and when it tries again) and the dead letters (events a consumer gave up on after
// MAX_ATTEMPTS), which can be handled again once the cause is fixed.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { type App, needs } from "../http/context.ts";
import { errorResponses } from "../http/errors.ts";
import { CONSUMERS } from "./catalogue.ts";
import { resendDeadLetter } from "./dispatcher.ts";
import { consumerStates, listDeadLetters } from "./events.queries.ts";

const tags = ["system"];

const ZConsumerState = z.object({
  name: z.string(),
  description: z.string(),
  handled: z.number(),
  behind: z.number(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  retryAt: z.date().nullable(),
});

const ZDeadLetter = z.object({
  communityId: z.number(),
  consumer: z.string(),
  eventId: z.number(),
  type: z.string(),
  aggregateType: z.string(),
  aggregateId: z.number(),
  error: z.string(),
  attempts: z.number(),
  eventCreatedAt: z.date(),
  createdAt: z.date(),
  resentAt: z.date().nullable(),
});

export function registerEventRoutes(app: App) {
  app.get(
    "/admin/events/consumers",
    {
      config: { access: needs("events.admin") },
      schema: {
        tags,
        summary: "Each event consumer's progress: handled, behind, last error, next try",
        response: { 200: z.array(ZConsumerState), ...errorResponses },
      },
    },
    async () => {
      const states = new Map((await consumerStates(app.db)).map((s) => [s.name, s]));
      return CONSUMERS.map((c) => {
        const s = states.get(c.name);
        return {
          name: c.name,
          description: c.description,
          handled: Number(s?.handled ?? 0),
          // a consumer that never ran has every event ahead of it; it is created at its first run
          behind: Number(s?.behind ?? 0),
          attempts: s?.attempts ?? 0,
          lastError: s?.last_error ?? null,
          retryAt: s?.retry_at ? new Date(s.retry_at) : null,
        };
      });
    },
  );

  app.get(
    "/admin/events/dead-letters",
    {
      config: { access: needs("events.admin") },
      schema: {
        tags,
        summary: "Events a consumer gave up on (after its last try); open ones unless all=true",
        querystring: z.object({
          all: z.enum(["true", "false"]).default("false"),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.array(ZDeadLetter), ...errorResponses },
      },
    },
    async (req) => {
      const rows = await listDeadLetters(app.db, { open: req.query.all !== "true", limit: req.query.limit });
      return rows.map((r) => ({
        communityId: r.community_id,
        consumer: r.consumer,
        eventId: Number(r.event_id),
        type: r.type,
        aggregateType: r.aggregate_type,
        aggregateId: Number(r.aggregate_id),
        error: r.error,
        attempts: r.attempts,
        eventCreatedAt: new Date(r.event_created_at),
        createdAt: new Date(r.created_at),
        resentAt: r.resent_at ? new Date(r.resent_at) : null,
      }));
    },
  );

  app.post(
    "/admin/events/dead-letters/:communityId/:consumer/:eventId/resend",
    {
      config: { access: needs("events.admin") },
      schema: {
        tags,
        summary: "Handles a dead letter again for its consumer, now (after the cause was fixed)",
        params: z.object({
          communityId: z.coerce.number().int().positive().max(2_147_483_647),
          // the consumers of the catalogue only: any other name is bad input (400), not a missing letter
          consumer: z.enum(CONSUMERS.map((c) => c.name) as [string, ...string[]]),
          eventId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      let done: boolean;
      try {
        done = await resendDeadLetter(app.db, CONSUMERS, req.params);
      } catch (err) {
        // the cause is not fixed yet: nothing changed, the letter stays open
        const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new AppError("CONFLICT", {
          zh: `仍然失败：${message.slice(0, 500)}`,
          en: `It still fails: ${message.slice(0, 500)}`,
        });
      }
      if (!done) throw new AppError("NOT_FOUND", { zh: "没有这条死信", en: "No such dead letter" });
      return { ok: true as const };
    },
  );
}
