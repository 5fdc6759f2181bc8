// Resident voice through the real API on a real database (PGlite, or PostgreSQL in the PG run):
// submit → inbox → sign → route → resolve → confirm/rate, reopening, 代办, merging, the photos'
// checks and location stripping, scope, and bad input that must change nothing.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  diffSnapshots,
  drainAllEvents,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import {
  api,
  gif,
  hasGps,
  jpegWithGps,
  multipart,
  png,
  submit,
  type VoiceWorld,
  voiceWorld,
} from "./requests.fixtures.ts";
import { closeUnrated } from "./requests-resolution.service.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  // the first use creates the categories and seeds the calendar; later snapshots start after it
  await submit(t, A, v.r0.cookie, { title: "热身" });
});
afterAll(async () => {
  await t?.close();
});

const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;

async function row(id: number) {
  return t.db
    .selectFrom("request")
    .selectAll()
    .where("community_id", "=", v.a.id)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}
async function eventKinds(id: number) {
  return (
    await t.db
      .selectFrom("request_event")
      .select("kind")
      .where("community_id", "=", v.a.id)
      .where("request_id", "=", id)
      .orderBy("id")
      .execute()
  ).map((e) => e.kind);
}
async function notificationsOf(userId: number, kind?: string) {
  let qb = t.db.selectFrom("notification").selectAll().where("user_id", "=", userId);
  if (kind) qb = qb.where("kind", "=", kind);
  return qb.orderBy("id").execute();
}
const categoryId = async (code: string) =>
  (
    await t.db
      .selectFrom("request_category")
      .select("id")
      .where("community_id", "=", v.a.id)
      .where("code", "=", code)
      .executeTakeFirstOrThrow()
  ).id;

/** Expects a 4xx with a bilingual body and that no table changed. */
async function rejectsAndChangesNothing(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
  code?: string,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json()), res.body).toBe(true);
  if (code) expect(res.json().code).toBe(code);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}

describe("the full loop", () => {
  it("submit with a photo → inbox → sign → route to property → resolve with a photo → rated good → closed", async () => {
    const body = await multipart(
      {
        kind: "problem",
        categoryCode: "public_facilities",
        title: "3号路灯不亮",
        description: "晚上很黑，老人出门不方便",
        place: { type: "household" },
      },
      [{ filename: "light.jpg", bytes: await jpegWithGps() }],
    );
    const res = await t.app.inject({
      method: "POST",
      url: `${A}/requests`,
      headers: { ...body.headers, cookie: v.r0.cookie },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { id, photoIds, signDueAt, solveDueAt } = res.json();
    expect(photoIds).toHaveLength(1);
    expect(new Date(solveDueAt).getTime()).toBeGreaterThan(new Date(signDueAt).getTime());
    expect(await row(id)).toMatchObject({
      status: "submitted",
      channel: "app",
      submitter_user_id: v.r0.id,
      household_id: v.r0.householdId,
      grid_id: v.a.grids[0],
      estate_id: v.a.estateId,
      building_id: v.a.buildings[0]!.id,
    });
    // the figures are marked (by their consumer of request.submitted), and the grid worker hears of it
    await drainAllEvents(t.db);
    const dirty = await t.db
      .selectFrom("request_stats_dirty")
      .selectAll()
      .where("community_id", "=", v.a.id)
      .execute();
    expect(dirty.some((d) => d.grid_id === v.a.grids[0])).toBe(true);
    expect(
      (await notificationsOf(v.gw1.id, "request.submitted")).some((n) => n.title_zh.includes("3号路灯不亮")),
    ).toBe(true);
    expect(await notificationsOf(v.gw2.id, "request.submitted")).toEqual([]);

    const inbox = await api(t, "GET", `${A}/inbox`, v.gw1.cookie);
    expect(inbox.statusCode, inbox.body).toBe(200);
    const item = inbox.json().items.find((i: any) => i.id === id);
    expect(item).toMatchObject({
      status: "submitted",
      deadlineKind: "sign",
      photoCount: 1,
      category: { code: "public_facilities" },
    });
    expect(item.secondsLeft).toBeGreaterThan(0);

    expect((await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {})).statusCode).toBe(200);
    const again = await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
    expect(again.statusCode).toBe(409);
    expect(isBilingualError(again.json())).toBe(true);

    const routed = await api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, {
      to: "property",
      note: "请物业维修",
    });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(await row(id)).toMatchObject({
      status: "signed",
      route_to: "property",
      route_org_id: v.w.a.propertyOrgId,
    });
    expect(await notificationsOf(v.property.id, "request.routed_to_you")).toHaveLength(1);

    const detailForProperty = await api(t, "GET", `${A}/requests/${id}`, v.property.cookie);
    expect(detailForProperty.statusCode, detailForProperty.body).toBe(200);
    expect(detailForProperty.json().can.resolve).toBe(true);
    expect(detailForProperty.json().submitter.phone).toMatch(MASKED_PHONE);

    const evidence = await multipart({ text: "已更换灯泡，恢复照明" }, [
      { filename: "fixed.png", type: "image/png", bytes: await png() },
    ]);
    const resolved = await t.app.inject({
      method: "POST",
      url: `${A}/requests/${id}/resolve`,
      headers: { ...evidence.headers, cookie: v.property.cookie },
      payload: evidence.payload,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const confirmDue = new Date(resolved.json().confirmDueAt).getTime();
    expect(Math.abs(confirmDue - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);
    expect(await row(id)).toMatchObject({
      status: "resolved",
      resolved_by: v.property.id,
      resolution: "已更换灯泡，恢复照明",
    });

    const rated = await api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, {
      rating: "good",
      comment: "点赞，修得快",
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toEqual({ id, status: "closed" });
    expect(await row(id)).toMatchObject({
      status: "closed",
      close_reason: "rated",
      rating: "good",
      rating_comment: "点赞，修得快",
    });
    expect(await eventKinds(id)).toEqual(["submitted", "signed", "routed", "resolved", "rated", "closed"]);
    // the submitter heard of each status change made by others
    const told = (await notificationsOf(v.r0.id)).map((n) => n.kind);
    expect(told).toEqual(expect.arrayContaining(["request.signed", "request.routed", "request.resolved"]));

    const detail = (await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie)).json();
    expect(detail.photos.map((p: any) => p.stage)).toEqual(["submit", "resolve"]);
    expect(detail.events.map((e: any) => e.kind)).toEqual([
      "submitted",
      "signed",
      "routed",
      "resolved",
      "rated",
      "closed",
    ]);
    expect(detail.submitter.isMe).toBe(true);
    const mine = (await api(t, "GET", "/api/me/requests", v.r0.cookie)).json();
    expect(mine.items.find((i: any) => i.id === id)).toMatchObject({ status: "closed", rating: "good" });
  });

  it("reopens on a poor rating and on a rejected resolution, keeping the whole history", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "垃圾桶满溢" });
    await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
    expect(
      (await api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "已清运" })).statusCode,
    ).toBe(200);
    const firstDue = new Date((await row(id)).solve_due_at).getTime();

    const poor = await api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, {
      rating: "poor",
      comment: "只清了一半",
    });
    expect(poor.statusCode, poor.body).toBe(200);
    expect(poor.json()).toEqual({ id, status: "signed" });
    const reopened = await row(id);
    expect(reopened).toMatchObject({
      status: "signed",
      reopen_count: 1,
      rating: "poor",
      resolved_at: null,
      confirm_due_at: null,
    });
    expect(new Date(reopened.solve_due_at).getTime()).toBeGreaterThanOrEqual(firstDue);
    expect((await notificationsOf(v.gw1.id, "request.reopened")).length).toBeGreaterThan(0);

    await api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "已全部清运并消毒" });
    const rejected = await api(t, "POST", `${A}/requests/${id}/reject-resolution`, v.r0.cookie, {
      comment: "还是有异味",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await row(id)).toMatchObject({ status: "signed", reopen_count: 2 });

    await api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "更换垃圾桶" });
    expect(
      (await api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, { rating: "average" })).statusCode,
    ).toBe(200);
    expect(await eventKinds(id)).toEqual([
      "submitted",
      "signed",
      "resolved",
      "rated",
      "reopened",
      "resolved",
      "resolution_rejected",
      "reopened",
      "resolved",
      "rated",
      "closed",
    ]);
    const history = (await api(t, "GET", `${A}/requests/${id}`, v.gw1.cookie)).json().events;
    expect(history.find((e: any) => e.kind === "reopened").data.previousResolution).toBe("已清运");
  });

  it("closes a resolved request as not rated once the time to confirm has passed, once", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "井盖松动" });
    await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
    await api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "已加固" });
    expect(await closeUnrated(t.db, v.a.id, id)).toBe(false); // not due yet
    await t.db
      .updateTable("request")
      .set({ confirm_due_at: sql`now() - interval '1 minute'` })
      .where("community_id", "=", v.a.id)
      .where("id", "=", id)
      .execute();
    expect(await closeUnrated(t.db, v.a.id, id)).toBe(true);
    expect(await closeUnrated(t.db, v.a.id, id)).toBe(false);
    expect(await row(id)).toMatchObject({ status: "closed", close_reason: "not_rated", rating: null });
    expect((await eventKinds(id)).filter((k) => k === "closed")).toHaveLength(1);
    const late = await api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, { rating: "good" });
    expect(late.statusCode).toBe(409);
  });
});

describe("代办: on a resident's behalf", () => {
  it("a grid worker records a door visit for a registered resident, who then follows and rates it", async () => {
    const res = await api(t, "POST", `${A}/requests`, v.gw1.cookie, {
      kind: "need",
      categoryCode: "elderly_care",
      title: "希望有人帮忙买菜",
      place: { type: "household", householdId: v.r1.householdId },
      onBehalf: { channel: "door_visit", residentId: v.r1.residentId },
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id;
    expect(await row(id)).toMatchObject({
      channel: "door_visit",
      on_behalf_by: v.gw1.id,
      submitter_user_id: v.r1.id,
      submitter_name: "李师傅",
      household_id: v.r1.householdId,
    });
    const ev = await t.db
      .selectFrom("request_event")
      .selectAll()
      .where("request_id", "=", id)
      .where("community_id", "=", v.a.id)
      .executeTakeFirstOrThrow();
    expect(ev).toMatchObject({ kind: "submitted", actor_user_id: v.gw1.id, actor_role: "grid_worker" });
    expect(await notificationsOf(v.r1.id, "request.recorded")).toHaveLength(1);
    const mine = (await api(t, "GET", "/api/me/requests", v.r1.cookie)).json();
    expect(mine.items.map((i: any) => i.id)).toContain(id);
    const detail = (await api(t, "GET", `${A}/requests/${id}`, v.r1.cookie)).json();
    expect(detail.submitter).toMatchObject({ isMe: true, onBehalf: true });
  });

  it("a building head records a phone call for someone who is not registered (name and phone)", async () => {
    const res = await api(t, "POST", `${A}/requests`, v.head.cookie, {
      kind: "problem",
      categoryCode: "safety",
      title: "电动车楼道充电",
      place: { type: "building", buildingId: v.a.buildings[0]!.id },
      onBehalf: { channel: "phone", name: "赵奶奶", phone: "13912345678" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = await row(res.json().id);
    expect(r).toMatchObject({
      channel: "phone",
      submitter_user_id: null,
      submitter_name: "赵奶奶",
      submitter_phone: "13912345678",
    });
    const staff = (await api(t, "GET", `${A}/requests/${r.id}`, v.gw1.cookie)).json();
    expect(staff.submitter.phone).toBe("139****5678");
  });
});

describe("bad input changes nothing", () => {
  const url = () => `${A}/requests`;
  const base = { kind: "problem", categoryCode: "environment", title: "测试", place: { type: "household" } };
  async function upload(cookie: string, data: unknown, files: Parameters<typeof multipart>[1]) {
    const body = await multipart(data, files);
    return t.app.inject({
      method: "POST",
      url: url(),
      headers: { ...body.headers, cookie },
      payload: body.payload,
    });
  }

  it("refuses a .jpg that is really a text file (415)", async () => {
    const e = await rejectsAndChangesNothing(
      () =>
        upload(v.r0.cookie, base, [
          { filename: "photo.jpg", bytes: Buffer.from("this is not an image at all") },
        ]),
      415,
      "UNSUPPORTED_FILE",
    );
    expect(e.message_en).toContain("photo.jpg");
  });

  it("refuses a truncated JPEG, a GIF and an empty file (415)", async () => {
    const jpeg = await jpegWithGps();
    for (const f of [
      { filename: "half.jpg", bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
      { filename: "anim.gif", type: "image/gif", bytes: await gif() },
    ])
      await rejectsAndChangesNothing(
        () => upload(v.r0.cookie, base, [{ filename: "ok.jpg", bytes: jpeg }, f]),
        415,
        "UNSUPPORTED_FILE",
      );
  });

  it("refuses a photo over 5 MB and a tenth photo (413)", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0xff);
    const e = await rejectsAndChangesNothing(
      () => upload(v.r0.cookie, base, [{ filename: "big.jpg", bytes: big }]),
      413,
      "TOO_LARGE",
    );
    expect(e.message_zh).toContain("5 MB");
    const small = await png();
    const ten = Array.from({ length: 10 }, (_, i) => ({
      filename: `p${i}.png`,
      type: "image/png",
      bytes: small,
    }));
    const e2 = await rejectsAndChangesNothing(() => upload(v.r0.cookie, base, ten), 413, "TOO_LARGE");
    expect(e2.message_en).toContain("9");
  });

  it("refuses a multipart body cut short (400, not 500)", async () => {
    const body = await multipart(base, [{ filename: "ok.png", type: "image/png", bytes: await png() }]);
    await rejectsAndChangesNothing(
      () =>
        t.app.inject({
          method: "POST",
          url: url(),
          headers: { ...body.headers, cookie: v.r0.cookie },
          payload: body.payload.subarray(0, body.payload.length - 40),
        }),
      400,
      "VALIDATION",
    );
  });

  it("refuses malformed data: bad JSON in `data`, a missing title, both or neither category", async () => {
    await rejectsAndChangesNothing(() => upload(v.r0.cookie, "{not json", []), 400, "VALIDATION");
    const { title: _t, ...noTitle } = base;
    await rejectsAndChangesNothing(() => api(t, "POST", url(), v.r0.cookie, noTitle), 400, "VALIDATION");
    await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, categoryId: 1 }),
      400,
      "VALIDATION",
    );
    const { categoryCode: _c, ...noCategory } = base;
    await rejectsAndChangesNothing(() => api(t, "POST", url(), v.r0.cookie, noCategory), 400, "VALIDATION");
  });

  it("refuses an unknown category, an inactive one and a kind the category does not take (400)", async () => {
    const e = await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, categoryCode: "no_such" }),
      400,
      "VALIDATION",
    );
    expect(e.message_zh).toContain("no_such");
    await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, categoryCode: undefined, categoryId: 999_999 }),
      400,
      "VALIDATION",
    );
    // a category of another community is unknown here
    const other = await t.db
      .insertInto("request_category")
      .values({ community_id: v.w.b.id, code: "b_only", name_zh: "乙", name_en: "B" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, categoryCode: undefined, categoryId: other.id }),
      400,
      "VALIDATION",
    );
    // a category the community stopped using
    const renovation = await categoryId("renovation");
    const off = await api(t, "PATCH", `${A}/categories/${renovation}`, v.worker.cookie, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    const inactive = await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, categoryCode: "renovation" }),
      400,
      "VALIDATION",
    );
    expect(inactive.message_en).toContain("no longer used");
    await api(t, "PATCH", `${A}/categories/${renovation}`, v.worker.cookie, { active: true });
    const wish = await rejectsAndChangesNothing(
      () => api(t, "POST", url(), v.r0.cookie, { ...base, kind: "wish", categoryCode: "safety" }),
      400,
      "VALIDATION",
    );
    expect(wish.message_zh).toContain("安全隐患");
  });

  it("refuses a place outside the caller's scope (403) or outside the community (400)", async () => {
    // a grid worker of grid 1 on behalf of a household of grid 2
    const out = await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.gw1.cookie, {
          ...base,
          place: { type: "household", householdId: v.r2.householdId },
          onBehalf: { channel: "door_visit", residentId: v.r2.residentId },
        }),
      403,
      "OUT_OF_SCOPE",
    );
    expect(out.message_zh).toBeTruthy();
    // a resident for someone else's household
    const other = await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.r0.cookie, {
          ...base,
          place: { type: "household", householdId: v.r1.householdId },
        }),
      403,
      "OUT_OF_SCOPE",
    );
    expect(other.message_en).toContain("own household");
    // a resident pretending to act on someone's behalf
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.r0.cookie, {
          ...base,
          onBehalf: { channel: "phone", name: "某人" },
          place: { type: "household", householdId: v.r0.householdId },
        }),
      403,
    );
    // a building, a household, a grid or a resident of another community is refused as bad input
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.r0.cookie, {
          ...base,
          place: { type: "building", buildingId: v.w.b.buildings[0]!.id },
        }),
      400,
      "VALIDATION",
    );
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.worker.cookie, {
          ...base,
          place: { type: "household", householdId: v.w.b.households[0]!.id },
        }),
      400,
      "VALIDATION",
    );
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.worker.cookie, {
          ...base,
          place: { type: "point", address: "某处", gridId: v.w.b.grids[0] },
        }),
      400,
      "VALIDATION",
    );
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), v.worker.cookie, {
          ...base,
          place: { type: "household", householdId: v.r0.householdId },
          onBehalf: { channel: "phone", residentId: v.w.b.residents[0]!.id },
        }),
      400,
      "VALIDATION",
    );
    // someone who lives elsewhere
    const stranger = await createUser(t.db, "外人");
    const strangerCookie = await sessionCookie(t, stranger.id);
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", url(), strangerCookie, {
          ...base,
          place: { type: "point", lat: 30.5, lng: 114.3, address: "路口" },
        }),
      403,
      "FORBIDDEN",
    );
    // anonymous
    await rejectsAndChangesNothing(() => api(t, "POST", url(), null, base), 401, "UNAUTHENTICATED");
  });

  it("lets only the submitter rate or reject (403), and changes nothing otherwise", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "绿化带缺苗" });
    await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
    await api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "已补种" });
    for (const who of [v.r1, v.gw1, v.worker, v.admin]) {
      const e = await rejectsAndChangesNothing(
        () => api(t, "POST", `${A}/requests/${id}/confirm`, who.cookie, { rating: "good" }),
        403,
        "FORBIDDEN",
      );
      expect(e.message_en).toContain("Only the resident who submitted");
      await rejectsAndChangesNothing(
        () => api(t, "POST", `${A}/requests/${id}/reject-resolution`, who.cookie, { comment: "不满意" }),
        403,
        "FORBIDDEN",
      );
    }
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, { rating: "great" }),
      400,
      "VALIDATION",
    );
  });
});

describe("photos", () => {
  it("strips the EXIF GPS position by re-encoding, unless the resident keeps the location", async () => {
    const original = await jpegWithGps();
    expect(await hasGps(original)).toBe(true);
    const send = async (keepLocation: boolean) => {
      const body = await multipart(
        {
          kind: "problem",
          categoryCode: "environment",
          title: "路面塌陷",
          place: { type: "household" },
          keepLocation,
        },
        [{ filename: "road.jpg", bytes: original }],
      );
      const res = await t.app.inject({
        method: "POST",
        url: `${A}/requests`,
        headers: { ...body.headers, cookie: v.r0.cookie },
        payload: body.payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { id: number; photoIds: number[] };
    };
    const stripped = await send(false);
    const stored = await t.db
      .selectFrom("request_photo")
      .selectAll()
      .where("community_id", "=", v.a.id)
      .where("id", "=", stripped.photoIds[0]!)
      .executeTakeFirstOrThrow();
    expect(stored.mime).toBe("image/jpeg");
    expect(await hasGps(stored.bytes)).toBe(false);
    expect(Buffer.from(stored.bytes).includes(Buffer.from("LinliTestCam"))).toBe(false);
    expect(stored.byte_size).toBe(stored.bytes.length);
    const { createHash } = await import("node:crypto");
    expect(stored.sha256).toBe(createHash("sha256").update(stored.bytes).digest("hex"));

    const kept = await send(true);
    const keptRow = await t.db
      .selectFrom("request_photo")
      .selectAll()
      .where("community_id", "=", v.a.id)
      .where("id", "=", kept.photoIds[0]!)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(keptRow.bytes).equals(original)).toBe(true);

    // served with its type to those who may see the request, and to nobody else
    const photoUrl = `${A}/requests/${stripped.id}/photos/${stripped.photoIds[0]}`;
    const served = await api(t, "GET", photoUrl, v.gw1.cookie);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/jpeg");
    expect(served.rawPayload.equals(Buffer.from(stored.bytes))).toBe(true);
    expect((await api(t, "GET", photoUrl, v.r0.cookie)).statusCode).toBe(200);
    expect((await api(t, "GET", photoUrl, v.r1.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", photoUrl, v.gw2.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", photoUrl, null)).statusCode).toBe(401);
    expect(
      (await api(t, "GET", `${A}/requests/${kept.id}/photos/${stripped.photoIds[0]}`, v.r0.cookie))
        .statusCode,
    ).toBe(404);
  });
});

describe("the grid worker's inbox", () => {
  it("shows open items of the caller's grids only, nearest deadline first (sign for submitted, solve for signed), keyset-paged", async () => {
    // a fresh set of requests with known deadlines
    const mk = async (cookie: string, title: string, place: object = { type: "household" }) =>
      submit(t, A, cookie, { title, place });
    const g1a = await mk(v.r0.cookie, "一网格甲");
    const g1b = await mk(v.r1.cookie, "一网格乙");
    const g1c = await mk(v.r0.cookie, "一网格丙");
    const g2a = await mk(v.r2.cookie, "二网格甲");
    const noGrid = await mk(v.r0.cookie, "地图点", {
      type: "point",
      lat: 30.55,
      lng: 114.3,
      address: "小区东门外",
    });
    await api(t, "POST", `${A}/requests/${g1c}/sign`, v.gw1.cookie, {});
    const setDue = (id: number, col: "sign_due_at" | "solve_due_at", iso: string) =>
      t.db
        .updateTable("request")
        .set({ [col]: new Date(iso) })
        .where("community_id", "=", v.a.id)
        .where("id", "=", id)
        .execute();
    // overdue sign, later sign, and a signed item whose solve deadline falls in between
    await setDue(g1a, "sign_due_at", "2020-01-01T00:00:00Z");
    await setDue(g1b, "sign_due_at", "2099-01-03T00:00:00Z");
    await setDue(g1c, "sign_due_at", "2000-01-01T00:00:00Z"); // ignored: it is signed
    await setDue(g1c, "solve_due_at", "2099-01-02T00:00:00Z");
    await setDue(g2a, "sign_due_at", "2019-01-01T00:00:00Z");
    await setDue(noGrid, "sign_due_at", "2018-01-01T00:00:00Z");

    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(t, "GET", `${A}/inbox?limit=2${cursor ? `&cursor=${cursor}` : ""}`, v.gw1.cookie);
      expect(res.statusCode, res.body).toBe(200);
      all.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    const ids = all.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(g2a);
    expect(ids).not.toContain(noGrid);
    for (const i of all) expect(i.place.gridId).toBe(v.a.grids[0]);
    const mine = ids.filter((x) => [g1a, g1b, g1c].includes(x));
    expect(mine).toEqual([g1a, g1c, g1b]);
    const dues = all.map((i) => new Date(i.dueAt).getTime());
    expect([...dues].sort((x, y) => x - y)).toEqual(dues);
    const first = all.find((i) => i.id === g1a);
    expect(first.secondsLeft).toBeLessThan(0);
    expect(all.find((i) => i.id === g1c)).toMatchObject({ status: "signed", deadlineKind: "solve" });

    const two = (await api(t, "GET", `${A}/inbox?limit=100`, v.gw2.cookie))
      .json()
      .items.map((i: any) => i.id);
    expect(two).toContain(g2a);
    expect(two).not.toContain(g1a);
    const community = (await api(t, "GET", `${A}/inbox?limit=100`, v.worker.cookie))
      .json()
      .items.map((i: any) => i.id);
    expect(community.slice(0, 2)).toEqual([noGrid, g2a]);
    expect(community).toEqual(expect.arrayContaining([g1a, g1b, g1c]));

    // who may not open it
    expect((await api(t, "GET", `${A}/inbox`, v.r0.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/inbox`, v.property.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `/api/communities/${v.w.b.id}/inbox`, v.gw1.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/inbox?cursor=garbage`, v.gw1.cookie)).statusCode).toBe(400);
  });

  it("keeps a grid worker from signing or routing an item of another grid", async () => {
    const id = await submit(t, A, v.r2.cookie, { title: "二网格的事" });
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {}),
      403,
      "OUT_OF_SCOPE",
    );
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, { to: "community" }),
      403,
      "OUT_OF_SCOPE",
    );
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/sign`, v.r2.cookie, {}),
      403,
      "FORBIDDEN",
    );
  });
});

describe("routing and who resolves", () => {
  it("routes to a co-building unit, whose representative (and only theirs) resolves it", async () => {
    const id = await submit(t, A, v.r0.cookie, {
      title: "法律咨询",
      kind: "need",
      categoryCode: "suggestion",
    });
    // a submitted item is signed in the same step
    const routed = await api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, {
      to: "co_building_unit",
      orgId: v.unitId,
    });
    expect(routed.statusCode, routed.body).toBe(200);
    expect(await eventKinds(id)).toEqual(["submitted", "signed", "routed"]);
    expect(await notificationsOf(v.unitRep.id, "request.routed_to_you")).toHaveLength(1);
    const todo = await api(t, "GET", "/api/me/assigned-requests", v.unitRep.cookie);
    expect(todo.statusCode, todo.body).toBe(200);
    expect(todo.json().items.find((i: any) => i.id === id)).toMatchObject({
      status: "signed",
      routeOrgId: v.unitId,
    });
    const notMine = (await api(t, "GET", "/api/me/assigned-requests", v.otherUnitRep.cookie)).json();
    expect(notMine.items.map((i: any) => i.id)).not.toContain(id);
    expect((await api(t, "GET", "/api/me/assigned-requests", v.r0.cookie)).json().items).toEqual([]);
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/resolve`, v.otherUnitRep.cookie, { text: "已处理" }),
      403,
      "OUT_OF_SCOPE",
    );
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/resolve`, v.property.cookie, { text: "已处理" }),
      403,
      "OUT_OF_SCOPE",
    );
    expect((await api(t, "GET", `${A}/requests/${id}`, v.otherUnitRep.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/requests/${id}`, v.unitRep.cookie)).statusCode).toBe(200);
    expect(
      (await api(t, "POST", `${A}/requests/${id}/resolve`, v.unitRep.cookie, { text: "法官已上门讲解" }))
        .statusCode,
    ).toBe(200);
  });

  it("escalates to the street, whose official resolves it; a wrong organisation kind is refused", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "违建", categoryCode: "safety" });
    await rejectsAndChangesNothing(
      () =>
        api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, {
          to: "co_building_unit",
          orgId: v.w.a.propertyOrgId,
        }),
      400,
      "VALIDATION",
    );
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, { to: "co_building_unit" }),
      400,
      "VALIDATION",
    );
    expect(
      (await api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, { to: "street" })).statusCode,
    ).toBe(200);
    expect(await notificationsOf(v.street.id, "request.routed_to_you")).toHaveLength(1);
    // not resolvable before it is signed, nor by the property company it was not routed to
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/resolve`, v.property.cookie, { text: "物业处理" }),
      403,
    );
    expect(
      (await api(t, "POST", `${A}/requests/${id}/resolve`, v.street.cookie, { text: "综合执法已拆除" }))
        .statusCode,
    ).toBe(200);
  });

  it("refuses to resolve an item that has not been signed for (409)", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "未签收" });
    const e = await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${id}/resolve`, v.gw1.cookie, { text: "已处理" }),
      409,
      "CONFLICT",
    );
    expect(e.message_zh).toContain("签收");
  });
});

describe("duplicates and merging", () => {
  it("suggests open requests of the same category and place within 7 days, and merges one into another", async () => {
    const building = { type: "building", buildingId: v.a.buildings[0]!.id };
    const keep = await submit(t, A, v.r0.cookie, {
      title: "1栋电梯坏了",
      categoryCode: "property_repair",
      place: building,
    });
    const dup = await submit(t, A, v.r1.cookie, {
      title: "电梯又停了",
      categoryCode: "property_repair",
      place: { type: "household" },
    });
    const otherCategory = await submit(t, A, v.r1.cookie, {
      title: "1栋门口垃圾",
      categoryCode: "environment",
      place: building,
    });
    const near = await submit(t, A, v.r0.cookie, {
      title: "路灯",
      categoryCode: "public_facilities",
      place: { type: "point", lat: 30.55, lng: 114.3, address: "东门" },
    });
    const near2 = await submit(t, A, v.r1.cookie, {
      title: "路灯不亮",
      categoryCode: "public_facilities",
      place: { type: "point", lat: 30.5503, lng: 114.3002, address: "东门口" },
    });
    const far = await submit(t, A, v.r1.cookie, {
      title: "远处路灯",
      categoryCode: "public_facilities",
      place: { type: "point", lat: 30.56, lng: 114.3, address: "北门" },
    });

    const d = await api(t, "GET", `${A}/requests/${dup}/duplicates`, v.gw1.cookie);
    expect(d.statusCode, d.body).toBe(200);
    const ids = d.json().map((x: any) => x.id);
    expect(ids).toContain(keep);
    expect(ids).not.toContain(otherCategory);
    const p = (await api(t, "GET", `${A}/requests/${near}/duplicates`, v.worker.cookie)).json();
    expect(p.map((x: any) => x.id)).toEqual([near2]);
    expect(p[0].distanceM).toBeLessThan(100);
    expect(p.map((x: any) => x.id)).not.toContain(far);

    const merged = await api(t, "POST", `${A}/requests/${dup}/merge`, v.gw1.cookie, { intoId: keep });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await row(dup)).toMatchObject({ status: "merged", close_reason: "merged", merged_into: keep });
    expect(await eventKinds(keep)).toContain("merge_received");
    expect(await notificationsOf(v.r1.id, "request.merged")).toHaveLength(1);
    // the merged submitter follows the one that stays: sees it and hears when it is resolved
    expect((await api(t, "GET", `${A}/requests/${keep}`, v.r1.cookie)).statusCode).toBe(200);
    await api(t, "POST", `${A}/requests/${keep}/sign`, v.gw1.cookie, {});
    await api(t, "POST", `${A}/requests/${keep}/resolve`, v.gw1.cookie, { text: "电梯已修复" });
    expect(
      (await notificationsOf(v.r1.id, "request.resolved")).some((n) => n.title_zh.includes("1栋电梯坏了")),
    ).toBe(true);
    // ... but only the submitter of the one that stays rates it
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${keep}/confirm`, v.r1.cookie, { rating: "good" }),
      403,
      "FORBIDDEN",
    );
    // merging into a closed or merged request, or into itself, is refused
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${otherCategory}/merge`, v.gw1.cookie, { intoId: dup }),
      409,
      "CONFLICT",
    );
    await rejectsAndChangesNothing(
      () => api(t, "POST", `${A}/requests/${otherCategory}/merge`, v.gw1.cookie, { intoId: otherCategory }),
      400,
    );
  });
});

describe("lists and detail", () => {
  it("lists within reach with filters, masks phones, and shows a request only to those concerned", async () => {
    const id = await submit(t, A, v.r2.cookie, { title: "二网格积水" });
    await t.db
      .updateTable("request")
      .set({ sign_due_at: new Date("2020-01-01T00:00:00Z") })
      .where("community_id", "=", v.a.id)
      .where("id", "=", id)
      .execute();
    const gw2List = (await api(t, "GET", `${A}/requests?overdue=true&limit=200`, v.gw2.cookie)).json();
    expect(gw2List.items.map((i: any) => i.id)).toContain(id);
    expect(gw2List.items.every((i: any) => i.place.gridId === v.a.grids[1])).toBe(true);
    expect(gw2List.items.every((i: any) => i.overdue)).toBe(true);
    const gw1List = (await api(t, "GET", `${A}/requests?limit=200`, v.gw1.cookie)).json();
    expect(gw1List.items.map((i: any) => i.id)).not.toContain(id);
    const filtered = (await api(t, "GET", `${A}/requests?status=closed&limit=200`, v.worker.cookie)).json();
    expect(filtered.items.every((i: any) => i.status === "closed")).toBe(true);
    // keyset paging
    const p1 = (await api(t, "GET", `${A}/requests?limit=3`, v.worker.cookie)).json();
    const p2 = (await api(t, "GET", `${A}/requests?limit=3&cursor=${p1.nextCursor}`, v.worker.cookie)).json();
    expect(Math.max(...p2.items.map((i: any) => i.id))).toBeLessThan(
      Math.min(...p1.items.map((i: any) => i.id)),
    );

    const staff = (await api(t, "GET", `${A}/requests/${id}`, v.gw2.cookie)).json();
    expect(staff.submitter.name).toBe("张大爷");
    expect(staff.submitter.phone).toMatch(MASKED_PHONE);
    expect((await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/requests/${id}`, v.gw1.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/requests/${id}`, null)).statusCode).toBe(401);
    expect(
      (await api(t, "GET", `/api/communities/${v.w.b.id}/requests/${id}`, v.admin.cookie)).statusCode,
    ).toBe(404);
    expect((await api(t, "GET", `${A}/requests`, v.r0.cookie)).statusCode).toBe(403);
  });
});
