// Bad input (ENGINEERING.md "Testing"): every route that takes input rejects malformed, wrongly typed,
// oversized and out-of-scope input with a clear 4xx (a code and messages in Chinese and English), and
// leaves the stored data exactly as it was. The caller is a system admin, so that authorization never
// hides what input validation does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAccount, post } from "../src/modules/core/ledger/ledger.service.ts";
import { signInCodeAt } from "../src/modules/deliberation/meetings/meetings.service.ts";
import { DEFAULT_KINDS } from "../src/modules/lifecircle/network/kinds.ts";
import { residentPointsCode } from "../src/modules/points/points/points.service.ts";
import {
  createPendingResident,
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "./test-app.ts";

type World = Awaited<ReturnType<typeof createWorld>>;

interface Sent {
  method: string;
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
}

let t: TestApp;
let w: World;
let cookie: string;
let doc: any;
/** Values for the path parameters of a valid request inside community A. */
let params: Record<string, number | string>;
/** Requests that name things outside community A (or nothing at all), by route. */
let outOfScope: Record<string, { url: string; payload?: object; status: number }[]>;
/** The spaces and the rating of bad-input's world (see the ratings cases at the end). */
let ratings: { subjectInA: number; subjectInC: number; ratingInA: number };
let points: { itemInA: number; itemInC: number };
/** A points-mall item in A and in C, each with stock. */
let mall: { itemInA: number; itemInC: number };
/** The space of bad-input's world in A, its pending booking (09:00–11:00 on its day) and the booker. */
let spacesA: { spaceId: number; bookingId: number; day: string; bookerId: number };
/** The notice and comment of bad-input's world in A (see the comments cases at the end). */
let deliberation: { noticeInA: number; commentInA: number };
/** The topics, templates and participant sets of bad-input's world, in A and in C. */
let topics: Record<"a" | "c", { templateId: number; stageIds: number[]; setId: number; topicId: number }>;
/** Projects of bad-input's world, in A and in C (see projectIn). */
let projects: Record<
  "a" | "c",
  {
    id: number;
    sourceId: number;
    targetId: number;
    pledgeId: number;
    taskId: number;
    claimId: number;
    bookingId: number;
  }
>;
/** Surveys of bad-input's world: an open one in A (household answers) and one in C. */
let surveys: { inA: number; inC: number };
/** A meeting of community A, an hour from now (see the meetings cases at the end). */
let meetings: { inA: number };
/** Contests of bad-input's world: an open 金点子 call of A (the admin judges round 1) and one of C. */
let contests: { inA: number; entryInA: number; inC: number; entryInC: number; adminId: number };
const meetingBody = () => ({
  kind: "opinion",
  title: "架空层改造意见征集会",
  startsAt: new Date(Date.now() + 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 7_200_000).toISOString(),
});

const NEW_CONTEST = {
  title: "金点子大赛",
  scope: "community",
  submitFrom: new Date(Date.now() - 3_600_000).toISOString(),
  submitTo: new Date(Date.now() + 86_400_000).toISOString(),
  criteria: [{ name: "可行性", weight: 1 }],
};

const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);
/** Routes that read no body and no path parameter: nothing there can be "wrongly typed". */
const NO_INPUT = ["POST /api/auth/sign-out", "POST /api/me/notifications/read-all"];

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const admin = await createUser(t.db, "系统管理员");
  await grant(t.db, admin.id, "system_admin", "global", null);
  cookie = await sessionCookie(t, admin.id);
  doc = t.app.swagger();

  const { a, c } = w;
  const role = async (communityId: number, gridId: number) =>
    (
      await t.db
        .insertInto("role_assignment")
        .values({
          user_id: (await createUser(t.db, "网格员")).id,
          role: "grid_worker",
          scope_type: "grid",
          scope_community_id: communityId,
          scope_id: gridId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const roleInA = await role(a.id, a.grids[0]!);
  const roleInC = await role(c.id, c.grids[0]!);
  const pendingInA = await createPendingResident(t.db, a.id);
  const pendingInC = await createPendingResident(t.db, c.id);
  const grantee = await createUser(t.db, "受托人");
  const notificationOf = async (userId: number) =>
    Number(
      (
        await t.db
          .insertInto("notification")
          .values({ user_id: userId, kind: "test", title_zh: "通知", title_en: "Note" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const ownNotification = await notificationOf(admin.id);
  const othersNotification = await notificationOf(grantee.id);
  // resident voice: a request, a wish with a claim, a resource, an Open311 key and an opinion in A
  const categoryOf = async (communityId: number) =>
    (
      await t.db
        .insertInto("request_category")
        .values({ community_id: communityId, code: "bad-input", name_zh: "测试", name_en: "Test" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const categoryInA = await categoryOf(a.id);
  const categoryInC = await categoryOf(c.id);
  const requestIn = async (communityId: number, categoryId: number, kind: "problem" | "wish" | "need") =>
    Number(
      (
        await t.db
          .insertInto("request")
          .values({
            community_id: communityId,
            kind,
            category_id: categoryId,
            title: kind === "wish" ? "想要一个书架" : "楼道灯不亮",
            status: "submitted",
            channel: "app",
            sign_due_at: new Date(Date.now() + 86_400_000),
            solve_due_at: new Date(Date.now() + 5 * 86_400_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const requestInA = await requestIn(a.id, categoryInA, "problem");
  const requestInC = await requestIn(c.id, categoryInC, "problem");
  const wishInA = await requestIn(a.id, categoryInA, "wish");
  const claimInA = (
    await t.db
      .insertInto("request_claim")
      .values({
        community_id: a.id,
        request_id: wishInA,
        claimant_user_id: admin.id,
        claimant_kind: "volunteer",
        promise_date: "2026-12-31",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const resourceIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("resource")
        .values({ community_id: communityId, kind: "skill", title: "义务理发" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const resourceInA = await resourceIn(a.id);
  const resourceInC = await resourceIn(c.id);
  const keyIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("open311_api_key")
        .values({
          name: "测试客户端",
          key_hash: `hash-${communityId}-${Math.random()}`,
          key_prefix: "test",
          scope_community_id: communityId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const keyInA = await keyIn(a.id);
  const keyInC = await keyIn(c.id);
  const opinionIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("opinion")
        .values({
          community_id: communityId,
          tracking_code: `code${communityId}${Math.random().toString(36).slice(2, 8)}`,
          text: "建议增加休息座椅",
          feedback_due_at: new Date(Date.now() + 7 * 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const opinionInA = await opinionIn(a.id);
  const opinionInC = await opinionIn(c.id);
  // ratings of spaces and services: a space in A and in C, each with a poor rating of a resident
  const subjectIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("rating_subject")
        .values({ community_id: communityId, kind: "space", name: "聚邻空间" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const subjectInA = await subjectIn(a.id);
  const subjectInC = await subjectIn(c.id);
  const ratingIn = async (communityId: number, subjectId: number, residentId: number) =>
    Number(
      (
        await t.db
          .insertInto("subject_rating")
          .values({
            community_id: communityId,
            subject_id: subjectId,
            resident_id: residentId,
            rating: "poor",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const ratingInA = await ratingIn(a.id, subjectInA, a.residents[0]!.id);
  const ratingInC = await ratingIn(c.id, subjectInC, c.residents[0]!.id);
  ratings = { subjectInA, subjectInC, ratingInA };
  // points: a standard with one item in A and in C
  const pointsItemIn = async (communityId: number) => {
    const standard = await t.db
      .insertInto("points_standard")
      .values({
        community_id: communityId,
        version: 1,
        adopted_via_kind: "survey",
        adopted_via_id: 1,
        adopted_on: "2026-12-01",
        year_end_rule: "carry_over",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return (
      await t.db
        .insertInto("points_item")
        .values({
          community_id: communityId,
          standard_id: standard.id,
          code: "clean_up",
          name_zh: "环境整治",
          name_en: "Clean-up",
          category: "environment",
          points: 5,
          evidence_required: false,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  };
  points = { itemInA: await pointsItemIn(a.id), itemInC: await pointsItemIn(c.id) };
  // the points mall: an item with stock in A and in C
  const mallItemIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("mall_item")
        .values({
          community_id: communityId,
          kind: "goods",
          name: "大米",
          org_id: null,
          price_points: 10,
          unit_value_fen: 2500,
          stock: 5,
          pickup_place: "爱心超市",
          limit_count: null,
          limit_period: null,
          photo_file_id: null,
          created_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  mall = { itemInA: await mallItemIn(a.id), itemInC: await mallItemIn(c.id) };
  // deliberation: a live residents' notice of building 1 in A and in C, each with a comment
  const noticeIn = async (communityId: number, buildingId: number) =>
    (
      await t.db
        .insertInto("notice")
        .values({
          community_id: communityId,
          kind: "announcement",
          title: "停水通知",
          body: "明日停水",
          building_id: buildingId,
          visibility: "residents",
          status: "published",
          published_at: new Date(Date.now() - 60_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const noticeInA = await noticeIn(a.id, a.buildings[0]!.id);
  const noticeInC = await noticeIn(c.id, c.buildings[0]!.id);
  const commentIn = async (communityId: number, noticeId: number) =>
    Number(
      (
        await t.db
          .insertInto("comment")
          .values({
            community_id: communityId,
            subject_kind: "notice",
            subject_id: noticeId,
            author_user_id: grantee.id,
            author_name: "受托人",
            body: "同意",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const commentInA = await commentIn(a.id, noticeInA);
  const commentInC = await commentIn(c.id, noticeInC);
  deliberation = { noticeInA, commentInA };
  // deliberation topics: a template with two fixed stages, a participant set and an open topic in A and in C
  const topicIn = async (communityId: number) => {
    const tpl = await t.db
      .insertInto("topic_template")
      .values({ community_id: communityId, name: "坏输入模板" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const stages = await t.db
      .insertInto("topic_template_stage")
      .values(
        ["collect", "deliberate", "resolve"].map((key, i) => ({
          community_id: communityId,
          template_id: tpl.id,
          position: i + 1,
          key,
          name_zh: key,
          name_en: key,
        })),
      )
      .returning("id")
      .execute();
    const set = await t.db
      .insertInto("topic_participant_set")
      .values({ community_id: communityId, name: "四轴联动", members: "[]" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const topic = await t.db
      .insertInto("topic")
      .values({
        community_id: communityId,
        title: "停车难",
        tier: "community",
        template_id: tpl.id,
        stage_id: stages[0]!.id,
        origin_kind: "staff",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { templateId: tpl.id, stageIds: stages.map((x) => x.id), setId: set.id, topicId: topic.id };
  };
  topics = { a: await topicIn(a.id), c: await topicIn(c.id) };
  const surveyIn = async (communityId: number, extra: Record<string, unknown> = {}) =>
    (
      await t.db
        .insertInto("survey")
        .values({
          community_id: communityId,
          title: "架空层改造调研",
          answer_per: "household",
          questions: JSON.stringify(SURVEY_QUESTIONS),
          opens_at: new Date(Date.now() - 3_600_000),
          closes_at: new Date(Date.now() + 86_400_000),
          published_at: new Date(),
          ...extra,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  surveys = { inA: await surveyIn(a.id), inC: await surveyIn(c.id) };
  const meetingIn = async (communityId: number) =>
    (
      await t.db
        .insertInto("meeting")
        .values({
          community_id: communityId,
          kind: "opinion",
          title: "意见征集会",
          starts_at: new Date(Date.now() + 3_600_000),
          ends_at: new Date(Date.now() + 7_200_000),
          reminded_at: null,
          series_id: null,
          estate_id: null,
          building_id: null,
          grid_id: null,
          topic_id: null,
          created_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const meetingInA = await meetingIn(a.id);
  const meetingInC = await meetingIn(c.id);
  // a drawn lottery (an empty list) in A and an open one in C
  const lotteryIn = async (communityId: number, drawn: boolean) =>
    (
      await t.db
        .insertInto("lottery")
        .values({
          community_id: communityId,
          title: "车位摇号",
          places: 1,
          opens_at: new Date(Date.now() - 7_200_000),
          closes_at: new Date(Date.now() + (drawn ? -3_600_000 : 3_600_000)),
          commitment: "0".repeat(64),
          ...(drawn
            ? {
                frozen_at: new Date(),
                list_hash: "1".repeat(64),
                applicants: 0,
                drawn_at: new Date(),
                secret: "s",
              }
            : {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const lotteryInA = await lotteryIn(a.id, true);
  const lotteryInC = await lotteryIn(c.id, false);
  meetings = { inA: meetingInA };
  const voteIn = async (communityId: number, estateId: number) =>
    (
      await t.db
        .insertInto("vote")
        .values({
          community_id: communityId,
          title: "加装电梯表决",
          estate_id: estateId,
          matter: 7,
          questions: JSON.stringify([{ text: "同意加装电梯" }]),
          opens_at: new Date(Date.now() - 3_600_000),
          closes_at: new Date(Date.now() + 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const voteInA = await voteIn(a.id, a.estateId);
  const voteInC = await voteIn(c.id, c.estateId);
  const contestIn = async (communityId: number, streetId: number, judge: number | null) => {
    const { id } = await t.db
      .insertInto("contest")
      .values({
        kind: "idea",
        title: "金点子大赛",
        scope: "community",
        district_id: w.districtId,
        street_id: streetId,
        scope_community_id: communityId,
        estate_id: null,
        building_id: null,
        submit_from: new Date(Date.now() - 3_600_000),
        submit_to: new Date(Date.now() + 86_400_000),
        criteria: JSON.stringify([
          { name: "可行性", weight: 2 },
          { name: "创新性", weight: 1 },
        ]),
        published_at: null,
        published_by: null,
        published_top: null,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("contest_round")
      .values({ contest_id: id, round_no: 1, closed_at: null, closed_by: null })
      .execute();
    if (judge)
      await t.db
        .insertInto("contest_judge")
        .values({ contest_id: id, round_no: 1, user_id: judge, added_by: null })
        .execute();
    const e = await t.db
      .insertInto("contest_entry")
      .values({
        community_id: communityId,
        contest_id: id,
        title: "加装扶手",
        project_id: null,
        resident_id: null,
        submitted_by: null,
        adopted_at: null,
        adopted_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id, entryId: e.id };
  };
  const cA = await contestIn(a.id, w.streetA, admin.id);
  const cC = await contestIn(c.id, w.streetB, null);
  contests = { inA: cA.id, entryInA: cA.entryId, inC: cC.id, entryInC: cC.entryId, adminId: admin.id };
  // co-building projects: a community project in A (the admin its treasurer) and in C, each with a
  // funding source, a goods target and a pledge to it, a task and a claim of it
  const projectIn = async (communityId: number) => {
    const p = await t.db
      .insertInto("project")
      .values({
        community_id: communityId,
        title: "幸福食堂",
        tier: "community",
        estate_id: null,
        building_id: null,
        grid_id: null,
        origin_kind: "staff",
        origin_id: null,
        status: "crowdfunding",
        treasurer_user_id: admin.id,
        organiser_user_id: admin.id,
        design_kind: null,
        design_ref_id: null,
        design_choice: null,
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids = { community_id: communityId, project_id: p.id };
    const source = await t.db
      .insertInto("project_funding_source")
      .values({
        ...ids,
        position: 1,
        kind: "community",
        label: "社区自筹",
        organisation_id: null,
        planned_fen: 100,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const target = await t.db
      .insertInto("project_target")
      .values({ ...ids, kind: "goods", item: "桌子", quantity: 10 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pledge = await t.db
      .insertInto("project_pledge")
      .values({
        ...ids,
        target_id: target.id,
        kind: "goods",
        pledger_user_id: admin.id,
        pledger_org_id: null,
        pledger_kind: "resident",
        quantity: 2,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = await t.db
      .insertInto("project_task")
      .values({ ...ids, title: "粉刷", due_on: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const claim = await t.db
      .insertInto("project_task_claim")
      .values({
        ...ids,
        task_id: task.id,
        claimant_user_id: admin.id,
        claimant_org_id: null,
        claimant_kind: "volunteer",
        promise_date: "2099-01-01",
        status: "active",
        note: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const booking = await t.db
      .insertInto("project_booking")
      .values({
        ...ids,
        seq: 1,
        direction: "income",
        amount_fen: 100,
        balance_fen: 100,
        income_total_fen: 100,
        expense_total_fen: 0,
        memo: "首笔",
        occurred_on: "2026-12-01",
        idempotency_key: `bad-input-booking-${communityId}`,
        ledger_transaction_id: null,
        booked_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: p.id,
      sourceId: source.id,
      targetId: target.id,
      pledgeId: pledge.id,
      taskId: task.id,
      claimId: claim.id,
      bookingId: booking.id,
    };
  };
  projects = { a: await projectIn(a.id), c: await projectIn(c.id) };
  // volunteering: a team with a join request, an activity with a checked-in volunteer and a correction
  // request, in A and in C
  const volIn = async (communityId: number) => {
    const volunteer = await createUser(t.db, "志愿者");
    const team = await t.db
      .insertInto("vol_team")
      .values({ community_id: communityId, name: "坏输入队", skills: "[]", created_by: admin.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const member = await t.db
      .insertInto("vol_team_member")
      .values({
        community_id: communityId,
        team_id: team.id,
        user_id: volunteer.id,
        role: "member",
        status: "requested",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const activity = await t.db
      .insertInto("vol_activity")
      .values({
        community_id: communityId,
        team_id: team.id,
        organiser_id: admin.id,
        title: "坏输入活动",
        place: "活动室",
        starts_at: new Date(Date.now() - 3_600_000),
        ends_at: new Date(Date.now() + 3_600_000),
        capacity: 10,
        skills: "[]",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const attendance = await t.db
      .insertInto("vol_attendance")
      .values({
        community_id: communityId,
        activity_id: activity.id,
        user_id: volunteer.id,
        check_in_at: new Date(Date.now() - 1_800_000),
        check_in_method: "organiser",
        recorded_by: admin.id,
        minutes: null,
        certified_by: null,
        certified_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const correction = await t.db
      .insertInto("vol_hours_correction")
      .values({
        community_id: communityId,
        attendance_id: attendance.id,
        requested_by: volunteer.id,
        reason: "更正",
        old_minutes: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // a duty roster of the team with a future shift the volunteer is on and their swap request
    const roster = await t.db
      .insertInto("vol_roster")
      .values({
        community_id: communityId,
        team_id: team.id,
        subject: "坏输入值守",
        rule: "FREQ=WEEKLY;BYDAY=SA",
        start_time: "09:00",
        minutes: 120,
        starts_on: "2026-01-01",
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const shift = await t.db
      .insertInto("vol_shift")
      .values({
        community_id: communityId,
        roster_id: roster.id,
        starts_at: new Date(Date.now() + 86_400_000),
        ends_at: new Date(Date.now() + 90_000_000),
        reminded_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const onShift = await t.db
      .insertInto("vol_shift_assignment")
      .values({ community_id: communityId, shift_id: shift.id, user_id: volunteer.id, assigned_by: admin.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const swap = await t.db
      .insertInto("vol_shift_swap")
      .values({
        community_id: communityId,
        assignment_id: onShift.id,
        requested_by: volunteer.id,
        to_user_id: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      teamId: team.id,
      memberId: member.id,
      activityId: activity.id,
      attendanceId: attendance.id,
      correctionId: correction.id,
      userId: volunteer.id,
      rosterId: roster.id,
      shiftId: shift.id,
      swapId: swap.id,
    };
  };
  const volA = await volIn(a.id);
  const volC = await volIn(c.id);
  // the canteen: a lunch on a day ahead (open) with a delivery order of a resident, in A and in C
  const canteenIn = async (communityId: number, householdId: number) => {
    const canteen = await t.db
      .insertInto("canteen")
      .values({ community_id: communityId, name: "幸福食堂" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const meal = await t.db
      .insertInto("canteen_meal")
      .values({
        community_id: communityId,
        canteen_id: canteen.id,
        kind: "lunch",
        cutoff: "10:00",
        capacity: 100,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const menu = await t.db
      .insertInto("canteen_menu")
      .values({
        community_id: communityId,
        meal_id: meal.id,
        day,
        dishes: "[]",
        cost_fen: 2200,
        capacity: 100,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const diner = await createResidentUser(t.db, communityId, householdId, "食客");
    const order = await t.db
      .insertInto("canteen_order")
      .values({
        community_id: communityId,
        menu_id: menu.id,
        resident_id: diner.residentId,
        placed_by: diner.id,
        channel: "self",
        mode: "delivery",
        rule_id: null,
        rule_name: "全价",
        cost_fen: 2200,
        resident_fen: 2200,
        community_fen: 0,
        discount_fen: 0,
        subsidy_fen: 0,
        paid_how: null,
        paid_at: null,
        paid_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { menuId: menu.id, orderId: order.id, residentId: diner.residentId };
  };
  const canteenA = await canteenIn(a.id, a.households[0]!.id);
  const canteenC = await canteenIn(c.id, c.households[0]!.id);
  // courses (C3): a course with a past session and an enrolment, in A and in C
  const courseIn = async (communityId: number, householdId: number) => {
    const learner = await createResidentUser(t.db, communityId, householdId, "学员");
    const day = (n: number) =>
      new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const course = await t.db
      .insertInto("course")
      .values({
        community_id: communityId,
        title: "太极拳",
        teacher_name: "陈老师",
        place: "活动室",
        rule: "FREQ=WEEKLY",
        start_time: "09:30",
        minutes: 60,
        seats: 10,
        term_start: day(-7),
        term_end: day(60),
        apply_until: null,
        lottery_id: null,
        created_by: learner.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const session = await t.db
      .insertInto("course_session")
      .values({
        community_id: communityId,
        course_id: course.id,
        starts_at: new Date(Date.now() - 7 * 86_400_000),
        held_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const enrolment = await t.db
      .insertInto("course_enrolment")
      .values({
        community_id: communityId,
        course_id: course.id,
        resident_id: learner.residentId,
        user_id: learner.id,
        status: "enrolled",
        queue: 1,
        enrolled_at: new Date(),
        cancelled_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { courseId: course.id, sessionId: session.id, enrolmentId: enrolment.id };
  };
  const courseA = await courseIn(a.id, a.households[0]!.id);
  const courseC = await courseIn(c.id, c.households[0]!.id);
  // garden (C4): a plot leased to a household (its lease) and a tree it adopted, in A and in C
  const gardenIn = async (communityId: number, householdId: number) => {
    const holder = await createResidentUser(t.db, communityId, householdId, "承租人");
    const plot = await t.db
      .insertInto("garden_plot")
      .values({
        community_id: communityId,
        code: "BI-01",
        size_m2: 20,
        rent_fen: 20000,
        apply_until: null,
        lottery_id: null,
        allocated_at: null,
        created_by: holder.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const application = await t.db
      .insertInto("garden_application")
      .values({
        community_id: communityId,
        plot_id: plot.id,
        resident_id: holder.residentId,
        household_id: householdId,
        user_id: holder.id,
        status: "approved",
        decided_at: new Date(),
        decided_by: holder.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const lease = await t.db
      .insertInto("garden_lease")
      .values({
        community_id: communityId,
        plot_id: plot.id,
        application_id: application.id,
        resident_id: holder.residentId,
        household_id: householdId,
        user_id: holder.id,
        starts_on: "2026-01-01",
        ends_on: "2099-12-31",
        status: "active",
        expired_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const tree = await t.db
      .insertInto("garden_tree")
      .values({ community_id: communityId, code: "BI-T1", species: "桂花", created_by: holder.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("garden_adoption")
      .values({
        community_id: communityId,
        tree_id: tree.id,
        household_id: householdId,
        resident_id: holder.residentId,
        user_id: holder.id,
        ended_at: null,
      })
      .execute();
    return { plotId: plot.id, leaseId: lease.id, treeId: tree.id, plotApplicationId: application.id };
  };
  const gardenA = await gardenIn(a.id, a.households[0]!.id);
  const gardenC = await gardenIn(c.id, c.households[0]!.id);
  // spaces: a space open all day (bookings need approval) with a pending booking of a resident, in A and in C
  const spaceIn = async (communityId: number, householdId: number) => {
    const space = await t.db
      .insertInto("space")
      .values({
        community_id: communityId,
        name: "聚邻空间",
        estate_id: null,
        capacity: 30,
        hours: Array(7).fill("08:00-21:00"),
        convention: "爱护公物",
        rating_subject_id: null,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const booker = await createResidentUser(t.db, communityId, householdId, "预约人");
    const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const booking = await t.db
      .insertInto("space_booking")
      .values({
        community_id: communityId,
        space_id: space.id,
        resident_id: booker.residentId,
        organisation_id: null,
        meeting_id: null,
        booked_by: booker.id,
        purpose: "议事",
        attendees: 10,
        starts_at: new Date(`${day}T09:00:00+08:00`),
        ends_at: new Date(`${day}T11:00:00+08:00`),
        convention_version: 1,
        status: "pending",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { spaceId: space.id, bookingId: booking.id, day, bookerId: booker.id };
  };
  spacesA = await spaceIn(a.id, a.households[0]!.id);
  const spacesC = await spaceIn(c.id, c.households[0]!.id);
  // matching: a need in A and in C, and an assignment of C's need to C's volunteer
  const needInA = await requestIn(a.id, categoryInA, "need");
  const needInC = await requestIn(c.id, categoryInC, "need");
  const needAssignmentInA = (
    await t.db
      .insertInto("vol_need_assignment")
      .values({ community_id: a.id, request_id: needInA, user_id: volA.userId, assigned_by: admin.id })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const needAssignmentInC = (
    await t.db
      .insertInto("vol_need_assignment")
      .values({ community_id: c.id, request_id: needInC, user_id: volC.userId, assigned_by: admin.id })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  // a facility of A's life circle (the kinds written as A's rows first)
  await t.db
    .insertInto("lifecircle_kind")
    .values(
      DEFAULT_KINDS.map((k, i) => ({
        community_id: a.id,
        code: k.code,
        name_zh: k.nameZh,
        name_en: k.nameEn,
        target_minutes: k.targetMinutes,
        required: k.required,
        position: i,
      })),
    )
    .execute();
  const facilityInA = (
    await t.db
      .insertInto("lifecircle_facility")
      .values({
        community_id: a.id,
        kind_code: "market",
        name: "菜场",
        lat: 43.73,
        lon: 7.42,
        source: "entered",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  params = {
    facilityId: facilityInA,
    kindCode: "market",
    day: "2026-12-26",
    categoryId: categoryInA,
    requestId: requestInA,
    claimId: claimInA,
    resourceId: resourceInA,
    keyId: keyInA,
    opinionId: opinionInA,
    communityId: a.id,
    householdId: a.households[0]!.id,
    buildingId: a.buildings[0]!.id,
    residentId: pendingInA,
    roleId: roleInA,
    notificationId: ownNotification,
    subjectId: subjectInA,
    ratingId: ratingInA,
    noticeId: noticeInA,
    commentId: commentInA,
    surveyId: surveys.inA,
    meetingId: meetingInA,
    lotteryId: lotteryInA,
    voteId: voteInA,
    ballotId: 1,
    consumer: "figures",
    eventId: 1,
    topicId: topics.a.topicId,
    templateId: topics.a.templateId,
    setId: topics.a.setId,
    contestId: contests.inA,
    entryId: contests.entryInA,
    roundNo: 1,
    projectId: projects.a.id,
    taskId: projects.a.taskId,
    pledgeId: projects.a.pledgeId,
    bookingId: projects.a.bookingId,
    ...volA,
    orderId: canteenA.orderId,
    ...courseA,
    ...gardenA,
    assignmentId: needAssignmentInA,
    certificateId: 1,
    code: "NOSUCHCODE00",
    careTag: "living_alone",
    alertId: 1,
    itemId: mall.itemInA,
    spaceId: spacesA.spaceId,
    spaceBookingId: spacesA.bookingId,
  };

  const A = `/api/communities/${a.id}`;
  const missing = 99_999_999;
  outOfScope = {
    "POST /api/communities/:communityId/lifecircle/gaps/request": [
      {
        url: `${A}/lifecircle/gaps/request`,
        payload: { lcBuildingId: missing, kind: "market" },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/lifecircle/facilities/:facilityId": [
      { url: `${A}/lifecircle/facilities/${missing}`, payload: { name: "改名" }, status: 404 },
      {
        url: `/api/communities/${c.id}/lifecircle/facilities/${facilityInA}`,
        payload: { name: "改名" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/lifecircle/facilities/:facilityId/close": [
      { url: `${A}/lifecircle/facilities/${missing}/close`, payload: {}, status: 404 },
      {
        url: `/api/communities/${c.id}/lifecircle/facilities/${facilityInA}/close`,
        payload: {},
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/lifecircle/kinds/:kindCode": [
      { url: `${A}/lifecircle/kinds/not_a_kind`, payload: { required: true }, status: 400 },
    ],
    "POST /api/communities/:communityId/lifecircle/matches/review": [
      {
        url: `${A}/lifecircle/matches/review`,
        payload: { items: [{ buildingId: c.buildings[0]!.id, decision: "accept" }] },
        status: 404,
      },
      {
        url: `${A}/lifecircle/matches/review`,
        payload: { items: [{ buildingId: missing, decision: "reject" }] },
        status: 404,
      },
    ],
    "POST /api/contests": [
      {
        url: "/api/contests",
        payload: { ...NEW_CONTEST, communityId: missing },
        status: 404,
      },
      {
        url: "/api/contests",
        payload: { ...NEW_CONTEST, communityId: a.id, buildingId: c.buildings[0]!.id },
        status: 404,
      },
      {
        url: "/api/contests",
        payload: { ...NEW_CONTEST, communityId: a.id, judgeUserIds: [missing] },
        status: 400,
      },
      { url: "/api/contests", payload: { ...NEW_CONTEST, scope: "street", streetId: missing }, status: 404 },
    ],
    "PUT /api/contests/:contestId/rounds/:roundNo/judges": [
      { url: `/api/contests/${missing}/rounds/1/judges`, payload: { userIds: [] }, status: 404 },
      { url: `/api/contests/${contests.inA}/rounds/2/judges`, payload: { userIds: [] }, status: 404 },
      { url: `/api/contests/${contests.inA}/rounds/1/judges`, payload: { userIds: [missing] }, status: 400 },
    ],
    "POST /api/contests/:contestId/entries": [
      { url: `/api/contests/${missing}/entries`, payload: { title: "点子" }, status: 404 },
    ],
    "POST /api/contests/:contestId/entries/:entryId/support": [
      { url: `/api/contests/${missing}/entries/${contests.entryInA}/support`, status: 404 },
    ],
    "POST /api/contests/:contestId/rounds/:roundNo/scores": [
      {
        url: `/api/contests/${contests.inA}/rounds/1/scores`,
        payload: { entryId: contests.entryInC, scores: [5, 5] },
        status: 404,
      },
      {
        url: `/api/contests/${contests.inA}/rounds/1/scores`,
        payload: { entryId: missing, scores: [5, 5] },
        status: 404,
      },
    ],
    "PUT /api/contests/:contestId/rounds/:roundNo/scores/:entryId": [
      {
        url: `/api/contests/${contests.inA}/rounds/1/scores/${contests.entryInC}`,
        payload: { scores: [5, 5] },
        status: 404,
      },
    ],
    "POST /api/contests/:contestId/rounds/:roundNo/close": [
      { url: `/api/contests/${missing}/rounds/1/close`, status: 404 },
    ],
    "POST /api/contests/:contestId/rounds/:roundNo/advance": [
      {
        url: `/api/contests/${missing}/rounds/1/advance`,
        payload: { finalists: 1, judgeUserIds: [] },
        status: 404,
      },
    ],
    "POST /api/contests/:contestId/publish": [
      { url: `/api/contests/${missing}/publish`, payload: { top: 1 }, status: 404 },
    ],
    "POST /api/contests/:contestId/entries/:entryId/adopt": [
      { url: `/api/contests/${contests.inA}/entries/${contests.entryInC}/adopt`, status: 404 },
    ],
    "POST /api/communities/:communityId/estates": [
      { url: `${A}/estates`, payload: { name: "新小区", propertyOrgId: missing }, status: 404 },
    ],
    "POST /api/communities/:communityId/buildings": [
      { url: `${A}/buildings`, payload: { estateId: c.estateId, name: "新楼" }, status: 404 },
      {
        url: `${A}/buildings`,
        payload: { estateId: a.estateId, gridId: c.grids[0], name: "新楼" },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/buildings/:buildingId": [
      { url: `${A}/buildings/${c.buildings[0]!.id}`, payload: { name: "改名" }, status: 404 },
      { url: `${A}/buildings/${a.buildings[0]!.id}`, payload: { gridId: c.grids[0] }, status: 404 },
    ],
    "POST /api/communities/:communityId/units": [
      { url: `${A}/units`, payload: { buildingId: c.buildings[0]!.id, name: "9单元" }, status: 404 },
    ],
    "POST /api/communities/:communityId/households": [
      { url: `${A}/households`, payload: { buildingId: c.buildings[0]!.id, room: "901" }, status: 404 },
      {
        url: `${A}/households`,
        payload: { buildingId: a.buildings[0]!.id, unitId: c.buildings[0]!.unitId, room: "901" },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/households/:householdId": [
      { url: `${A}/households/${c.households[0]!.id}`, payload: { floor: 2 }, status: 404 },
    ],
    "POST /api/communities/:communityId/residents": [
      {
        url: `${A}/residents`,
        payload: { householdId: c.households[0]!.id, name: "外社区", relation: "family" },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/residents/:residentId": [
      { url: `${A}/residents/${c.residents[0]!.id}`, payload: { careTags: [] }, status: 404 },
    ],
    "POST /api/communities/:communityId/residents/:residentId/verify": [
      {
        url: `${A}/residents/${pendingInC}/verify`,
        payload: { householdId: a.households[0]!.id, relation: "owner" },
        status: 404,
      },
      {
        url: `${A}/residents/${pendingInA}/verify`,
        payload: { householdId: c.households[0]!.id, relation: "owner" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/residents/:residentId/reject": [
      { url: `${A}/residents/${pendingInC}/reject`, payload: { reason: "不在本社区" }, status: 404 },
    ],
    "POST /api/communities/:communityId/residents/:residentId/reveal": [
      { url: `${A}/residents/${c.residents[0]!.id}/reveal`, payload: { reason: "跨社区查看" }, status: 404 },
    ],
    "POST /api/me/residency": [
      {
        url: "/api/me/residency",
        payload: { communityId: missing, name: "申请人", claimedAddress: "1栋101", relation: "owner" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/organisations": [
      {
        url: `${A}/organisations`,
        payload: { kind: "party_branch", name: "支部", parentId: missing },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/party-members": [
      {
        url: `${A}/party-members`,
        payload: { name: "党员", kind: "resident", residentId: c.residents[0]!.id },
        status: 404,
      },
      {
        url: `${A}/party-members`,
        payload: { name: "党员", kind: "resident", householdId: c.households[0]!.id },
        status: 404,
      },
      {
        url: `${A}/party-members`,
        payload: { name: "党员", kind: "resident", branchOrgId: missing },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/roles": [
      {
        url: `${A}/roles`,
        payload: { phone: grantee.phone, role: "grid_worker", scopeType: "grid", scopeId: c.grids[0] },
        status: 403,
      },
      {
        url: `${A}/roles`,
        payload: { phone: grantee.phone, role: "community_worker", scopeType: "community", scopeId: c.id },
        status: 403,
      },
      {
        url: `${A}/roles`,
        payload: {
          phone: grantee.phone,
          role: "property_staff",
          scopeType: "organisation",
          scopeId: c.propertyOrgId,
        },
        status: 403,
      },
    ],
    "DELETE /api/communities/:communityId/roles/:roleId": [{ url: `${A}/roles/${roleInC}`, status: 404 }],
    // the calendar is national: "outside" means a day that does not exist or is not listed
    "PUT /api/calendar/days/:day": [
      {
        url: "/api/calendar/days/2026-02-30",
        payload: { kind: "holiday", name: "不存在的日子" },
        status: 400,
      },
    ],
    "DELETE /api/calendar/days/:day": [{ url: "/api/calendar/days/1999-01-04", status: 404 }],
    "PATCH /api/communities/:communityId/categories/:categoryId": [
      { url: `${A}/categories/${categoryInC}`, payload: { signDays: 2 }, status: 404 },
    ],
    "POST /api/communities/:communityId/requests": [
      {
        url: `${A}/requests`,
        payload: {
          kind: "problem",
          categoryId: categoryInC,
          title: "路灯坏了",
          place: { type: "building", buildingId: a.buildings[0]!.id },
        },
        status: 400,
      },
      {
        url: `${A}/requests`,
        payload: {
          kind: "problem",
          categoryId: categoryInA,
          title: "路灯坏了",
          place: { type: "building", buildingId: c.buildings[0]!.id },
        },
        status: 400,
      },
    ],
    ...Object.fromEntries(
      ["sign", "route", "merge", "resolve", "confirm", "reject-resolution", "claim"].map((action) => [
        `POST /api/communities/:communityId/requests/:requestId/${action}`,
        [
          {
            url: `${A}/requests/${requestInC}/${action}`,
            payload: {
              sign: {},
              route: { to: "community" },
              merge: { intoId: requestInA },
              resolve: { text: "已修好" },
              confirm: { rating: "good" },
              "reject-resolution": { comment: "没有修好" },
              claim: { promiseDate: "2026-12-31" },
            }[action],
            status: 404,
          },
        ],
      ]),
    ),
    // batch 分派: an organisation that does not exist refuses the whole batch before any item
    "POST /api/communities/:communityId/requests/batch-route": [
      {
        url: `${A}/requests/batch-route`,
        payload: { ids: [requestInA], to: "property", orgId: missing },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/claims/:claimId/fulfil": [
      { url: `${A}/claims/${missing}/fulfil`, payload: {}, status: 404 },
    ],
    "POST /api/admin/events/dead-letters/:communityId/:consumer/:eventId/resend": [
      { url: `/api/admin/events/dead-letters/${a.id}/figures/${missing}/resend`, status: 404 },
      { url: `/api/admin/events/dead-letters/${c.id}/nobody/1/resend`, status: 400 },
    ],
    "POST /api/communities/:communityId/claims/:claimId/release": [
      { url: `${A}/claims/${missing}/release`, payload: { reason: "超期未完成" }, status: 404 },
      {
        url: `/api/communities/${c.id}/claims/${claimInA}/release`,
        payload: { reason: "超期未完成" },
        status: 404,
      },
      { url: `${A}/claims/${claimInA}/release`, payload: {}, status: 400 },
      { url: `${A}/claims/${claimInA}/release`, payload: { reason: "长".repeat(501) }, status: 400 },
    ],
    "POST /api/communities/:communityId/claims/:claimId/withdraw": [
      { url: `${A}/claims/${missing}/withdraw`, payload: {}, status: 404 },
      { url: `/api/communities/${c.id}/claims/${claimInA}/withdraw`, payload: {}, status: 404 },
      { url: `${A}/claims/${claimInA}/withdraw`, payload: { reason: "长".repeat(501) }, status: 400 },
    ],
    "POST /api/communities/:communityId/resources": [
      { url: `${A}/resources`, payload: { kind: "venue", title: "会议室", orgId: missing }, status: 400 },
    ],
    "POST /api/communities/:communityId/resources/:resourceId/match": [
      { url: `${A}/resources/${resourceInC}/match`, payload: { requestId: requestInA }, status: 404 },
      { url: `${A}/resources/${resourceInA}/match`, payload: { requestId: requestInC }, status: 404 },
    ],
    "POST /api/communities/:communityId/open311-keys/:keyId/revoke": [
      { url: `${A}/open311-keys/${keyInC}/revoke`, status: 404 },
      { url: `${A}/open311-keys/${missing}/revoke`, status: 404 },
    ],
    "POST /api/communities/:communityId/opinions/:opinionId/reply": [
      { url: `${A}/opinions/${opinionInC}/reply`, payload: { reply: "已安排", public: true }, status: 404 },
      { url: `${A}/opinions/${missing}/reply`, payload: { reply: "已安排", public: true }, status: 404 },
    ],
    "POST /api/communities/:communityId/mall/items": [
      {
        url: `${A}/mall/items`,
        payload: { name: "油", orgId: missing, pricePoints: 5, unitValueFen: 100, pickupPlace: "超市" },
        status: 400,
      },
    ],
    "PATCH /api/communities/:communityId/mall/items/:itemId": [
      { url: `${A}/mall/items/${mall.itemInC}`, payload: { pricePoints: 1 }, status: 404 },
      { url: `${A}/mall/items/${missing}`, payload: { pricePoints: 1 }, status: 404 },
    ],
    "POST /api/communities/:communityId/mall/items/:itemId/donations": [
      {
        url: `${A}/mall/items/${mall.itemInC}/donations`,
        payload: { donorKind: "person", donorName: "张三", quantity: 1, valueFen: 100 },
        status: 404,
      },
      {
        url: `${A}/mall/items/${mall.itemInA}/donations`,
        payload: {
          donorKind: "organisation",
          donorOrgId: missing,
          donorName: "某单位",
          quantity: 1,
          valueFen: 100,
        },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/mall/exchanges": [
      // the caller is a system admin, not a resident: refused before the item is looked at
      {
        url: `${A}/mall/exchanges`,
        payload: { itemId: mall.itemInC, idempotencyKey: "bad-input-mall-1" },
        status: 403,
      },
    ],
    "POST /api/communities/:communityId/points/awards": [
      {
        url: `${A}/points/awards`,
        payload: { itemId: points.itemInC, residentIds: [a.residents[0]!.id], idempotencyKey: "bad-input-1" },
        status: 400,
      },
      {
        url: `${A}/points/awards`,
        payload: { itemId: missing, residentIds: [a.residents[0]!.id], idempotencyKey: "bad-input-2" },
        status: 400,
      },
      {
        url: `${A}/points/awards`,
        payload: { itemId: points.itemInA, residentIds: [c.residents[0]!.id], idempotencyKey: "bad-input-3" },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/rating-subjects": [
      {
        url: `${A}/rating-subjects`,
        payload: { kind: "space", name: "外楼", buildingId: c.buildings[0]!.id },
        status: 404,
      },
      {
        url: `${A}/rating-subjects`,
        payload: { kind: "space", name: "外小区", estateId: c.estateId },
        status: 404,
      },
      {
        url: `${A}/rating-subjects`,
        payload: { kind: "space", name: "无楼", buildingId: missing },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/rating-subjects/:subjectId": [
      { url: `${A}/rating-subjects/${subjectInC}`, payload: { active: false }, status: 404 },
      { url: `${A}/rating-subjects/${subjectInA}`, payload: { buildingId: c.buildings[0]!.id }, status: 404 },
    ],
    "PUT /api/communities/:communityId/rating-subjects/:subjectId/my-rating": [
      { url: `${A}/rating-subjects/${subjectInC}/my-rating`, payload: { rating: "good" }, status: 404 },
      { url: `${A}/rating-subjects/${missing}/my-rating`, payload: { rating: "good" }, status: 404 },
    ],
    "POST /api/communities/:communityId/ratings/:ratingId/request": [
      { url: `${A}/ratings/${ratingInC}/request`, payload: {}, status: 404 },
      { url: `${A}/ratings/${missing}/request`, payload: {}, status: 404 },
      { url: `${A}/ratings/${ratingInA}/request`, payload: { categoryId: categoryInC }, status: 400 },
    ],
    "POST /api/communities/:communityId/notices": [
      {
        url: `${A}/notices`,
        payload: { kind: "announcement", title: "外楼", body: "x", buildingId: c.buildings[0]!.id },
        status: 404,
      },
      {
        url: `${A}/notices`,
        payload: { kind: "announcement", title: "外小区", body: "x", estateId: c.estateId },
        status: 404,
      },
      {
        url: `${A}/notices`,
        payload: { kind: "announcement", title: "无楼", body: "x", buildingId: missing },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/notices/:noticeId": [
      { url: `${A}/notices/${noticeInC}`, payload: { pinned: true }, status: 404 },
    ],
    ...Object.fromEntries(
      ["publish", "withdraw", "read"].map((action) => [
        `POST /api/communities/:communityId/notices/:noticeId/${action}`,
        [
          { url: `${A}/notices/${noticeInC}/${action}`, status: 404 },
          { url: `${A}/notices/${missing}/${action}`, status: 404 },
        ],
      ]),
    ),
    "POST /api/communities/:communityId/comments": [
      {
        url: `${A}/comments`,
        payload: { subjectKind: "notice", subjectId: noticeInC, body: "外社区" },
        status: 404,
      },
      {
        url: `${A}/comments`,
        payload: { subjectKind: "notice", subjectId: noticeInA, parentId: commentInC, body: "回复外社区" },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/comments/:commentId": [
      { url: `${A}/comments/${commentInC}`, payload: { body: "改" }, status: 404 },
    ],
    "POST /api/communities/:communityId/comments/:commentId/report": [
      { url: `${A}/comments/${commentInC}/report`, payload: {}, status: 404 },
    ],
    "POST /api/communities/:communityId/comments/:commentId/hide": [
      { url: `${A}/comments/${commentInC}/hide`, payload: { reason: "外社区" }, status: 404 },
      { url: `${A}/comments/${commentInA}/hide`, payload: { reason: "长".repeat(201) }, status: 400 },
    ],
    "POST /api/communities/:communityId/comments/:commentId/approve": [
      { url: `${A}/comments/${commentInC}/approve`, status: 404 },
    ],
    "POST /api/communities/:communityId/topics": [
      {
        url: `${A}/topics`,
        payload: { title: "外楼议题", tier: "building", buildingId: c.buildings[0]!.id },
        status: 400,
      },
      {
        url: `${A}/topics`,
        payload: { title: "外小区议题", tier: "estate", estateId: c.estateId },
        status: 400,
      },
      {
        url: `${A}/topics`,
        payload: { title: "外模板", tier: "community", templateId: topics.c.templateId },
        status: 400,
      },
      {
        url: `${A}/topics`,
        payload: { title: "外组合", tier: "community", participantSetId: topics.c.setId },
        status: 400,
      },
      {
        url: `${A}/topics`,
        payload: { title: "外诉求", tier: "community", origin: { kind: "request", id: requestInC } },
        status: 404,
      },
      {
        url: `${A}/topics`,
        payload: { title: "外意见", tier: "community", origin: { kind: "opinion", id: opinionInC } },
        status: 404,
      },
      {
        url: `${A}/topics`,
        payload: { title: "无组织", tier: "community", organisationIds: [missing] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/proposals": [
      // the caller (an administrator) lives nowhere: only verified residents propose
      {
        url: `${A}/proposals`,
        payload: { title: "加装扶手", tier: "building", householdId: c.households[0]!.id },
        status: 403,
      },
    ],
    "PATCH /api/communities/:communityId/topic-templates/:templateId": [
      { url: `${A}/topic-templates/${topics.c.templateId}`, payload: { name: "改名" }, status: 404 },
      { url: `${A}/topic-templates/${missing}`, payload: { name: "改名" }, status: 404 },
    ],
    "PATCH /api/communities/:communityId/participant-sets/:setId": [
      { url: `${A}/participant-sets/${topics.c.setId}`, payload: { description: "改" }, status: 404 },
      {
        url: `${A}/participant-sets/${topics.a.setId}`,
        payload: { members: [{ kind: "property_company", organisationId: missing }] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/topics/:topicId/advance": [
      { url: `${A}/topics/${topics.c.topicId}/advance`, payload: { text: "推进" }, status: 404 },
      { url: `${A}/topics/${missing}/advance`, payload: { text: "推进" }, status: 404 },
      {
        url: `${A}/topics/${topics.a.topicId}/advance`,
        payload: { text: "推进", toStageId: topics.c.stageIds[2] },
        status: 400,
      },
      // an attachment id that is no photo uploaded in this community
      {
        url: `${A}/topics/${topics.a.topicId}/advance`,
        payload: { text: "推进", attachments: [missing] },
        status: 400,
      },
      // the template does not allow skipping 'deliberate'
      {
        url: `${A}/topics/${topics.a.topicId}/advance`,
        payload: { text: "跳过协商", toStageId: topics.a.stageIds[2] },
        status: 409,
      },
      {
        url: `${A}/topics/${topics.a.topicId}/advance`,
        payload: { text: "实施", implementationRequestId: requestInC },
        status: 400,
      },
      { url: `${A}/topics/${topics.a.topicId}/advance`, payload: { text: "长".repeat(2001) }, status: 400 },
    ],
    "POST /api/communities/:communityId/topics/:topicId/support": [
      { url: `${A}/topics/${topics.c.topicId}/support`, payload: {}, status: 404 },
      {
        url: `${A}/topics/${topics.a.topicId}/support`,
        payload: { householdId: c.households[0]!.id },
        status: 403,
      },
    ],
    // ---- the canteen ----
    "POST /api/communities/:communityId/canteen/orders": [
      {
        url: `${A}/canteen/orders`,
        payload: { menuId: canteenC.menuId, mode: "dine_in", residentId: canteenA.residentId },
        status: 404,
      },
      {
        url: `${A}/canteen/orders`,
        payload: { menuId: canteenA.menuId, mode: "dine_in", residentId: canteenC.residentId },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/canteen/orders/:orderId/cancel": [
      { url: `${A}/canteen/orders/${canteenC.orderId}/cancel`, status: 404 },
    ],
    "POST /api/communities/:communityId/canteen/orders/:orderId/paid": [
      { url: `${A}/canteen/orders/${canteenC.orderId}/paid`, status: 404 },
    ],
    "POST /api/communities/:communityId/canteen/orders/:orderId/assign": [
      { url: `${A}/canteen/orders/${canteenC.orderId}/assign`, payload: { volunteerUserId: 1 }, status: 404 },
      {
        url: `${A}/canteen/orders/${canteenA.orderId}/assign`,
        payload: { volunteerUserId: missing },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/canteen/orders/:orderId/delivered": [
      { url: `${A}/canteen/orders/${canteenC.orderId}/delivered`, status: 404 },
    ],
    // ---- garden (C4) ----
    "POST /api/communities/:communityId/garden/plots/:plotId/apply": [
      { url: `${A}/garden/plots/${gardenC.plotId}/apply`, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/plots/:plotId/allocate": [
      { url: `${A}/garden/plots/${gardenC.plotId}/allocate`, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/applications/approve": [
      { url: `${A}/garden/applications/approve`, payload: { applications: [missing] }, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/applications/reject": [
      {
        url: `${A}/garden/applications/reject`,
        payload: { applications: [missing], reason: "不符合条件" },
        status: 404,
      },
      {
        url: `${A}/garden/applications/reject`,
        payload: { applications: [gardenC.plotApplicationId], reason: "不符合条件" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/garden/trees/:treeId/end-adoption": [
      { url: `${A}/garden/trees/${gardenC.treeId}/end-adoption`, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/leases/:leaseId/renew": [
      { url: `${A}/garden/leases/${gardenC.leaseId}/renew`, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/trees/:treeId/adopt": [
      { url: `${A}/garden/trees/${gardenC.treeId}/adopt`, status: 404 },
    ],
    "POST /api/communities/:communityId/garden/trees/:treeId/care": [
      {
        url: `${A}/garden/trees/${gardenC.treeId}/care`,
        payload: { doneOn: "2026-12-01", what: "浇水" },
        status: 404,
      },
    ],
    // ---- courses (C3) ----
    "POST /api/communities/:communityId/courses/:courseId/enrol": [
      { url: `${A}/courses/${courseC.courseId}/enrol`, status: 404 },
    ],
    "POST /api/communities/:communityId/courses/:courseId/allocate": [
      { url: `${A}/courses/${courseC.courseId}/allocate`, status: 404 },
    ],
    "POST /api/communities/:communityId/courses/enrolments/:enrolmentId/cancel": [
      { url: `${A}/courses/enrolments/${courseC.enrolmentId}/cancel`, status: 404 },
    ],
    "PUT /api/communities/:communityId/courses/:courseId/sessions/:sessionId/attendance": [
      {
        url: `${A}/courses/${courseA.courseId}/sessions/${courseC.sessionId}/attendance`,
        payload: { present: [] },
        status: 404,
      },
      {
        url: `${A}/courses/${courseA.courseId}/sessions/${courseA.sessionId}/attendance`,
        payload: { present: [courseC.enrolmentId] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/courses": [
      {
        url: `${A}/courses`,
        payload: {
          title: "书法",
          teacherName: "王老师",
          place: "活动室",
          rule: "FREQ=WEEKLY;BYDAY=TU",
          startTime: "09:30",
          minutes: 60,
          seats: 10,
          termStart: "2027-03-01",
          termEnd: "2027-02-01",
        },
        status: 400,
      },
    ],
    // ---- spaces (C2) ----
    "POST /api/communities/:communityId/spaces": [
      {
        url: `${A}/spaces`,
        payload: {
          name: "功能室",
          capacity: 5,
          hours: Array(7).fill(""),
          convention: "公约",
          estateId: c.estateId,
        },
        status: 404,
      },
    ],
    "PATCH /api/communities/:communityId/spaces/:spaceId": [
      { url: `${A}/spaces/${spacesC.spaceId}`, payload: { capacity: 5 }, status: 404 },
      { url: `${A}/spaces/${spacesA.spaceId}`, payload: { ratingSubjectId: missing }, status: 400 },
    ],
    "POST /api/communities/:communityId/spaces/:spaceId/bookings": [
      {
        url: `${A}/spaces/${spacesC.spaceId}/bookings`,
        payload: {
          day: spacesC.day,
          from: "12:00",
          to: "13:00",
          purpose: "x",
          attendees: 1,
          conventionVersion: 1,
        },
        status: 404,
      },
      {
        url: `${A}/spaces/${spacesA.spaceId}/bookings`,
        payload: {
          day: spacesA.day,
          from: "12:00",
          to: "13:00",
          purpose: "x",
          attendees: 1,
          conventionVersion: 1,
          organisationId: missing,
        },
        status: 403,
      },
    ],
    "POST /api/communities/:communityId/spaces/:spaceId/meeting-bookings": [
      {
        url: `${A}/spaces/${spacesA.spaceId}/meeting-bookings`,
        payload: { meetingId: meetingInC, conventionVersion: 1 },
        status: 404,
      },
      {
        url: `${A}/spaces/${spacesC.spaceId}/meeting-bookings`,
        payload: { meetingId: meetingInA, conventionVersion: 1 },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/space-bookings/:spaceBookingId/cancel": [
      { url: `${A}/space-bookings/${spacesC.bookingId}/cancel`, status: 404 },
    ],
    "POST /api/communities/:communityId/space-bookings/:spaceBookingId/rate": [
      { url: `${A}/space-bookings/${spacesC.bookingId}/rate`, payload: { rating: "good" }, status: 404 },
    ],
    // ---- care (C5) ----
    "PUT /api/communities/:communityId/care/plans/:careTag": [
      { url: `${A}/care/plans/no_such_group`, payload: { frequencyDays: 7 }, status: 400 },
    ],
    "POST /api/communities/:communityId/care/residents/:residentId/visits": [
      {
        url: `${A}/care/residents/${c.residents[0]!.id}/visits`,
        payload: { health: "good", gasSafe: true, electricitySafe: true },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/care/residents/:residentId/checkins": [
      { url: `${A}/care/residents/${c.residents[0]!.id}/checkins`, payload: {}, status: 404 },
      // a check-in for someone not enrolled in the daily check-in
      { url: `${A}/care/residents/${a.residents[0]!.id}/checkins`, payload: {}, status: 409 },
    ],
    "POST /api/communities/:communityId/care/enrolments": [
      {
        url: `${A}/care/enrolments`,
        payload: { residentId: c.residents[0]!.id, consentBy: "resident" },
        status: 404,
      },
      // a resident whose residency is not verified
      {
        url: `${A}/care/enrolments`,
        payload: { residentId: pendingInA, consentBy: "resident" },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/care/alerts/:alertId/acknowledge": [
      { url: `${A}/care/alerts/${missing}/acknowledge`, payload: { kind: "visited" }, status: 404 },
    ],
    // ---- volunteering ----
    "POST /api/communities/:communityId/volunteering/teams": [
      { url: `${A}/volunteering/teams`, payload: { name: "外队", leaderUserId: missing }, status: 400 },
    ],
    "POST /api/communities/:communityId/volunteering/teams/:teamId/join": [
      { url: `${A}/volunteering/teams/${volC.teamId}/join`, status: 404 },
    ],
    "POST /api/communities/:communityId/volunteering/teams/:teamId/members/:memberId/decision": [
      {
        url: `${A}/volunteering/teams/${volC.teamId}/members/${volC.memberId}/decision`,
        payload: { approve: true },
        status: 404,
      },
      {
        url: `${A}/volunteering/teams/${volA.teamId}/members/${volC.memberId}/decision`,
        payload: { approve: true },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/alliances": [
      {
        url: `${A}/volunteering/alliances`,
        payload: { name: "外联盟", teamIds: [volC.teamId] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/activities": [
      {
        url: `${A}/volunteering/activities`,
        payload: {
          title: "外队活动",
          place: "外",
          startsAt: "2027-01-01T08:00:00+08:00",
          endsAt: "2027-01-01T10:00:00+08:00",
          capacity: 5,
          teamId: volC.teamId,
        },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/signup": [
      { url: `${A}/volunteering/activities/${volC.activityId}/signup`, status: 404 },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/cancel": [
      { url: `${A}/volunteering/activities/${volC.activityId}/cancel`, status: 404 },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/check": [
      {
        url: `${A}/volunteering/activities/${volC.activityId}/check`,
        payload: { code: "123456", action: "in" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/attendance": [
      {
        url: `${A}/volunteering/activities/${volC.activityId}/attendance`,
        payload: { action: "in", userIds: [volC.userId] },
        status: 404,
      },
      {
        url: `${A}/volunteering/activities/${volA.activityId}/attendance`,
        payload: { action: "in", userIds: [volC.userId] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/certify": [
      {
        url: `${A}/volunteering/activities/${volC.activityId}/certify`,
        payload: { entries: [{ attendanceId: volC.attendanceId, minutes: 60 }] },
        status: 404,
      },
      {
        url: `${A}/volunteering/activities/${volA.activityId}/certify`,
        payload: { entries: [{ attendanceId: volC.attendanceId, minutes: 60 }] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/activities/:activityId/evaluations": [
      {
        url: `${A}/volunteering/activities/${volC.activityId}/evaluations`,
        payload: { score: 5 },
        status: 404,
      },
      {
        url: `${A}/volunteering/activities/${volA.activityId}/evaluations`,
        payload: { score: 5, subjectUserId: volC.userId },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/attendance/:attendanceId/corrections": [
      {
        url: `${A}/volunteering/attendance/${volC.attendanceId}/corrections`,
        payload: { reason: "外" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/corrections/:correctionId/decision": [
      {
        url: `${A}/volunteering/corrections/${volC.correctionId}/decision`,
        payload: { minutes: 60 },
        status: 404,
      },
    ],
    // ---- duty rosters ----
    "POST /api/communities/:communityId/volunteering/rosters": [
      {
        url: `${A}/volunteering/rosters`,
        payload: { teamId: volC.teamId, subject: "外", rule: "FREQ=WEEKLY", startTime: "09:00", minutes: 60 },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/assign": [
      {
        url: `${A}/volunteering/rosters/${volC.rosterId}/shifts/${volC.shiftId}/assign`,
        payload: { userId: volC.userId },
        status: 404,
      },
      {
        url: `${A}/volunteering/rosters/${volA.rosterId}/shifts/${volA.shiftId}/assign`,
        payload: { userId: missing },
        status: 400,
      },
      {
        url: `${A}/volunteering/rosters/${volA.rosterId}/shifts/${volC.shiftId}/assign`,
        payload: { userId: volA.userId },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/unassign": [
      {
        url: `${A}/volunteering/rosters/${volC.rosterId}/shifts/${volC.shiftId}/unassign`,
        payload: { userId: volC.userId },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/take": [
      { url: `${A}/volunteering/rosters/${volC.rosterId}/shifts/${volC.shiftId}/take`, status: 404 },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/swap": [
      {
        url: `${A}/volunteering/rosters/${volC.rosterId}/shifts/${volC.shiftId}/swap`,
        payload: { toUserId: volC.userId },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/swaps/:swapId/decision": [
      {
        url: `${A}/volunteering/rosters/${volA.rosterId}/swaps/${volC.swapId}/decision`,
        payload: { approve: true },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/no-show": [
      {
        url: `${A}/volunteering/rosters/${volC.rosterId}/shifts/${volC.shiftId}/no-show`,
        payload: { userId: volC.userId },
        status: 404,
      },
    ],
    // ---- matching ----
    "POST /api/communities/:communityId/volunteering/needs/:requestId/assign": [
      { url: `${A}/volunteering/needs/${needInC}/assign`, payload: { userId: volC.userId }, status: 404 },
      { url: `${A}/volunteering/needs/${missing}/assign`, payload: { userId: volA.userId }, status: 404 },
      { url: `${A}/volunteering/needs/${needInA}/assign`, payload: { userId: missing }, status: 400 },
    ],
    "POST /api/communities/:communityId/volunteering/need-assignments/:assignmentId/answer": [
      {
        url: `${A}/volunteering/need-assignments/${needAssignmentInC}/answer`,
        payload: { accept: true },
        status: 404,
      },
    ],
    // ---- co-building projects ----
    "POST /api/communities/:communityId/projects": [
      {
        url: `${A}/projects`,
        payload: { title: "外楼项目", tier: "building", buildingId: c.buildings[0]!.id },
        status: 400,
      },
      {
        url: `${A}/projects`,
        payload: { title: "外小区项目", tier: "estate", estateId: c.estateId },
        status: 400,
      },
      {
        url: `${A}/projects`,
        payload: { title: "无出纳", tier: "community", treasurerUserId: missing },
        status: 400,
      },
    ],
    "PATCH /api/communities/:communityId/projects/:projectId": [
      { url: `${A}/projects/${projects.c.id}`, payload: { plan: "改" }, status: 404 },
      {
        url: `${A}/projects/${projects.a.id}`,
        payload: {
          fundingSources: [{ id: projects.c.sourceId, kind: "community", label: "外", plannedFen: 1 }],
        },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/status": [
      { url: `${A}/projects/${projects.c.id}/status`, payload: { to: "building" }, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/tasks": [
      { url: `${A}/projects/${missing}/tasks`, payload: { title: "任务" }, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/tasks/:taskId/claim": [
      {
        url: `${A}/projects/${projects.a.id}/tasks/${projects.c.taskId}/claim`,
        payload: { promiseDate: "2099-01-01" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/fulfil": [
      { url: `${A}/projects/${projects.a.id}/task-claims/${projects.c.claimId}/fulfil`, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/withdraw": [
      { url: `${A}/projects/${projects.a.id}/task-claims/${projects.c.claimId}/withdraw`, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/release": [
      {
        url: `${A}/projects/${projects.a.id}/task-claims/${projects.c.claimId}/release`,
        payload: { reason: "外社区" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/updates": [
      { url: `${A}/projects/${projects.c.id}/updates`, payload: { text: "进展" }, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/pledges": [
      {
        url: `${A}/projects/${projects.a.id}/pledges`,
        payload: { targetId: projects.c.targetId, quantity: 1 },
        status: 400,
      },
      {
        url: `${A}/projects/${projects.c.id}/pledges`,
        payload: { targetId: projects.c.targetId, quantity: 1 },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/pledges/:pledgeId/cancel": [
      { url: `${A}/projects/${projects.a.id}/pledges/${projects.c.pledgeId}/cancel`, status: 404 },
    ],
    "POST /api/communities/:communityId/projects/:projectId/pledges/:pledgeId/fulfil": [
      {
        url: `${A}/projects/${projects.a.id}/pledges/${projects.c.pledgeId}/fulfil`,
        payload: { quantity: 1 },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/bookings/:bookingId/reverse": [
      {
        url: `${A}/projects/${projects.a.id}/bookings/${projects.c.bookingId}/reverse`,
        payload: { reason: "外社区的账", idempotencyKey: "bad-input-reverse-1" },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/bookings": [
      {
        url: `${A}/projects/${projects.a.id}/bookings`,
        payload: {
          direction: "income",
          amountFen: 100,
          memo: "外来源",
          occurredOn: "2026-12-01",
          sourceId: projects.c.sourceId,
          idempotencyKey: "bad-input-source-c",
        },
        status: 400,
      },
      {
        url: `${A}/projects/${projects.c.id}/bookings`,
        payload: {
          direction: "income",
          amountFen: 100,
          memo: "外项目",
          occurredOn: "2026-12-01",
          idempotencyKey: "bad-input-project-c",
        },
        status: 404,
      },
      {
        url: `${A}/projects/${projects.a.id}/bookings`,
        payload: {
          direction: "expense",
          amountFen: 1,
          memo: "透支",
          occurredOn: "2026-12-01",
          idempotencyKey: "bad-input-overdraw",
        },
        status: 409,
      },
    ],
    "POST /api/communities/:communityId/projects/:projectId/account/publish": [
      { url: `${A}/projects/${projects.c.id}/account/publish`, status: 404 },
    ],
    "PUT /api/communities/:communityId/projects/:projectId/rating": [
      { url: `${A}/projects/${projects.c.id}/rating`, payload: { rating: "good" }, status: 404 },
    ],
    "PUT /api/communities/:communityId/topics/:topicId/my-rating": [
      { url: `${A}/topics/${topics.c.topicId}/my-rating`, payload: { rating: "good" }, status: 404 },
      { url: `${A}/topics/${missing}/my-rating`, payload: { rating: "good" }, status: 404 },
    ],
    "POST /api/communities/:communityId/surveys": [
      { url: `${A}/surveys`, payload: { ...NEW_SURVEY, buildingId: c.buildings[0]!.id }, status: 404 },
      { url: `${A}/surveys`, payload: { ...NEW_SURVEY, estateId: c.estateId }, status: 404 },
    ],
    "PATCH /api/communities/:communityId/surveys/:surveyId": [
      { url: `${A}/surveys/${surveys.inC}`, payload: { title: "改名" }, status: 404 },
      { url: `${A}/surveys/${surveys.inA}`, payload: { buildingId: c.buildings[0]!.id }, status: 404 },
    ],
    "POST /api/communities/:communityId/surveys/:surveyId/responses": [
      { url: `${A}/surveys/${surveys.inC}/responses`, payload: { answers: SURVEY_ANSWERS }, status: 404 },
      { url: `${A}/surveys/${missing}/responses`, payload: { answers: SURVEY_ANSWERS }, status: 404 },
    ],
    "POST /api/communities/:communityId/surveys/:surveyId/paper-responses": [
      {
        url: `${A}/surveys/${surveys.inC}/paper-responses`,
        payload: { residentId: a.residents[0]!.id, answers: SURVEY_ANSWERS },
        status: 404,
      },
      {
        url: `${A}/surveys/${surveys.inA}/paper-responses`,
        payload: { residentId: c.residents[0]!.id, answers: SURVEY_ANSWERS },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/meetings": [
      {
        url: `${A}/meetings`,
        payload: { ...meetingBody(), buildingId: c.buildings[0]!.id },
        status: 404,
      },
      { url: `${A}/meetings`, payload: { ...meetingBody(), estateId: missing }, status: 404 },
      {
        url: `${A}/meetings`,
        payload: { ...meetingBody(), invitedResidentIds: [c.residents[0]!.id] },
        status: 400,
      },
      { url: `${A}/meetings`, payload: { ...meetingBody(), invitedOrganisationIds: [missing] }, status: 400 },
      { url: `${A}/meetings`, payload: { ...meetingBody(), topicId: 0 }, status: 400 },
    ],
    "PATCH /api/communities/:communityId/meetings/:meetingId": [
      { url: `${A}/meetings/${meetingInC}`, payload: { minutes: "纪要" }, status: 404 },
      { url: `${A}/meetings/${meetingInA}`, payload: { buildingId: c.buildings[0]!.id }, status: 404 },
      {
        url: `${A}/meetings/${meetingInA}`,
        payload: { invitedResidentIds: [c.residents[0]!.id] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/meetings/:meetingId/sign-in": [
      { url: `${A}/meetings/${meetingInC}/sign-in`, payload: { code: "123456" }, status: 404 },
      { url: `${A}/meetings/${missing}/sign-in`, payload: { code: "123456" }, status: 404 },
    ],
    "POST /api/communities/:communityId/meetings/:meetingId/attendance": [
      {
        url: `${A}/meetings/${meetingInC}/attendance`,
        payload: { method: "ticked", residentIds: [c.residents[0]!.id] },
        status: 404,
      },
      {
        url: `${A}/meetings/${meetingInA}/attendance`,
        payload: { method: "ticked", residentIds: [c.residents[0]!.id] },
        status: 400,
      },
      {
        url: `${A}/meetings/${meetingInA}/attendance`,
        payload: { method: "ticked", residentIds: [missing] },
        status: 400,
      },
    ],
    "POST /api/communities/:communityId/meetings/:meetingId/residents-roll": [
      { url: `${A}/meetings/${meetingInC}/residents-roll`, payload: { basis: "adults" }, status: 404 },
      // not a residents' meeting
      { url: `${A}/meetings/${meetingInA}/residents-roll`, payload: { basis: "adults" }, status: 409 },
    ],
    "POST /api/communities/:communityId/meetings/:meetingId/residents-decisions": [
      {
        url: `${A}/meetings/${meetingInC}/residents-decisions`,
        payload: { item: "表决", tally: { method: "counted", yes: 1, no: 0, abstain: 0 } },
        status: 404,
      },
      {
        url: `${A}/meetings/${meetingInA}/residents-decisions`,
        payload: { item: "表决", tally: { method: "counted", yes: 1, no: 0, abstain: 0 } },
        status: 409,
      },
    ],
    "POST /api/communities/:communityId/lotteries": [
      { url: `${A}/lotteries`, payload: { ...NEW_LOTTERY, buildingId: c.buildings[0]!.id }, status: 404 },
      { url: `${A}/lotteries`, payload: { ...NEW_LOTTERY, estateId: c.estateId }, status: 404 },
      { url: `${A}/lotteries`, payload: { ...NEW_LOTTERY, topicId: topics.c.topicId }, status: 400 },
    ],
    "POST /api/communities/:communityId/lotteries/:lotteryId/applications": [
      { url: `${A}/lotteries/${lotteryInC}/applications`, status: 404 },
      { url: `${A}/lotteries/${missing}/applications`, status: 404 },
    ],
    "POST /api/communities/:communityId/lotteries/:lotteryId/close": [
      { url: `${A}/lotteries/${lotteryInC}/close`, status: 404 },
    ],
    "POST /api/communities/:communityId/lotteries/:lotteryId/freeze": [
      { url: `${A}/lotteries/${lotteryInC}/freeze`, status: 404 },
    ],
    "POST /api/communities/:communityId/lotteries/:lotteryId/draw": [
      { url: `${A}/lotteries/${lotteryInC}/draw`, payload: { secret: "s" }, status: 404 },
    ],
    "POST /api/communities/:communityId/lotteries/:lotteryId/declines": [
      { url: `${A}/lotteries/${lotteryInC}/declines`, payload: { applicationId: 1 }, status: 404 },
      { url: `${A}/lotteries/${lotteryInA}/declines`, payload: { applicationId: missing }, status: 404 },
    ],
    "POST /api/communities/:communityId/votes": [
      { url: `${A}/votes`, payload: { ...NEW_VOTE, estateId: c.estateId }, status: 404 },
      {
        url: `${A}/votes`,
        payload: { ...NEW_VOTE, estateId: a.estateId, buildingIds: [c.buildings[0]!.id] },
        status: 400,
      },
      { url: `${A}/votes`, payload: { ...NEW_VOTE, estateId: a.estateId, topicId: missing }, status: 400 },
    ],
    "POST /api/communities/:communityId/votes/:voteId/open": [
      { url: `${A}/votes/${voteInC}/open`, status: 404 },
      { url: `${A}/votes/${missing}/open`, status: 404 },
    ],
    "POST /api/communities/:communityId/votes/:voteId/close": [
      { url: `${A}/votes/${voteInC}/close`, status: 404 },
      { url: `${A}/votes/${missing}/close`, status: 404 },
    ],
    "PUT /api/communities/:communityId/votes/:voteId/ballot": [
      { url: `${A}/votes/${voteInC}/ballot`, payload: { choices: ["Y"] }, status: 404 },
      { url: `${A}/votes/${missing}/ballot`, payload: { choices: ["Y"] }, status: 404 },
    ],
    "POST /api/communities/:communityId/votes/:voteId/paper-ballots": [
      {
        url: `${A}/votes/${voteInC}/paper-ballots`,
        payload: { voterNo: 1, sheetNo: "P-1", choices: ["Y"] },
        status: 404,
      },
    ],
    "POST /api/communities/:communityId/votes/:voteId/paper-ballots/:ballotId/confirm": [
      { url: `${A}/votes/${voteInC}/paper-ballots/1/confirm`, status: 404 },
      { url: `${A}/votes/${missing}/paper-ballots/1/confirm`, status: 404 },
    ],
    "POST /api/me/notifications/:notificationId/read": [
      { url: `/api/me/notifications/${othersNotification}/read`, status: 404 },
      { url: `/api/me/notifications/${missing}/read`, status: 404 },
    ],
  };
});

afterAll(async () => {
  await t?.close();
});

const SURVEY_QUESTIONS = [
  { kind: "single", text: "架空层改成什么？", options: ["健身", "老幼活动"] },
  { kind: "rating", text: "满意吗？" },
  { kind: "text", text: "建议", required: false },
];
const SURVEY_ANSWERS = [
  { question: 0, choices: [1] },
  { question: 1, value: 4 },
];
const NEW_SURVEY = {
  title: "新问卷",
  questions: SURVEY_QUESTIONS,
  opensAt: "2026-01-01T00:00:00Z",
  closesAt: "2099-01-01T00:00:00Z",
};

const NEW_LOTTERY = {
  title: "车位摇号",
  places: 2,
  opensAt: "2026-01-01T00:00:00Z",
  closesAt: "2099-01-01T00:00:00Z",
};

const NEW_VOTE = {
  title: "新表决",
  matter: 4,
  questions: [{ text: "同意续聘物业" }],
  opensAt: "2026-01-01T00:00:00Z",
  closesAt: "2099-01-01T00:00:00Z",
};

const writeRoutes = () =>
  t.app.routeTable
    .filter((r) => WRITE_METHODS.has(r.method))
    .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));
/** Write routes whose path parameters all have a value in `params` (the others fail one test, below). */
const addressable = () => writeRoutes().filter((r) => pathParams(r.method, r.url).every((p) => p in params));

/** The OpenAPI operation of a route (the document is generated from the same zod schemas). */
function operation(method: string, url: string): any {
  const path = url.replace(/:([A-Za-z]+)/g, "{$1}");
  const op = doc.paths?.[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no OpenAPI operation for ${method} ${url}`);
  return op;
}

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(doc.components.schemas[schema.$ref.split("/").pop()]);
  return schema;
}

function bodySchema(method: string, url: string): any | null {
  const schema = operation(method, url).requestBody?.content?.["application/json"]?.schema;
  return schema ? resolve(schema) : null;
}

function pathParams(method: string, url: string): string[] {
  return (operation(method, url).parameters ?? [])
    .filter((p: any) => p.in === "path")
    .map((p: any) => p.name);
}

/** Property schemas of an object schema, also through anyOf/oneOf/allOf. */
function properties(schema: any): Record<string, any> {
  const s = resolve(schema);
  const out: Record<string, any> = { ...(s?.properties ?? {}) };
  for (const k of ["anyOf", "oneOf", "allOf"])
    for (const sub of s?.[k] ?? []) Object.assign(out, properties(sub));
  return out;
}

function typeOf(schema: any): string | undefined {
  const s = resolve(schema);
  if (typeof s?.type === "string") return s.type;
  if (Array.isArray(s?.type)) return s.type.find((x: string) => x !== "null");
  for (const k of ["anyOf", "oneOf"]) {
    for (const sub of s?.[k] ?? []) {
      const ty = typeOf(sub);
      if (ty && ty !== "null") return ty;
    }
  }
  return undefined;
}

/** A value of the wrong JSON type for a schema. */
function wrongValue(schema: any): unknown {
  switch (typeOf(schema)) {
    case "string":
      return 12345;
    case "number":
    case "integer":
      return "not a number";
    case "boolean":
      return "yes";
    case "array":
      return { not: "a list" };
    case "object":
      return "not an object";
    default:
      return { unexpected: true };
  }
}

function urlWith(url: string, values: Record<string, number | string>): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`bad-input.test.ts: add a value for the path parameter :${name}`);
    return String(v);
  });
}

/** Sends a request and checks the answer is a bilingual 4xx and that nothing was stored. */
async function rejectsWithoutChange(req: Sent, status: number | ((s: number) => boolean)): Promise<string[]> {
  const before = await snapshotDatabase(t.db);
  const res = await t.app.inject({
    method: req.method as any,
    url: req.url,
    payload: req.payload as any,
    headers: { cookie, ...req.headers },
  });
  const problems: string[] = [];
  const okStatus = typeof status === "number" ? res.statusCode === status : status(res.statusCode);
  let body: unknown = null;
  try {
    body = res.json();
  } catch {
    // reported below
  }
  const what = `${req.method} ${req.url}`;
  if (!okStatus) problems.push(`${what}: unexpected status ${res.statusCode} ${res.body.slice(0, 200)}`);
  if (!isBilingualError(body)) problems.push(`${what}: no bilingual error body: ${res.body.slice(0, 200)}`);
  const changed = diffSnapshots(before, await snapshotDatabase(t.db));
  if (changed.length) problems.push(`${what}: stored data changed: ${changed.join("; ")}`);
  return problems;
}

const is4xx = (s: number) => s >= 400 && s < 500;

describe("bad input changes nothing", () => {
  it("the database snapshot notices a change (the check is not vacuous)", async () => {
    const before = await snapshotDatabase(t.db);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["resident", "household", "audit_log"]));
    await t.db.updateTable("household").set({ floor: 7 }).where("id", "=", w.a.households[0]!.id).execute();
    const updated = await snapshotDatabase(t.db);
    expect(diffSnapshots(before, updated)).toEqual(["household: 12 → 12 rows"]);
    // a write that puts the old value back is still a write
    await t.db.updateTable("household").set({ floor: 1 }).where("id", "=", w.a.households[0]!.id).execute();
    expect(diffSnapshots(updated, await snapshotDatabase(t.db))).toEqual(["household: 12 → 12 rows"]);
    // a read and a refused write change nothing
    await t.db.selectFrom("household").selectAll().execute();
    const read = await snapshotDatabase(t.db);
    await t.db
      .insertInto("household")
      .values({ id: w.a.households[0]!.id } as never)
      .execute()
      .catch(() => undefined);
    expect(diffSnapshots(read, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("knows a valid value for every path parameter of every write route", () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const unknown = routes.flatMap((r) =>
      pathParams(r.method, r.url)
        .filter((p) => !(p in params))
        .map((p) => `${r.key} (:${p})`),
    );
    expect(unknown, "add a value for these path parameters to `params` in bad-input.test.ts").toEqual([]);
  });

  it("lists the write routes that read no input at all", () => {
    const noInput = addressable().filter(
      (r) => !bodySchema(r.method, r.url) && pathParams(r.method, r.url).length === 0,
    );
    expect(noInput.map((r) => r.key)).toEqual(NO_INPUT);
  });

  it("rejects malformed JSON on every write route", async () => {
    const problems: string[] = [];
    for (const r of addressable()) {
      problems.push(
        ...(await rejectsWithoutChange(
          {
            method: r.method,
            url: urlWith(r.url, params),
            payload: '{"name": "未闭合',
            headers: { "content-type": "application/json" },
          },
          400,
        )),
      );
    }
    expect(problems).toEqual([]);
  });

  it("rejects an oversized body (> 256 KB) on every write route", async () => {
    const big = JSON.stringify({ name: "大".repeat(100 * 1024), note: "x".repeat(10 * 1024) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(256 * 1024);
    const problems: string[] = [];
    for (const r of addressable()) {
      const url = urlWith(r.url, params);
      problems.push(
        ...(await rejectsWithoutChange(
          { method: r.method, url, payload: big, headers: { "content-type": "application/json" } },
          413,
        )),
      );
    }
    expect(problems).toEqual([]);
  });

  it("rejects wrongly typed fields and path parameters on every write route that reads input", async () => {
    const problems: string[] = [];
    for (const r of addressable()) {
      const schema = bodySchema(r.method, r.url);
      const names = pathParams(r.method, r.url);
      if (schema) {
        const props = properties(schema);
        const wrong = Object.keys(props).length
          ? Object.fromEntries(Object.entries(props).map(([k, s]) => [k, wrongValue(s)]))
          : 12345;
        const url = urlWith(r.url, params);
        problems.push(
          ...(await rejectsWithoutChange({ method: r.method, url, payload: wrong as object }, 400)),
        );
        // a list where an object belongs
        problems.push(...(await rejectsWithoutChange({ method: r.method, url, payload: [wrong] }, 400)));
      }
      for (const name of names) {
        for (const bad of ["abc", "-1", "1.5", "0"]) {
          const url = urlWith(r.url, { ...params, [name]: bad });
          problems.push(...(await rejectsWithoutChange({ method: r.method, url, payload: {} }, 400)));
        }
      }
    }
    expect(problems).toEqual([]);
  }, 240_000); // one request per write route and field: it grows with the routes, and CI machines are slow

  it("rejects references outside the community (or to nothing) on every write route that takes ids", async () => {
    const needsCase = addressable().filter((r) => {
      const ids = Object.keys(properties(bodySchema(r.method, r.url) ?? {})).filter((k) => /Id$/.test(k));
      return ids.length > 0 || pathParams(r.method, r.url).some((p) => p !== "communityId");
    });
    expect(
      needsCase.map((r) => r.key).filter((k) => !outOfScope[k]),
      "write routes that take ids but have no out-of-scope case in bad-input.test.ts",
    ).toEqual([]);
    const problems: string[] = [];
    for (const r of addressable()) {
      for (const bad of outOfScope[r.key] ?? []) {
        problems.push(
          ...(await rejectsWithoutChange(
            { method: r.method, url: bad.url, payload: bad.payload },
            bad.status,
          )),
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it("rejects a PATCH that names nothing to change (empty, or only unknown keys) on every PATCH route", async () => {
    const patches = addressable().filter((r) => r.method === "PATCH");
    expect(patches.length).toBeGreaterThanOrEqual(6);
    const problems: string[] = [];
    for (const r of patches) {
      const url = urlWith(r.url, params);
      for (const payload of [{}, { unknownField: "x", 名字: "张三" }, { name: undefined }]) {
        problems.push(...(await rejectsWithoutChange({ method: r.method, url, payload }, 400)));
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers input that conflicts with stored data with 409, not a server error", async () => {
    const { a } = w;
    const A = `/api/communities/${a.id}`;
    const b = a.buildings[0]!;
    const cases: Sent[] = [
      { method: "POST", url: `${A}/grids`, payload: { name: "第一网格" } },
      { method: "POST", url: `${A}/estates`, payload: { name: "东龙社区花园" } },
      { method: "POST", url: `${A}/buildings`, payload: { estateId: a.estateId, name: "1栋" } },
      { method: "PATCH", url: `${A}/buildings/${b.id}`, payload: { name: "2栋" } },
      { method: "POST", url: `${A}/units`, payload: { buildingId: b.id, name: "1单元" } },
      {
        method: "POST",
        url: `${A}/households`,
        payload: { buildingId: b.id, unitId: b.unitId, room: "101" },
      },
    ];
    const problems: string[] = [];
    for (const req of cases) problems.push(...(await rejectsWithoutChange(req, 409)));
    expect(problems).toEqual([]);
  });

  it("rejects a body that is not JSON on routes that expect an object", async () => {
    const problems: string[] = [];
    for (const r of addressable()) {
      if (!bodySchema(r.method, r.url)) continue;
      problems.push(
        ...(await rejectsWithoutChange(
          {
            method: r.method,
            url: urlWith(r.url, params),
            payload: "name=x&room=101",
            headers: { "content-type": "application/x-www-form-urlencoded" },
          },
          is4xx,
        )),
      );
    }
    expect(problems).toEqual([]);
  });

  it("answers a malformed percent-escape (400) and a path parameter over 100 characters (414) in the bilingual body", async () => {
    // Fastify's router refuses these itself, before any hook (found by the route fuzzer)
    const problems: string[] = [];
    for (const r of addressable()) {
      if (!pathParams(r.method, r.url).length) continue;
      const name = pathParams(r.method, r.url).at(-1)!;
      for (const [bad, status] of [
        ["%zz", 400],
        ["%E0%A4%A", 400],
        ["1".repeat(101), 414],
      ] as const) {
        const url = urlWith(r.url, { ...params, [name]: bad });
        problems.push(...(await rejectsWithoutChange({ method: r.method, url, payload: {} }, status)));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("bad ratings of spaces and services change nothing", () => {
  const rateUrl = (subjectId: number) => `/api/communities/${w.a.id}/rating-subjects/${subjectId}/my-rating`;
  let resident: string;
  let residentOfC: string;
  let nobody: string;

  beforeAll(async () => {
    resident = await sessionCookie(t, (await createResidentUser(t.db, w.a.id, w.a.households[1]!.id)).id);
    residentOfC = await sessionCookie(t, (await createResidentUser(t.db, w.c.id, w.c.households[1]!.id)).id);
    nobody = await sessionCookie(t, (await createUser(t.db, "未认证用户")).id);
    // the resident's current rating, which every refused call below must leave as it is
    const res = await t.app.inject({
      method: "PUT",
      url: rateUrl(ratings.subjectInA),
      payload: { rating: "good", comment: "很好" },
      headers: { cookie: resident },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("refuses an unknown subject, a subject of another community, a non-resident, another community's resident, an invalid value and an oversized comment", async () => {
    const put = (cookie: string, subjectId: number, payload: object): Sent => ({
      method: "PUT",
      url: rateUrl(subjectId),
      payload,
      headers: { cookie },
    });
    const cases: [Sent, number][] = [
      [put(resident, 99_999_999, { rating: "poor", comment: "不存在" }), 404],
      [put(resident, ratings.subjectInC, { rating: "poor" }), 404],
      [put(nobody, ratings.subjectInA, { rating: "poor", comment: "我不住这里" }), 403],
      [put(residentOfC, ratings.subjectInA, { rating: "poor", comment: "隔壁社区的" }), 403],
      [put(resident, ratings.subjectInA, { rating: "bad" }), 400],
      [put(resident, ratings.subjectInA, { rating: 3 }), 400],
      [put(resident, ratings.subjectInA, { rating: "poor", comment: "差".repeat(501) }), 400],
      [put(resident, ratings.subjectInA, {}), 400],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("releasing a claim from outside its place changes nothing", () => {
  it("refuses a grid worker of another grid or another community, and a release without a reason", async () => {
    const { a, c } = w;
    const wish = Number(
      (
        await t.db
          .insertInto("request")
          .values({
            community_id: a.id,
            kind: "wish",
            category_id: params.categoryId as number,
            title: "想要一个助听器",
            status: "signed",
            channel: "app",
            grid_id: a.grids[0]!,
            signed_at: new Date(),
            sign_due_at: new Date(Date.now() + 86_400_000),
            solve_due_at: new Date(Date.now() + 5 * 86_400_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
    const claim = await t.db
      .insertInto("request_claim")
      .values({
        community_id: a.id,
        request_id: wish,
        claimant_user_id: (await createUser(t.db, "认领人")).id,
        claimant_kind: "volunteer",
        promise_date: "2020-01-01",
        status: "active",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const workerOf = async (communityId: number, gridId: number) => {
      const u = await createUser(t.db, "网格员");
      await grant(t.db, u.id, "grid_worker", "grid", gridId, communityId);
      return sessionCookie(t, u.id);
    };
    const otherGrid = await workerOf(a.id, a.grids[1]!);
    const otherCommunity = await workerOf(c.id, c.grids[0]!);
    const ownGrid = await workerOf(a.id, a.grids[0]!);
    const url = `/api/communities/${a.id}/claims/${claim.id}/release`;
    const cases: [Sent, number][] = [
      [{ method: "POST", url, payload: { reason: "超期未完成" }, headers: { cookie: otherGrid } }, 403],
      [{ method: "POST", url, payload: { reason: "超期未完成" }, headers: { cookie: otherCommunity } }, 403],
      [
        {
          method: "POST",
          url: `/api/communities/${c.id}/claims/${claim.id}/release`,
          payload: { reason: "超期未完成" },
          headers: { cookie: otherCommunity },
        },
        404,
      ],
      [{ method: "POST", url, payload: {}, headers: { cookie: ownGrid } }, 400],
      [{ method: "POST", url, payload: { reason: "" }, headers: { cookie: ownGrid } }, 400],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("bad comments change nothing", () => {
  it("refuses an oversized comment, an empty one, an unknown kind and a building-2 resident on a building-1 notice", async () => {
    const { a } = w;
    const url = `/api/communities/${a.id}/comments`;
    const resident = await sessionCookie(t, (await createResidentUser(t.db, a.id, a.households[0]!.id)).id);
    const outsider = await sessionCookie(t, (await createResidentUser(t.db, a.id, a.households[2]!.id)).id);
    const send = (cookie: string, payload: object): Sent => ({
      method: "POST",
      url,
      payload,
      headers: { cookie },
    });
    const n = deliberation.noticeInA;
    const cases: [Sent, number][] = [
      [send(resident, { subjectKind: "notice", subjectId: n, body: "长".repeat(1001) }), 400],
      [send(resident, { subjectKind: "notice", subjectId: n, body: "   " }), 400],
      [send(resident, { subjectKind: "Notice!", subjectId: n, body: "x" }), 400],
      [send(resident, { subjectKind: "spaceship", subjectId: n, body: "x" }), 400],
      [send(outsider, { subjectKind: "notice", subjectId: n, body: "隔壁楼的" }), 403],
      [
        {
          method: "PATCH",
          url: `${url}/${deliberation.commentInA}`,
          payload: { body: "不是我的" },
          headers: { cookie: resident },
        },
        403,
      ],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("bad topic moves change nothing", () => {
  it("refuses a second support from the same household, 实施 before the notice period, a forbidden skip, a place outside the grid and oversized text", async () => {
    const { a } = w;
    const A = `/api/communities/${a.id}`;
    const as = (cookie: string, method: string, url: string, payload?: object): Sent => ({
      method,
      url,
      payload,
      headers: { cookie },
    });
    // a proposal in building 1 supported by household 0; a second person of that household tries again
    const first = await createResidentUser(t.db, a.id, a.households[0]!.id, "提议人");
    const firstCookie = await sessionCookie(t, first.id);
    const proposed = await t.app.inject({
      method: "POST",
      url: `${A}/proposals`,
      payload: { title: "楼道加装扶手", tier: "building" },
      headers: { cookie: firstCookie },
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const sameHousehold = await sessionCookie(
      t,
      (await createResidentUser(t.db, a.id, a.households[0]!.id, "家人")).id,
    );
    // a topic of an X+7 template in 公示决议, entered just now
    const made = await t.app.inject({
      method: "POST",
      url: `${A}/topic-templates`,
      payload: { name: "X+7 坏输入" },
      headers: { cookie },
    });
    expect(made.statusCode, made.body).toBe(200);
    const x7 = made.json().templates.find((x: any) => x.name === "X+7 坏输入");
    const staffTopic = await t.app.inject({
      method: "POST",
      url: `${A}/topics`,
      payload: { title: "停车位规划", tier: "community", templateId: x7.id },
      headers: { cookie },
    });
    expect(staffTopic.statusCode, staffTopic.body).toBe(200);
    const topic = staffTopic.json();
    const publish = topic.stages.find((s: any) => s.key === "publish_resolution");
    const before = topic.stages.slice(1, topic.stages.indexOf(publish));
    for (const s of before)
      await t.db
        .updateTable("topic_template_stage")
        .set({ skippable: true })
        .where("id", "=", s.id)
        .execute();
    const jumped = await t.app.inject({
      method: "POST",
      url: `${A}/topics/${topic.id}/advance`,
      payload: { text: "决议公示", toStageId: publish.id },
      headers: { cookie },
    });
    expect(jumped.statusCode, jumped.body).toBe(200);
    const gridWorker = await createUser(t.db, "二网格员");
    await grant(t.db, gridWorker.id, "grid_worker", "grid", a.grids[1]!, a.id);
    const gw = await sessionCookie(t, gridWorker.id);
    const cases: [Sent, number][] = [
      [as(sameHousehold, "POST", `${A}/topics/${proposed.json().id}/support`, {}), 409],
      [as(cookie, "POST", `${A}/topics/${topic.id}/advance`, { text: "开始实施" }), 409],
      [
        as(gw, "POST", `${A}/topics`, { title: "1栋议题", tier: "building", buildingId: a.buildings[0]!.id }),
        403,
      ],
      [as(cookie, "POST", `${A}/topics`, { title: "长".repeat(81), tier: "community" }), 400],
      [
        as(cookie, "POST", `${A}/topics`, {
          title: "长描述",
          tier: "community",
          description: "长".repeat(2001),
        }),
        400,
      ],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("bad survey answers change nothing", () => {
  it("refuses a second answer from the same household, a closed survey, an option out of range, a missing required answer, oversized text and a resident of another place", async () => {
    const { a } = w;
    const A = `/api/communities/${a.id}`;
    const first = await sessionCookie(
      t,
      (await createResidentUser(t.db, a.id, a.households[2]!.id, "甲")).id,
    );
    const sameHousehold = await sessionCookie(
      t,
      (await createResidentUser(t.db, a.id, a.households[2]!.id, "甲的家人")).id,
    );
    const other = await sessionCookie(
      t,
      (await createResidentUser(t.db, a.id, a.households[3]!.id, "乙")).id,
    );
    const answer = (cookie: string, surveyId: number, answers: unknown): Sent => ({
      method: "POST",
      url: `${A}/surveys/${surveyId}/responses`,
      payload: { answers },
      headers: { cookie },
    });
    const ok = await t.app.inject({ ...(answer(first, surveys.inA, SURVEY_ANSWERS) as any) });
    expect(ok.statusCode, ok.body).toBe(200);
    const closed = (
      await t.db
        .insertInto("survey")
        .values({
          community_id: a.id,
          title: "已截止",
          questions: JSON.stringify(SURVEY_QUESTIONS),
          opens_at: new Date(Date.now() - 86_400_000),
          closes_at: new Date(Date.now() - 3_600_000),
          published_at: new Date(Date.now() - 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const building1 = (
      await t.db
        .insertInto("survey")
        .values({
          community_id: a.id,
          title: "1栋问卷",
          estate_id: a.estateId,
          building_id: a.buildings[0]!.id,
          grid_id: a.buildings[0]!.gridId,
          questions: JSON.stringify(SURVEY_QUESTIONS),
          opens_at: new Date(Date.now() - 3_600_000),
          closes_at: new Date(Date.now() + 3_600_000),
          published_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const cases: [Sent, number][] = [
      [answer(sameHousehold, surveys.inA, SURVEY_ANSWERS), 409],
      [answer(other, closed, SURVEY_ANSWERS), 409],
      [
        answer(other, surveys.inA, [
          { question: 0, choices: [2] },
          { question: 1, value: 4 },
        ]),
        400,
      ],
      [answer(other, surveys.inA, [{ question: 0, choices: [0] }]), 400],
      [answer(other, surveys.inA, [...SURVEY_ANSWERS, { question: 2, text: "长".repeat(1001) }]), 400],
      [answer(other, surveys.inA, [...SURVEY_ANSWERS, { question: 2, text: 7 }]), 400],
      // household 3 is in building 2: not addressed by a building-1 survey
      [answer(other, building1, SURVEY_ANSWERS), 403],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("bad meeting input changes nothing", () => {
  const meetingsOfA = () => `/api/communities/${w.a.id}`;
  let resident: string;
  let residentOfC: string;

  beforeAll(async () => {
    resident = await sessionCookie(t, (await createResidentUser(t.db, w.a.id, w.a.households[2]!.id)).id);
    residentOfC = await sessionCookie(t, (await createResidentUser(t.db, w.c.id, w.c.households[2]!.id)).id);
  });

  it("refuses an expired QR code, a wrong 6-digit code, a malformed RRULE, oversized text and a place out of scope; a duplicate sign-in stores nothing", async () => {
    const id = meetings.inA;
    const at = (msAgo: number) => signInCodeAt(t.config, w.a.id, id, new Date(Date.now() - msAgo)).code;
    const now = [at(0), at(30_000)];
    const expired = [at(90_000), at(120_000), at(600_000)].find((c) => !now.includes(c))!;
    const wrong = ["000000", "111111", "222222", "333333"].find((c) => !now.includes(c) && c !== expired)!;
    const signIn = (cookie: string, code: string): Sent => ({
      method: "POST",
      url: `${meetingsOfA()}/meetings/${id}/sign-in`,
      payload: { code, via: "scan" },
      headers: { cookie },
    });
    const plan = (payload: object): Sent => ({
      method: "POST",
      url: `${meetingsOfA()}/meetings`,
      payload: { ...meetingBody(), ...payload },
    });
    const cases: [Sent, number][] = [
      [signIn(resident, expired), 400],
      [signIn(resident, wrong), 400],
      [signIn(resident, "12ab56"), 400],
      [signIn(residentOfC, now[0]!), 403],
      [plan({ rrule: "FREQ=NEVER;COUNT=8" }), 400],
      [plan({ rrule: "BYDAY=SA" }), 400],
      [plan({ rrule: "x".repeat(501) }), 400],
      [plan({ title: "会".repeat(101) }), 400],
      [plan({ venue: "亭".repeat(101) }), 400],
      [plan({ endsAt: new Date(Date.now()).toISOString() }), 400],
      [
        {
          method: "PATCH",
          url: `${meetingsOfA()}/meetings/${id}`,
          payload: { resolutions: Array.from({ length: 31 }, () => "决议") },
        },
        400,
      ],
      [
        {
          method: "PATCH",
          url: `${meetingsOfA()}/meetings/${id}`,
          payload: { minutes: "纪".repeat(20_001) },
        },
        400,
      ],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
    const first = await t.app.inject({ ...signIn(resident, now[0]!), method: "POST" } as any);
    expect(first.json().status).toBe("signed_in");
    const before = await snapshotDatabase(t.db);
    const again = await t.app.inject({ ...signIn(resident, now[0]!), method: "POST" } as any);
    expect(again.json()).toMatchObject({ status: "already", messageZh: "已签到" });
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("refuses a residents' meeting's roll frozen twice, a decision without a quorum and more votes than present", async () => {
    const { id } = await t.db
      .insertInto("meeting")
      .values({
        community_id: w.a.id,
        kind: "residents",
        title: "居民会议",
        starts_at: new Date(Date.now() + 3_600_000),
        ends_at: new Date(Date.now() + 7_200_000),
        reminded_at: null,
        series_id: null,
        estate_id: null,
        building_id: null,
        grid_id: null,
        topic_id: null,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const M = `${meetingsOfA()}/meetings/${id}`;
    const decide = (yes: number, no: number): Sent => ({
      method: "POST",
      url: `${M}/residents-decisions`,
      payload: { item: "同意改造方案", tally: { method: "counted", yes, no, abstain: 0 } },
    });
    const freeze: Sent = { method: "POST", url: `${M}/residents-roll`, payload: { basis: "households" } };
    const problems: string[] = [];
    // before the roll: no sign-in screen, no decision
    problems.push(...(await rejectsWithoutChange({ method: "GET", url: `${M}/sign-in-code` }, 409)));
    problems.push(...(await rejectsWithoutChange(decide(1, 0), 409)));
    expect((await t.app.inject({ ...freeze, method: "POST", headers: { cookie } } as any)).statusCode).toBe(
      200,
    );
    problems.push(...(await rejectsWithoutChange(freeze, 409)));
    // nobody signed in yet: no quorum
    problems.push(...(await rejectsWithoutChange(decide(1, 0), 409)));
    const ticked = await t.app.inject({
      method: "POST",
      url: `${M}/attendance`,
      payload: { method: "ticked", residentIds: w.a.residents.map((r) => r.id) },
      headers: { cookie },
    });
    expect(ticked.statusCode, ticked.body).toBe(200);
    problems.push(...(await rejectsWithoutChange(decide(4, 1), 400)));
    problems.push(...(await rejectsWithoutChange(decide(-1, 0), 400)));
    problems.push(
      ...(await rejectsWithoutChange(
        {
          method: "POST",
          url: `${M}/residents-decisions`,
          payload: { item: "", tally: { method: "counted" } },
        },
        400,
      )),
    );
    expect(problems).toEqual([]);
  });
});

describe("bad contest input changes nothing", () => {
  it("refuses a judge scoring an entry twice or outside their contest, scores out of range or fractional, and a sheet of the wrong length", async () => {
    const { inA, entryInA, inC, entryInC } = contests;
    const first = await t.app.inject({
      method: "POST",
      url: `/api/contests/${inA}/rounds/1/scores`,
      payload: { entryId: entryInA, scores: [6, 7] },
      headers: { cookie },
    });
    expect(first.statusCode, first.body).toBe(200);
    const cases: [Sent, number][] = [
      [
        {
          method: "POST",
          url: `/api/contests/${inA}/rounds/1/scores`,
          payload: { entryId: entryInA, scores: [9, 9] },
        },
        409,
      ],
      [
        {
          method: "POST",
          url: `/api/contests/${inC}/rounds/1/scores`,
          payload: { entryId: entryInC, scores: [9, 9] },
        },
        403,
      ],
      [
        {
          method: "PUT",
          url: `/api/contests/${inC}/rounds/1/scores/${entryInC}`,
          payload: { scores: [9, 9] },
        },
        403,
      ],
      [
        {
          method: "PUT",
          url: `/api/contests/${inA}/rounds/1/scores/${entryInA}`,
          payload: { scores: [-1, 9] },
        },
        400,
      ],
      [
        {
          method: "PUT",
          url: `/api/contests/${inA}/rounds/1/scores/${entryInA}`,
          payload: { scores: [11, 9] },
        },
        400,
      ],
      [
        {
          method: "PUT",
          url: `/api/contests/${inA}/rounds/1/scores/${entryInA}`,
          payload: { scores: [7.5, 9] },
        },
        400,
      ],
      [
        {
          method: "PUT",
          url: `/api/contests/${inA}/rounds/1/scores/${entryInA}`,
          payload: { scores: [7, 9, 9] },
        },
        400,
      ],
      [
        { method: "PUT", url: `/api/contests/${inA}/rounds/1/scores/${entryInA}`, payload: { scores: [] } },
        400,
      ],
      [
        {
          method: "POST",
          url: `/api/contests/${inA}/rounds/2/scores`,
          payload: { entryId: entryInA, scores: [1, 1] },
        },
        404,
      ],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });
});

describe("bad points-mall moves change nothing", () => {
  it("refuses an exchange with too few points, after the stock is gone, another community's item, and a reused pickup code", async () => {
    const { a } = w;
    const A = `/api/communities/${a.id}`;
    const buyer = await createResidentUser(t.db, a.id, a.households[0]!.id, "兑换人");
    const buyerCookie = await sessionCookie(t, buyer.id);
    const send = (payload: object): Sent => ({
      method: "POST",
      url: `${A}/mall/exchanges`,
      payload,
      headers: { cookie: buyerCookie },
    });
    const problems: string[] = [];
    // no points at all
    problems.push(
      ...(await rejectsWithoutChange(send({ itemId: mall.itemInA, idempotencyKey: "bad-mall-0001" }), 409)),
    );
    // another community's item
    problems.push(
      ...(await rejectsWithoutChange(send({ itemId: mall.itemInC, idempotencyKey: "bad-mall-0002" }), 404)),
    );
    // stock gone
    await t.db.updateTable("mall_item").set({ stock: 0 }).where("id", "=", mall.itemInA).execute();
    problems.push(
      ...(await rejectsWithoutChange(send({ itemId: mall.itemInA, idempotencyKey: "bad-mall-0003" }), 409)),
    );
    await t.db.updateTable("mall_item").set({ stock: 5 }).where("id", "=", mall.itemInA).execute();
    // a pickup code that was already collected
    const acc = (code: string, negative: boolean, ownerKind: string, ownerId: number) =>
      ensureAccount(t.db, {
        communityId: a.id,
        code,
        nameZh: code,
        nameEn: code,
        unit: "point",
        allowNegative: negative,
        ownerKind,
        ownerId,
      });
    const mine = await acc(residentPointsCode(buyer.residentId), false, "resident", buyer.residentId);
    const source = await acc("points:source", true, "community", a.id);
    await post(t.db, {
      communityId: a.id,
      idempotencyKey: "bad-input-mall-give",
      kind: "points.award",
      memo: "测试",
      postings: [
        { accountId: mine.id, amount: 10 },
        { accountId: source.id, amount: -10 },
      ],
      actorUserId: null,
    });
    const x = await t.app.inject({
      method: "POST",
      url: `${A}/mall/exchanges`,
      payload: { itemId: mall.itemInA, idempotencyKey: "bad-mall-0004" },
      headers: { cookie: buyerCookie },
    });
    expect(x.statusCode, x.body).toBe(200);
    const code = x.json().code as string;
    const first = await t.app.inject({
      method: "POST",
      url: `${A}/mall/pickups`,
      payload: { code },
      headers: { cookie },
    });
    expect(first.statusCode, first.body).toBe(200);
    problems.push(
      ...(await rejectsWithoutChange(
        { method: "POST", url: `${A}/mall/pickups`, payload: { code }, headers: { cookie } },
        409,
      )),
    );
    problems.push(
      ...(await rejectsWithoutChange(
        { method: "POST", url: `${A}/mall/pickups`, payload: { code: "12345" }, headers: { cookie } },
        400,
      )),
    );
    expect(problems).toEqual([]);
  });
});

describe("bad space bookings change nothing", () => {
  let resident: string;
  beforeAll(async () => {
    resident = await sessionCookie(t, (await createResidentUser(t.db, w.a.id, w.a.households[1]!.id)).id);
  });

  it("refuses an overlap, a time outside the opening hours, a day that does not exist, reversed or malformed times and an old convention", async () => {
    const url = `/api/communities/${w.a.id}/spaces/${spacesA.spaceId}/bookings`;
    const book = (p: object): Sent => ({
      method: "POST",
      url,
      payload: { day: spacesA.day, purpose: "活动", attendees: 5, conventionVersion: 1, ...p },
      headers: { cookie: resident },
    });
    const cases: [Sent, number][] = [
      [book({ from: "10:00", to: "12:00" }), 409],
      [book({ from: "08:30", to: "09:30" }), 409],
      [book({ from: "07:00", to: "08:30" }), 409],
      [book({ from: "20:30", to: "21:30" }), 409],
      [book({ from: "12:00", to: "13:00", conventionVersion: 2 }), 409],
      [book({ day: "2026-02-30", from: "12:00", to: "13:00" }), 400],
      [book({ day: "2026-13-01", from: "12:00", to: "13:00" }), 400],
      [book({ day: "1999-12-31", from: "12:00", to: "13:00" }), 400],
      [book({ from: "13:00", to: "12:00" }), 400],
      [book({ from: "25:00", to: "26:00" }), 400],
      [book({ from: "12:00", to: "12:00" }), 400],
      [book({ from: "12:00", to: "13:00", attendees: 31 }), 400],
      [book({ from: "12:00", to: "13:00", purpose: "" }), 400],
    ];
    const problems: string[] = [];
    for (const [req, status] of cases) problems.push(...(await rejectsWithoutChange(req, status)));
    expect(problems).toEqual([]);
  });

  it("refuses a calendar query with a day that does not exist", async () => {
    const problems: string[] = [];
    for (const day of ["2026-02-30", "2026-1-1", "x"])
      problems.push(
        ...(await rejectsWithoutChange(
          { method: "GET", url: `/api/communities/${w.a.id}/spaces/${spacesA.spaceId}/day?day=${day}` },
          400,
        )),
      );
    for (const q of ["from=2026-02-30", "status=done", "to=2026-01-01&from=2026-02-01"])
      problems.push(
        ...(await rejectsWithoutChange(
          { method: "GET", url: `/api/communities/${w.a.id}/space-bookings?${q}` },
          400,
        )),
      );
    expect(problems).toEqual([]);
  });
});

// ---- insight (issue 17): the figures' read routes answer bad places, periods and days with a
// bilingual 400 (or 404 for a place that does not exist), never a server error ----
describe("bad insight queries are refused in both languages", () => {
  it("refuses a malformed place, an impossible day, from after to, an unknown period and a grid in the open data", async () => {
    const cases: [string, number, string | null][] = [
      [`/api/insight/figures?place=community`, 400, cookie],
      [`/api/insight/figures?place=village:${w.a.id}`, 400, cookie],
      [`/api/insight/figures?place=community:${w.a.id}&from=2026-02-30`, 400, cookie],
      [`/api/insight/figures?place=community:${w.a.id}&to=2026-13-01`, 400, cookie],
      [`/api/insight/figures?place=community:${w.a.id}&from=2026-05-01&to=2026-04-01`, 400, cookie],
      [`/api/insight/figures?place=community:${w.a.id}&period=week`, 400, cookie],
      [`/api/insight/figures?place=community:99999999`, 404, cookie],
      [`/api/insight/figures/export.xlsx?place=community:${w.a.id}&table=everything`, 400, cookie],
      [
        `/api/insight/figures/export.xlsx?place=community:${w.a.id}&table=participation&from=2026-02-30`,
        400,
        cookie,
      ],
      [
        `/api/insight/figures/export.xlsx?place=community:${w.a.id}&table=coverage&from=2026-05-01&to=2026-04-01`,
        400,
        cookie,
      ],
      [`/api/insight/figures/categories?place=community:${w.a.id}&from=2026-02-30`, 400, cookie],
      [
        `/api/insight/figures/categories?place=community:${w.a.id}&from=2026-01-01&to=2026-06-30`,
        400,
        cookie,
      ],
      [`/api/insight/figures/categories?place=town:${w.a.id}`, 400, cookie],
      [`/api/open/figures?place=grid:${w.a.id}:${w.a.grids[0]}`, 400, null],
      [`/api/open/figures?place=community:${w.a.id}&period=day`, 400, null],
      [`/api/open/figures.csv?place=street:${w.streetA}&from=2025-02-29`, 400, null],
    ];
    for (const [url, status, who] of cases) {
      const res = await t.app.inject({ method: "GET", url, headers: who ? { cookie: who } : {} });
      expect(res.statusCode, url).toBe(status);
      expect(isBilingualError(res.json()), url).toBe(true);
    }
  });
});

// ---- insight's monthly reports (issue 17 item 3): bad months (malformed, the current month, the
// future), bad places and unknown reports are refused in both languages, never a server error ----
describe("bad monthly report requests are refused in both languages", () => {
  it("refuses a malformed or unfinished month, a grid or unknown place, and an unknown report", async () => {
    const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const posts: [unknown, number][] = [
      [{ place: `community:${w.a.id}`, month: thisMonth }, 400],
      [{ place: `community:${w.a.id}`, month: "2999-12" }, 400],
      [{ place: `community:${w.a.id}`, month: "2026-00" }, 400],
      [{ place: `community:${w.a.id}`, month: "2026-7" }, 400],
      [{ place: `community:${w.a.id}`, month: "July" }, 400],
      [{ place: `grid:${w.a.id}:${w.a.grids[0]}`, month: "2026-01" }, 400],
      [{ place: `street:${w.streetA}` }, 400],
      [{ place: "community:99999999", month: "2026-01" }, 404],
    ];
    for (const [payload, status] of posts) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/insight/reports",
        payload: payload as object,
        headers: { cookie },
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(isBilingualError(res.json()), JSON.stringify(payload)).toBe(true);
    }
    const gets: [string, number][] = [
      [`/api/insight/reports?place=community:${w.a.id}&month=2026-13`, 400],
      [`/api/insight/reports?place=community:${w.a.id}&level=grid`, 400],
      [`/api/insight/reports?place=grid:${w.a.id}:${w.a.grids[0]}`, 400],
      [`/api/insight/reports?place=street:99999999`, 404],
      [`/api/insight/reports?place=district:99999999`, 404],
      [`/api/insight/reports/not-a-number`, 400],
      [`/api/insight/reports/99999999`, 404],
      [`/api/insight/reports/99999999/report.pdf`, 404],
      [`/api/insight/reports/99999999/figures.xlsx`, 404],
    ];
    for (const [url, status] of gets) {
      const res = await t.app.inject({ method: "GET", url, headers: { cookie } });
      expect(res.statusCode, url).toBe(status);
      expect(isBilingualError(res.json()), url).toBe(true);
    }
  });
});
