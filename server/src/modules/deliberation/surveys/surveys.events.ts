// The events of surveys (D4), and the consumer that tells residents of an opened survey (issue 10).
// A survey opens when it is published and its opening time has come: survey.opened is emitted once per
// survey — in the transaction that publishes it when it opens at once, else by the `surveys-open` sweep
// (surveys.jobs.ts) — claimed by survey.opened_at. The `survey-open-notices` consumer then tells the
// residents it is for (its place and group, verified, with an account), claimed once by
// survey.open_notified_at in the transaction of the notices, written one statement per 2,000 people.
// Payloads name the survey, never a person.
import { z } from "zod";
import { defineConsumer, defineEvent } from "../../../events/define.ts";
import { NOTIFY_BATCH, notify } from "../../core/notifications/notifications.service.ts";
import * as q from "./surveys.queries.ts";

export const surveyOpened = defineEvent({
  type: "survey.opened",
  version: 1,
  aggregate: "survey",
  payload: z.object({ surveyId: z.number().int().positive() }),
  description: "a published survey is open for answers (emitted once per survey)",
});

/**
 * An answer to a named survey was stored (online or a paper answer entered by staff); the aggregate
 * is the response. Not emitted for an anonymous survey, which keeps no link to who answered.
 * Insight's consumer marks the response's resident active in the month (participation).
 */
export const surveyAnswered = defineEvent({
  type: "survey.answered",
  version: 1,
  aggregate: "survey_response",
  payload: z.object({ surveyId: z.number().int().positive(), channel: z.enum(["online", "paper"]) }),
  description: "an answer to a named (not anonymous) survey was stored",
});

export const SURVEY_EVENTS = [surveyOpened, surveyAnswered];

/** "2026-12-05 18:00" in China time (UTC+8, no daylight saving). */
const chinaTime = (d: Date) =>
  new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
const when = (d: Date) => {
  const t = chinaTime(d);
  return `${Number(t.slice(5, 7))}月${Number(t.slice(8, 10))}日 ${t.slice(11)}`;
};

export const surveyOpenNoticesConsumer = defineConsumer({
  name: "survey-open-notices",
  description: "tells the residents a survey is for (its place and group) that it is open, once per survey",
  events: [surveyOpened],
  async handle(trx, event) {
    const s = await q.claimOpenNotice(trx, event.communityId, event.aggregateId);
    if (!s) return;
    const userIds = await q.targetedUserIds(trx, s);
    const closes = when(s.closes_at);
    for (let i = 0; i < userIds.length; i += NOTIFY_BATCH)
      await notify(trx, {
        userIds: userIds.slice(i, i + NOTIFY_BATCH),
        communityId: s.community_id,
        kind: "survey.opened",
        titleZh: `问卷调查：${s.title}`,
        titleEn: `Survey: ${s.title}`,
        bodyZh: `社区想听听您的想法，${closes} 前可以作答${s.anonymous ? "（匿名）" : ""}。`,
        bodyEn: `The community would like your view; answer by ${chinaTime(s.closes_at)} (China time)${s.anonymous ? ", anonymously" : ""}.`,
        link: `/m/surveys/${s.community_id}/${s.id}`,
      });
  },
});

export const SURVEY_CONSUMERS = [surveyOpenNoticesConsumer];
