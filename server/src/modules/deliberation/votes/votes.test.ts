// Owners' votes (D5) through the real API: staff set up an elevator vote for one building, opening
// freezes the electorate (one owner holding two flats counts once, the developer's flats once
// together, a flat without an owner not at all), owners vote online and change their ballot, staff
// enter paper and proxy ballots that count only after a second staff member confirms them, the
// running tally equals the recount, closing publishes the result as a notice, and the export is
// recomputed by `npm run verify:vote`. Every bad input is refused bilingually and changes nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
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
import * as q from "./votes.queries.ts";
import { recountOf } from "./votes.service.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
let estateId: number;
let buildingId: number;
const cookies: Record<string, string> = {};
const hh: number[] = [];
const HOUR = 3_600_000;

async function api(method: string, url: string, cookie: string | null, payload?: unknown) {
  return t.app.inject({
    method: method as any,
    url,
    payload: payload as any,
    headers: cookie ? { cookie } : {},
  });
}

async function refused(call: () => Promise<any>, status: number, code?: string) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(isBilingualError(body), res.body).toBe(true);
  if (code) expect(body.code).toBe(code);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return body;
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
  estateId = (
    await db
      .insertInto("estate")
      .values({ community_id: w.a.id, name: "都市桃源" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  buildingId = (
    await db
      .insertInto("building")
      .values({ community_id: w.a.id, estate_id: estateId, name: "3栋", floors: 7 })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  // 100.00, 80.50 (both 张三), 90 李四, 90 王五 (no account), 70 + 60 developer, 120 赵六, 75 tenants only
  const areas = [100, 80.5, 90, 90, 70, 60, 120, 75];
  for (const [i, area] of areas.entries())
    hh.push(
      (
        await db
          .insertInto("household")
          .values({
            community_id: w.a.id,
            building_id: buildingId,
            floor: i + 1,
            room: `${i + 1}01`,
            area_m2: area,
            area_source: "register",
            developer_held: i === 4 || i === 5,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  const zhang = await createResidentUser(db, w.a.id, hh[0]!, "张三");
  await db
    .insertInto("resident")
    .values({
      community_id: w.a.id,
      user_id: zhang.id,
      household_id: hh[1]!,
      name: "张三",
      relation: "owner",
      status: "verified",
    })
    .execute();
  cookies.zhang = await sessionCookie(t, zhang.id);
  cookies.li = await sessionCookie(t, (await createResidentUser(db, w.a.id, hh[2]!, "李四")).id);
  await db
    .insertInto("resident")
    .values({
      community_id: w.a.id,
      household_id: hh[3]!,
      name: "王五",
      relation: "owner",
      status: "verified",
    })
    .execute();
  cookies.zhao = await sessionCookie(t, (await createResidentUser(db, w.a.id, hh[6]!, "赵六")).id);
  await db
    .insertInto("resident")
    .values({
      community_id: w.a.id,
      household_id: hh[7]!,
      name: "租户甲",
      relation: "tenant",
      status: "verified",
    })
    .execute();
  // an owner elsewhere in the community (not in the vote's building)
  cookies.outsider = await sessionCookie(
    t,
    (await createResidentUser(db, w.a.id, w.a.households[0]!.id, "孙七")).id,
  );
  await staff("worker", "community_worker", "community", w.a.id);
  await staff("secretary", "community_secretary", "community", w.a.id);
  await staff("committee", "owners_committee_member", "estate", estateId, w.a.id);
  await staff("head", "building_head", "building", buildingId, w.a.id);
  await staff("workerB", "community_worker", "community", w.b.id);
});
afterAll(async () => {
  await t?.close();
});

const QUESTIONS = [{ text: "同意3栋加装电梯" }, { text: "同意按楼层系数分摊费用" }];

async function makeVote(body: Record<string, unknown> = {}, cookie = cookies.worker!) {
  const res = await api("POST", `${A}/votes`, cookie, {
    title: "3栋加装电梯",
    estateId,
    buildingIds: [buildingId],
    matter: 7,
    questions: QUESTIONS,
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    proxyLimit: 1,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("owners' votes", () => {
  let voteId: number;
  let V: string;
  let voterOf: Record<string, number>;

  it("sets up a draft, then opening freezes the electorate as Art. 8–9 count it", async () => {
    const v = await makeVote();
    voteId = v.id;
    V = `${A}/votes/${voteId}`;
    expect(v.state).toBe("draft");
    expect(v.major).toBe(true);
    const opened = await api("POST", `${V}/open`, cookies.committee!);
    expect(opened.statusCode, opened.body).toBe(200);
    // 张三 (two flats, once), 李四, 王五, the developer (two flats, once), 赵六; the tenants' flat not at all
    expect(opened.json().figures.electorate).toEqual({ areaCm2: "61050", heads: 5 });
    expect(opened.json().electorateHash).toMatch(/^[0-9a-f]{64}$/);
    const el = (await api("GET", `${V}/electorate`, cookies.li!)).json();
    expect(el.items.map((i: any) => [i.maskedNames, i.parts, i.areaCm2])).toEqual([
      ["张某", 2, "18050"],
      ["李某", 1, "9000"],
      ["王某", 1, "9000"],
      ["建设单位", 2, "13000"],
      ["赵某", 1, "12000"],
    ]);
    // the owners in scope were told where to vote, with the frozen electorate's totals
    const announced = await t.db
      .selectFrom("notice")
      .select(["body", "audience"])
      .where("subject_kind", "=", "vote")
      .where("subject_id", "=", voteId)
      .where("kind", "=", "announcement")
      .executeTakeFirstOrThrow();
    expect(announced.audience).toBe("owners");
    expect(announced.body).toContain(`/m/votes/${w.a.id}/${voteId}`);
    expect(announced.body).toContain("610.50 m²");
    voterOf = Object.fromEntries(el.items.map((i: any) => [i.maskedNames, i.voterNo]));
    expect(JSON.stringify(el)).not.toContain("张三");
    await refused(() => api("POST", `${V}/open`, cookies.worker!), 409, "VOTE_STATE");
    await refused(() => api("GET", `${V}/electorate`, cookies.outsider!), 403);
  });

  it("takes online ballots, one per owner, changeable until the close", async () => {
    const first = await api("PUT", `${V}/ballot`, cookies.zhang!, { choices: ["Y", "Y"] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ counted: true, changed: false, channel: "online" });
    expect((await api("PUT", `${V}/ballot`, cookies.li!, { choices: ["Y", "N"] })).statusCode).toBe(200);
    expect((await api("PUT", `${V}/ballot`, cookies.zhao!, { choices: ["N", "N"] })).statusCode).toBe(200);
    const changed = await api("PUT", `${V}/ballot`, cookies.zhao!, { choices: ["Y", "A"] });
    expect(changed.json()).toMatchObject({ changed: true });
    const form = (await api("GET", `${V}/ballot`, cookies.zhao!)).json();
    expect(form.myBallot).toMatchObject({ choices: ["Y", "A"], channel: "online" });
    expect(form).toMatchObject({ canVote: true, myAreaCm2: "12000", myParts: 1 });
    // one row per owner (the unique index), not a row per change
    const rows = await t.db.selectFrom("vote_ballot").selectAll().where("vote_id", "=", voteId).execute();
    expect(rows).toHaveLength(3);
    await expect(
      t.db
        .insertInto("vote_ballot")
        .values({ ...rows[0]!, id: undefined as any, receipt: "X" })
        .execute(),
    ).rejects.toThrow();
  });

  it("我的投票: an owner sees the votes of their own households with only their own ballot", async () => {
    const draft = await makeVote({ title: "草稿不显示" });
    const mine = async (cookie: string) => {
      const res = await api("GET", "/api/me/votes", cookie);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as any[];
    };
    const li = await mine(cookies.li!);
    expect(li.map((v) => v.id)).toEqual([voteId]);
    const liForm = (await api("GET", `${V}/ballot`, cookies.li!)).json();
    expect(li[0]).toMatchObject({
      state: "open",
      canVote: true,
      result: null,
      myBallot: { channel: "online", counted: true, receipt: liForm.myBallot.receipt },
    });
    // 张三 owns two flats: one entry, his own receipt, never 李四's
    const zhang = await mine(cookies.zhang!);
    expect(zhang).toHaveLength(1);
    expect(zhang[0].myBallot.receipt).not.toBe(liForm.myBallot.receipt);
    expect(JSON.stringify(zhang)).not.toContain(liForm.myBallot.receipt);
    // an owner elsewhere in the community, a tenant's flat, staff: none (not in the frozen electorate)
    expect(await mine(cookies.outsider!)).toEqual([]);
    expect(await mine(cookies.worker!)).toEqual([]);
    expect((await mine(cookies.li!)).some((v) => v.id === draft.id)).toBe(false);
    expect((await api("GET", "/api/me/votes", null)).statusCode).toBe(401);
  });

  it("refuses bad ballots bilingually and changes nothing", async () => {
    await refused(
      () => api("PUT", `${V}/ballot`, cookies.outsider!, { choices: ["Y", "Y"] }),
      403,
      "OUT_OF_SCOPE",
    );
    await refused(() => api("PUT", `${V}/ballot`, cookies.li!, { choices: ["Y"] }), 400, "VALIDATION");
    await refused(() => api("PUT", `${V}/ballot`, cookies.li!, { choices: ["Y", "maybe"] }), 400);
    await refused(() => api("PUT", `${V}/ballot`, cookies.li!, { choices: Array(21).fill("Y") }), 400);
    await refused(() => api("PUT", `${V}/ballot`, cookies.li!, { choices: "YY" }), 400);
    await refused(
      () =>
        t.app.inject({
          method: "PUT",
          url: `${V}/ballot`,
          payload: '{"choices": [',
          headers: { cookie: cookies.li!, "content-type": "application/json" },
        }),
      400,
    );
    await refused(
      () =>
        api("POST", `${V}/paper-ballots`, cookies.worker!, {
          voterNo: voterOf["张某"],
          sheetNo: "P-001",
          choices: ["N", "N"],
        }),
      409,
      "VOTE_VOTED_ONLINE",
    );
    await refused(
      () =>
        api("POST", `${V}/paper-ballots`, cookies.worker!, {
          voterNo: 999,
          sheetNo: "P-001",
          choices: ["N", "N"],
        }),
      400,
    );
    await refused(
      () =>
        api("POST", `${V}/paper-ballots`, cookies.workerB!, {
          voterNo: voterOf["王某"],
          sheetNo: "P-001",
          choices: ["N", "N"],
        }),
      403,
    );
  });

  it("counts paper and proxy ballots only after a second staff member confirms; holds the proxy limit", async () => {
    const proxy = { fileId: "file-weituoshu-1", holderName: "开发商代表", holderIdTail: "1234" };
    const dev = await api("POST", `${V}/paper-ballots`, cookies.worker!, {
      voterNo: voterOf["建设单位"],
      sheetNo: "P-002",
      choices: ["N", "Y"],
      proxy,
    });
    expect(dev.statusCode, dev.body).toBe(200);
    expect(dev.json()).toMatchObject({ counted: false, channel: "proxy" });
    await refused(
      () =>
        api("POST", `${V}/paper-ballots`, cookies.worker!, {
          voterNo: voterOf["王某"],
          sheetNo: "P-003",
          choices: ["Y", "N"],
          proxy,
        }),
      409,
      "VOTE_PROXY_LIMIT",
    );
    const wang = await api("POST", `${V}/paper-ballots`, cookies.worker!, {
      voterNo: voterOf["王某"],
      sheetNo: "P-003",
      choices: ["Y", "N"],
    });
    expect(wang.statusCode, wang.body).toBe(200);
    await refused(
      () =>
        api("POST", `${V}/paper-ballots`, cookies.secretary!, {
          voterNo: voterOf["王某"],
          sheetNo: "P-004",
          choices: ["Y", "Y"],
        }),
      409,
      "CONFLICT",
    );
    // pending ballots do not count yet
    let progress = (await api("GET", `${V}/progress`, cookies.head!)).json();
    expect(progress.figures.participating).toEqual({ areaCm2: "39050", heads: 3 });
    expect(progress.figures.pendingPaper).toBe(2);
    expect(progress.notVoted.map((n: any) => n.maskedNames)).toEqual(["王某", "建设单位"]);
    expect(progress.notVoted[0].rooms).toContain("3栋");
    // the one who entered it may not confirm it
    await refused(
      () => api("POST", `${V}/paper-ballots/${wang.json().ballotId}/confirm`, cookies.worker!),
      403,
    );
    for (const b of [wang, dev]) {
      const c = await api("POST", `${V}/paper-ballots/${b.json().ballotId}/confirm`, cookies.secretary!);
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json().counted).toBe(true);
    }
    await refused(
      () => api("POST", `${V}/paper-ballots/${wang.json().ballotId}/confirm`, cookies.committee!),
      409,
    );
    progress = (await api("GET", `${V}/progress`, cookies.head!)).json();
    expect(progress.notVoted).toEqual([]);
    expect(progress.figures.participating).toEqual({ areaCm2: "61050", heads: 5 });
    // the running tally equals its recount from the ballots
    const norm = (rows: { question_index: number; choice: string; area_cm2: string; heads: number }[]) =>
      rows
        .filter((r) => r.heads !== 0)
        .map((r) => `${r.question_index}${r.choice}${BigInt(r.area_cm2)}/${r.heads}`)
        .sort();
    expect(norm(await q.tallyOf(t.db, w.a.id, voteId))).toEqual(norm(await recountOf(t.db, w.a.id, voteId)));
    const audits = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "vote")
      .where("target_id", "=", String(voteId))
      .execute();
    expect(audits.map((a) => a.action).sort()).toEqual(
      [
        "vote.create",
        "vote.open",
        "vote.paper_ballot",
        "vote.paper_ballot",
        "vote.confirm_ballot",
        "vote.confirm_ballot",
      ].sort(),
    );
  });

  it("closes: decides by Art. 278 items 6–8 (3/4), publishes the result, refuses later ballots", async () => {
    const closed = await api("POST", `${V}/close`, cookies.committee!);
    expect(closed.statusCode, closed.body).toBe(200);
    const v = closed.json();
    expect(v.state).toBe("closed");
    expect(v.ballotsHash).toMatch(/^[0-9a-f]{64}$/);
    // Q1: yes 张三 李四 赵六 王五 = 4/5 heads, 480.50/610.50 m² → ≥ 3/4 both: passed
    expect(v.figures.questions[0]).toMatchObject({ yes: { areaCm2: "48050", heads: 4 }, passed: true });
    // Q2: yes 张三 and the developer only → not passed
    expect(v.figures.questions[1]).toMatchObject({ yes: { areaCm2: "31050", heads: 2 }, passed: false });
    const notice = await t.db
      .selectFrom("notice")
      .selectAll()
      .where("community_id", "=", w.a.id)
      .where("subject_kind", "=", "vote")
      .where("subject_id", "=", voteId)
      .where("kind", "=", "publicity")
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("通过");
    expect(notice.body).toContain(v.ballotsHash);
    await refused(() => api("PUT", `${V}/ballot`, cookies.li!, { choices: ["N", "N"] }), 409, "VOTE_CLOSED");
    await refused(() => api("POST", `${V}/close`, cookies.committee!), 409, "VOTE_STATE");
    const pdf = await api("GET", `${V}/result.pdf`, cookies.head!);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("我的投票 shows a closed vote with its published result", async () => {
    const li = (await api("GET", "/api/me/votes", cookies.li!)).json().items;
    expect(li[0]).toMatchObject({
      id: voteId,
      state: "closed",
      canVote: false,
      result: { quorumMet: true, questions: [{ passed: true }, { passed: false }] },
    });
    expect(li[0].noticeId).toBeGreaterThan(0);
    // 王五's paper ballot shows on no one else's list
    const wangReceipt = (
      await t.db
        .selectFrom("vote_ballot")
        .select("receipt")
        .where("vote_id", "=", voteId)
        .where("voter_no", "=", voterOf["王某"]!)
        .executeTakeFirstOrThrow()
    ).receipt;
    for (const who of ["li", "zhang", "zhao"])
      expect((await api("GET", "/api/me/votes", cookies[who]!)).body).not.toContain(wangReceipt);
  });

  it("exports the ballots, and verify:vote recomputes the same figures from the export alone", async () => {
    const res = await api("GET", `${V}/export.json`, cookies.secretary!);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    expect(data.parts).toHaveLength(7);
    expect(data.ballots).toHaveLength(5);
    expect(JSON.stringify(data)).not.toMatch(/张|李四|王五|赵六/);
    const dir = mkdtempSync(join(tmpdir(), "vote-export-"));
    const file = join(dir, "export.json");
    writeFileSync(file, JSON.stringify(data));
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/verify-vote.ts", file], {
      encoding: "utf8",
    });
    expect(out).toContain("OK");
    expect(out).toContain("同意 4 / 480.50 m²");
    // a changed ballot is caught
    data.ballots[0].choices = data.ballots[0].choices === "YY" ? "NN" : "YY";
    writeFileSync(file, JSON.stringify(data));
    expect(() =>
      execFileSync(process.execPath, ["--import", "tsx", "scripts/verify-vote.ts", file], { stdio: "pipe" }),
    ).toThrow();
  });

  it("exports the ballots as Excel for the organisers: masked names, channel, sheet, confirmer; audited", async () => {
    const res = await api("GET", `${V}/ballots.xlsx`, cookies.secretary!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toContain(".xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const all: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
    const header = all[0] as string[];
    expect(header[1]).toContain("已打码");
    expect(header.slice(-2)).toEqual([
      `第1项 / Q1: ${QUESTIONS[0]!.text}`,
      `第2项 / Q2: ${QUESTIONS[1]!.text}`,
    ]);
    const rows = all.slice(1).filter((r) => typeof r[0] === "number");
    expect(rows).toHaveLength(5);
    const byName = Object.fromEntries(rows.map((r) => [r[1], r]));
    expect(byName["张某"]!.slice(2, 9)).toEqual([2, 180.5, "线上", undefined, "本人线上", "—", "是"]);
    expect(byName["王某"]!.slice(4, 9)).toEqual(["纸质票", "P-003", "worker", "secretary", "是"]);
    expect(byName["建设单位"]!.slice(4, 6)).toEqual(["委托投票", "P-002"]);
    expect(byName["王某"]!.slice(-2)).toEqual(["同意", "反对"]);
    expect(byName["张某"]![9]).toBeInstanceOf(Date);
    expect(JSON.stringify(all)).not.toMatch(/张三|李四|王五|赵六/);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("target_type", "=", "vote")
      .where("target_id", "=", String(voteId))
      .where("action", "=", "data.export")
      .execute();
    expect(audit.some((a) => (a.after as any)?.format === "xlsx" && (a.after as any)?.rows === 5)).toBe(true);
    // a building head reads the vote but does not export; another community's staff do not reach it
    await refused(() => api("GET", `${V}/ballots.xlsx`, cookies.head!), 403);
    await refused(() => api("GET", `${V}/ballots.xlsx`, cookies.workerB!), 403);
    await refused(() => api("GET", `${A}/votes/999999/ballots.xlsx`, cookies.secretary!), 404);
  });

  it("refuses a vote whose owned flats lack an area, and bad set-ups", async () => {
    await t.db.updateTable("household").set({ area_m2: null }).where("id", "=", hh[2]!).execute();
    const v = await makeVote({ title: "缺面积" });
    await refused(
      () => api("POST", `${A}/votes/${v.id}/open`, cookies.worker!),
      409,
      "VOTE_REGISTER_INCOMPLETE",
    );
    await t.db.updateTable("household").set({ area_m2: 90 }).where("id", "=", hh[2]!).execute();
    await refused(
      () =>
        api("POST", `${A}/votes`, cookies.worker!, {
          title: "错楼",
          estateId,
          buildingIds: [w.a.buildings[0]!.id],
          matter: 1,
          questions: QUESTIONS,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + HOUR).toISOString(),
        }),
      400,
    );
    await refused(
      () =>
        api("POST", `${A}/votes`, cookies.worker!, {
          title: "事项",
          estateId,
          matter: 10,
          questions: QUESTIONS,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + HOUR).toISOString(),
        }),
      400,
    );
    await refused(() => api("POST", `${A}/votes`, cookies.head!, { title: "x" }), 403);
  });
});
