// The events of comments (D7). The payload names the comment's subject kind — never a person (the
// author is the event's actor_user_id). Insight's consumer marks the author active in the month
// (participation).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const commentPosted = defineEvent({
  type: "comment.posted",
  version: 1,
  aggregate: "comment",
  payload: z.object({ subjectKind: z.string() }),
  description: "a comment (or a reply) was written on a subject",
});

export const COMMENT_EVENTS = [commentPosted];
