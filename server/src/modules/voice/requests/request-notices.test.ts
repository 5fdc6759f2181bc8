// The place's staff hear of a new request through the request-notices consumer of request.submitted:
// not in the submission's statement, once per request however often the consumers run, never the
// person who submitted it, and on the channels each has chosen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, drainAllEvents, type TestApp } from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const notices = async (userId: number, id: number) =>
  t.db
    .selectFrom("notification")
    .select(["kind", "title_zh", "link"])
    .where("user_id", "=", userId)
    .where("link", "=", `/staff/requests/${v.a.id}/${id}`)
    .execute();

describe("request-notices consumer", () => {
  it("tells the grid's worker once, after the submission, with the title and the time to sign", async () => {
    const id = await submit(t, v.A, v.r0.cookie, { title: "单元门坏了" });
    // the submission's statement wrote no notice: the consumer does, when the events are dispatched
    await drainAllEvents(t.db);
    const got = await notices(v.gw1.id, id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: "request.submitted", title_zh: "新问题：单元门坏了" });
    // the other grid's worker and the community staff (the grid has a worker) are not told
    expect(await notices(v.gw2.id, id)).toHaveLength(0);
    expect(await notices(v.secretary.id, id)).toHaveLength(0);
    // running the consumers again changes nothing: each event is handled once
    await drainAllEvents(t.db);
    expect(await notices(v.gw1.id, id)).toHaveLength(1);
  });

  it("does not tell the grid worker who reported it on a resident's behalf", async () => {
    const res = await api(t, "POST", `${v.A}/requests`, v.gw1.cookie, {
      kind: "problem",
      categoryCode: "environment",
      title: "代报：井盖松动",
      place: { type: "household", householdId: v.a.households[0]!.id },
      onBehalf: { residentId: v.r0.residentId, channel: "phone" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id as number;
    await drainAllEvents(t.db);
    expect(await notices(v.gw1.id, id)).toHaveLength(0);
  });

  it("sends the SMS too unless the worker turned SMS off", async () => {
    const before = await t.db
      .selectFrom("sms_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await api(t, "PUT", "/api/me/notification-preferences", v.gw1.cookie, { inApp: true, sms: false });
    const id = await submit(t, v.A, v.r0.cookie, { title: "路灯不亮" });
    await drainAllEvents(t.db);
    expect(await notices(v.gw1.id, id)).toHaveLength(1);
    const after = await t.db
      .selectFrom("sms_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
