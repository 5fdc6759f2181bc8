// The events of contests (D6, E3). Payloads name the contest, the entry and figures — never a person
// (the actor is the event's actor_user_id).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

/**
 * 签约立项: an entry was adopted to become a project. Version 1 carries what a project needs to be
 * created from it (the projects module, when merged, consumes it or is called directly; projectId is
 * null until a project exists).
 */
export const contestEntryAdopted = defineEvent({
  type: "contest.entry_adopted",
  version: 1,
  aggregate: "contest_entry",
  payload: z.object({
    contestId: z.number().int().positive(),
    entryId: z.number().int().positive(),
    roundNo: z.number().int().positive(),
    rank: z.number().int().positive().nullable(),
    title: z.string(),
    projectId: z.number().int().positive().nullable(),
  }),
  description: "签约立项: a contest entry was adopted to become a project (its link kept on the entry)",
});

export const CONTEST_EVENTS = [contestEntryAdopted];
