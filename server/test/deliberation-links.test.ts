// The deliberation modules joined through the real API (issue 10): a topic's meetings and surveys are
// found from the topic (the lists' `topicId` filter, which the topic's staff page shows), a topic of
// another community cannot be named, and a grid worker sees only the linked rows in their grids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "./test-app.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
let secretary: string;
let secretaryC: string;
const HOUR = 3_600_000;

async function api(method: string, url: string, cookie: string, payload?: unknown) {
  return t.app.inject({
    method: method as "GET",
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    headers: { cookie },
  });
}
async function ok<T = any>(p: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const staff = async (name: string, communityId: number) => {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, "community_secretary", "community", communityId);
    return sessionCookie(t, u.id);
  };
  secretary = await staff("链接书记", w.a.id);
  secretaryC = await staff("外社区书记", w.c.id);
});
afterAll(() => t?.close());

describe("a topic's meetings and surveys", () => {
  it("are listed from the topic; other rows are not; a topic of another community is refused", async () => {
    const topic = await ok<{ id: number }>(
      api("POST", `${A}/topics`, secretary, { title: "架空层改造", tier: "estate", estateId: w.a.estateId }),
    );
    const other = await ok<{ id: number }>(
      api("POST", `${A}/topics`, secretary, { title: "楼道堆物", tier: "community" }),
    );
    const meeting = (title: string, topicId: number | null) =>
      ok<{ id: number }>(
        api("POST", `${A}/meetings`, secretary, {
          kind: "opinion",
          title,
          startsAt: new Date(Date.now() + HOUR).toISOString(),
          endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
          venue: "议事亭",
          topicId,
        }),
      );
    const survey = (title: string, topicId: number | null) =>
      ok<{ id: number }>(
        api("POST", `${A}/surveys`, secretary, {
          title,
          estateId: w.a.estateId,
          questions: [{ kind: "single", text: "改成什么？", options: ["健身", "老幼活动"] }],
          opensAt: new Date(Date.now() - HOUR).toISOString(),
          closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
          topicId,
        }),
      );
    const m1 = await meeting("架空层意见征集会", topic.id);
    await meeting("楼道议事会", other.id);
    await meeting("党员大会", null);
    const s1 = await survey("架空层调研", topic.id);
    await survey("楼道调研", other.id);

    const meetings = await ok<{ items: { id: number; topicId: number | null }[] }>(
      api("GET", `${A}/meetings?topicId=${topic.id}`, secretary),
    );
    expect(meetings.items.map((m) => m.id)).toEqual([m1.id]);
    const surveys = await ok<{ items: { id: number; topicId: number | null }[] }>(
      api("GET", `${A}/surveys?topicId=${topic.id}`, secretary),
    );
    expect(surveys.items.map((s) => s.id)).toEqual([s1.id]);

    // naming a topic of community A from community C: refused with a bilingual message, nothing stored
    const refused = await api("POST", `/api/communities/${w.c.id}/meetings`, secretaryC, {
      kind: "opinion",
      title: "不该建",
      startsAt: new Date(Date.now() + HOUR).toISOString(),
      endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
      venue: "议事亭",
      topicId: topic.id,
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(isBilingualError(refused.json())).toBe(true);
    const inC = await ok<{ items: unknown[] }>(
      api("GET", `/api/communities/${w.c.id}/meetings?topicId=${topic.id}`, secretaryC),
    );
    expect(inC.items).toEqual([]);
  });
});
