// `npm run bench -- meeting-sign-in [--signins 2000 --signin-concurrency 100]` (or on its own:
// `node --import tsx bench/meeting-sign-in.ts [N] [concurrency]`): N residents sign in to one meeting at
// the same time through the real route (POST /api/communities/:id/meetings/:id/sign-in over HTTP on
// loopback, each with their own session and the screen's current 6-digit code), with a tenth of them
// sending their sign-in twice at once. On PostgreSQL: a fresh database on the server DATABASE_URL names
// when set, else a throwaway cluster. Prints sign-ins/s (issue 10's target: ≥ 500/s) and checks that
// there is exactly one attendance row per person (the repeats answered 已签到). The rush itself is
// bench/sign-in-rush.ts.
import { pathToFileURL } from "node:url";
import { signInCodeAt } from "../server/src/modules/deliberation/meetings/meetings.service.ts";
import { runFromCommandLine, runSignInRush, type SignInRushOptions } from "./sign-in-rush.ts";

export const runMeetingSignInScenario = (opts: SignInRushOptions) =>
  runSignInRush(
    {
      scenario: "meeting-sign-in",
      noun: "sign-ins",
      target: "meeting sign-in ≥ 500 sign-ins/s",
      async prepare(db, place) {
        const meeting = await db
          .insertInto("meeting")
          .values({
            community_id: place.communityId,
            series_id: null,
            kind: "opinion",
            title: "压测意见征集会",
            starts_at: new Date(Date.now() + 600_000),
            ends_at: new Date(Date.now() + 4_200_000),
            estate_id: place.estateId,
            building_id: null,
            grid_id: null,
            topic_id: null,
            reminded_at: null,
            created_by: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return {
          path: `/api/communities/${place.communityId}/meetings/${meeting.id}/sign-in`,
          body: (config, now) => ({
            code: signInCodeAt(config, place.communityId, meeting.id, now).code,
            via: "scan",
          }),
          count: async () => {
            const r = await db
              .selectFrom("meeting_attendance")
              .select((eb) => [
                eb.fn.countAll<number>().as("rows"),
                eb.fn.count<number>("person_key").distinct().as("people"),
              ])
              .where("community_id", "=", place.communityId)
              .where("meeting_id", "=", meeting.id)
              .executeTakeFirstOrThrow();
            return { rows: Number(r.rows), people: Number(r.people) };
          },
        };
      },
    },
    opts,
  );

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  runFromCommandLine(runMeetingSignInScenario);
