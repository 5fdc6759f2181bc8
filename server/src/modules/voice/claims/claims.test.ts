// Two-way claiming through the real API: the public board (no names or rooms), who may claim, one
// live claim per wish even under a race, fulfilment and rating, resources and matching.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  diffSnapshots,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";
import { api, multipart, png, submit, type VoiceWorld, voiceWorld } from "../requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
/** A party member who lives in household 1 (linked through their resident record). */
let partyMember: { id: number; cookie: string };
/** A 下沉党员 from a co-building unit, linked to their account directly. */
let sinking: { id: number; cookie: string };

const tomorrow = () => new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  await t.db
    .insertInto("party_member")
    .values({ community_id: v.a.id, resident_id: v.r1.residentId, name: "李师傅", kind: "resident" })
    .execute();
  partyMember = { id: v.r1.id, cookie: v.r1.cookie };
  const s = await createUser(t.db, "下沉党员");
  await t.db
    .insertInto("party_member")
    .values({
      community_id: v.a.id,
      user_id: s.id,
      name: "下沉党员",
      kind: "sinking",
      source_org_id: v.unitId,
    })
    .execute();
  sinking = { id: s.id, cookie: await sessionCookie(t, s.id) };
});
afterAll(async () => {
  await t?.close();
});

/** A micro-wish of resident r0, published and signed for by the grid worker (so it is on the board). */
async function publishedWish(title = "想要一副老花镜") {
  const id = await submit(t, A, v.r0.cookie, {
    kind: "wish",
    categoryCode: "mutual_help",
    title,
    isPublic: true,
  });
  const signed = await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
  expect(signed.statusCode, signed.body).toBe(200);
  return id;
}

async function unchanged(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}

describe("the board", () => {
  it("shows published needs and wishes once signed for, without the submitter's name, room or phone", async () => {
    const unsigned = await submit(t, A, v.r0.cookie, {
      kind: "wish",
      categoryCode: "mutual_help",
      title: "孩子想学书法",
      isPublic: true,
    });
    const hidden = await submit(t, A, v.r0.cookie, {
      kind: "need",
      categoryCode: "mutual_help",
      title: "不公开的需求",
    });
    await api(t, "POST", `${A}/requests/${hidden}/sign`, v.gw1.cookie, {});
    // published, but of a category that is never public (care)
    const care = await submit(t, A, v.r2.cookie, {
      kind: "wish",
      categoryCode: "elderly_care",
      title: "独居老人想要收音机",
      isPublic: true,
    });
    await api(t, "POST", `${A}/requests/${care}/sign`, v.gw1.cookie, {});
    const problem = await submit(t, A, v.r0.cookie, { kind: "problem", title: "公开的问题" });
    await api(t, "POST", `${A}/requests/${problem}/sign`, v.gw1.cookie, {});
    const wish = await publishedWish("想要一个助行器");

    const res = await api(t, "GET", `${A}/board`, null);
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((i: any) => i.id);
    expect(ids).toContain(wish);
    for (const x of [unsigned, hidden, care, problem]) expect(ids).not.toContain(x);
    const item = res.json().items.find((i: any) => i.id === wish);
    expect(item).toMatchObject({
      kind: "wish",
      status: "open",
      buildingName: "1栋",
      category: { code: "mutual_help" },
    });
    const text = res.body;
    for (const secret of ["王阿姨", v.r0.phone, "101", "householdId", "submitter"])
      expect(text).not.toContain(secret);
    expect(res.json().counts.open).toBeGreaterThan(0);
    expect((await api(t, "GET", `/api/communities/999999/board`, null)).statusCode).toBe(404);
  });
});

describe("claiming", () => {
  it("a party member claims a wish, a second claim is refused with 409 and changes nothing, the claimant fulfils it and the submitter rates it", async () => {
    const id = await publishedWish();
    const claim = await api(t, "POST", `${A}/requests/${id}/claim`, partyMember.cookie, {
      promiseDate: tomorrow(),
      note: "周末送过去",
    });
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json()).toMatchObject({ requestId: id, claimantKind: "party_member", status: "active" });
    const claimId = claim.json().id;
    expect(
      (
        await t.db
          .selectFrom("notification")
          .selectAll()
          .where("user_id", "=", v.r0.id)
          .where("kind", "=", "request.claimed")
          .execute()
      ).length,
    ).toBe(1);

    const board = (await api(t, "GET", `${A}/board?status=claimed`, null)).json();
    expect(board.items.find((i: any) => i.id === id)).toMatchObject({
      status: "claimed",
      claimantKind: "party_member",
      promiseDate: tomorrow(),
    });
    expect(JSON.stringify(board)).not.toContain("李师傅");

    const second = await unchanged(
      () => api(t, "POST", `${A}/requests/${id}/claim`, sinking.cookie, { promiseDate: tomorrow() }),
      409,
    );
    expect(second.message_zh).toContain("已被认领");
    expect(second.details).toEqual({ reason: "ALREADY_CLAIMED" });

    // the claimant sees the wish in full (to deliver it); someone else may not fulfil
    expect((await api(t, "GET", `${A}/requests/${id}`, partyMember.cookie)).statusCode).toBe(200);
    await unchanged(
      () => api(t, "POST", `${A}/claims/${claimId}/fulfil`, sinking.cookie, { note: "我来" }),
      403,
    );

    const photo = await multipart({ note: "老花镜已送到王阿姨家" }, [
      { filename: "done.png", type: "image/png", bytes: await png() },
    ]);
    const done = await t.app.inject({
      method: "POST",
      url: `${A}/claims/${claimId}/fulfil`,
      headers: { ...photo.headers, cookie: partyMember.cookie },
      payload: photo.payload,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: "fulfilled",
      requestStatus: "resolved",
      photoIds: [expect.any(Number)],
    });
    const r = await t.db
      .selectFrom("request")
      .selectAll()
      .where("community_id", "=", v.a.id)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      status: "resolved",
      resolved_by: partyMember.id,
      resolution: "老花镜已送到王阿姨家",
    });
    expect(
      (await api(t, "GET", `${A}/board?status=fulfilled`, null)).json().items.map((i: any) => i.id),
    ).toContain(id);
    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/fulfil`, partyMember.cookie, {}), 409);

    expect(
      (
        await api(t, "POST", `${A}/requests/${id}/confirm`, v.r0.cookie, {
          rating: "good",
          comment: "谢谢党员同志",
        })
      ).statusCode,
    ).toBe(200);
    const events = (await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie))
      .json()
      .events.map((e: any) => e.kind);
    expect(events).toEqual(["submitted", "signed", "claimed", "fulfilled", "rated", "closed"]);
    expect(
      (await api(t, "GET", `${A}/board?status=fulfilled`, null)).json().items.map((i: any) => i.id),
    ).toContain(id);
  });

  it("lets exactly one of two simultaneous claims through", async () => {
    const id = await publishedWish("想要一台收音机");
    const [x, y] = await Promise.all([
      api(t, "POST", `${A}/requests/${id}/claim`, partyMember.cookie, { promiseDate: tomorrow() }),
      api(t, "POST", `${A}/requests/${id}/claim`, sinking.cookie, { promiseDate: tomorrow() }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const claims = await t.db
      .selectFrom("request_claim")
      .select("id")
      .where("community_id", "=", v.a.id)
      .where("request_id", "=", id)
      .execute();
    expect(claims).toHaveLength(1);
    const events = await t.db
      .selectFrom("request_event")
      .select("kind")
      .where("community_id", "=", v.a.id)
      .where("request_id", "=", id)
      .where("kind", "=", "claimed")
      .execute();
    expect(events).toHaveLength(1);
  });

  it("decides who may claim: 下沉党员, co-building units for their own unit, verified residents as volunteers; nobody else", async () => {
    const w1 = await publishedWish("想要一盆绿植");
    const s = await api(t, "POST", `${A}/requests/${w1}/claim`, sinking.cookie, { promiseDate: tomorrow() });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().claimantKind).toBe("party_member");

    const w2 = await publishedWish("想要一场法律讲座");
    await unchanged(
      () =>
        api(t, "POST", `${A}/requests/${w2}/claim`, v.unitRep.cookie, {
          promiseDate: tomorrow(),
          orgId: v.otherUnitId,
        }),
      403,
    );
    const u = await api(t, "POST", `${A}/requests/${w2}/claim`, v.unitRep.cookie, {
      promiseDate: tomorrow(),
    });
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json().claimantKind).toBe("co_building_unit");
    const board = (await api(t, "GET", `${A}/board`, null)).json();
    expect(board.items.find((i: any) => i.id === w2)).toMatchObject({
      claimantKind: "co_building_unit",
      claimantOrgName: "区法院",
    });

    const w3 = await publishedWish("想要有人陪聊天");
    await unchanged(
      () =>
        api(t, "POST", `${A}/requests/${w3}/claim`, v.r2.cookie, {
          promiseDate: tomorrow(),
          as: "party_member",
        }),
      403,
    );
    const vol = await api(t, "POST", `${A}/requests/${w3}/claim`, v.r2.cookie, { promiseDate: tomorrow() });
    expect(vol.statusCode, vol.body).toBe(200);
    expect(vol.json().claimantKind).toBe("volunteer");

    const w4 = await publishedWish("想要一把雨伞");
    const stranger = await createUser(t.db, "路人");
    const strangerCookie = await sessionCookie(t, stranger.id);
    const e = await unchanged(
      () => api(t, "POST", `${A}/requests/${w4}/claim`, strangerCookie, { promiseDate: tomorrow() }),
      403,
    );
    expect(e.message_en).toContain("party members");
    // not one's own wish, not in the past, not anonymously
    await unchanged(
      () => api(t, "POST", `${A}/requests/${w4}/claim`, v.r0.cookie, { promiseDate: tomorrow() }),
      403,
    );
    await unchanged(
      () => api(t, "POST", `${A}/requests/${w4}/claim`, partyMember.cookie, { promiseDate: "2020-01-01" }),
      400,
    );
    await unchanged(
      () => api(t, "POST", `${A}/requests/${w4}/claim`, partyMember.cookie, { promiseDate: "tomorrow" }),
      400,
    );
    await unchanged(
      () => api(t, "POST", `${A}/requests/${w4}/claim`, null, { promiseDate: tomorrow() }),
      401,
    );
  });

  it("refuses problems, unsigned wishes and wishes of another community", async () => {
    const problem = await submit(t, A, v.r0.cookie, { kind: "problem", title: "漏水" });
    await api(t, "POST", `${A}/requests/${problem}/sign`, v.gw1.cookie, {});
    await unchanged(
      () => api(t, "POST", `${A}/requests/${problem}/claim`, partyMember.cookie, { promiseDate: tomorrow() }),
      409,
    );
    // a wish of a never-public category is never on the board, so nobody claims it
    const care = await submit(t, A, v.r2.cookie, {
      kind: "wish",
      categoryCode: "children",
      title: "孩子想要书包",
      isPublic: true,
    });
    await api(t, "POST", `${A}/requests/${care}/sign`, v.gw1.cookie, {});
    await unchanged(
      () => api(t, "POST", `${A}/requests/${care}/claim`, partyMember.cookie, { promiseDate: tomorrow() }),
      409,
    );
    const unsigned = await submit(t, A, v.r0.cookie, {
      kind: "wish",
      categoryCode: "mutual_help",
      title: "想要绘本",
      isPublic: true,
    });
    const e = await unchanged(
      () =>
        api(t, "POST", `${A}/requests/${unsigned}/claim`, partyMember.cookie, { promiseDate: tomorrow() }),
      409,
    );
    expect(e.message_zh).toContain("签收");
    await unchanged(
      () =>
        api(t, "POST", `/api/communities/${v.w.b.id}/requests/${unsigned}/claim`, partyMember.cookie, {
          promiseDate: tomorrow(),
        }),
      404,
    );
  });
});

describe("resources", () => {
  it("residents and units publish resources, staff match them to needs; residents are never named", async () => {
    const mine = await api(t, "POST", `${A}/resources`, v.r2.cookie, {
      kind: "skill",
      title: "会修自行车",
      description: "周末有空",
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const unit = await api(t, "POST", `${A}/resources`, v.unitRep.cookie, {
      kind: "venue",
      title: "法院会议室",
      orgId: v.unitId,
    });
    expect(unit.statusCode, unit.body).toBe(200);
    await unchanged(
      () =>
        api(t, "POST", `${A}/resources`, v.unitRep.cookie, {
          kind: "money",
          title: "赞助",
          orgId: v.otherUnitId,
        }),
      403,
    );
    const strangerCookie = await sessionCookie(t, (await createUser(t.db, "外人")).id);
    await unchanged(
      () => api(t, "POST", `${A}/resources`, strangerCookie, { kind: "goods", title: "旧衣服" }),
      403,
    );
    await unchanged(() => api(t, "POST", `${A}/resources`, v.r2.cookie, { kind: "car", title: "车" }), 400);

    const list = await api(t, "GET", `${A}/resources`, null);
    expect(list.statusCode, list.body).toBe(200);
    const byId = new Map(list.json().items.map((i: any) => [i.id, i]));
    expect(byId.get(mine.json().id)).toMatchObject({
      provider: { kind: "resident", name: "居民" },
      status: "available",
    });
    expect(byId.get(unit.json().id)).toMatchObject({ provider: { kind: "organisation", name: "区法院" } });
    expect(list.body).not.toContain("张大爷");

    const need = await submit(t, A, v.r0.cookie, {
      kind: "need",
      categoryCode: "public_facilities",
      title: "需要场地办活动",
    });
    await unchanged(
      () => api(t, "POST", `${A}/resources/${unit.json().id}/match`, v.gw1.cookie, { requestId: need }),
      403,
    );
    const matched = await api(t, "POST", `${A}/resources/${unit.json().id}/match`, v.worker.cookie, {
      requestId: need,
    });
    expect(matched.statusCode, matched.body).toBe(200);
    const events = (await api(t, "GET", `${A}/requests/${need}`, v.r0.cookie))
      .json()
      .events.map((e: any) => e.kind);
    expect(events).toContain("resource_matched");
    const notified = await t.db
      .selectFrom("notification")
      .select("kind")
      .where("user_id", "=", v.unitRep.id)
      .where("kind", "=", "resource.matched")
      .execute();
    expect(notified).toHaveLength(1);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "resource.match")
      .execute();
    expect(audit).toHaveLength(1);
    await unchanged(
      () => api(t, "POST", `${A}/resources/${unit.json().id}/match`, v.worker.cookie, { requestId: need }),
      409,
    );
    expect(
      (await api(t, "GET", `${A}/resources?status=matched`, null)).json().items.map((i: any) => i.id),
    ).toEqual([unit.json().id]);
  });
});

describe("my claims", () => {
  const yesterday = () => new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

  it("lists exactly the caller's own claims in every community, with claimed-as, overdue and links", async () => {
    // the 下沉党员 also serves community B, and claims a wish there
    const B = `/api/communities/${v.w.b.id}`;
    await t.db
      .insertInto("party_member")
      .values({ community_id: v.w.b.id, user_id: sinking.id, name: "下沉党员", kind: "sinking" })
      .execute();
    const inB = await insertRequest(t.db, {
      communityId: v.w.b.id,
      kind: "wish",
      status: "signed",
      signedAt: new Date(),
      title: "想要一个血压计",
      isPublic: true,
    });
    const claimB = await api(t, "POST", `${B}/requests/${inB.id}/claim`, sinking.cookie, {
      promiseDate: tomorrow(),
    });
    expect(claimB.statusCode, claimB.body).toBe(200);
    const inA = await publishedWish("想要一本字典");
    const claimA = await api(t, "POST", `${A}/requests/${inA}/claim`, sinking.cookie, {
      promiseDate: tomorrow(),
      note: "下周送来",
    });
    expect(claimA.statusCode, claimA.body).toBe(200);
    // someone else's claim, and one of the sinking member's own that is past its promise date
    const w3 = await publishedWish("想要一个放大镜");
    expect(
      (await api(t, "POST", `${A}/requests/${w3}/claim`, v.r2.cookie, { promiseDate: tomorrow() }))
        .statusCode,
    ).toBe(200);
    const late = await publishedWish("想要一个保温杯");
    const lateClaim = await t.db
      .insertInto("request_claim")
      .values({
        community_id: v.a.id,
        request_id: late,
        claimant_user_id: sinking.id,
        claimant_kind: "party_member",
        promise_date: yesterday(),
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const res = await api(t, "GET", "/api/me/claims", sinking.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const stored = await t.db
      .selectFrom("request_claim")
      .select("id")
      .where("claimant_user_id", "=", sinking.id)
      .orderBy("id", "desc")
      .execute();
    expect(body.items.map((i: any) => i.id)).toEqual(stored.map((s) => s.id));
    expect(new Set(body.items.map((i: any) => i.communityId))).toEqual(new Set([v.a.id, v.w.b.id]));
    const a = body.items.find((i: any) => i.id === claimA.json().id);
    expect(a).toMatchObject({
      communityId: v.a.id,
      communityName: (
        await t.db.selectFrom("community").select("name").where("id", "=", v.a.id).executeTakeFirstOrThrow()
      ).name,
      requestId: inA,
      kind: "wish",
      title: "想要一本字典",
      category: { code: "mutual_help" },
      buildingName: "1栋",
      claimedAs: "party_member",
      orgName: null,
      status: "active",
      requestStatus: "signed",
      promiseDate: tomorrow(),
      overdue: false,
      note: "下周送来",
      links: {
        page: `/m/requests/${v.a.id}/${inA}`,
        board: `/m/wishes?community=${v.a.id}`,
        fulfil: `${A}/claims/${claimA.json().id}/fulfil`,
        withdraw: `${A}/claims/${claimA.json().id}/withdraw`,
      },
    });
    expect(body.items.find((i: any) => i.id === lateClaim.id)).toMatchObject({ overdue: true });
    expect(body.counts.overdue).toBe(1);
    expect(body.counts.active).toBe(body.items.filter((i: any) => i.status === "active").length);
    // nothing of the wish's submitter
    for (const secret of ["王阿姨", v.r0.phone]) expect(res.body).not.toContain(secret);

    // another person's list holds only theirs; a filter and pages
    const theirs = (await api(t, "GET", "/api/me/claims", v.r2.cookie)).json();
    expect(theirs.items.length).toBeGreaterThan(0);
    const theirIds = (
      await t.db.selectFrom("request_claim").select("id").where("claimant_user_id", "=", v.r2.id).execute()
    ).map((r) => r.id);
    expect(theirs.items.map((i: any) => i.id).sort()).toEqual(theirIds.sort());
    expect(theirs.items.every((i: any) => i.claimedAs === "volunteer")).toBe(true);
    const page1 = (await api(t, "GET", "/api/me/claims?limit=1&status=active", sinking.cookie)).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (
      await api(t, "GET", `/api/me/claims?limit=1&status=active&cursor=${page1.nextCursor}`, sinking.cookie)
    ).json();
    expect(page2.items[0].id).toBeLessThan(page1.items[0].id);

    // a signed-in person with no claims gets an empty list; nobody anonymous gets anything
    const stranger = await sessionCookie(t, (await createUser(t.db, "新用户")).id);
    expect((await api(t, "GET", "/api/me/claims", stranger)).json()).toMatchObject({
      items: [],
      nextCursor: null,
      counts: { active: 0, fulfilled: 0, withdrawn: 0, overdue: 0 },
    });
    const anon = await api(t, "GET", "/api/me/claims", null);
    expect(anon.statusCode).toBe(401);
    expect(isBilingualError(anon.json())).toBe(true);
    expect((await api(t, "GET", "/api/me/claims?status=lost", sinking.cookie)).statusCode).toBe(400);
  });

  it("marks the caller's own claim on the board, and nobody else's", async () => {
    const id = await publishedWish("想要一双棉拖鞋");
    const claim = await api(t, "POST", `${A}/requests/${id}/claim`, partyMember.cookie, {
      promiseDate: tomorrow(),
    });
    expect(claim.statusCode, claim.body).toBe(200);
    const itemFor = async (cookie: string | null) =>
      (await api(t, "GET", `${A}/board?status=claimed&limit=100`, cookie))
        .json()
        .items.find((i: any) => i.id === id);
    expect(await itemFor(partyMember.cookie)).toMatchObject({ mine: true, myClaimId: claim.json().id });
    for (const other of [null, sinking.cookie, v.r0.cookie, v.worker.cookie]) {
      const item = await itemFor(other);
      expect(item).toMatchObject({ mine: false, myClaimId: null, claimantKind: "party_member" });
      // the public shape: no field that could name or point at the claimant
      expect(Object.keys(item).sort()).toEqual(
        [
          "buildingName",
          "category",
          "claimantKind",
          "claimantOrgName",
          "createdAt",
          "description",
          "fulfilledAt",
          "id",
          "kind",
          "mine",
          "myClaimId",
          "promiseDate",
          "status",
          "title",
        ].sort(),
      );
    }
    const anon = (await api(t, "GET", `${A}/board`, null)).body;
    expect(anon).not.toContain("claimant_user_id");
    expect(anon).not.toContain("claimantUserId");
  });

  it("lets only the claimant withdraw an active claim; the wish is open again and its submitter told", async () => {
    const id = await publishedWish("想要一个台灯");
    const claim = await api(t, "POST", `${A}/requests/${id}/claim`, v.r2.cookie, { promiseDate: tomorrow() });
    expect(claim.statusCode, claim.body).toBe(200);
    const claimId = claim.json().id;

    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/withdraw`, partyMember.cookie, {}), 403);
    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/withdraw`, v.r0.cookie, {}), 403);
    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/withdraw`, null, {}), 401);
    await unchanged(
      () => api(t, "POST", `/api/communities/${v.w.b.id}/claims/${claimId}/withdraw`, v.r2.cookie, {}),
      404,
    );
    await unchanged(
      () => api(t, "POST", `${A}/claims/${claimId}/withdraw`, v.r2.cookie, { reason: "长".repeat(501) }),
      400,
    );

    const out = await api(t, "POST", `${A}/claims/${claimId}/withdraw`, v.r2.cookie, {
      reason: "临时出差，来不及了",
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toEqual({ id: claimId, requestId: id, status: "withdrawn", boardStatus: "open" });
    const row = await t.db
      .selectFrom("request_claim")
      .select(["status", "withdrawn_at"])
      .where("community_id", "=", v.a.id)
      .where("id", "=", claimId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    expect(row.withdrawn_at).not.toBeNull();
    expect(
      (await api(t, "GET", `${A}/board?status=open&limit=100`, null))
        .json()
        .items.find((i: any) => i.id === id),
    ).toMatchObject({ status: "open", claimantKind: null, mine: false });
    const told = await t.db
      .selectFrom("notification")
      .select(["title_zh", "body_zh"])
      .where("user_id", "=", v.r0.id)
      .where("kind", "=", "request.claim_withdrawn")
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.body_zh).toContain("临时出差");
    const events = (await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie)).json().events;
    expect(events.map((e: any) => e.kind)).toEqual(["submitted", "signed", "claimed", "claim_withdrawn"]);

    // in the claimant's list: withdrawn, no more actions, no longer a page they may read
    const mine = (await api(t, "GET", "/api/me/claims?status=withdrawn", v.r2.cookie)).json();
    expect(mine.items.find((i: any) => i.id === claimId)).toMatchObject({
      status: "withdrawn",
      overdue: false,
      withdrawnAt: expect.any(String),
      links: { page: null, fulfil: null, withdraw: null },
    });
    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/withdraw`, v.r2.cookie, {}), 409);
    await unchanged(() => api(t, "POST", `${A}/claims/${claimId}/fulfil`, v.r2.cookie, {}), 409);

    // someone else may claim it now, and the fulfilled claim can no longer be withdrawn
    const again = await api(t, "POST", `${A}/requests/${id}/claim`, partyMember.cookie, {
      promiseDate: tomorrow(),
    });
    expect(again.statusCode, again.body).toBe(200);
    const fulfilled = await api(t, "POST", `${A}/claims/${again.json().id}/fulfil`, partyMember.cookie, {});
    expect(fulfilled.statusCode, fulfilled.body).toBe(200);
    await unchanged(
      () => api(t, "POST", `${A}/claims/${again.json().id}/withdraw`, partyMember.cookie, {}),
      409,
    );
    const done = (await api(t, "GET", "/api/me/claims?status=fulfilled", partyMember.cookie)).json();
    expect(done.items.find((i: any) => i.id === again.json().id)).toMatchObject({
      status: "fulfilled",
      requestStatus: "resolved",
      fulfilledAt: expect.any(String),
      links: { page: `/m/requests/${v.a.id}/${id}`, fulfil: null, withdraw: null },
    });
  });
});
