// The events of deliberation topics (issue 10). Payloads name the topic, its tier and stage keys —
// never a person (the actor is the event's actor_user_id).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

const topicFacts = z.object({
  topicId: z.number().int().positive(),
  tier: z.enum(["building", "estate", "community"]),
  estateId: z.number().int().positive().nullable(),
  buildingId: z.number().int().positive().nullable(),
});

export const topicCreated = defineEvent({
  type: "topic.created",
  version: 1,
  aggregate: "topic",
  payload: topicFacts.extend({
    originKind: z.enum(["staff", "proposal", "request", "opinion"]),
    originId: z.number().int().positive().nullable(),
    stageKey: z.string(),
  }),
  description:
    "a topic opened: raised by staff, from a request or opinion, or a proposal that reached its support",
});

export const topicStageChanged = defineEvent({
  type: "topic.stage_changed",
  version: 1,
  aggregate: "topic",
  payload: topicFacts.extend({
    fromStageKey: z.string(),
    toStageKey: z.string(),
    skippedStageKeys: z.array(z.string()),
  }),
  description: "a topic moved to a later stage of its template (skipped stages named)",
});

export const TOPIC_EVENTS = [topicCreated, topicStageChanged];
