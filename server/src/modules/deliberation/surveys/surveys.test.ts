// Surveys (D4) through the real API: staff build and publish a survey for a place and group,
// residents there answer once per person or household (a unique index, not the client), staff
// enter paper answers (audited), results come from the tally (equal to a recount of the answers),
// anonymous surveys keep no readable link to who answered, and every bad answer stores nothing.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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
} from "../../../../test/test-app.ts";
import * as q from "./surveys.queries.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
const cookies: Record<string, string> = {};
const people: Record<string, { id: number; residentId: number }> = {};

const HOUR = 3_600_000;

async function api(method: string, url: string, cookie: string | null, payload?: unknown) {
  return t.app.inject({
    method: method as any,
    url,
    payload: payload as any,
    headers: cookie ? { cookie } : {},
  });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const db = t.db;
  const staff = async (
    key: string,
    ...g: Parameters<typeof grant> extends [any, any, ...infer R] ? R : never
  ) => {
    const u = await createUser(db, key);
    await grant(db, u.id, ...g);
    cookies[key] = await sessionCookie(t, u.id);
  };
  await staff("worker", "community_worker", "community", w.a.id);
  await staff("grid1", "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  await staff("street", "street_official", "street", w.streetA);
  await staff("streetB", "street_official", "street", w.streetB);
  // two residents of household 0 (building 1), one of household 1 (building 1), one in building 2
  const add = async (key: string, householdIndex: number) => {
    const r = await createResidentUser(db, w.a.id, w.a.households[householdIndex]!.id, key);
    people[key] = { id: r.id, residentId: r.residentId };
    cookies[key] = await sessionCookie(t, r.id);
  };
  await add("li", 0);
  await add("liWife", 0);
  await add("wang", 1);
  await add("zhao", 2);
});
afterAll(async () => {
  await t?.close();
});

const QUESTIONS = [
  { kind: "single", text: "架空层改造后最想要什么？", options: ["健身", "老幼活动", "普法宣传", "党员教育"] },
  { kind: "multiple", text: "您会在什么时间去？", options: ["早上", "下午", "晚上"] },
  { kind: "rating", text: "对现在的架空层满意吗？" },
  { kind: "number", text: "家里几口人会去？", min: 0, max: 10 },
  { kind: "text", text: "其他建议", required: false },
];
const GOOD = [
  { question: 0, choices: [1] },
  { question: 1, choices: [0, 2] },
  { question: 2, value: 2 },
  { question: 3, value: 3 },
  { question: 4, text: "希望有乒乓球台" },
];

async function makeSurvey(body: Record<string, unknown> = {}, cookie = cookies.worker!) {
  const res = await api("POST", `${A}/surveys`, cookie, {
    title: "架空层改造调研",
    estateId: w.a.estateId,
    questions: QUESTIONS,
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    publish: true,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; state: string };
}

async function unchanged(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(isBilingualError(body)).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return body;
}

describe("surveys", () => {
  it("builds a draft, publishes it, and residents of the estate see and answer it once", async () => {
    const draft = await makeSurvey({ publish: false });
    expect(draft.state).toBe("draft");
    // a draft is nobody's to answer
    const mine0 = (await api("GET", "/api/me/surveys", cookies.li!)).json();
    expect(mine0.items.map((s: any) => s.id)).not.toContain(draft.id);
    await unchanged(
      () => api("POST", `${A}/surveys/${draft.id}/responses`, cookies.li!, { answers: GOOD }),
      409,
    );
    const pub = await api("PATCH", `${A}/surveys/${draft.id}`, cookies.worker!, { publish: true });
    expect(pub.json().state).toBe("open");

    const mine = (await api("GET", "/api/me/surveys", cookies.li!)).json();
    expect(mine.items.find((s: any) => s.id === draft.id)).toMatchObject({
      answered: false,
      questionCount: 5,
    });
    const form = (await api("GET", `${A}/surveys/${draft.id}/form`, cookies.li!)).json();
    expect(form).toMatchObject({ canAnswer: true, answered: false });

    const ok = await api("POST", `${A}/surveys/${draft.id}/responses`, cookies.li!, { answers: GOOD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().channel).toBe("online");
    // a named survey's answer is announced (insight's participation counts its resident)
    const announced = await t.db
      .selectFrom("domain_event")
      .select(["type", "payload"])
      .where("aggregate_type", "=", "survey_response")
      .where("aggregate_id", "=", ok.json().responseId)
      .execute();
    expect(announced).toEqual([
      { type: "survey.answered", payload: { surveyId: draft.id, channel: "online" } },
    ]);
    // once per person: a second answer is refused and stores nothing
    const again = await unchanged(
      () => api("POST", `${A}/surveys/${draft.id}/responses`, cookies.li!, { answers: GOOD }),
      409,
    );
    expect(again.code).toBe("SURVEY_ANSWERED");
    // per person: the spouse in the same household may answer too
    expect(
      (await api("POST", `${A}/surveys/${draft.id}/responses`, cookies.liWife!, { answers: GOOD }))
        .statusCode,
    ).toBe(200);
    const form2 = (await api("GET", `${A}/surveys/${draft.id}/form`, cookies.li!)).json();
    expect(form2).toMatchObject({ canAnswer: false, answered: true });

    // questions are fixed once answered
    const fixed = await unchanged(
      () => api("PATCH", `${A}/surveys/${draft.id}`, cookies.worker!, { questions: QUESTIONS.slice(0, 2) }),
      409,
    );
    expect(fixed.message_zh).toContain("不能再改");
  });

  it("takes one answer per household: a second from the same household is refused with nothing stored", async () => {
    const s = await makeSurvey({ answerPer: "household" });
    expect(
      (await api("POST", `${A}/surveys/${s.id}/responses`, cookies.li!, { answers: GOOD })).statusCode,
    ).toBe(200);
    const body = await unchanged(
      () => api("POST", `${A}/surveys/${s.id}/responses`, cookies.liWife!, { answers: GOOD }),
      409,
    );
    expect(body.code).toBe("SURVEY_ANSWERED");
    expect(body.message_zh).toContain("每户");
    expect(body.message_en).toContain("household");
    // two answers at once from one household: the unique index keeps one
    const s2 = await makeSurvey({ answerPer: "household" });
    const both = await Promise.all([
      api("POST", `${A}/surveys/${s2.id}/responses`, cookies.li!, { answers: GOOD }),
      api("POST", `${A}/surveys/${s2.id}/responses`, cookies.liWife!, { answers: GOOD }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await q.tallies(t.db, w.a.id, s2.id)).find((r) => r.question_index === -1)?.answers).toBe(1);
  });

  it("refuses bad answers with a bilingual message and stores nothing", async () => {
    const s = await makeSurvey();
    const post = (answers: unknown) => () =>
      api("POST", `${A}/surveys/${s.id}/responses`, cookies.wang!, { answers });
    const outOfRange = await unchanged(post([{ question: 0, choices: [7] }, ...GOOD.slice(1)]), 400);
    expect(outOfRange.message_zh).toContain("没有第 8 个选项");
    const missing = await unchanged(post(GOOD.filter((a) => a.question !== 2)), 400);
    expect(missing.message_zh).toContain("第 3 题必须回答");
    await unchanged(post([{ question: 0, choices: [0, 1] }, ...GOOD.slice(1)]), 400);
    await unchanged(post([...GOOD.slice(0, 2), { question: 2, value: 6 }, ...GOOD.slice(3)]), 400);
    await unchanged(post([...GOOD.slice(0, 3), { question: 3, value: 11 }, GOOD[4]]), 400);
    await unchanged(post([...GOOD.slice(0, 4), { question: 4, text: "长".repeat(1001) }]), 400);
    await unchanged(post([...GOOD, { question: 9, value: 1 }]), 400);
    // a closed survey
    const closed = await makeSurvey({
      opensAt: new Date(Date.now() - 48 * HOUR).toISOString(),
      closesAt: new Date(Date.now() - HOUR).toISOString(),
    });
    const c = await unchanged(
      () => api("POST", `${A}/surveys/${closed.id}/responses`, cookies.wang!, { answers: GOOD }),
      409,
    );
    expect(c.code).toBe("SURVEY_CLOSED");
    expect(c.message_zh).toContain("已于");
    expect(c.message_en).toContain("closed");
  });

  it("lets only residents of the survey's place and group answer", async () => {
    const b1 = await makeSurvey({ estateId: null, buildingId: w.a.buildings[0]!.id });
    // a resident of building 2 cannot answer a building-1 survey, nor see it
    const out = await unchanged(
      () => api("POST", `${A}/surveys/${b1.id}/responses`, cookies.zhao!, { answers: GOOD }),
      403,
    );
    expect(out.message_zh).toContain("不面向");
    expect(
      (await api("GET", "/api/me/surveys", cookies.zhao!)).json().items.map((s: any) => s.id),
    ).not.toContain(b1.id);
    expect((await api("GET", `${A}/surveys/${b1.id}/form`, cookies.zhao!)).statusCode).toBe(403);
    // party members only: nobody here is one until the register says so
    const party = await makeSurvey({ audience: "party_members" });
    await unchanged(
      () => api("POST", `${A}/surveys/${party.id}/responses`, cookies.wang!, { answers: GOOD }),
      403,
    );
    await t.db
      .insertInto("party_member")
      .values({ community_id: w.a.id, resident_id: people.wang!.residentId, name: "wang" })
      .execute();
    expect(
      (await api("POST", `${A}/surveys/${party.id}/responses`, cookies.wang!, { answers: GOOD })).statusCode,
    ).toBe(200);
    // tenants only: the owners here may not
    const tenants = await makeSurvey({ audience: "tenants" });
    await unchanged(
      () => api("POST", `${A}/surveys/${tenants.id}/responses`, cookies.li!, { answers: GOOD }),
      403,
    );
  });

  it("keeps an anonymous survey's answers apart from who gave them, and still one per person", async () => {
    const s = await makeSurvey({ anonymous: true });
    expect(
      (await api("POST", `${A}/surveys/${s.id}/responses`, cookies.li!, { answers: GOOD })).statusCode,
    ).toBe(200);
    await unchanged(() => api("POST", `${A}/surveys/${s.id}/responses`, cookies.li!, { answers: GOOD }), 409);
    const rows = await t.db
      .selectFrom("survey_response")
      .selectAll()
      .where("community_id", "=", w.a.id)
      .where("survey_id", "=", s.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ resident_id: null, household_id: null });
    expect(rows[0]!.respondent_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // and no event names the answer (an event's actor would be a link to who answered)
    const events = await t.db
      .selectFrom("domain_event")
      .select("id")
      .where("aggregate_type", "=", "survey_response")
      .where("aggregate_id", "=", rows[0]!.id)
      .execute();
    expect(events).toEqual([]);
    const texts = (await api("GET", `${A}/surveys/${s.id}/text-answers?question=4`, cookies.worker!)).json();
    expect(texts.items).toEqual([
      expect.objectContaining({ text: "希望有乒乓球台", respondentName: null, submittedDay: null }),
    ]);
    // the export of an anonymous survey holds only aggregates
    const x = await api("GET", `${A}/surveys/${s.id}/export`, cookies.worker!);
    expect(x.statusCode).toBe(200);
    const text = await workbookText(x.rawPayload);
    expect(text).toContain("匿名问卷只导出统计");
    expect(text).not.toContain("li");
  });

  it("takes paper answers entered by staff (audited, marked paper, one per person) and shows results", async () => {
    const s = await makeSurvey();
    const choices = (await api("GET", `${A}/surveys/${s.id}/respondent-choices`, cookies.worker!)).json();
    const li = choices.items.find((c: any) => c.residentId === people.li!.residentId);
    expect(li).toMatchObject({ answered: false });
    expect(li.phone).toMatch(/\*\*\*\*/);
    const paper = await api("POST", `${A}/surveys/${s.id}/paper-responses`, cookies.worker!, {
      residentId: people.li!.residentId,
      answers: GOOD,
    });
    expect(paper.statusCode, paper.body).toBe(200);
    expect(paper.json().channel).toBe("paper");
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "survey.paper_answer")
      .where("target_id", "=", String(s.id))
      .execute();
    expect(audit).toHaveLength(1);
    // the resident answered on paper: not again online
    await unchanged(() => api("POST", `${A}/surveys/${s.id}/responses`, cookies.li!, { answers: GOOD }), 409);
    // nor for a resident outside the place (building 2 is in the estate; community B is not)
    const outsider = w.b.residents[0]!.id;
    await unchanged(
      () =>
        api("POST", `${A}/surveys/${s.id}/paper-responses`, cookies.worker!, {
          residentId: outsider,
          answers: GOOD,
        }),
      400,
    );
    expect(
      (
        await api("POST", `${A}/surveys/${s.id}/responses`, cookies.wang!, {
          answers: [
            { question: 0, choices: [1] },
            { question: 1, choices: [1] },
            { question: 2, value: 4 },
            { question: 3, value: 1 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await api("POST", `${A}/surveys/${s.id}/responses`, cookies.zhao!, { answers: GOOD })).statusCode,
    ).toBe(200);

    const r = (await api("GET", `${A}/surveys/${s.id}/results`, cookies.worker!)).json();
    expect(r).toMatchObject({ responses: 3, paper: 1 });
    expect(r.questions[0].options.map((o: any) => o.count)).toEqual([0, 3, 0, 0]);
    expect(r.questions[0].options[1].pct).toBe(100);
    expect(r.questions[1]).toMatchObject({ answered: 3 });
    expect(r.questions[1].options.map((o: any) => o.count)).toEqual([2, 1, 2]);
    expect(r.questions[2].average).toBe(2.67);
    expect(r.questions[2].options.map((o: any) => o.count)).toEqual([0, 2, 0, 1, 0]);
    expect(r.questions[3].average).toBe(2.33);
    expect(r.questions[4].answered).toBe(2);
    // the tally equals a recount of the stored answers
    const tally = (await q.tallies(t.db, w.a.id, s.id)).filter((x) => x.question_index >= 0);
    const recount = await q.recount(t.db, w.a.id, s.id);
    const norm = (rows: any[]) =>
      rows.map((x) => `${x.question_index}:${x.choice}:${Number(x.answers)}:${Number(x.total)}`).sort();
    expect(norm(tally)).toEqual(norm(recount));

    const page1 = (
      await api("GET", `${A}/surveys/${s.id}/text-answers?question=4&limit=1`, cookies.worker!)
    ).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0].respondentName).toBe("li");
    expect(page1.items[0].channel).toBe("paper");
    const page2 = (
      await api(
        "GET",
        `${A}/surveys/${s.id}/text-answers?question=4&limit=1&after=${page1.next}`,
        cookies.worker!,
      )
    ).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.next).toBeNull();

    const x = await api("GET", `${A}/surveys/${s.id}/export`, cookies.worker!);
    expect(x.statusCode).toBe(200);
    expect(x.headers["x-linli-export-rows"]).toBe("3");
    const text = await workbookText(x.rawPayload);
    expect(text).toContain("老幼活动");
    expect(text).toContain("纸质");
    expect(text).toContain("早上、晚上");
    const exports = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "data.export")
      .where("target_type", "=", "survey")
      .execute();
    expect(exports.length).toBeGreaterThanOrEqual(1);
  });

  it("reaches staff by place: a grid worker builds and reads in their grid only; the street reads across the street", async () => {
    // the grid worker of grid 1 may build for building 1, not for the estate or building 2
    const mine = await makeSurvey({ estateId: null, buildingId: w.a.buildings[0]!.id }, cookies.grid1);
    const refused = await unchanged(
      () =>
        api("POST", `${A}/surveys`, cookies.grid1!, {
          title: "不该建",
          buildingId: w.a.buildings[1]!.id,
          questions: QUESTIONS,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + HOUR).toISOString(),
        }),
      403,
    );
    expect(refused.code).toBe("OUT_OF_SCOPE");
    const estateWide = await makeSurvey();
    const list = (await api("GET", `${A}/surveys?limit=200`, cookies.grid1!)).json();
    const ids = list.items.map((s: any) => s.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(estateWide.id);
    expect((await api("GET", `${A}/surveys/${estateWide.id}/results`, cookies.grid1!)).statusCode).toBe(403);
    // the street official reads every survey of the street's communities, builds none
    const street = (await api("GET", `${A}/surveys?limit=200`, cookies.street!)).json();
    expect(street.items.map((s: any) => s.id)).toEqual(expect.arrayContaining([mine.id, estateWide.id]));
    expect((await api("GET", `${A}/surveys/${estateWide.id}/results`, cookies.street!)).statusCode).toBe(200);
    expect((await api("GET", `${A}/surveys/${estateWide.id}/results`, cookies.streetB!)).statusCode).toBe(
      403,
    );
    await unchanged(
      () => api("PATCH", `${A}/surveys/${estateWide.id}`, cookies.street!, { title: "改名" }),
      403,
    );
    // search and state filters
    const found = (
      await api("GET", `${A}/surveys?q=${encodeURIComponent("架空层")}&state=open`, cookies.worker!)
    ).json();
    expect(found.total).toBeGreaterThan(0);
    expect(found.items.every((s: any) => s.state === "open")).toBe(true);
    const x = await api("GET", `${A}/surveys/export?state=open`, cookies.worker!);
    expect(x.statusCode).toBe(200);
    expect(await workbookText(x.rawPayload)).toContain("架空层改造调研");
  });

  it("counts every answer once: the results equal the answers given, and the tally a recount (property)", async () => {
    const answerArb = fc.record({
      single: fc.integer({ min: 0, max: 3 }),
      multiple: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      rating: fc.integer({ min: 1, max: 5 }),
      number: fc.integer({ min: 0, max: 10 }),
      text: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((x) => x.trim().length > 0)),
    });
    const people = [
      ...w.a.residents.map((r) => ({ paper: r.id })),
      ...["li", "liWife", "wang", "zhao"].map((k) => ({ cookie: cookies[k]! })),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(answerArb, { minLength: people.length, maxLength: people.length }),
        async (given) => {
          const s = await makeSurvey();
          for (const [i, g] of given.entries()) {
            const answers = [
              { question: 0, choices: [g.single] },
              { question: 1, choices: [...g.multiple].sort() },
              { question: 2, value: g.rating },
              { question: 3, value: g.number },
              ...(g.text ? [{ question: 4, text: g.text }] : []),
            ];
            const who = people[i]!;
            const res =
              "paper" in who
                ? await api("POST", `${A}/surveys/${s.id}/paper-responses`, cookies.worker!, {
                    residentId: who.paper,
                    answers,
                  })
                : await api("POST", `${A}/surveys/${s.id}/responses`, who.cookie, { answers });
            expect(res.statusCode, res.body).toBe(200);
          }
          const r = (await api("GET", `${A}/surveys/${s.id}/results`, cookies.worker!)).json();
          expect(r.responses).toBe(given.length);
          expect(r.paper).toBe(w.a.residents.length);
          expect(r.questions[0].options.map((o: any) => o.count)).toEqual(
            [0, 1, 2, 3].map((c) => given.filter((g) => g.single === c).length),
          );
          expect(r.questions[1].options.map((o: any) => o.count)).toEqual(
            [0, 1, 2].map((c) => given.filter((g) => g.multiple.includes(c)).length),
          );
          const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
          expect(r.questions[2].average).toBe(mean(given.map((g) => g.rating)));
          expect(r.questions[3].average).toBe(mean(given.map((g) => g.number)));
          expect(r.questions[4].answered).toBe(given.filter((g) => g.text?.trim()).length);
          const tally = (await q.tallies(t.db, w.a.id, s.id)).filter((x) => x.question_index >= 0);
          const norm = (rows: any[]) =>
            rows.map((x) => `${x.question_index}:${x.choice}:${Number(x.answers)}:${Number(x.total)}`).sort();
          expect(norm(tally)).toEqual(norm(await q.recount(t.db, w.a.id, s.id)));
        },
      ),
      { numRuns: 5 },
    );
  });

  it("closes a survey now with a closing time in the past", async () => {
    const s = await makeSurvey();
    const res = await api("PATCH", `${A}/surveys/${s.id}`, cookies.worker!, {
      closesAt: new Date(Date.now() - 10 * HOUR).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe("closed");
    await unchanged(() => api("POST", `${A}/surveys/${s.id}/responses`, cookies.li!, { answers: GOOD }), 409);
    // bad dates and questions
    await unchanged(
      () =>
        api("POST", `${A}/surveys`, cookies.worker!, {
          title: "坏日期",
          questions: QUESTIONS,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() - HOUR).toISOString(),
        }),
      400,
    );
    await unchanged(
      () =>
        api("POST", `${A}/surveys`, cookies.worker!, {
          title: "坏题目",
          questions: [{ kind: "number", text: "几口人", min: 5, max: 1 }],
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + HOUR).toISOString(),
        }),
      400,
    );
  });
});

async function workbookText(raw: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const cells: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join("\n");
}
