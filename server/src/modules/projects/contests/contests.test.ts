// Contests (D6, E3) through the real API: a community's 金点子 call with two judges and three weighted
// criteria; verified residents submit ideas (with a photo) and support them once each (primary key);
// judges score blind — the server answers neither another judge's sheet nor a ranking until the round
// closes —, a second sheet is refused, a correction is an explicit update while the round is open, a
// judge of another contest or round is refused; the ranking follows the documented tie-break; 签约立项
// records the adoption and its event; a street's innovation contest is cut to finalists for a second
// round with other judges, published as notices and exported per judge; residents of another
// community cannot read a place-restricted contest; refusals store nothing.
import sharp from "sharp";
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
import { rankEntries } from "./contests-ranking.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
const cookies: Record<string, string> = {};
const users: Record<string, number> = {};
const HOUR = 3_600_000;
const residents: string[] = [];

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
  const db = t.db;
  type Grant = Parameters<typeof grant> extends [any, any, ...infer R] ? R : never;
  const person = async (key: string, ...g: Grant | []) => {
    const u = await createUser(db, key);
    if (g.length) await grant(db, u.id, ...(g as Grant));
    users[key] = u.id;
    cookies[key] = await sessionCookie(t, u.id);
  };
  await person("secretary", "community_secretary", "community", w.a.id);
  await person("secretaryC", "community_secretary", "community", w.c.id);
  await person("secretaryB", "community_secretary", "community", w.b.id);
  await person("street", "street_official", "street", w.streetA);
  await person("judge1");
  await person("judge2");
  await person("judge3");
  for (let i = 0; i < 6; i++) {
    const r = await createResidentUser(db, w.a.id, w.a.households[i % 4]!.id, `居民${"甲乙丙丁戊己"[i]}`);
    residents.push(await sessionCookie(t, r.id));
  }
  const outsider = await createResidentUser(db, w.c.id, w.c.households[0]!.id, "外社区居民");
  cookies.outsider = await sessionCookie(t, outsider.id);
});
afterAll(async () => {
  await t?.close();
});

const criteria = [
  { name: "可行性", weight: 40 },
  { name: "创新性", weight: 30 },
  { name: "受益面", weight: 30 },
];

async function openIdeaContest(extra: Record<string, unknown> = {}) {
  const res = await api("POST", "/api/contests", cookies.secretary!, {
    kind: "idea",
    title: "多元共建客厅金点子大赛",
    theme: "怎样让客厅更好用",
    scope: "community",
    communityId: w.a.id,
    submitFrom: new Date(Date.now() - HOUR).toISOString(),
    submitTo: new Date(Date.now() + HOUR).toISOString(),
    criteria,
    judgeUserIds: [users.judge1, users.judge2],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; rounds: { judges: unknown[] }[] };
}

describe("an idea contest (金点子)", () => {
  let id: number;
  const entryIds: number[] = [];

  it("is opened by the community's staff with judges and weighted criteria (audited)", async () => {
    const c = await openIdeaContest();
    id = c.id;
    expect(c.rounds[0]!.judges).toHaveLength(2);
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "contest.create")
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("takes ideas from verified residents of the place, with photos", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#c33" } })
      .png()
      .toBuffer();
    const boundary = "----contest";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify({ title: "客厅加装扶手", summary: "方便老人" })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/contests/${id}/entries`,
      payload: body,
      headers: { cookie: residents[0]!, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().photoIds).toHaveLength(1);
    entryIds.push(res.json().id);
    for (let i = 1; i < 6; i++) {
      const r = await api("POST", `/api/contests/${id}/entries`, residents[i]!, {
        title: `金点子${i}`,
        summary: "",
      });
      expect(r.statusCode, r.body).toBe(200);
      entryIds.push(r.json().id);
    }
    const photo = await api(
      "GET",
      `/api/contests/${id}/entries/${entryIds[0]}/photos/${res.json().photoIds[0]}`,
      residents[3]!,
    );
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toContain("image/");
  });

  it("refuses a resident of another community, to read or to submit", async () => {
    const before = await snapshotDatabase(t.db);
    for (const [m, u, p] of [
      ["GET", `/api/contests/${id}`, undefined],
      ["GET", `/api/contests/${id}/entries`, undefined],
      ["POST", `/api/contests/${id}/entries`, { title: "外来的点子" }],
      ["POST", `/api/contests/${id}/entries/${entryIds[0]}/support`, undefined],
    ] as const) {
      const r = await api(m, u, cookies.outsider!, p);
      expect(r.statusCode, `${m} ${u}`).toBe(403);
      expect(isBilingualError(r.json())).toBe(true);
    }
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("counts one support per resident and entry", async () => {
    const first = await api("POST", `/api/contests/${id}/entries/${entryIds[2]}/support`, residents[0]!);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().supports).toBe(1);
    const before = await snapshotDatabase(t.db);
    const again = await api("POST", `/api/contests/${id}/entries/${entryIds[2]}/support`, residents[0]!);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("CONTEST_SUPPORTED");
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    // the database holds it too, whatever the service does
    await expect(
      t.db
        .insertInto("contest_support")
        .values({
          community_id: w.a.id,
          resident_id: (
            await t.db.selectFrom("contest_support").select("resident_id").executeTakeFirstOrThrow()
          ).resident_id,
          entry_community_id: w.a.id,
          entry_id: entryIds[2]!,
          contest_id: id,
        })
        .execute(),
    ).rejects.toThrow();
    for (const r of [residents[1]!, residents[4]!]) {
      const ok = await api("POST", `/api/contests/${id}/entries/${entryIds[3]}/support`, r);
      expect(ok.statusCode).toBe(200);
    }
    await api("POST", `/api/contests/${id}/entries/${entryIds[2]}/support`, residents[5]!);
    const list = (await api("GET", `/api/contests/${id}/entries`, residents[0]!)).json();
    expect(list.items.find((e: any) => e.id === entryIds[2]).supportedByMe).toBe(true);
    expect(list.items.find((e: any) => e.id === entryIds[3]).supports).toBe(2);
    expect(list.items[0].submitter).toBe("居某");
  });

  it("keeps judges blind: each sees only their own sheet; no ranking while open", async () => {
    // entries 2 and 3 will tie on score; entry 3 has the same supports (2) but was submitted later
    const sheets: Record<number, [number[], number[]]> = {
      0: [
        [6, 6, 6],
        [6, 6, 6],
      ],
      1: [
        [9, 9, 9],
        [9, 9, 9],
      ],
      2: [
        [8, 7, 7],
        [7, 8, 8],
      ],
      3: [
        [7, 8, 8],
        [8, 7, 7],
      ],
      4: [
        [5, 5, 5],
        [4, 4, 4],
      ],
      5: [
        [3, 3, 3],
        [2, 2, 2],
      ],
    };
    for (const [i, [s1, s2]] of Object.entries(sheets)) {
      const e = entryIds[Number(i)]!;
      const a = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge1!, {
        entryId: e,
        scores: s1,
      });
      expect(a.statusCode, a.body).toBe(200);
      const b = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge2!, {
        entryId: e,
        scores: s2,
      });
      expect(b.statusCode, b.body).toBe(200);
    }
    const mine = (await api("GET", `/api/contests/${id}/rounds/1/judging`, cookies.judge1!)).json();
    expect(mine.scored).toBe(6);
    expect(mine.entries[0].myScores).toEqual([6, 6, 6]);
    expect(JSON.stringify(mine)).not.toContain("[4,4,4]"); // judge 2's sheet of entry 4
    for (const who of [cookies.judge1!, cookies.judge2!, cookies.secretary!, residents[0]!]) {
      const r = await api("GET", `/api/contests/${id}/rounds/1/ranking`, who);
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe("CONTEST_ROUND_OPEN");
    }
    const ex = await api("GET", `/api/contests/${id}/rounds/1/export`, cookies.secretary!);
    expect(ex.statusCode).toBe(409);
  });

  it("refuses a second sheet, allows an explicit correction, refuses a judge outside the round", async () => {
    const before = await snapshotDatabase(t.db);
    const twice = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge1!, {
      entryId: entryIds[4],
      scores: [10, 10, 10],
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("CONTEST_SCORED");
    const outside = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge3!, {
      entryId: entryIds[4],
      scores: [10, 10, 10],
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe("FORBIDDEN");
    const badLength = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge1!, {
      entryId: entryIds[4],
      scores: [10, 10],
    });
    expect(badLength.statusCode).toBe(400);
    const tooHigh = await api("PUT", `/api/contests/${id}/rounds/1/scores/${entryIds[4]}`, cookies.judge1!, {
      scores: [11, 1, 1],
    });
    expect(tooHigh.statusCode).toBe(400);
    const fraction = await api("PUT", `/api/contests/${id}/rounds/1/scores/${entryIds[4]}`, cookies.judge1!, {
      scores: [5.5, 1, 1],
    });
    expect(fraction.statusCode).toBe(400);
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    const fix = await api("PUT", `/api/contests/${id}/rounds/1/scores/${entryIds[4]}`, cookies.judge1!, {
      scores: [5, 5, 6],
    });
    expect(fix.statusCode, fix.body).toBe(200);
  });

  it("closes the round, then ranks with the tie-break and reveals the sheets to organisers and judges", async () => {
    const close = await api("POST", `/api/contests/${id}/rounds/1/close`, cookies.secretary!);
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().missingSheets).toBe(0);
    const late = await api("PUT", `/api/contests/${id}/rounds/1/scores/${entryIds[4]}`, cookies.judge1!, {
      scores: [9, 9, 9],
    });
    expect(late.json().code).toBe("CONTEST_ROUND_CLOSED");
    const r = (await api("GET", `/api/contests/${id}/rounds/1/ranking`, cookies.judge2!)).json();
    const order = r.rows.map((x: any) => entryIds.indexOf(x.entryId));
    // 1 (9.00) first; 2 and 3 tie at 7.50 with 2 supports each → earlier submission (2) first
    expect(order).toEqual([1, 2, 3, 0, 4, 5]);
    expect(r.rows[1].score).toBe(7.5);
    expect(r.rows[2].score).toBe(7.5);
    expect(r.rows[0].byJudge).toHaveLength(2);
    // residents see no ranking before it is published
    expect((await api("GET", `/api/contests/${id}/rounds/1/ranking`, residents[0]!)).statusCode).toBe(409);
    const pub = await api("POST", `/api/contests/${id}/publish`, cookies.secretary!, { top: 3 });
    expect(pub.statusCode, pub.body).toBe(200);
    const notice = await t.db
      .selectFrom("notice")
      .selectAll()
      .where("id", "=", pub.json().noticeIds[0])
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain("第1名");
    const seen = (await api("GET", `/api/contests/${id}/rounds/1/ranking`, residents[0]!)).json();
    expect(seen.rows[0].byJudge).toEqual([]);
  });

  it("签约立项: the winner is adopted once, with its event", async () => {
    const winner = entryIds[1]!;
    const outsider = await api("POST", `/api/contests/${id}/entries/${winner}/adopt`, cookies.secretaryC!);
    expect(outsider.statusCode).toBe(403);
    const res = await api("POST", `/api/contests/${id}/entries/${winner}/adopt`, cookies.secretary!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().projectId).toBeNull();
    const again = await api("POST", `/api/contests/${id}/entries/${winner}/adopt`, cookies.secretary!);
    expect(again.json().code).toBe("CONTEST_ADOPTED");
    const ev = await t.db
      .selectFrom("domain_event")
      .selectAll()
      .where("type", "=", "contest.entry_adopted")
      .executeTakeFirstOrThrow();
    expect(ev.aggregate_id).toBe(winner);
    expect((ev.payload as any).rank).toBe(1);
    const { adoptedEntry } = await import("./contests.service.ts");
    expect((await adoptedEntry(t.db, w.a.id, winner))?.title).toBe("金点子1");
    expect(await adoptedEntry(t.db, w.a.id, entryIds[2]!)).toBeNull();
  });

  it("签约立项 in one step: a project made from an entry adopts it and keeps the link, once", async () => {
    const projectsUrl = `/api/communities/${w.a.id}/projects`;
    const fromEntry = (entryId: number, cookie: string, title = "由金点子立项") =>
      api("POST", projectsUrl, cookie, {
        title,
        tier: "community",
        origin: { kind: "contest_entry", id: entryId },
      });
    const projectCount = async () =>
      Number(
        (
          await t.db
            .selectFrom("project")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // the winner was adopted by the button before: the project links it
    const winner = entryIds[1]!;
    const made = await fromEntry(winner, cookies.secretary!);
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().originKind).toBe("contest_entry");
    expect(made.json().originId).toBe(winner);
    // the third is not adopted yet: adopted and linked in the same step, with its event
    const third = entryIds[2]!;
    const before = await projectCount();
    const outsider = await fromEntry(third, cookies.secretaryC!);
    expect(outsider.statusCode).toBe(403);
    const one = await fromEntry(third, cookies.secretary!, "四点半课堂");
    expect(one.statusCode, one.body).toBe(200);
    expect(await projectCount()).toBe(before + 1);
    const ev = await t.db
      .selectFrom("domain_event")
      .selectAll()
      .where("type", "=", "contest.entry_adopted")
      .where("aggregate_id", "=", third)
      .executeTakeFirstOrThrow();
    expect((ev.payload as any).rank).toBe(2);
    const list = (await api("GET", `/api/contests/${id}/entries`, residents[0]!)).json();
    expect(list.items.find((e: any) => e.id === winner).projectId).toBe(made.json().id);
    expect(list.items.find((e: any) => e.id === third).projectId).toBe(one.json().id);
    expect(list.items.find((e: any) => e.id === third).adoptedAt).not.toBeNull();
    // a second project from the same entry, or from an entry of no such id: refused, nothing stored
    const twice = await fromEntry(third, cookies.secretary!);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("CONTEST_ADOPTED");
    expect(twice.json().message).toMatch(/already has its project/);
    const missing = await fromEntry(99_999_999, cookies.secretary!);
    expect(missing.statusCode).toBe(400);
    expect(await projectCount()).toBe(before + 1);
  });
});

describe("a place-restricted contest", () => {
  it("is read only by residents of its building", async () => {
    const b = w.a.buildings[1]!;
    const c = await openIdeaContest({ title: "二号楼金点子", buildingId: b.id });
    // residents[0..5] live in households 0..5 of A; which building they are in decides
    for (let i = 0; i < 6; i++) {
      const inB = w.a.households[i % 4]!.buildingId === b.id;
      const r = await api("GET", `/api/contests/${c.id}`, residents[i]!);
      expect(r.statusCode).toBe(inB ? 200 : 403);
    }
  });
});

describe("an innovation contest (治理创新项目) of a street", () => {
  let id: number;
  it("is opened by the street, entered by communities, cut to finalists, judged again, published and exported", async () => {
    const refused = await api("POST", "/api/contests", cookies.secretary!, {
      kind: "innovation",
      title: "街道社区治理创新项目",
      scope: "street",
      streetId: w.streetA,
      submitFrom: new Date(Date.now() - HOUR).toISOString(),
      submitTo: new Date(Date.now() + HOUR).toISOString(),
      criteria,
    });
    expect(refused.statusCode).toBe(403);
    const res = await api("POST", "/api/contests", cookies.street!, {
      kind: "innovation",
      title: "街道社区治理创新项目",
      scope: "street",
      streetId: w.streetA,
      submitFrom: new Date(Date.now() - HOUR).toISOString(),
      submitTo: new Date(Date.now() + HOUR).toISOString(),
      criteria,
      judgeUserIds: [users.judge1],
    });
    expect(res.statusCode, res.body).toBe(200);
    id = res.json().id;
    const entries: number[] = [];
    for (const [who, community] of [
      ["secretary", w.a.id],
      ["secretary", w.a.id],
      ["secretaryB", w.b.id],
      ["secretaryB", w.b.id],
    ] as const) {
      const r = await api("POST", `/api/contests/${id}/entries`, cookies[who]!, {
        title: `项目${entries.length + 1}`,
        communityId: community,
        projectId: null,
      });
      expect(r.statusCode, r.body).toBe(200);
      entries.push(r.json().id);
    }
    // a community of another street cannot enter; a secretary cannot enter for another community
    expect(
      (
        await api("POST", `/api/contests/${id}/entries`, cookies.secretaryC!, {
          title: "x",
          communityId: w.c.id,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await api("POST", `/api/contests/${id}/entries`, cookies.secretary!, {
          title: "x",
          communityId: w.b.id,
        })
      ).statusCode,
    ).toBe(403);
    for (const [i, s] of [
      [8, 8, 8],
      [6, 6, 6],
      [9, 9, 9],
      [3, 3, 3],
    ].entries()) {
      const r = await api("POST", `/api/contests/${id}/rounds/1/scores`, cookies.judge1!, {
        entryId: entries[i],
        scores: s,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect((await api("POST", `/api/contests/${id}/rounds/1/close`, cookies.street!)).statusCode).toBe(200);
    const adv = await api("POST", `/api/contests/${id}/rounds/1/advance`, cookies.street!, {
      finalists: 2,
      judgeUserIds: [users.judge2, users.judge3],
    });
    expect(adv.statusCode, adv.body).toBe(200);
    // judge1 judged round 1 only
    expect((await api("GET", `/api/contests/${id}/rounds/2/judging`, cookies.judge1!)).json().code).toBe(
      "FORBIDDEN",
    );
    const sheet = (await api("GET", `/api/contests/${id}/rounds/2/judging`, cookies.judge2!)).json();
    expect(sheet.entries.map((e: any) => e.id)).toEqual([entries[0], entries[2]]);
    // the cut entry cannot be scored in round 2
    expect(
      (
        await api("POST", `/api/contests/${id}/rounds/2/scores`, cookies.judge2!, {
          entryId: entries[1],
          scores: [1, 1, 1],
        })
      ).statusCode,
    ).toBe(404);
    for (const j of ["judge2", "judge3"]) {
      await api("POST", `/api/contests/${id}/rounds/2/scores`, cookies[j]!, {
        entryId: entries[0],
        scores: [10, 10, 10],
      });
      await api("POST", `/api/contests/${id}/rounds/2/scores`, cookies[j]!, {
        entryId: entries[2],
        scores: [5, 5, 5],
      });
    }
    expect((await api("POST", `/api/contests/${id}/rounds/2/close`, cookies.street!)).statusCode).toBe(200);
    const rank = (await api("GET", `/api/contests/${id}/rounds/2/ranking`, cookies.street!)).json();
    expect(rank.rows.map((r: any) => r.entryId)).toEqual([entries[0], entries[2]]);
    const pub = await api("POST", `/api/contests/${id}/publish`, cookies.street!, { top: 2 });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().noticeIds).toHaveLength(2); // one in each entering community
    // scores per judge, exported by the organiser (data.export), audited
    const ex = await api("GET", `/api/contests/${id}/rounds/1/export`, cookies.street!);
    expect(ex.statusCode).toBe(200);
    expect(ex.headers["content-type"]).toContain("spreadsheetml");
    expect(ex.headers["x-linli-export-rows"]).toBe("4");
    expect((await api("GET", `/api/contests/${id}/rounds/1/export`, cookies.secretary!)).statusCode).toBe(
      403,
    );
  });

  it("is not managed by a community's secretary", async () => {
    const r = await api("POST", `/api/contests/${id}/rounds/2/close`, cookies.secretary!);
    expect(r.statusCode).toBe(403);
  });
});

describe("the staff list", () => {
  it("lists the contests in reach with their total, pages included", async () => {
    const all = (await api("GET", "/api/contests?limit=200", cookies.secretary!)).json();
    const page = (await api("GET", "/api/contests?limit=1&offset=1", cookies.secretary!)).json();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.total);
    expect(all.items).toHaveLength(all.total);
    // the secretary of C sees none of A's or street A's contests
    const c = (await api("GET", "/api/contests", cookies.secretaryC!)).json();
    expect(c.items).toEqual([]);
    const ideas = (await api("GET", "/api/contests?kind=innovation", cookies.street!)).json();
    expect(ideas.items.every((x: any) => x.kind === "innovation")).toBe(true);
  });
});

describe("bad input changes nothing", () => {
  it("refuses malformed calls", async () => {
    const before = await snapshotDatabase(t.db);
    const bad = [
      { criteria: [] },
      { criteria: [{ name: "x", weight: 0 }] },
      { criteria: [{ name: "x", weight: 1.5 }] },
      { submitTo: new Date(Date.now() - 2 * HOUR).toISOString() },
      { judgeUserIds: [999999] },
      { judgeUserIds: [users.judge1, users.judge1] },
      { scope: "street" },
    ];
    for (const b of bad) {
      const r = await api("POST", "/api/contests", cookies.secretary!, {
        kind: "idea",
        title: "坏的",
        scope: "community",
        communityId: w.a.id,
        submitFrom: new Date(Date.now() - HOUR).toISOString(),
        submitTo: new Date(Date.now() + HOUR).toISOString(),
        criteria,
        ...b,
      });
      expect(r.statusCode, JSON.stringify(b)).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(isBilingualError(r.json())).toBe(true);
    }
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });
});

describe("the ranking rule", () => {
  it("orders by weighted mean, then supports, then earlier submission", () => {
    const cr = [
      { name: "a", weight: 2 },
      { name: "b", weight: 1 },
    ];
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const r = rankEntries(
      [
        { entryId: 1, supports: 0, submittedAt: at(1), sheets: [[6, 6]] },
        { entryId: 2, supports: 5, submittedAt: at(2), sheets: [[6, 6]] },
        { entryId: 3, supports: 5, submittedAt: at(0), sheets: [[6, 6]] },
        { entryId: 4, supports: 9, submittedAt: at(0), sheets: [] },
        {
          entryId: 5,
          supports: 0,
          submittedAt: at(3),
          sheets: [
            [10, 0],
            [0, 10],
          ],
        }, // (20+10)/6 = 5
      ],
      cr,
    );
    expect(r.map((x) => x.entryId)).toEqual([3, 2, 1, 5, 4]);
    expect(r.find((x) => x.entryId === 5)!.score).toBe(5);
    expect(r.find((x) => x.entryId === 4)!.score).toBeNull();
  });
});
