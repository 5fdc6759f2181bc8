// Matching through the real API (T4): a need (a request of kind need) gets the community's volunteers
// ranked by skill, nearness on the place tree, stated availability and fairness (fewest certified hours
// in 30 days first), each with its reasons in words; staff assign (audited), the volunteer declines and
// the next one is suggested, who accepts. Availability is stated only by team members.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { rank } from "./matching.service.ts";

let t: TestApp;
let v: VoiceWorld;
let V: string;
let needId: number;
const x: { id: number; cookie: string }[] = [];

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function refused(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  V = `${v.A}/volunteering`;
  // x0, x1 live in 张大爷's household (the need's building) and deliver meals; x2 elsewhere, reads
  for (const [i, hh] of [
    [0, 2],
    [1, 2],
    [2, 0],
  ] as const) {
    const r = await createResidentUser(t.db, v.a.id, v.a.households[hh]!.id, `志愿者${i}`);
    x.push({ id: r.id, cookie: await sessionCookie(t, r.id) });
  }
  const team = async (name: string, skills: string[], leader: number, members: number[]) => {
    const { id } = await ok(
      await api(t, "POST", `${V}/teams`, v.secretary.cookie, { name, skills, leaderUserId: leader }),
    );
    if (members.length)
      await t.db
        .insertInto("vol_team_member")
        .values(
          members.map((u) => ({
            community_id: v.a.id,
            team_id: id,
            user_id: u,
            role: "member" as const,
            status: "active" as const,
          })),
        )
        .execute();
  };
  await team("帮跑团", ["送餐"], x[0]!.id, [x[1]!.id, v.r2.id]);
  await team("读书会", ["读书"], x[2]!.id, []);
  // x0 served 2 hours this month
  const act = await t.db
    .insertInto("vol_activity")
    .values({
      community_id: v.a.id,
      organiser_id: v.secretary.id,
      title: "送餐",
      place: "食堂",
      starts_at: new Date(Date.now() - 5 * 86_400_000),
      ends_at: new Date(Date.now() - 5 * 86_400_000 + 7_200_000),
      capacity: 5,
      skills: "[]",
      team_id: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("vol_attendance")
    .values({
      community_id: v.a.id,
      activity_id: act.id,
      user_id: x[0]!.id,
      check_in_at: new Date(Date.now() - 5 * 86_400_000),
      check_in_method: "organiser",
      check_out_at: new Date(Date.now() - 5 * 86_400_000 + 7_200_000),
      check_out_method: "organiser",
      recorded_by: v.secretary.id,
      minutes: 120,
      certified_by: v.secretary.id,
      certified_at: new Date(Date.now() - 4 * 86_400_000),
    })
    .execute();
  needId = await submit(t, v.A, v.r2.cookie, {
    kind: "need",
    categoryCode: "elderly_care",
    title: "腿脚不便，需要有人送餐",
  });
});
afterAll(async () => {
  await t?.close();
});

describe("matching (T4)", () => {
  it("a team member states availability; someone in no team is refused", async () => {
    await refused(
      await api(t, "PUT", `${V}/me/availability`, v.r0.cookie, { weekdays: [1], bands: ["morning"] }),
      403,
    );
    const all = [1, 2, 3, 4, 5, 6, 7];
    const mine = await ok(
      await api(t, "PUT", `${V}/me/availability`, x[1]!.cookie, {
        weekdays: all,
        bands: ["morning", "evening"],
        skills: ["助餐"],
      }),
    );
    expect(mine).toMatchObject({
      volunteer: true,
      stated: true,
      weekdays: all,
      bands: ["morning", "evening"],
    });
    await refused(
      await api(t, "PUT", `${V}/me/availability`, x[1]!.cookie, { weekdays: [8], bands: [] }),
      400,
    );
  });

  it("staff see the need's ranked suggestions with reasons; the submitter is never suggested", async () => {
    await refused(await api(t, "GET", `${V}/needs`, v.r0.cookie), 403);
    await refused(await api(t, "GET", `${V}/needs/${needId}/suggestions`, v.gw1.cookie), 403);
    const needs = await ok(await api(t, "GET", `${V}/needs`, v.worker.cookie));
    expect(needs.needs.map((n: any) => n.requestId)).toContain(needId);
    const s = await ok(await api(t, "GET", `${V}/needs/${needId}/suggestions`, v.worker.cookie));
    expect(s.proximity).toBe("place-tree");
    expect(s.need.place).not.toMatch(/\d{3,}室/);
    const ids = s.suggestions.map((x: any) => x.userId);
    expect(ids).not.toContain(v.r2.id);
    // x1: skill, same building, available, no hours; x0: skill, same building, 2 h; x2: no skill, elsewhere
    expect(ids).toEqual([x[1]!.id, x[0]!.id, x[2]!.id]);
    const zh = (i: number) => s.suggestions[i].reasons.map((r: any) => r.zh);
    expect(zh(0)).toEqual(
      expect.arrayContaining(["技能对口：送餐", "住在同一栋楼", "近30天还没有服务时长，优先安排"]),
    );
    expect(zh(1)).toContain("近30天已服务2小时");
    expect(s.suggestions[0].reasons[0].en).toBe("Skill matches: 送餐");
  });

  it("staff assign (audited); the volunteer declines and the next is suggested, who accepts", async () => {
    const A = `${V}/needs/${needId}/assign`;
    await refused(await api(t, "POST", A, v.r0.cookie, { userId: x[1]!.id }), 403);
    await refused(await api(t, "POST", A, v.worker.cookie, { userId: v.r2.id }), 400);
    const { assignmentId } = await ok(await api(t, "POST", A, v.worker.cookie, { userId: x[1]!.id }));
    await refused(await api(t, "POST", A, v.worker.cookie, { userId: x[0]!.id }), 409);
    const mine = await ok(await api(t, "GET", "/api/me/need-assignments", x[1]!.cookie));
    expect(mine.assignments[0]).toMatchObject({
      id: assignmentId,
      status: "assigned",
      title: "腿脚不便，需要有人送餐",
    });
    // only the volunteer answers
    await refused(
      await api(t, "POST", `${V}/need-assignments/${assignmentId}/answer`, x[0]!.cookie, { accept: true }),
      404,
    );
    expect(
      await ok(
        await api(t, "POST", `${V}/need-assignments/${assignmentId}/answer`, x[1]!.cookie, { accept: false }),
      ),
    ).toEqual({ status: "declined" });
    await refused(
      await api(t, "POST", `${V}/need-assignments/${assignmentId}/answer`, x[1]!.cookie, { accept: true }),
      409,
    );
    const s = await ok(await api(t, "GET", `${V}/needs/${needId}/suggestions`, v.worker.cookie));
    expect(s.suggestions[0].userId).toBe(x[0]!.id);
    expect(s.need).toMatchObject({ assignment: null, declined: 1 });
    const second = await ok(await api(t, "POST", A, v.worker.cookie, { userId: x[0]!.id }));
    await ok(
      await api(t, "POST", `${V}/need-assignments/${second.assignmentId}/answer`, x[0]!.cookie, {
        accept: true,
      }),
    );
    const needs = await ok(await api(t, "GET", `${V}/needs`, v.worker.cookie));
    expect(needs.needs.find((n: any) => n.requestId === needId).assignment).toMatchObject({
      userId: x[0]!.id,
      status: "accepted",
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("actor_user_id")
      .where("action", "=", "volunteering.need.assign")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("ranking: fairness breaks ties (fewest recent hours first), availability counts the next three days", () => {
    const need = {
      title: "代购",
      category_zh: "代购代买",
      category_code: "errand",
      building_id: 1,
      estate_id: 1,
      grid_id: 1,
    };
    const base = { teams: ["t"], skills: ["代购"], home: null, availability: null };
    const out = rank(
      need,
      [
        { ...base, userId: 1, name: "a", recentMinutes: 300 },
        { ...base, userId: 2, name: "b", recentMinutes: 0 },
        {
          ...base,
          userId: 3,
          name: "c",
          recentMinutes: 0,
          availability: { weekdays: [], bands: ["morning"] },
        },
      ],
      new Date(),
    );
    expect(out.map((o) => o.userId)).toEqual([2, 3, 1]);
    expect(out[1]!.reasons.map((r) => r.zh)).toContain("近三天不在可服务时间");
  });
});
