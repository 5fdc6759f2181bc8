// Residents: the residency request → verification queue → verify/reject flow, search within a
// grid, and masking in every list. Through the real API on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  makeIdNumber,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { isValidIdNumber } from "../privacy/pii.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;

let t: TestApp;
let w: World;
let A: string;
/** Grid worker of A's first grid, and a community worker of A. */
let gridWorker: { id: number; cookie: string };
let communityWorker: { id: number; cookie: string };

const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;
const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const gw = await createUser(t.db, "网格员小周");
  await grant(t.db, gw.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorker = { id: gw.id, cookie: await sessionCookie(t, gw.id) };
  const cw = await createUser(t.db, "社区干部老吴");
  await grant(t.db, cw.id, "community_worker", "community", w.a.id);
  communityWorker = { id: cw.id, cookie: await sessionCookie(t, cw.id) };
});
afterAll(async () => {
  await t?.close();
});

function call(method: "GET" | "POST" | "PATCH", url: string, cookie: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { cookie } });
}

async function newApplicant(name: string) {
  const u = await createUser(t.db, name);
  return { ...u, cookie: await sessionCookie(t, u.id) };
}

async function requestResidency(cookie: string, name: string, extra: object = {}) {
  const res = await call("POST", "/api/me/residency", cookie, {
    communityId: w.a.id,
    name,
    claimedAddress: "1栋1单元101",
    relation: "owner",
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().residentId as number;
}

describe("residency: request → queue → verify", () => {
  it("binds the person to the household the grid worker chose, and they see it in /api/me/households", async () => {
    const applicant = await newApplicant("赵先生");
    const residentId = await requestResidency(applicant.cookie, "赵先生", {
      idNumber: makeIdNumber("1980-05-06"),
    });

    const me = (await call("GET", "/api/me", applicant.cookie)).json();
    expect(me.residencies).toEqual([
      expect.objectContaining({ residentId, status: "pending", householdId: null }),
    ]);
    expect((await call("GET", "/api/me/households", applicant.cookie)).json()).toEqual([]);

    const queue = await call("GET", `${A}/verification-queue`, gridWorker.cookie);
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((i: any) => i.id === residentId);
    expect(item).toMatchObject({ name: "赵先生", claimedAddress: "1栋1单元101", relation: "owner" });
    expect(item.phone).toMatch(MASKED_PHONE);

    const household = w.a.households[0]!;
    const verify = await call("POST", `${A}/residents/${residentId}/verify`, gridWorker.cookie, {
      householdId: household.id,
      relation: "family",
    });
    expect(verify.statusCode, verify.body).toBe(200);

    const mine = await call("GET", "/api/me/households", applicant.cookie);
    expect(mine.statusCode).toBe(200);
    const [entry] = mine.json();
    expect(entry).toMatchObject({ communityId: w.a.id, household: { id: household.id } });
    expect(entry.household.members.map((m: any) => m.name)).toContain("赵先生");
    for (const m of entry.household.members) if (m.phone) expect(m.phone).toMatch(MASKED_PHONE);

    const row = await t.db
      .selectFrom("resident")
      .selectAll()
      .where("community_id", "=", w.a.id)
      .where("id", "=", residentId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "verified",
      household_id: household.id,
      relation: "family",
      verified_by: gridWorker.id,
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "resident.verify")
      .where("target_id", "=", String(residentId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_user_id: gridWorker.id,
      actor_role: "grid_worker",
      scope_community_id: w.a.id,
    });

    const after = (await call("GET", `${A}/verification-queue`, gridWorker.cookie)).json();
    expect(after.items.map((i: any) => i.id)).not.toContain(residentId);
  });

  it("answers a second decision on the same request with 409", async () => {
    const applicant = await newApplicant("钱女士");
    const residentId = await requestResidency(applicant.cookie, "钱女士");
    const body = { householdId: w.a.households[1]!.id, relation: "owner" };
    expect(
      (await call("POST", `${A}/residents/${residentId}/verify`, gridWorker.cookie, body)).statusCode,
    ).toBe(200);
    const again = await call("POST", `${A}/residents/${residentId}/verify`, gridWorker.cookie, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("ALREADY_DECIDED");
    expect(isBilingualError(again.json())).toBe(true);
    const reject = await call("POST", `${A}/residents/${residentId}/reject`, gridWorker.cookie, {
      reason: "重复",
    });
    expect(reject.statusCode).toBe(409);
  });

  it("keeps a grid worker from binding someone to a household of another grid", async () => {
    const applicant = await newApplicant("孙先生");
    const residentId = await requestResidency(applicant.cookie, "孙先生");
    const res = await call("POST", `${A}/residents/${residentId}/verify`, gridWorker.cookie, {
      householdId: w.a.households[2]!.id, // A.g2
      relation: "owner",
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("OUT_OF_SCOPE");
    const row = await t.db
      .selectFrom("resident")
      .select(["status", "household_id"])
      .where("id", "=", residentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "pending", household_id: null });
  });

  it("rejects with a reason, which is kept and audited; the person may ask again", async () => {
    const applicant = await newApplicant("李先生");
    const residentId = await requestResidency(applicant.cookie, "李先生");
    const res = await call("POST", `${A}/residents/${residentId}/reject`, gridWorker.cookie, {
      reason: "该房屋无此住户",
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.db
      .selectFrom("resident")
      .select(["status", "note", "household_id"])
      .where("id", "=", residentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "rejected", note: "该房屋无此住户", household_id: null });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["reason", "actor_role"])
      .where("action", "=", "resident.reject")
      .where("target_id", "=", String(residentId))
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ reason: "该房屋无此住户", actor_role: "grid_worker" });

    expect((await call("GET", "/api/me", applicant.cookie)).json().residencies).toEqual([]);
    expect((await call("GET", "/api/me/households", applicant.cookie)).json()).toEqual([]);
    await requestResidency(applicant.cookie, "李先生");
  });

  it("refuses a second open request in the same community", async () => {
    const applicant = await newApplicant("周女士");
    await requestResidency(applicant.cookie, "周女士");
    const again = await call("POST", "/api/me/residency", applicant.cookie, {
      communityId: w.a.id,
      name: "周女士",
      claimedAddress: "2栋101",
      relation: "tenant",
    });
    expect(again.statusCode).toBe(409);
    expect(isBilingualError(again.json())).toBe(true);
  });

  it("refuses an ID number with a wrong check character", async () => {
    const applicant = await newApplicant("吴先生");
    const good = makeIdNumber("1975-01-02");
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(isValidIdNumber(bad)).toBe(false);
    const res = await call("POST", "/api/me/residency", applicant.cookie, {
      communityId: w.a.id,
      name: "吴先生",
      claimedAddress: "1栋102",
      relation: "owner",
      idNumber: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION");
    expect(
      await t.db.selectFrom("resident").select("id").where("user_id", "=", applicant.id).execute(),
    ).toEqual([]);
  });
});

describe("search within the caller's places", () => {
  const names = (res: { json(): any }) =>
    res
      .json()
      .items.map((r: any) => r.name)
      .sort();

  it("finds people by name only inside the grid worker's grid", async () => {
    // createWorld names residents 居民<building index><room>: 居民0101, 居民0102 in A.g1; 居民1101, 居民1102 in A.g2
    const mine = await call("GET", `${A}/residents?q=${encodeURIComponent("居民")}`, gridWorker.cookie);
    expect(mine.statusCode).toBe(200);
    expect(names(mine)).toEqual(["居民0101", "居民0102"]);
    const g2 = await call("GET", `${A}/residents?q=${encodeURIComponent("居民1")}`, gridWorker.cookie);
    expect(names(g2)).toEqual([]);
    expect(g2.json().total).toBe(0);
    // the community worker sees both grids, and can narrow to one
    const all = await call("GET", `${A}/residents?q=${encodeURIComponent("居民1")}`, communityWorker.cookie);
    expect(names(all)).toEqual(["居民1101", "居民1102"]);
    const one = await call(
      "GET",
      `${A}/residents?q=${encodeURIComponent("居民")}&gridId=${w.a.grids[0]}`,
      communityWorker.cookie,
    );
    expect(names(one)).toEqual(["居民0101", "居民0102"]);
  });

  it("finds people by the last 4 digits of their phone, inside the grid only", async () => {
    const add = async (householdId: number, name: string, phone: string) => {
      const res = await call("POST", `${A}/residents`, communityWorker.cookie, {
        householdId,
        name,
        relation: "tenant",
        phone,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().id as number;
    };
    const inG1 = await add(w.a.households[0]!.id, "租户甲", "13911117771");
    const inG2 = await add(w.a.households[2]!.id, "租户乙", "13922227772");
    const ids = (res: { json(): any }) => res.json().items.map((r: any) => r.id);
    expect(ids(await call("GET", `${A}/residents?q=7771`, gridWorker.cookie))).toEqual([inG1]);
    expect(ids(await call("GET", `${A}/residents?q=7772`, gridWorker.cookie))).toEqual([]);
    expect(ids(await call("GET", `${A}/residents?q=7772`, communityWorker.cookie))).toEqual([inG2]);
    // only the last four digits: a middle part of the number finds nobody
    expect(ids(await call("GET", `${A}/residents?q=1111`, communityWorker.cookie))).toEqual([]);
  });

  it("treats % and _ in a search as plain characters", async () => {
    for (const q of ["%", "_", "居%", "\\"]) {
      const res = await call("GET", `${A}/residents?q=${encodeURIComponent(q)}`, communityWorker.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.json().total, q).toBe(0);
    }
  });
});

describe("masking in lists", () => {
  it("masks phones and ID numbers in the resident list, the household page and the queue", async () => {
    const idNumber = makeIdNumber("1958-11-30", "456");
    const phone = "13912345678";
    const created = await call("POST", `${A}/residents`, gridWorker.cookie, {
      householdId: w.a.households[0]!.id,
      name: "钱大爷",
      relation: "family",
      idNumber,
      phone,
      careTags: ["living_alone"],
    });
    expect(created.statusCode, created.body).toBe(200);
    const list = await call("GET", `${A}/residents?pageSize=200`, communityWorker.cookie);
    expect(list.statusCode).toBe(200);
    const items = list.json().items as any[];
    const row = items.find((r) => r.id === created.json().id);
    expect(row).toMatchObject({
      name: "钱大爷",
      phone: "139****5678",
      idNumber: `4201**********${idNumber.slice(-4)}`,
    });
    expect(row.idNumber).toMatch(MASKED_ID);
    for (const r of items) {
      if (r.phone !== null) expect(r.phone).toMatch(MASKED_PHONE);
      if (r.idNumber !== null) expect(r.idNumber).toMatch(MASKED_ID);
    }
    const page = await call("GET", `${A}/households/${w.a.households[0]!.id}`, gridWorker.cookie);
    for (const m of page.json().members) if (m.phone !== null) expect(m.phone).toMatch(MASKED_PHONE);
    const queue = await call("GET", `${A}/verification-queue`, communityWorker.cookie);
    for (const q of queue.json().items) if (q.phone !== null) expect(q.phone).toMatch(MASKED_PHONE);

    for (const body of [list.body, page.body, queue.body]) {
      expect(body).not.toContain(phone);
      expect(body).not.toContain(idNumber);
    }
    // the birth date comes from the ID number; lists show the age, not the date
    expect(row.age).toBeGreaterThanOrEqual(66);
    expect(list.body).not.toContain("1958-11-30");
  });
});
