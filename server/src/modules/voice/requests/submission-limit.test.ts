// Issue 7: "request submission has no per-person rate limit". A resident's own reports are limited per
// hour and per day; someone holding a role (a grid worker on patrol, 代办) per hour and community.
// Small limits here (LINLI_SUBMISSION_LIMITS in production) so the test stays short.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;

beforeAll(async () => {
  t = await createTestApp({ submissionLimits: { ownPerHour: 3, ownPerDay: 5, staffPerHour: 4 } });
  v = await voiceWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const report = (cookie: string, body: Record<string, unknown> = {}) =>
  api(t, "POST", `${v.A}/requests`, cookie, {
    kind: "problem",
    categoryCode: "environment",
    title: "楼道灯不亮",
    place: { type: "household" },
    ...body,
  });

async function refusedWithoutChange(res: Promise<Awaited<ReturnType<typeof report>>>) {
  const before = await snapshotDatabase(t.db);
  const answer = await res;
  expect(answer.statusCode, answer.body).toBe(429);
  expect(answer.json().code).toBe("TOO_MANY");
  expect(isBilingualError(answer.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return answer.json();
}

describe("submission limits", () => {
  it("stops a resident's fourth report within the hour, and not their neighbour's", async () => {
    for (let i = 0; i < 3; i++) await submit(t, v.A, v.r0.cookie, { title: `第${i + 1}件` });
    const body = await refusedWithoutChange(report(v.r0.cookie));
    expect(body.message_zh).toContain("每小时最多反映3件");
    expect((await report(v.r1.cookie)).statusCode).toBe(200);
  });

  it("counts a day too: once the hour has passed, the day's limit still holds", async () => {
    // the three reports of the first test were made "two hours ago"
    await t.db
      .updateTable("request")
      .set({ created_at: sql`now() - interval '2 hours'` })
      .where("submitter_user_id", "=", v.r0.id)
      .execute();
    await submit(t, v.A, v.r0.cookie, { title: "第四件" });
    await submit(t, v.A, v.r0.cookie, { title: "第五件" });
    const body = await refusedWithoutChange(report(v.r0.cookie));
    expect(body.message_zh).toContain("每天5件");
  });

  it("lets a grid worker enter more (代办 and patrol reports together), up to the role's limit per community", async () => {
    const onBehalf = { onBehalf: { channel: "door_visit", name: "赵奶奶" } };
    for (let i = 0; i < 4; i++)
      await submit(t, v.A, v.gw1.cookie, {
        ...onBehalf,
        place: { type: "building", buildingId: v.a.buildings[0]!.id },
      });
    const body = await refusedWithoutChange(
      report(v.gw1.cookie, { place: { type: "building", buildingId: v.a.buildings[0]!.id } }),
    );
    expect(body.message_zh).toContain("最多登记4件");
    // another grid worker is not held up
    expect(
      (await report(v.gw2.cookie, { place: { type: "building", buildingId: v.a.buildings[1]!.id } }))
        .statusCode,
    ).toBe(200);
  });
});
