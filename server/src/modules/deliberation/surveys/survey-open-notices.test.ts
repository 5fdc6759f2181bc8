// When a survey opens, the residents it is for are told (issue 10): survey.opened is emitted once per
// survey — at publish when it opens at once, else by the surveys-open sweep when its time comes — and the
// survey-open-notices consumer tells the verified residents with an account at its place and in its
// group, once (a replay adds none), in batches: 2,100 residents take a handful of statements, not one each.
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import type { StoredEvent } from "../../../events/define.ts";
import { surveyOpenNoticesConsumer } from "./surveys.events.ts";
import { openDueSurveys } from "./surveys.service.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let worker: string;
const users: Record<string, number> = {};
const HOUR = 3_600_000;

const told = async (userId: number) =>
  (
    await t.db
      .selectFrom("notification")
      .select(["link"])
      .where("user_id", "=", userId)
      .where("kind", "=", "survey.opened")
      .execute()
  ).map((n: any) => n.link as string);

const eventsOf = (surveyId: number) =>
  t.db
    .selectFrom("domain_event")
    .selectAll()
    .where("type", "=", "survey.opened")
    .where("aggregate_id", "=", surveyId as never)
    .execute();

const stored = (r: any): StoredEvent => ({
  id: Number(r.id),
  communityId: r.community_id,
  type: r.type,
  version: r.version,
  aggregateType: r.aggregate_type,
  aggregateId: Number(r.aggregate_id),
  payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  actorUserId: r.actor_user_id,
  createdAt: new Date(r.created_at),
});

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const u = await createUser(t.db, "社区工作者");
  await grant(t.db, u.id, "community_worker", "community", w.a.id);
  worker = await sessionCookie(t, u.id);
  for (const [key, hh] of [
    ["li", 0],
    ["wang", 1],
    ["zhao", 2],
  ] as const)
    users[key] = (await createResidentUser(t.db, w.a.id, w.a.households[hh]!.id, key)).id;
  users.outsider = (await createResidentUser(t.db, w.c.id, w.c.households[0]!.id, "外社区")).id;
});
afterAll(async () => {
  await t?.close();
});

async function makeSurvey(opensAt: Date) {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/communities/${w.a.id}/surveys`,
    headers: { cookie: worker },
    payload: {
      title: "1栋架空层改造调研",
      buildingId: w.a.buildings[0]!.id,
      questions: [{ kind: "rating", text: "满意吗？" }],
      opensAt: opensAt.toISOString(),
      closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
      publish: true,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

describe("survey-open notices", () => {
  it("tells the residents of the survey's place once when it opens at publish", async () => {
    const id = await makeSurvey(new Date(Date.now() - HOUR));
    expect(await eventsOf(id)).toHaveLength(1);
    await drainAllEvents(t.db);
    const link = `/m/surveys/${w.a.id}/${id}`;
    expect(await told(users.li!)).toEqual([link]);
    expect(await told(users.wang!)).toEqual([link]);
    // building 2 and another community: not for them
    expect(await told(users.zhao!)).toEqual([]);
    expect(await told(users.outsider!)).toEqual([]);
    // the sweep does not announce it again; replaying the consumer adds none
    await t.db.transaction().execute((trx) => openDueSurveys(trx));
    expect(await eventsOf(id)).toHaveLength(1);
    const [e] = await eventsOf(id);
    await t.db.transaction().execute((trx) => surveyOpenNoticesConsumer.handle(trx, stored(e)));
    await drainAllEvents(t.db);
    expect(await told(users.li!)).toEqual([link]);
  });

  it("an upcoming survey is announced by the sweep when its time comes, in batches", async () => {
    // 2,100 more verified residents with accounts in building 1
    const n = 2100;
    const accounts = await t.db
      .insertInto("app_user")
      .values(
        Array.from({ length: n }, (_, i) => ({
          phone: `1770${String(i).padStart(7, "0")}`,
          name: `居民${i}`,
        })),
      )
      .returning("id")
      .execute();
    await t.db
      .insertInto("resident")
      .values(
        accounts.map((a, i) => ({
          community_id: w.a.id,
          user_id: a.id,
          household_id: w.a.households[i % 2]!.id,
          name: `居民${i}`,
          relation: "owner" as const,
          status: "verified" as const,
        })),
      )
      .execute();
    const id = await makeSurvey(new Date(Date.now() + HOUR));
    expect(await eventsOf(id)).toHaveLength(0);
    await t.db.transaction().execute((trx) => openDueSurveys(trx));
    expect(await eventsOf(id)).toHaveLength(0);
    await t.db
      .updateTable("survey")
      .set({ opens_at: new Date(Date.now() - 1000) })
      .where("id", "=", id)
      .execute();
    expect(await t.db.transaction().execute((trx) => openDueSurveys(trx))).toBe(1);
    const [e] = await eventsOf(id);
    // the consumer's statements, counted
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (a) => {
        statements++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    };
    await t.db
      .withPlugin(counting)
      .transaction()
      .execute((trx) => surveyOpenNoticesConsumer.handle(trx, stored(e)));
    expect(statements).toBeLessThanOrEqual(6);
    await drainAllEvents(t.db);
    const count = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("kind", "=", "survey.opened")
      .where("link", "=", `/m/surveys/${w.a.id}/${id}`)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(n + 2);
  }, 60_000);
});
