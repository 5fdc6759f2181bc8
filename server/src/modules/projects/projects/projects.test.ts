// Co-building projects through the real API (P1–P5): a topic's resolution becomes a project with three
// funding sources; residents pledge labour, a unit pledges money; the treasurer books income (fulfilling
// the unit's pledge) and an expense with vouchers, once per idempotency key; an expense that would
// overdraw, a negative or fractional amount, a pledge to a finished project are refused with nothing
// changed; residents of the place read the account, residents of another place do not (unless public);
// a grid worker acts only inside their grids; tasks are claimed once; the finished project is rated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, multipart, png, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";

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

type Res = { statusCode: number; body: string; json(): any };
async function unchanged(call: () => Promise<Res>, status: number) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const tomorrow = () => new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function book(cookie: string, projectId: number, data: Record<string, unknown>, photo = true) {
  const body = await multipart(
    { occurredOn: today(), counterparty: "", ...data },
    photo ? [{ filename: "voucher.png", type: "image/png", bytes: await png() }] : [],
  );
  return t.app.inject({
    method: "POST",
    url: `${A}/projects/${projectId}/bookings`,
    payload: body.payload,
    headers: { ...body.headers, cookie },
  });
}

let canteen: any;
let topicId: number;

describe("a resolution becomes a project", () => {
  it("staff raise the canteen project from a topic, with three funding sources, targets and budget lines (audited)", async () => {
    const topic = await ok(
      await api(t, "POST", `${A}/topics`, v.secretary.cookie, { title: "办一个幸福食堂", tier: "community" }),
    );
    topicId = topic.id;
    canteen = await ok(
      await api(t, "POST", `${A}/projects`, v.secretary.cookie, {
        title: "幸福食堂",
        summary: "社区老人吃饭难，办一个食堂",
        plan: "改造一楼用房，引入餐饮企业运营",
        tier: "community",
        origin: { kind: "topic", id: topicId },
        budgetLines: [
          { name: "场地改造", amountFen: 6_000_000 },
          { name: "厨房设备", amountFen: 3_000_000 },
        ],
        milestones: [{ title: "改造完成", dueOn: "2027-03-01" }],
        parties: [
          { role: "co_building_unit", organisationId: v.unitId, contribution: "捐资" },
          { role: "volunteer_team", name: "帮跑团", contribution: "送餐" },
        ],
        fundingSources: [
          { kind: "community", label: "社区自筹", plannedFen: 3_000_000 },
          { kind: "co_building_unit", label: "食堂让利", plannedFen: 3_000_000 },
          { kind: "government", label: "政府补贴", plannedFen: 3_000_000 },
        ],
        targets: [
          { kind: "money", quantity: 1_000_000 },
          { kind: "labour", item: "装修", quantity: 40 },
          { kind: "goods", item: "餐桌", unit: "张", quantity: 10 },
          { kind: "ideas", item: "菜单建议", quantity: 20 },
        ],
      }),
    );
    expect(canteen).toMatchObject({
      status: "preparing",
      originKind: "topic",
      originId: topicId,
      budgetFen: 9_000_000,
    });
    expect(canteen.fundingSources.map((s: any) => s.sharePct)).toEqual([33, 33, 33]);
    expect(canteen.parties[0]).toMatchObject({ name: "区法院", role: "co_building_unit" });
    expect(canteen.can).toMatchObject({ manage: true, book: true, certify: true });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "project.create")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("the topic finds its project back (已立项), as a request finds its topic", async () => {
    const refs = await ok(
      await api(t, "GET", `${A}/projects/by-origin?kind=topic&id=${topicId}`, v.r0.cookie),
    );
    expect(refs.items).toEqual([{ id: canteen.id, title: "幸福食堂", status: "preparing" }]);
  });

  it("moves forward only: 众筹中, not back to 筹备中, not straight to 已评议", async () => {
    const p = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/status`, v.secretary.cookie, { to: "crowdfunding" }),
    );
    expect(p.status).toBe("crowdfunding");
    await unchanged(
      () => api(t, "POST", `${A}/projects/${canteen.id}/status`, v.secretary.cookie, { to: "evaluated" }),
      409,
    );
    await unchanged(
      () => api(t, "POST", `${A}/projects/${canteen.id}/status`, v.secretary.cookie, { to: "preparing" }),
      400,
    );
  });
});

describe("crowdfunding (筹人筹资筹物筹智)", () => {
  let unitPledge: any;
  let labourPledge: any;
  it("two residents pledge labour, a unit pledges money, a resident an idea; the progress bars count them", async () => {
    const labour = canteen.targets.find((x: any) => x.kind === "labour");
    const money = canteen.targets.find((x: any) => x.kind === "money");
    const ideas = canteen.targets.find((x: any) => x.kind === "ideas");
    labourPledge = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r0.cookie, {
        targetId: labour.id,
        quantity: 4,
      }),
    );
    expect(labourPledge).toMatchObject({
      pledgerKind: "resident",
      pledgerName: "王某",
      quantity: 4,
      mine: true,
    });
    await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r1.cookie, {
        targetId: labour.id,
        quantity: 3,
      }),
    );
    unitPledge = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.unitRep.cookie, {
        targetId: money.id,
        quantity: 500_000,
        as: "co_building_unit",
      }),
    );
    expect(unitPledge).toMatchObject({ pledgerKind: "co_building_unit", pledgerName: "区法院" });
    await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r2.cookie, {
        targetId: ideas.id,
        quantity: 1,
        text: "每周三做清淡菜",
      }),
    );
    const p = await ok(await api(t, "GET", `${A}/projects/${canteen.id}`, v.r0.cookie));
    const bar = (k: string) => p.progress.find((x: any) => x.kind === k);
    expect(bar("labour")).toEqual({ kind: "labour", target: 40, pledged: 7, fulfilled: 0 });
    expect(bar("money")).toEqual({ kind: "money", target: 1_000_000, pledged: 500_000, fulfilled: 0 });
    expect(bar("ideas")).toMatchObject({ pledged: 1 });
  });

  it("someone of another community or a unit of none cannot pledge; a target of another project is refused", async () => {
    const other = await t.db
      .insertInto("organisation")
      .values({ kind: "co_building_unit", name: "外区公司", home_community_id: v.w.b.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const labour = canteen.targets.find((x: any) => x.kind === "labour");
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.unitRep.cookie, {
          targetId: labour.id,
          quantity: 1,
          orgId: other.id,
        }),
      403,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r0.cookie, {
          targetId: 999_999,
          quantity: 1,
        }),
      400,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r0.cookie, {
          targetId: labour.id,
          quantity: 1.5,
        }),
      400,
    );
  });

  it("the organiser certifies labour hours, never more than pledged (audited)", async () => {
    const p = await ok(
      await api(
        t,
        "POST",
        `${A}/projects/${canteen.id}/pledges/${labourPledge.id}/fulfil`,
        v.secretary.cookie,
        {
          quantity: 4,
          note: "周六装修",
        },
      ),
    );
    expect(p).toMatchObject({ status: "fulfilled", fulfilled: 4 });
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges/${labourPledge.id}/fulfil`, v.secretary.cookie, {
          quantity: 1,
        }),
      409,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges/${labourPledge.id}/fulfil`, v.r1.cookie, {
          quantity: 1,
        }),
      403,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges/${unitPledge.id}/fulfil`, v.secretary.cookie, {
          quantity: 1,
        }),
      409,
    );
  });

  describe("the account (公示)", () => {
    it("the treasurer books the unit's money with a voucher; it fulfils the pledge; a retry books once", async () => {
      const source = canteen.fundingSources.find((s: any) => s.label === "食堂让利");
      const key = "income-unit-0001";
      const first = await ok(
        await book(v.secretary.cookie, canteen.id, {
          direction: "income",
          amountFen: 500_000,
          memo: "区法院捐资",
          counterparty: "区法院",
          sourceId: source.id,
          pledgeId: unitPledge.id,
          idempotencyKey: key,
        }),
      );
      expect(first).toMatchObject({ seq: 1, amountFen: 500_000, balanceFen: 500_000, replayed: false });
      expect(first.voucherPhotoId).toBeTypeOf("number");
      const again = await ok(
        await book(v.secretary.cookie, canteen.id, {
          direction: "income",
          amountFen: 500_000,
          memo: "区法院捐资",
          sourceId: source.id,
          pledgeId: unitPledge.id,
          idempotencyKey: key,
        }),
      );
      expect(again).toMatchObject({ id: first.id, replayed: true });
      const rows = await t.db.selectFrom("project_booking").select("id").execute();
      expect(rows).toHaveLength(1);
      const p = await ok(await api(t, "GET", `${A}/projects/${canteen.id}`, v.r0.cookie));
      expect(p.pledges.find((g: any) => g.id === unitPledge.id)).toMatchObject({
        status: "fulfilled",
        fulfilled: 500_000,
      });
      expect(p.fundingSources.find((s: any) => s.id === source.id).receivedFen).toBe(500_000);
    });

    it("an expense on a budget line with its voucher lowers the balance", async () => {
      const line = canteen.budgetLines[1];
      const e = await ok(
        await book(v.secretary.cookie, canteen.id, {
          direction: "expense",
          amountFen: 120_050,
          memo: "购买灶具",
          counterparty: "五金店",
          budgetLineId: line.id,
          idempotencyKey: "expense-stove-0001",
        }),
      );
      expect(e).toMatchObject({ seq: 2, balanceFen: 379_950, budgetLineName: "厨房设备" });
    });

    it("refuses with nothing changed: an overdraft, a negative or fractional amount, someone not the treasurer, a key reused for another amount", async () => {
      const overdraft = await unchanged(
        () =>
          book(v.secretary.cookie, canteen.id, {
            direction: "expense",
            amountFen: 379_951,
            memo: "超支",
            idempotencyKey: "expense-too-much-1",
          }),
        409,
      );
      expect(overdraft.message_zh).toContain("余额不足");
      for (const amountFen of [-100, 0, 12.5, "100"])
        await unchanged(
          () =>
            api(t, "POST", `${A}/projects/${canteen.id}/bookings`, v.secretary.cookie, {
              direction: "income",
              amountFen,
              memo: "坏金额",
              occurredOn: today(),
              idempotencyKey: `bad-amount-${String(amountFen)}`,
            }),
          400,
        );
      await unchanged(
        () =>
          book(v.worker.cookie, canteen.id, {
            direction: "income",
            amountFen: 100,
            memo: "不是出纳",
            idempotencyKey: "not-treasurer-1",
          }),
        403,
      );
      await unchanged(
        () =>
          book(v.secretary.cookie, canteen.id, {
            direction: "income",
            amountFen: 999,
            memo: "同键不同额",
            idempotencyKey: "income-unit-0001",
          }),
        409,
      );
    });

    it("residents read the account newest first with the running balance; the totals agree", async () => {
      const acc = await ok(await api(t, "GET", `${A}/projects/${canteen.id}/account?limit=1`, v.r2.cookie));
      expect(acc).toMatchObject({ balanceFen: 379_950, incomeFen: 500_000, expenseFen: 120_050, entries: 2 });
      expect(acc.items).toHaveLength(1);
      expect(acc.items[0]).toMatchObject({ seq: 2, direction: "expense" });
      const next = await ok(
        await api(
          t,
          "GET",
          `${A}/projects/${canteen.id}/account?limit=1&before=${acc.nextBefore}`,
          v.r2.cookie,
        ),
      );
      expect(next.items[0]).toMatchObject({ seq: 1, balanceFen: 500_000 });
      expect(next.nextBefore).toBeNull();
      const voucher = await api(
        t,
        "GET",
        `${A}/projects/${canteen.id}/photos/${next.items[0].voucherPhotoId}`,
        v.r2.cookie,
      );
      expect(voucher.statusCode).toBe(200);
      expect(voucher.headers["content-type"]).toBe("image/png");
    });

    it("each booking is a ledger transaction: the project's cash account holds the same balance, the entries sum to zero", async () => {
      const accounts = await t.db
        .selectFrom("ledger_account")
        .select(["id", "code", "balance", "allow_negative"])
        .where("owner_kind", "=", "project")
        .where("owner_id", "=", canteen.id)
        .orderBy("code")
        .execute();
      expect(accounts.map((a) => [a.code, Number(a.balance), a.allow_negative])).toEqual([
        [`project:${canteen.id}:cash`, 379_950, false],
        [`project:${canteen.id}:outside`, -379_950, true],
      ]);
      const bookings = await t.db
        .selectFrom("project_booking")
        .select(["ledger_transaction_id", "balance_fen"])
        .where("project_id", "=", canteen.id)
        .orderBy("seq")
        .execute();
      expect(bookings.every((b) => b.ledger_transaction_id != null)).toBe(true);
      const { verifyLedger } = await import("../../core/ledger/ledger.service.ts");
      const report = await verifyLedger(t.db);
      expect(report.ok, JSON.stringify(report)).toBe(true);
    });

    it("the account is published as a 公示 notice and exported as Excel", async () => {
      const { noticeId } = await ok(
        await api(t, "POST", `${A}/projects/${canteen.id}/account/publish`, v.secretary.cookie),
      );
      const n = await t.db
        .selectFrom("notice")
        .selectAll()
        .where("id", "=", noticeId)
        .executeTakeFirstOrThrow();
      expect(n).toMatchObject({ kind: "publicity", subject_kind: "project", subject_id: canteen.id });
      expect(n.body).toContain("结余 3799.50 元");
      const x = await api(t, "GET", `${A}/projects/${canteen.id}/account/export.xlsx`, v.r0.cookie);
      expect(x.statusCode).toBe(200);
      expect(x.headers["x-linli-export-rows"]).toBe("2");
    });

    it("冲正: a mistaken booking is reversed by one that names it, once; the totals and the ledger follow", async () => {
      const acc0 = await ok(await api(t, "GET", `${A}/projects/${canteen.id}/account`, v.r0.cookie));
      const [stove, income] = acc0.items; // seq 2 (expense), seq 1 (the unit's pledged money)
      const reverse = (cookie: string, bookingId: number, idempotencyKey: string, reason = "重复记账") =>
        api(t, "POST", `${A}/projects/${canteen.id}/bookings/${bookingId}/reverse`, cookie, {
          reason,
          idempotencyKey,
        });
      await unchanged(() => reverse(v.worker.cookie, stove.id, "reverse-stove-0"), 403);
      await unchanged(() => reverse(v.secretary.cookie, 99_999_999, "reverse-none-01"), 404);
      await unchanged(() => reverse(v.secretary.cookie, stove.id, "reverse-stove-1", ""), 400);
      const r = await ok(await reverse(v.secretary.cookie, stove.id, "reverse-stove-1"));
      expect(r).toMatchObject({
        seq: 3,
        direction: "income",
        amountFen: 120_050,
        balanceFen: 500_000,
        correctsSeq: 2,
        replayed: false,
      });
      expect(r.memo).toBe("冲正 #2：重复记账");
      expect(await ok(await reverse(v.secretary.cookie, stove.id, "reverse-stove-1"))).toMatchObject({
        id: r.id,
        replayed: true,
      });
      const twice = await unchanged(() => reverse(v.secretary.cookie, stove.id, "reverse-stove-2"), 409);
      expect(twice.code).toBe("LEDGER_ALREADY_CORRECTED");
      await unchanged(() => reverse(v.secretary.cookie, r.id, "reverse-reversal"), 409);
      const acc = await ok(await api(t, "GET", `${A}/projects/${canteen.id}/account`, v.r0.cookie));
      expect(acc).toMatchObject({ balanceFen: 500_000, incomeFen: 500_000, expenseFen: 0, entries: 3 });
      expect(acc.items.find((x: any) => x.id === stove.id).correctedBySeq).toBe(3);
      // an income already spent cannot be reversed: nothing is stored
      await ok(
        await book(v.secretary.cookie, canteen.id, {
          direction: "expense",
          amountFen: 100_000,
          memo: "购买餐具",
          idempotencyKey: "expense-dishes-01",
        }),
      );
      const short = await unchanged(() => reverse(v.secretary.cookie, income.id, "reverse-income-1"), 409);
      expect(short.code).toBe("LEDGER_INSUFFICIENT");
      // once the money is back, the income's reversal takes the pledge's fulfilment back too
      const back = await ok(
        await book(v.secretary.cookie, canteen.id, {
          direction: "income",
          amountFen: 100_000,
          memo: "社区垫付",
          idempotencyKey: "income-advance-01",
        }),
      );
      expect(back.balanceFen).toBe(500_000);
      const undone = await ok(await reverse(v.secretary.cookie, income.id, "reverse-income-2", "认捐未到账"));
      expect(undone).toMatchObject({ direction: "expense", balanceFen: 0, correctsSeq: 1 });
      const p = await ok(await api(t, "GET", `${A}/projects/${canteen.id}`, v.r0.cookie));
      expect(p.pledges.find((g: any) => g.id === unitPledge.id)).toMatchObject({
        status: "pledged",
        fulfilled: 0,
      });
      const fulfilments = await t.db
        .selectFrom("project_fulfilment")
        .select((eb) => eb.fn.sum<number>("quantity").as("n"))
        .where("pledge_id", "=", unitPledge.id)
        .executeTakeFirstOrThrow();
      expect(Number(fulfilments.n)).toBe(0);
      const { verifyLedger } = await import("../../core/ledger/ledger.service.ts");
      expect((await verifyLedger(t.db)).ok).toBe(true);
      const ledgerCash = await t.db
        .selectFrom("ledger_account")
        .select("balance")
        .where("code", "=", `project:${canteen.id}:cash`)
        .executeTakeFirstOrThrow();
      expect(Number(ledgerCash.balance)).toBe(0);
    });
  });
});

describe("whose project: places, grids, publicness", () => {
  let b0: any;
  it("a grid worker raises a project in their grid, not in another's, and cannot run one outside it", async () => {
    b0 = await ok(
      await api(t, "POST", `${A}/projects`, v.gw1.cookie, {
        title: "一号楼加装扶手",
        tier: "building",
        buildingId: v.a.buildings[0]!.id,
      }),
    );
    expect(b0.treasurerUserId).toBe(v.gw1.id);
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects`, v.gw1.cookie, {
          title: "二号楼加装扶手",
          tier: "building",
          buildingId: v.a.buildings[1]!.id,
        }),
      403,
    );
    await unchanged(
      () => api(t, "POST", `${A}/projects/${canteen.id}/status`, v.gw1.cookie, { to: "building" }),
      403,
    );
    await unchanged(() => api(t, "PATCH", `${A}/projects/${canteen.id}`, v.gw2.cookie, { plan: "改" }), 403);
    const list = await ok(await api(t, "GET", `${A}/projects`, v.gw2.cookie));
    expect(list.items.map((x: any) => x.id)).toEqual([canteen.id]);
  });

  it("a resident of another building cannot read a non-public building project's account; its own residents can; public opens it", async () => {
    await ok(
      await book(v.gw1.cookie, b0.id, {
        direction: "income",
        amountFen: 10_000,
        memo: "居民众筹",
        idempotencyKey: "b0-income-0001",
      }),
    );
    await unchanged(() => api(t, "GET", `${A}/projects/${b0.id}/account`, v.r2.cookie), 403);
    const seen = await ok(await api(t, "GET", `${A}/projects/${b0.id}`, v.r2.cookie));
    expect(seen.account).toBeNull();
    expect(seen.balanceFen).toBe(0);
    await ok(await api(t, "GET", `${A}/projects/${b0.id}/account`, v.r0.cookie));
    await unchanged(() => api(t, "GET", `${A}/projects/${b0.id}/account`, null), 401);
    await ok(await api(t, "PATCH", `${A}/projects/${b0.id}`, v.gw1.cookie, { isPublic: true }));
    const pub = await ok(await api(t, "GET", `${A}/projects/${b0.id}/account`, null));
    expect(pub.balanceFen).toBe(10_000);
    await ok(await api(t, "GET", `${A}/projects/${b0.id}/account`, v.r2.cookie));
  });

  it("the same booking sent twice at once books once; both answers name it", async () => {
    const body = {
      direction: "income",
      amountFen: 500,
      memo: "同时重复提交",
      occurredOn: today(),
      idempotencyKey: "b0-twice-at-once",
    };
    const [x, y] = await Promise.all([
      api(t, "POST", `${A}/projects/${b0.id}/bookings`, v.gw1.cookie, body),
      api(t, "POST", `${A}/projects/${b0.id}/bookings`, v.gw1.cookie, body),
    ]);
    const [a, b] = [await ok(x), await ok(y)];
    expect(a.id).toBe(b.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const rows = await t.db
      .selectFrom("project_booking")
      .select("id")
      .where("idempotency_key", "=", "b0-twice-at-once")
      .execute();
    expect(rows).toHaveLength(1);
    const ledger = await t.db
      .selectFrom("ledger_transaction")
      .select("id")
      .where("idempotency_key", "=", "project:b0-twice-at-once")
      .execute();
    expect(ledger).toHaveLength(1);
  });

  it("a resident of another community cannot see a non-public project", async () => {
    const { createResidentUser, sessionCookie } = await import("../../../../test/test-app.ts");
    const u = await createResidentUser(t.db, v.w.b.id, v.w.b.households[0]!.id, "外社区居民");
    const cookie = await sessionCookie(t, u.id);
    await unchanged(() => api(t, "GET", `${A}/projects/${canteen.id}`, cookie), 403);
    await unchanged(() => api(t, "GET", `${A}/projects/${canteen.id}/account`, cookie), 403);
  });
});

describe("tasks (claiming rules of 双向认领)", () => {
  let taskId: number;
  it("one live claim per task; the claimant withdraws or staff release it; then another claims", async () => {
    const p = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/tasks`, v.secretary.cookie, {
        title: "粉刷墙面",
        dueOn: tomorrow(),
      }),
    );
    taskId = p.tasks[0].id;
    const c = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/tasks/${taskId}/claim`, v.r0.cookie, {
        promiseDate: tomorrow(),
      }),
    );
    expect(c.status).toBe("active");
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/tasks/${taskId}/claim`, v.r1.cookie, {
          promiseDate: tomorrow(),
        }),
      409,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/task-claims/${c.id}/release`, v.gw1.cookie, {
          reason: "长期未完成",
        }),
      403,
    );
    await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/task-claims/${c.id}/release`, v.secretary.cookie, {
        reason: "长期未完成",
      }),
    );
    const c2 = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/tasks/${taskId}/claim`, v.unitRep.cookie, {
        promiseDate: tomorrow(),
        as: "co_building_unit",
      }),
    );
    await unchanged(
      () => api(t, "POST", `${A}/projects/${canteen.id}/task-claims/${c2.id}/fulfil`, v.r1.cookie),
      403,
    );
    await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/task-claims/${c2.id}/fulfil`, v.unitRep.cookie),
    );
    const after = await ok(await api(t, "GET", `${A}/projects/${canteen.id}`, v.r0.cookie));
    expect(after.tasks[0]).toMatchObject({ status: "done", claim: { claimantName: "区法院" } });
  });

  it("a promise date in the past is refused", async () => {
    const p = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/tasks`, v.secretary.cookie, { title: "搬桌椅" }),
    );
    const id = p.tasks.find((x: any) => x.title === "搬桌椅").id;
    await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/tasks/${id}/claim`, v.r1.cookie, {
          promiseDate: "2020-01-01",
        }),
      400,
    );
  });
});

describe("progress, finishing and evaluation (效果共评)", () => {
  it("the organiser posts progress with before/after photos", async () => {
    const body = await multipart({ text: "改造前的样子", photoKind: "before" }, [
      { filename: "before.png", type: "image/png", bytes: await png() },
    ]);
    const r = await ok(
      await t.app.inject({
        method: "POST",
        url: `${A}/projects/${canteen.id}/updates`,
        payload: body.payload,
        headers: { ...body.headers, cookie: v.secretary.cookie },
      }),
    );
    expect(r.photoIds).toHaveLength(1);
    await unchanged(
      () => api(t, "POST", `${A}/projects/${canteen.id}/updates`, v.r0.cookie, { text: "我也来发" }),
      403,
    );
    const p = await ok(await api(t, "GET", `${A}/projects/${canteen.id}`, v.r1.cookie));
    expect(p.photos).toEqual([{ id: r.photoIds[0], kind: "before" }]);
  });

  it("a finished project takes no pledges (zh/en, nothing stored) and is rated by residents of its place", async () => {
    await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/status`, v.secretary.cookie, {
        to: "finished",
        text: "食堂开业",
      }),
    );
    const labour = canteen.targets.find((x: any) => x.kind === "labour");
    const refused = await unchanged(
      () =>
        api(t, "POST", `${A}/projects/${canteen.id}/pledges`, v.r1.cookie, {
          targetId: labour.id,
          quantity: 2,
        }),
      409,
    );
    expect(refused.message_zh).toContain("不再接受认捐");
    expect(refused.message_en).toContain("takes no more pledges");
    const rated = await ok(
      await api(t, "PUT", `${A}/projects/${canteen.id}/rating`, v.r0.cookie, {
        rating: "good",
        comment: "饭菜可口",
      }),
    );
    expect(rated.ratings).toMatchObject({ good: 1, mine: { rating: "good" } });
    await unchanged(
      () => api(t, "PUT", `${A}/projects/${canteen.id}/rating`, v.worker.cookie, { rating: "good" }),
      403,
    );
    const closed = await ok(
      await api(t, "POST", `${A}/projects/${canteen.id}/status`, v.secretary.cookie, { to: "evaluated" }),
    );
    expect(closed.status).toBe("evaluated");
    await unchanged(
      () => api(t, "PUT", `${A}/projects/${canteen.id}/rating`, v.r1.cookie, { rating: "poor" }),
      409,
    );
  });

  it("the staff board filters by status and exports", async () => {
    const list = await ok(await api(t, "GET", `${A}/projects?status=evaluated`, v.worker.cookie));
    expect(list.items.map((x: any) => x.title)).toEqual(["幸福食堂"]);
    const x = await api(t, "GET", `${A}/projects/export.xlsx`, v.secretary.cookie);
    expect(x.statusCode).toBe(200);
    expect(Number(x.headers["x-linli-export-rows"])).toBeGreaterThanOrEqual(2);
    const mine = await ok(await api(t, "GET", "/api/me/projects", v.r0.cookie));
    expect(mine.items.map((i: any) => i.title)).toContain("一号楼加装扶手");
  });
});
