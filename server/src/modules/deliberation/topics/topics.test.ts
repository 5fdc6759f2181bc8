// Deliberation topics through the real API: the X+7 template given to a community, staff raising a
// topic from a request with invited parties, stage moves with records, skipping only what the template
// allows, 实施 only after the notice period of 公示决议, proposals supported once per household,
// ratings in 评议, who sees which records, the list, the export and the request's "转为议题" link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  diffSnapshots,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
});
afterAll(async () => {
  await t?.close();
});

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

async function ok(res: { statusCode: number; body: string; json(): any }) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Moves a topic's current-stage entry into the past (as if it had been there for `days` days). */
async function backdate(topicId: number, days: number) {
  await t.db
    .updateTable("topic")
    .set({ stage_entered_at: new Date(Date.now() - days * 86_400_000) })
    .where("community_id", "=", v.a.id)
    .where("id", "=", topicId)
    .execute();
}

let settings: any;
let parkingTopic: number;
let requestId: number;

describe("settings and templates", () => {
  it("a community without templates gets X+7 as its default, with thresholds 10 households and 5 working days", async () => {
    settings = await ok(await api(t, "GET", `${A}/topic-settings`, v.worker.cookie));
    expect(settings.supportThreshold).toBe(10);
    expect(settings.noticeWorkingDays).toBe(5);
    expect(settings.templates).toHaveLength(1);
    const x7 = settings.templates[0];
    expect(x7).toMatchObject({ name: "X+7", isDefault: true });
    expect(x7.stages.map((s: any) => s.nameZh)).toEqual([
      "收集",
      "定题",
      "准备与公示",
      "协商",
      "决议",
      "公示决议",
      "实施",
      "评议",
    ]);
    expect(x7.stages.every((s: any) => !s.skippable)).toBe(true);
  });

  it("staff configure a participant set of organisation kinds and named organisations (audited)", async () => {
    const res = await api(t, "POST", `${A}/participant-sets`, v.secretary.cookie, {
      name: "四轴联动",
      description: "党员、居民、共建单位、物业",
      members: [
        { kind: "party_members" },
        { kind: "residents" },
        { kind: "co_building_unit", organisationId: v.unitId },
        { kind: "property_company", organisationId: v.a.propertyOrgId },
      ],
    });
    settings = await ok(res);
    const set = settings.participantSets.find((s: any) => s.name === "四轴联动");
    expect(set.members).toHaveLength(4);
    expect(set.members[2]).toMatchObject({ organisationId: v.unitId, organisationName: "区法院" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "topic_participant_set.create")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("a grid worker may read settings but not change them; a resident neither", async () => {
    await ok(await api(t, "GET", `${A}/topic-settings`, v.gw1.cookie));
    await unchanged(() => api(t, "PATCH", `${A}/topic-settings`, v.gw1.cookie, { supportThreshold: 3 }), 403);
    await unchanged(() => api(t, "GET", `${A}/topic-settings`, v.r0.cookie), 403);
  });

  it("staff set the threshold and notice period, add a stage and mark a stage skippable in a new template", async () => {
    settings = await ok(
      await api(t, "PATCH", `${A}/topic-settings`, v.secretary.cookie, {
        supportThreshold: 2,
        noticeWorkingDays: 5,
      }),
    );
    expect(settings.supportThreshold).toBe(2);
    settings = await ok(
      await api(t, "POST", `${A}/topic-templates`, v.secretary.cookie, { name: "楼栋简易流程" }),
    );
    const tpl = settings.templates.find((x: any) => x.name === "楼栋简易流程");
    expect(tpl.stages).toHaveLength(8);
    const stages = tpl.stages.map((s: any) => ({
      id: s.id,
      key: s.key,
      nameZh: s.key === "set_topic" ? "确定议题" : s.nameZh,
      nameEn: s.nameEn,
      skippable: s.key === "prepare",
    }));
    stages.splice(4, 0, { key: "courtyard", nameZh: "庭院会", nameEn: "Courtyard meeting", skippable: true });
    settings = await ok(
      await api(t, "PATCH", `${A}/topic-templates/${tpl.id}`, v.secretary.cookie, { stages }),
    );
    const after = settings.templates.find((x: any) => x.id === tpl.id);
    expect(after.stages.map((s: any) => s.nameZh)).toEqual([
      "收集",
      "确定议题",
      "准备与公示",
      "协商",
      "庭院会",
      "决议",
      "公示决议",
      "实施",
      "评议",
    ]);
    expect(after.stages.find((s: any) => s.key === "prepare").skippable).toBe(true);
  });

  it("a stage cannot be removed from a template, and a key cannot appear twice (nothing stored)", async () => {
    const tpl = settings.templates.find((x: any) => x.name === "楼栋简易流程");
    const stages = tpl.stages.slice(1).map((s: any) => ({ ...s }));
    await unchanged(
      () => api(t, "PATCH", `${A}/topic-templates/${tpl.id}`, v.secretary.cookie, { stages }),
      400,
    );
    const twice = tpl.stages.map((s: any) => ({ ...s, key: "same" }));
    await unchanged(
      () => api(t, "PATCH", `${A}/topic-templates/${tpl.id}`, v.secretary.cookie, { stages: twice }),
      400,
    );
  });
});

describe("a parking request becomes a community-tier topic", () => {
  it("staff raise it from the request with 四轴联动, the property company and the owners' committee invited", async () => {
    requestId = await submit(t, A, v.r0.cookie, {
      title: "小区停车难，夜间乱停车",
      place: { type: "household" },
    });
    const set = settings.participantSets.find((s: any) => s.name === "四轴联动");
    const topic = await ok(
      await api(t, "POST", `${A}/topics`, v.secretary.cookie, {
        title: "矿山路停车难怎么解决",
        description: "居民反映夜间停车难",
        tier: "community",
        participantSetId: set.id,
        organisationIds: [v.a.propertyOrgId],
        origin: { kind: "request", id: requestId },
        text: "由居民诉求转为议题",
      }),
    );
    parkingTopic = topic.id;
    expect(topic).toMatchObject({
      tier: "community",
      status: "open",
      originKind: "request",
      originId: requestId,
      stage: { key: "collect", nameZh: "收集" },
      templateName: "X+7",
      participant: true,
      participantSet: { name: "四轴联动" },
    });
    expect(topic.parties.map((p: any) => p.id).sort()).toEqual([v.unitId, v.a.propertyOrgId].sort());
    expect(topic.records).toHaveLength(1);
    const events = await t.db
      .selectFrom("domain_event")
      .select(["type", "payload"])
      .where("type", "=", "topic.created")
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.payload)).not.toMatch(/王阿姨|1380/);
  });

  it("the request side finds it: 转为议题 #…, for the submitter and for staff", async () => {
    const mine = await ok(
      await api(t, "GET", `${A}/topics/by-origin?kind=request&id=${requestId}`, v.r0.cookie),
    );
    expect(mine.items).toEqual([
      expect.objectContaining({ id: parkingTopic, title: "矿山路停车难怎么解决" }),
    ]);
    const staff = await ok(
      await api(t, "GET", `${A}/topics/by-origin?kind=request&id=${requestId}`, v.gw1.cookie),
    );
    expect(staff.items).toHaveLength(1);
  });

  it("advancing records who, when, text and attachments; a forbidden skip is refused and stores nothing", async () => {
    // photos as the request upload path stores them: two on the parking request in A, one on a request in C
    const photo = async (communityId: number, reqId: number) =>
      (
        await t.db
          .insertInto("request_photo")
          .values({
            community_id: communityId,
            request_id: reqId,
            stage: "submit",
            mime: "image/png",
            byte_size: 4,
            sha256: "0".repeat(64),
            bytes: new Uint8Array([137, 80, 78, 71]),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const [p1, p2] = [await photo(v.w.a.id, requestId), await photo(v.w.a.id, requestId)];
    const outsider = await createResidentUser(t.db, v.w.c.id, v.w.c.households[0]!.id, "外社区居民");
    const inC = await submit(t, `/api/communities/${v.w.c.id}`, await sessionCookie(t, outsider.id), {
      title: "别的社区的诉求",
    });
    const pC = await photo(v.w.c.id, inC);
    for (const forged of [[999_999], [p1, pC]]) {
      const err = await unchanged(
        () =>
          api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
            text: "议事会定题",
            attachments: forged,
          }),
        400,
      );
      expect(err.code).toBe("VALIDATION");
      expect(JSON.stringify(err)).toContain("本社区上传");
    }
    const moved = await ok(
      await api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
        text: "议事会定题：规划夜间停车位",
        attachments: [p1, p2],
      }),
    );
    expect(moved.stage.key).toBe("set_topic");
    const rec = moved.records.at(-1);
    expect(rec).toMatchObject({
      action: "entered",
      text: "议事会定题：规划夜间停车位",
      attachments: [p1, p2],
    });
    expect(rec.actorName).toBe("社区书记");
    const deliberate = moved.stages.find((s: any) => s.key === "deliberate");
    const err = await unchanged(
      () =>
        api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
          toStageId: deliberate.id,
          text: "跳过准备",
        }),
      409,
    );
    expect(err.code).toBe("STAGE_NOT_SKIPPABLE");
    expect(err.message.zh ?? err.zh ?? JSON.stringify(err)).toMatch(/准备与公示/);
  });

  it("a grid worker cannot advance a community-wide topic; a resident cannot either", async () => {
    await unchanged(
      () => api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.gw1.cookie, { text: "x" }),
      403,
    );
    await unchanged(
      () => api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.r0.cookie, { text: "x" }),
      403,
    );
  });

  it("through 协商 and 决议 to 公示决议 (public by default); 实施 before the notice period is refused", async () => {
    for (const text of ["准备材料并公示议事会时间", "议事会协商：物业、业委会参加", "决议：夜间开放临时车位"])
      await ok(await api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, { text }));
    const pub = await ok(
      await api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
        text: "决议公示五个工作日",
      }),
    );
    expect(pub.stage.key).toBe("publish_resolution");
    expect(pub.records.at(-1).isPublic).toBe(true);
    expect(pub.noticeEndsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the resolution is a 公示 in notices: the community topic's is public (no sign-in needed)
    const notices = await ok(await api(t, "GET", `${A}/public-notices`, null));
    const publicity = notices.items.find((n: { title: string }) => n.title.endsWith(pub.title));
    expect(publicity).toMatchObject({ kind: "publicity", title: `决议公示：${pub.title}` });
    const err = await unchanged(
      () => api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, { text: "开始实施" }),
      409,
    );
    expect(err.code).toBe("NOTICE_PERIOD");
  });

  it("participants comment on a topic; a party not invited may not", async () => {
    const c = await ok(
      await api(t, "POST", `${A}/comments`, v.r0.cookie, {
        subjectKind: "topic",
        subjectId: parkingTopic,
        body: "夜间开放车位，建议加装照明",
      }),
    );
    expect(c.status).toBe("visible");
    const thread = await ok(
      await api(t, "GET", `${A}/comments?subjectKind=topic&subjectId=${parkingTopic}`, v.r0.cookie),
    );
    expect(thread.items.map((i: { body: string }) => i.body)).toContain("夜间开放车位，建议加装照明");
    await unchanged(
      () =>
        api(t, "POST", `${A}/comments`, v.otherUnitRep.cookie, {
          subjectKind: "topic",
          subjectId: parkingTopic,
          body: "未受邀单位的评论",
        }),
      403,
    );
  });

  it("after the notice period (working days) 实施 may start and link the implementing request", async () => {
    await backdate(parkingTopic, 20);
    const impl = await ok(
      await api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
        text: "物业划线施工",
        implementationRequestId: requestId,
      }),
    );
    expect(impl.stage.key).toBe("implement");
    expect(impl.implementationRequestId).toBe(requestId);
    const events = await t.db
      .selectFrom("domain_event")
      .select("type")
      .where("type", "=", "topic.stage_changed")
      .execute();
    expect(events).toHaveLength(6);
  });

  it("in 评议 participants rate once each (a second rating replaces the first); the summary is shown", async () => {
    await unchanged(
      () => api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.r0.cookie, { rating: "good" }),
      409,
    );
    await ok(
      await api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, { text: "请居民评议" }),
    );
    await ok(await api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.r0.cookie, { rating: "poor" }));
    await ok(
      await api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.r0.cookie, {
        rating: "good",
        comment: "车好停了",
      }),
    );
    const d = await ok(
      await api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.r2.cookie, { rating: "average" }),
    );
    expect(d.ratings).toMatchObject({ rated: 2, good: 1, average: 1, poor: 0, satisfactionPct: 50 });
    // the co-building unit is invited through the participant set: its representative rates too
    const u = await ok(
      await api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.unitRep.cookie, { rating: "good" }),
    );
    expect(u.ratings.rated).toBe(3);
    // an uninvited unit may not
    await unchanged(
      () => api(t, "PUT", `${A}/topics/${parkingTopic}/my-rating`, v.otherUnitRep.cookie, { rating: "good" }),
      403,
    );
  });

  it("at the last stage there is nowhere to go", async () => {
    await unchanged(
      () => api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, { text: "结束" }),
      409,
    );
  });
});

describe("building-tier topics: who sees which records", () => {
  let b2Topic: number;
  it("a grid worker raises a topic in a building of their grid, not in another grid's", async () => {
    await unchanged(
      () =>
        api(t, "POST", `${A}/topics`, v.gw1.cookie, {
          title: "2栋加装电梯",
          tier: "building",
          buildingId: v.a.buildings[1]!.id,
        }),
      403,
    );
    const topic = await ok(
      await api(t, "POST", `${A}/topics`, v.gw2.cookie, {
        title: "2栋加装电梯",
        tier: "building",
        buildingId: v.a.buildings[1]!.id,
        text: "内部讨论：费用分摊初稿",
      }),
    );
    b2Topic = topic.id;
    expect(topic.placeName).toContain("2栋");
    await ok(
      await api(t, "POST", `${A}/topics/${b2Topic}/advance`, v.gw2.cookie, {
        text: "公开：征集意见",
        isPublic: true,
      }),
    );
  });

  it("a building-1 resident sees only its public records; a building-2 resident sees all", async () => {
    const other = await ok(await api(t, "GET", `${A}/topics/${b2Topic}`, v.r0.cookie));
    expect(other.participant).toBe(false);
    expect(other.records.map((r: any) => r.text)).toEqual(["公开：征集意见"]);
    expect(other.records[0].actorName).toBeNull();
    const own = await ok(await api(t, "GET", `${A}/topics/${b2Topic}`, v.r2.cookie));
    expect(own.participant).toBe(true);
    expect(own.records.map((r: any) => r.text)).toEqual(["内部讨论：费用分摊初稿", "公开：征集意见"]);
  });

  it("a resident's list shows topics of their places only; a resident of another community sees nothing", async () => {
    const r0 = await ok(await api(t, "GET", "/api/me/topics", v.r0.cookie));
    expect(r0.items.map((x: any) => x.id)).toContain(parkingTopic);
    expect(r0.items.map((x: any) => x.id)).not.toContain(b2Topic);
    const r2 = await ok(await api(t, "GET", "/api/me/topics", v.r2.cookie));
    expect(r2.items.map((x: any) => x.id)).toContain(b2Topic);
    const o = await createResidentUser(t.db, v.w.c.id, v.w.c.households[0]!.id, "外社区居民");
    const cookie = await sessionCookie(t, o.id);
    await unchanged(() => api(t, "GET", `${A}/topics/${b2Topic}`, cookie), 403);
    // an estate's topic reaches the estate's residents, not another community's
    const estateTopic = await ok(
      await api(t, "POST", `${A}/topics`, v.worker.cookie, {
        title: "小区大门改造",
        tier: "estate",
        estateId: v.a.estateId,
      }),
    );
    const withEstate = await ok(await api(t, "GET", "/api/me/topics", v.r0.cookie));
    expect(withEstate.items.map((x: any) => x.id)).toContain(estateTopic.id);
    const theirs = await ok(await api(t, "GET", "/api/me/topics", cookie));
    expect(theirs.items.filter((x: any) => x.communityId === v.a.id)).toEqual([]);
    // the list is one statement compiled once: callers in turn get their own lists, not the first one's
    const again = await ok(await api(t, "GET", "/api/me/topics", v.r2.cookie));
    expect(again.items.map((x: any) => x.id)).toContain(b2Topic);
    expect(again.items.map((x: any) => x.id)).toContain(estateTopic.id);
  });

  it("the staff list: a grid worker sees their grid's and community-wide topics; a street official reads across", async () => {
    const gw1 = await ok(await api(t, "GET", `${A}/topics`, v.gw1.cookie));
    expect(gw1.items.map((x: any) => x.id)).toEqual([parkingTopic]);
    const gw2 = await ok(await api(t, "GET", `${A}/topics?tier=building`, v.gw2.cookie));
    expect(gw2.items.map((x: any) => x.id)).toEqual([b2Topic]);
    const street = await ok(await api(t, "GET", `${A}/topics?q=电梯`, v.street.cookie));
    expect(street.items.map((x: any) => x.id)).toEqual([b2Topic]);
    await unchanged(
      () => api(t, "POST", `${A}/topics/${b2Topic}/advance`, v.street.cookie, { text: "街道推进" }),
      403,
    );
  });

  it("the export is an .xlsx of the list, audited", async () => {
    const res = await api(t, "GET", `${A}/topics/export.xlsx`, v.secretary.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    // the parking topic, the estate's gate and building 2's elevator
    expect(res.headers["x-linli-export-rows"]).toBe("3");
    await unchanged(() => api(t, "GET", `${A}/topics/export.xlsx`, v.head.cookie), 403);
  });
});

describe("residents' proposals", () => {
  let proposal: number;
  it("a resident proposes at their building; their household supports it first", async () => {
    const p = await ok(
      await api(t, "POST", `${A}/proposals`, v.r0.cookie, {
        title: "楼道加装扶手",
        description: "老人上下楼不方便",
        tier: "building",
      }),
    );
    proposal = p.id;
    expect(p).toMatchObject({ status: "proposal", supports: 1, mySupport: true, originKind: "proposal" });
    expect(p.can.support).toBe(false);
  });

  it("a second support from the same household is refused and stores nothing", async () => {
    // r1 lives in another household of building 1; a second person of r0's household is refused
    const same = await createResidentUser(t.db, v.a.id, v.r0.householdId, "王阿姨家人");
    const cookie = await sessionCookie(t, same.id);
    const err = await unchanged(() => api(t, "POST", `${A}/topics/${proposal}/support`, cookie, {}), 409);
    expect(err.code).toBe("ALREADY_SUPPORTED");
  });

  it("a resident of another building may not support it; advancing a proposal is refused", async () => {
    await unchanged(() => api(t, "POST", `${A}/topics/${proposal}/support`, v.r2.cookie, {}), 403);
    await unchanged(
      () => api(t, "POST", `${A}/topics/${proposal}/advance`, v.secretary.cookie, { text: "x" }),
      409,
    );
  });

  it("when supporting households reach the threshold (2 here) the proposal becomes a topic", async () => {
    const s = await ok(await api(t, "POST", `${A}/topics/${proposal}/support`, v.r1.cookie, {}));
    expect(s).toEqual({ supports: 2, status: "open", threshold: 2 });
    const ev = await t.db
      .selectFrom("domain_event")
      .select("payload")
      .where("type", "=", "topic.created")
      .where("aggregate_id", "=", proposal)
      .execute();
    expect(ev).toHaveLength(1);
    await unchanged(() => api(t, "POST", `${A}/topics/${proposal}/support`, v.r1.cookie, {}), 409);
  });
});

describe("bad input", () => {
  it("oversized text, an unknown place, a stage of another template, a missing topic: 4xx, nothing stored", async () => {
    await unchanged(
      () => api(t, "POST", `${A}/topics`, v.secretary.cookie, { title: "x".repeat(81), tier: "community" }),
      400,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/topics/${parkingTopic}/advance`, v.secretary.cookie, {
          text: "长".repeat(2001),
        }),
      400,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/topics`, v.secretary.cookie, {
          title: "外社区楼栋",
          tier: "building",
          buildingId: v.w.c.buildings[0]!.id,
        }),
      400,
    );
    await unchanged(
      () => api(t, "POST", `${A}/topics`, v.secretary.cookie, { title: "无楼栋", tier: "building" }),
      400,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/topics`, v.secretary.cookie, {
          title: "来自不存在的诉求",
          tier: "community",
          origin: { kind: "request", id: 999999 },
        }),
      404,
    );
    await unchanged(() => api(t, "GET", `${A}/topics/999999`, v.secretary.cookie), 404);
    await unchanged(() => api(t, "POST", `${A}/topic-templates`, v.secretary.cookie, { name: "X+7" }), 409);
  });
});
