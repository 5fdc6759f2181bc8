// `npm run bench -- volunteer-check-in [--signins 2000 --signin-concurrency 100]` (or on its own:
// `node --import tsx bench/volunteer-check-in.ts [N] [concurrency]`): N signed-up volunteers check in to one
// activity at the same time through the real route (POST /api/communities/:id/volunteering/activities/:id/check
// over HTTP on loopback, each with their own session and the organiser's current rotating 6-digit code), a
// tenth of them sending their check-in twice at once. On PostgreSQL: a fresh database on the server
// DATABASE_URL names when set, else a throwaway cluster. Prints check-ins/s (issue 14's target: ≥ 500/s) and
// checks that there is exactly one attendance row per volunteer (the repeats answered 已签到). The rush itself
// is bench/sign-in-rush.ts.
import { pathToFileURL } from "node:url";
import { rotatingCodeAt } from "../server/src/access/sign-in-codes.ts";
import { runFromCommandLine, runSignInRush, type SignInRushOptions } from "./sign-in-rush.ts";

export const runVolunteerCheckInScenario = (opts: SignInRushOptions) =>
  runSignInRush(
    {
      scenario: "volunteer-check-in",
      noun: "check-ins",
      target: "volunteer check-in ≥ 500 check-ins/s",
      async prepare(db, place) {
        const activity = await db
          .insertInto("vol_activity")
          .values({
            community_id: place.communityId,
            team_id: null,
            organiser_id: place.userIds[0]!,
            title: "压测志愿活动",
            place: "社区广场",
            starts_at: new Date(Date.now() - 600_000),
            ends_at: new Date(Date.now() + 7_200_000),
            capacity: place.userIds.length,
            skills: JSON.stringify([]),
            signed_up: place.userIds.length,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (let i = 0; i < place.userIds.length; i += 1000)
          await db
            .insertInto("vol_signup")
            .values(
              place.userIds.slice(i, i + 1000).map((userId) => ({
                community_id: place.communityId,
                activity_id: activity.id,
                user_id: userId,
                status: "signed" as const,
                waiting_position: null,
                cancelled_at: null,
              })),
            )
            .execute();
        return {
          path: `/api/communities/${place.communityId}/volunteering/activities/${activity.id}/check`,
          body: (config, now) => ({
            code: rotatingCodeAt(config, "volunteering", place.communityId, activity.id, now).code,
            action: "in",
          }),
          count: async () => {
            const r = await db
              .selectFrom("vol_attendance")
              .select((eb) => [
                eb.fn.countAll<number>().as("rows"),
                eb.fn.count<number>("user_id").distinct().as("people"),
              ])
              .where("community_id", "=", place.communityId)
              .where("activity_id", "=", activity.id)
              .executeTakeFirstOrThrow();
            return { rows: Number(r.rows), people: Number(r.people) };
          },
        };
      },
    },
    opts,
  );

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  runFromCommandLine(runVolunteerCheckInScenario);
