// A report kept on the phone while offline and sent when the connection returns must arrive once
// (issue 9): the phone gives it a key (a UUID); sending it again with the same key answers the first
// request and stores nothing; another person's report with the same key is their own.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { api, multipart, png, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;

beforeAll(async () => {
  // a small limit: a phone catching up after a day offline is answered for its repeats all the same
  t = await createTestApp({ submissionLimits: { ownPerHour: 3, ownPerDay: 10, staffPerHour: 100 } });
  v = await voiceWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const body = (clientKey: string, title = "楼下路灯不亮") => ({
  kind: "problem",
  categoryCode: "environment",
  title,
  place: { type: "building", buildingId: v.a.buildings[0]!.id },
  clientKey,
});

async function requestsTitled(title: string) {
  return t.db.selectFrom("request").select(["id", "submitter_user_id"]).where("title", "=", title).execute();
}

describe("the same report sent twice with its key", () => {
  it("is stored once; the repeat answers the first request with repeated: true", async () => {
    const key = randomUUID();
    const first = await api(t, "POST", `${v.A}/requests`, v.r0.cookie, body(key, "路灯一次"));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().repeated).toBeUndefined();
    const again = await api(t, "POST", `${v.A}/requests`, v.r0.cookie, body(key, "路灯一次"));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, status: "submitted", repeated: true });
    expect(await requestsTitled("路灯一次")).toHaveLength(1);
  });

  it("answers the first request even when the repeat's text differs (the key decides)", async () => {
    const key = randomUUID();
    const first = await api(t, "POST", `${v.A}/requests`, v.r0.cookie, body(key, "第一次的标题"));
    const again = await api(t, "POST", `${v.A}/requests`, v.r0.cookie, body(key, "改过的标题"));
    expect(again.json().id).toBe(first.json().id);
    expect(await requestsTitled("改过的标题")).toHaveLength(0);
  });

  it("with photos: the repeat stores no second photo and names the first ones", async () => {
    const key = randomUUID();
    const parts = async () =>
      multipart(body(key, "带照片的反映"), [{ filename: "a.png", type: "image/png", bytes: await png() }]);
    const send = async () => {
      const m = await parts();
      return t.app.inject({
        method: "POST",
        url: `${v.A}/requests`,
        headers: { ...m.headers, cookie: v.r1.cookie },
        payload: m.payload,
      });
    };
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    const again = await send();
    expect(again.json()).toMatchObject({
      id: first.json().id,
      photoIds: first.json().photoIds,
      repeated: true,
    });
    const photos = await t.db
      .selectFrom("request_photo")
      .select("id")
      .where("request_id", "=", first.json().id)
      .execute();
    expect(photos).toHaveLength(1);
  });

  it("sent twice at the same moment, still one request", async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([
      api(t, "POST", `${v.A}/requests`, v.r2.cookie, body(key, "同时送达")),
      api(t, "POST", `${v.A}/requests`, v.r2.cookie, body(key, "同时送达")),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().id).toBe(b.json().id);
    expect(await requestsTitled("同时送达")).toHaveLength(1);
  });

  it("another person's report with the same key is theirs: no collision, nothing of the first shown", async () => {
    const key = randomUUID();
    const mine = await api(t, "POST", `${v.A}/requests`, v.r0.cookie, body(key, "同一个键"));
    const theirs = await api(t, "POST", `${v.A}/requests`, v.r1.cookie, body(key, "同一个键"));
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(theirs.json().repeated).toBeUndefined();
    const rows = await requestsTitled("同一个键");
    expect(rows.map((r) => r.submitter_user_id).sort()).toEqual([v.r0.id, v.r1.id].sort());
  });

  it("a repeat is answered past the submission limit; a new report is not", async () => {
    const key = randomUUID();
    const first = await api(t, "POST", `${v.A}/requests`, v.r2.cookie, body(key, "限额内"));
    expect(first.statusCode, first.body).toBe(200);
    // r2 has sent 2 this hour (above and here); one more reaches the limit of 3
    await submit(t, v.A, v.r2.cookie, { title: "第三件" });
    const refused = await api(t, "POST", `${v.A}/requests`, v.r2.cookie, body(randomUUID(), "第四件"));
    expect(refused.statusCode).toBe(429);
    const again = await api(t, "POST", `${v.A}/requests`, v.r2.cookie, body(key, "限额内"));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, repeated: true });
  });

  it("a key that is not a UUID is refused in Chinese and English, and stores nothing", async () => {
    const res = await api(t, "POST", `${v.A}/requests`, v.r1.cookie, body("not-a-uuid", "坏的键"));
    expect(res.statusCode).toBe(400);
    expect(isBilingualError(res.json())).toBe(true);
    expect(await requestsTitled("坏的键")).toHaveLength(0);
  });
});
