import type { Kysely } from "kysely";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import * as q from "./submission-limit.queries.ts";

// How many requests one person may submit, so that one account (or a script holding its session)
// cannot flood a community's inbox (config.submissionLimits, LINLI_SUBMISSION_LIMITS). A resident's own
// reports, by default 10 an hour and 30 a day in all communities together — more than any household
// needs (Lvzhou, the busiest seed community, had 181 problems in a year). Someone holding a role (a
// grid worker on patrol, 代办 after door visits) enters up to 120 an hour per community. Counted in
// the database, so the limit holds across server processes; two submissions racing at the limit may
// both pass (a rate limit, not a quota).
const HOUR = 3600_000;

export async function assertSubmissionRate(
  db: Kysely<DB>,
  config: Config,
  actor: Actor | null,
  communityId: number,
): Promise<void> {
  if (!actor) return; // the route requires a session; anonymous callers are refused before this
  const limits = config.submissionLimits;
  const now = Date.now();
  if (actor.grants.length > 0) {
    const n = await q.countEnteredSince(db, communityId, actor.userId, new Date(now - HOUR));
    if (n >= limits.staffPerHour)
      throw new AppError("TOO_MANY", {
        zh: `登记太频繁：每人每小时在一个社区最多登记${limits.staffPerHour}件，请稍后再试`,
        en: `Too many requests entered: at most ${limits.staffPerHour} an hour in one community; try again later`,
      });
    return;
  }
  const lastHour = await q.countOwnSubmissionsSince(db, actor.userId, new Date(now - HOUR));
  const lastDay =
    lastHour >= limits.ownPerHour
      ? lastHour
      : await q.countOwnSubmissionsSince(db, actor.userId, new Date(now - 24 * HOUR));
  if (lastHour >= limits.ownPerHour || lastDay >= limits.ownPerDay)
    throw new AppError("TOO_MANY", {
      zh: `提交太频繁：每人每小时最多反映${limits.ownPerHour}件、每天${limits.ownPerDay}件，请稍后再试。紧急情况请直接联系网格员或社区。`,
      en: `Too many submissions: at most ${limits.ownPerHour} an hour and ${limits.ownPerDay} a day; try again later. In an emergency call your grid worker or the community.`,
    });
}
