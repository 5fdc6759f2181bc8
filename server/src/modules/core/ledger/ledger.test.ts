// The ledger on a real database (PGlite, and PostgreSQL when the suite runs there): balanced bookings,
// refusals that store nothing, idempotency, reversals, append-only rows, 50 concurrent transfers against
// one balance that never goes below zero, the hash chain and `verifyLedger` finding an altered row, and a
// property test: random operations keep every transaction at Σ = 0 and every balance = Σ entries.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createWorld, type TestApp } from "../../../../test/test-app.ts";
import { canonicalParts, canonicalText, chainHash, GENESIS_HASH } from "./ledger.chain.ts";
import {
  bookingAroundRef,
  ensureAccount,
  type LedgerAccount,
  post,
  reverse,
  statement,
  verifyLedger,
} from "./ledger.service.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let cash: LedgerAccount;
let residents: LedgerAccount;
let subsidy: LedgerAccount;
let points: LedgerAccount;
let n = 0;
const key = (s = "k") => `${s}-${Date.now()}-${++n}`;

const errorCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return "no error";
  } catch (e) {
    return (e as { code?: string }).code;
  }
};
const counts = async () => {
  const r = await sql<{ t: number; e: number }>`
    select (select count(*) from ledger_transaction)::int as t, (select count(*) from ledger_entry)::int as e`.execute(
    t.db,
  );
  return r.rows[0]!;
};

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const c = w.a.id;
  cash = await ensureAccount(t.db, {
    communityId: c,
    code: "test:cash",
    nameZh: "测试项目资金",
    nameEn: "Test project cash",
    unit: "fen",
    allowNegative: false,
    ownerKind: "test",
    ownerId: 1,
  });
  residents = await ensureAccount(t.db, {
    communityId: c,
    code: "test:source:residents",
    nameZh: "居民自筹",
    nameEn: "Residents",
    unit: "fen",
    allowNegative: true,
  });
  subsidy = await ensureAccount(t.db, {
    communityId: c,
    code: "test:source:subsidy",
    nameZh: "政府补贴",
    nameEn: "Subsidy",
    unit: "fen",
    allowNegative: true,
  });
  points = await ensureAccount(t.db, {
    communityId: c,
    code: "test:points",
    nameZh: "积分池",
    nameEn: "Points pool",
    unit: "point",
    allowNegative: true,
  });
}, 120_000);
afterAll(() => t?.close());

describe("the canonical text and hash", () => {
  it("matches the test vector in docs/ledger.md", () => {
    const content = {
      communityId: 7,
      seq: 1,
      idempotencyKey: "canteen-2026-001",
      kind: "project.income",
      memo: "社区自筹 第一笔",
      refKind: "project",
      refId: 3,
      voucherFileId: null,
      correctsId: null,
      actorUserId: 12,
      createdAt: new Date("2026-12-05T08:00:00.000Z"),
      entries: [
        { accountId: 21, amount: 500000 },
        { accountId: 20, amount: -500000 },
      ],
      prevHash: GENESIS_HASH,
    };
    expect(canonicalText(content)).toBe(
      [
        "linli-ledger-v1",
        "community=7",
        "seq=1",
        'key="canteen-2026-001"',
        "kind=project.income",
        'memo="社区自筹 第一笔"',
        "ref=project:3",
        "voucher=",
        "corrects=",
        "actor=12",
        "at=2026-12-05T08:00:00.000Z",
        "entry=20:-500000",
        "entry=21:500000",
        `prev=${GENESIS_HASH}`,
      ].join("\n"),
    );
    expect(chainHash(content)).toBe("c82bdfe3317aeeb34e091f6c91e66b411bbfb1ecc80f65dedd7c7b8d876b03a8");
  });

  it("a booking around a row's id (bookingAroundRef): its parts joined with the id are what post would build", () => {
    const b = bookingAroundRef({
      communityId: 7,
      keyParts: ["canteen-order-7-", ""],
      kind: "canteen.meal",
      memoParts: ["2026-12-08 午餐 订单 #", '（"80岁以上"\n规则 #1）'],
      postings: [
        { accountId: 21, amount: 800 },
        { accountId: 20, amount: -800 },
      ],
      actorUserId: 12,
      refKind: "canteen_order",
    });
    const id = "4242";
    const [head, tail] = canonicalParts({
      communityId: 7,
      idempotencyKey: "canteen-order-7-4242",
      kind: "canteen.meal",
      memo: '2026-12-08 午餐 订单 #4242（"80岁以上"\n规则 #1）',
      refKind: "canteen_order",
      refId: 4242,
      voucherFileId: null,
      correctsId: null,
      actorUserId: 12,
      createdAt: b.createdAt,
      entries: [
        { accountId: 20, amount: -800 },
        { accountId: 21, amount: 800 },
      ],
    });
    expect(b.textHead).toBe(head);
    expect(b.tailParts.join(id)).toBe(tail);
    expect(b.keyParts.join(id)).toBe("canteen-order-7-4242");
    expect(b.memoParts.join(id)).toBe('2026-12-08 午餐 订单 #4242（"80岁以上"\n规则 #1）');
    expect(b.accounts).toEqual([20, 21]);
    expect(b.amounts).toEqual([-800, 800]);
    // the placeholder is never taken from the caller's text
    expect(() =>
      bookingAroundRef({
        communityId: 7,
        keyParts: ["key-\uE000-x"],
        kind: "canteen.meal",
        memoParts: ["m"],
        postings: [
          { accountId: 21, amount: 1 },
          { accountId: 20, amount: -1 },
        ],
        actorUserId: 12,
        refKind: "canteen_order",
      }),
    ).toThrow();
  });
});

describe("bookings", () => {
  it("books income and an expense with running balances, and refuses to overdraw, storing nothing", async () => {
    const c = w.a.id;
    const income = await post(t.db, {
      communityId: c,
      idempotencyKey: key("income"),
      kind: "project.income",
      memo: "居民捐款",
      postings: [
        { accountId: cash.id, amount: 120_000 },
        { accountId: residents.id, amount: -120_000 },
      ],
      actorUserId: null,
      refKind: "project",
      refId: 1,
    });
    expect(income.replayed).toBe(false);
    const before = await counts();
    expect(
      await errorCode(
        post(t.db, {
          communityId: c,
          idempotencyKey: key("overdraw"),
          kind: "project.expense",
          memo: "超支",
          postings: [
            { accountId: cash.id, amount: -120_001 },
            { accountId: subsidy.id, amount: 120_001 },
          ],
          actorUserId: null,
        }),
      ),
    ).toBe("LEDGER_INSUFFICIENT");
    for (const bad of [
      [{ accountId: cash.id, amount: 10 }],
      [
        { accountId: cash.id, amount: 10 },
        { accountId: residents.id, amount: -9 },
      ],
      [
        { accountId: cash.id, amount: 10 },
        { accountId: points.id, amount: -10 },
      ],
    ])
      expect(
        await errorCode(
          post(t.db, {
            communityId: c,
            idempotencyKey: key(),
            kind: "x",
            memo: "",
            postings: bad,
            actorUserId: null,
          }),
        ),
      ).toBe("LEDGER_UNBALANCED");
    for (const amount of [1.5, 0, Number.NaN, 2 ** 60])
      expect(
        await errorCode(
          post(t.db, {
            communityId: c,
            idempotencyKey: key(),
            kind: "x",
            memo: "",
            postings: [
              { accountId: cash.id, amount },
              { accountId: residents.id, amount: -amount },
            ],
            actorUserId: null,
          }),
        ),
      ).toBe("LEDGER_BAD_AMOUNT");
    // an account of another community is not found
    expect(
      await errorCode(
        post(t.db, {
          communityId: w.b.id,
          idempotencyKey: key(),
          kind: "x",
          memo: "",
          postings: [
            { accountId: cash.id, amount: 1 },
            { accountId: residents.id, amount: -1 },
          ],
          actorUserId: null,
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await counts()).toEqual(before);

    const expense = await post(t.db, {
      communityId: c,
      idempotencyKey: key("expense"),
      kind: "project.expense",
      memo: "购买桌椅",
      postings: [
        { accountId: cash.id, amount: -20_000 },
        { accountId: subsidy.id, amount: 20_000 },
      ],
      actorUserId: null,
    });
    const s = await statement(t.db, { communityId: c, accountId: cash.id, limit: 1 });
    expect(s.balance).toBe(100_000);
    expect(s.rows[0]).toMatchObject({
      transactionId: expense.transactionId,
      amount: -20_000,
      balanceAfter: 100_000,
    });
    const next = await statement(t.db, {
      communityId: c,
      accountId: cash.id,
      limit: 10,
      before: s.nextBefore,
    });
    expect(next.rows[0]).toMatchObject({ transactionId: income.transactionId, balanceAfter: 120_000 });
  });

  it("books a retried request once, and refuses the same key with other content", async () => {
    const c = w.a.id;
    const k = key("retry");
    const booking = {
      communityId: c,
      idempotencyKey: k,
      kind: "project.income",
      memo: "重试",
      postings: [
        { accountId: cash.id, amount: 500 },
        { accountId: residents.id, amount: -500 },
      ],
      actorUserId: null,
    };
    const first = await post(t.db, booking);
    const before = await counts();
    const again = await Promise.all([post(t.db, booking), post(t.db, booking)]);
    expect(again.map((a) => a.transactionId)).toEqual([first.transactionId, first.transactionId]);
    expect(again.every((a) => a.replayed)).toBe(true);
    expect(await counts()).toEqual(before);
    expect(
      await errorCode(
        post(t.db, {
          ...booking,
          postings: [
            { accountId: cash.id, amount: 600 },
            { accountId: residents.id, amount: -600 },
          ],
        }),
      ),
    ).toBe("LEDGER_KEY_REUSED");
    // twins sent at once, before either is stored: one books, the others answer it (the unique key
    // decides a race the check before the chain lock cannot see), in a transaction of their own or a caller's
    const fresh = { ...booking, idempotencyKey: key("twins") };
    const before2 = await counts();
    const twins = await Promise.all([
      post(t.db, fresh),
      post(t.db, fresh),
      post(t.db, fresh),
      t.db.transaction().execute((trx) => post(trx, fresh)),
    ]);
    expect(new Set(twins.map((x) => x.transactionId)).size).toBe(1);
    expect(twins.filter((x) => !x.replayed)).toHaveLength(1);
    const after2 = await counts();
    expect(after2.t).toBe(before2.t + 1);
  });

  it("corrects by a reversing transaction, once; rows cannot be updated or deleted", async () => {
    const c = w.a.id;
    const wrong = await post(t.db, {
      communityId: c,
      idempotencyKey: key("wrong"),
      kind: "project.income",
      memo: "记错了",
      postings: [
        { accountId: cash.id, amount: 9_900 },
        { accountId: subsidy.id, amount: -9_900 },
      ],
      actorUserId: null,
    });
    const balance = (await statement(t.db, { communityId: c, accountId: cash.id, limit: 1 })).balance;
    const fix = await reverse(t.db, {
      communityId: c,
      transactionId: wrong.transactionId,
      idempotencyKey: key("fix"),
      memo: "冲正：金额记错",
      actorUserId: null,
    });
    const s = await statement(t.db, { communityId: c, accountId: cash.id, limit: 2 });
    expect(s.balance).toBe(balance - 9_900);
    expect(s.rows[0]).toMatchObject({ transactionId: fix.transactionId, correctsId: wrong.transactionId });
    expect(s.rows[1]).toMatchObject({ transactionId: wrong.transactionId, correctedBy: fix.transactionId });
    expect(
      await errorCode(
        reverse(t.db, {
          communityId: c,
          transactionId: wrong.transactionId,
          idempotencyKey: key("fix2"),
          memo: "再冲一次",
          actorUserId: null,
        }),
      ),
    ).toBe("LEDGER_ALREADY_CORRECTED");
    await expect(sql`update ledger_entry set amount = amount + 1`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ledger_transaction`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});

describe("under concurrency", () => {
  it("50 concurrent transfers against one balance never take it below zero, and Σ = 0", async () => {
    const c = w.a.id;
    const hot = await ensureAccount(t.db, {
      communityId: c,
      code: "test:hot",
      nameZh: "热门账户",
      nameEn: "Hot account",
      unit: "fen",
      allowNegative: false,
    });
    const sink = await ensureAccount(t.db, {
      communityId: c,
      code: "test:sink",
      nameZh: "支出",
      nameEn: "Spending",
      unit: "fen",
      allowNegative: true,
    });
    await post(t.db, {
      communityId: c,
      idempotencyKey: key("fund"),
      kind: "test.fund",
      memo: "",
      postings: [
        { accountId: hot.id, amount: 1_000 },
        { accountId: residents.id, amount: -1_000 },
      ],
      actorUserId: null,
    });
    // 50 withdrawals of 30 fen: only 33 fit in 1,000 fen
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        post(t.db, {
          communityId: c,
          idempotencyKey: key(`take${i}`),
          kind: "test.take",
          memo: "",
          postings: [
            { accountId: hot.id, amount: -30 },
            { accountId: sink.id, amount: 30 },
          ],
          actorUserId: null,
        }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter(
      (r) => r.status === "rejected" && (r.reason as { code?: string }).code === "LEDGER_INSUFFICIENT",
    ).length;
    expect(ok).toBe(33);
    expect(refused).toBe(17);
    const s = await statement(t.db, { communityId: c, accountId: hot.id, limit: 100 });
    expect(s.balance).toBe(10);
    expect(s.rows.every((r) => r.balanceAfter >= 0)).toBe(true);
    const sums = await sql<{ n: number }>`
      select count(*)::int as n from (
        select transaction_id from ledger_entry group by community_id, transaction_id having sum(amount) <> 0) x`.execute(
      t.db,
    );
    expect(sums.rows[0]!.n).toBe(0);
    expect((await verifyLedger(t.db, { communityId: c })).ok).toBe(true);
  });
});

describe("verification", () => {
  it("recomputes the chain, then names the first break after a row is altered in SQL", async () => {
    const c = w.a.id;
    const good = await verifyLedger(t.db, { communityId: c });
    expect(good).toMatchObject({ ok: true, firstBreak: null });
    expect(good.transactions).toBeGreaterThan(5);
    const victim = await t.db
      .selectFrom("ledger_transaction")
      .select(["id", "seq"])
      .where("community_id", "=", c)
      .orderBy("seq")
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    // tampering needs the table owner to switch the append-only trigger off, as an attacker with the
    // database's keys could
    await sql`alter table ledger_transaction disable trigger ledger_transaction_append_only`.execute(t.db);
    try {
      await sql`update ledger_transaction set memo = memo || ' (改)' where community_id = ${c} and id = ${victim.id}`.execute(
        t.db,
      );
    } finally {
      await sql`alter table ledger_transaction enable trigger ledger_transaction_append_only`.execute(t.db);
    }
    const bad = await verifyLedger(t.db, { communityId: c });
    expect(bad.ok).toBe(false);
    expect(bad.firstBreak).toMatchObject({
      communityId: c,
      seq: Number(victim.seq),
      transactionId: Number(victim.id),
    });
    expect(bad.firstBreak!.problem).toMatch(/altered/);
  });

  it("finds an entry's amount changed, even when the balance is changed to match", async () => {
    const t2 = await createTestApp();
    try {
      const w2 = await createWorld(t2.db);
      const c = w2.a.id;
      const a = await ensureAccount(t2.db, {
        communityId: c,
        code: "a",
        nameZh: "甲",
        nameEn: "A",
        unit: "fen",
        allowNegative: false,
      });
      const b = await ensureAccount(t2.db, {
        communityId: c,
        code: "b",
        nameZh: "乙",
        nameEn: "B",
        unit: "fen",
        allowNegative: true,
      });
      for (let i = 0; i < 3; i++)
        await post(t2.db, {
          communityId: c,
          idempotencyKey: key("v"),
          kind: "test.move",
          memo: `${i}`,
          postings: [
            { accountId: a.id, amount: 100 },
            { accountId: b.id, amount: -100 },
          ],
          actorUserId: null,
        });
      await sql`alter table ledger_entry disable trigger ledger_entry_append_only`.execute(t2.db);
      await sql`update ledger_entry set amount = 1000, balance_after = 1000 where community_id = ${c} and account_id = ${a.id}
                 and transaction_id = (select min(transaction_id) from ledger_entry where community_id = ${c})`.execute(
        t2.db,
      );
      await sql`update ledger_account set balance = balance + 900 where community_id = ${c} and id = ${a.id}`.execute(
        t2.db,
      );
      const r = await verifyLedger(t2.db, { communityId: c });
      expect(r.ok).toBe(false);
      expect(r.firstBreak!.seq).toBe(1);
    } finally {
      await t2.close();
    }
  });

  it("`npm run verify:ledger` exits 0 on a sound database and 1 on a broken one", async () => {
    // the command reads the database the server uses: on PostgreSQL the suite's own database
    if (!t.config.databaseUrl) return;
    const bx = await ensureAccount(t.db, {
      communityId: w.b.id,
      code: "x",
      nameZh: "乙甲",
      nameEn: "X",
      unit: "fen",
      allowNegative: true,
    });
    const by = await ensureAccount(t.db, {
      communityId: w.b.id,
      code: "y",
      nameZh: "乙乙",
      nameEn: "Y",
      unit: "fen",
      allowNegative: false,
    });
    await post(t.db, {
      communityId: w.b.id,
      idempotencyKey: key("cli"),
      kind: "test.move",
      memo: "",
      postings: [
        { accountId: bx.id, amount: -1 },
        { accountId: by.id, amount: 1 },
      ],
      actorUserId: null,
    });
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: t.config.databaseUrl };
    const cli = ["--import", "tsx", "server/src/cli/verify-ledger.ts", "--community", String(w.b.id)];
    const ok = await run(process.execPath, cli, { env });
    expect(ok.stdout).toMatch(/1 communities, 1 transactions, 2 entries/);
    expect(ok.stdout).toMatch(/OK/);
    const broken = await run(
      process.execPath,
      ["--import", "tsx", "server/src/cli/verify-ledger.ts", "--community", String(w.a.id)],
      {
        env,
      },
    ).catch((e) => e as { code: number; stdout: string });
    expect((broken as { code: number }).code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at community/);
  });
});

describe("property: random operations keep Σ = 0 and balance = Σ entries", () => {
  it("holds for random bookings, refusals and reversals", async () => {
    const t3 = await createTestApp();
    try {
      const w3 = await createWorld(t3.db);
      const c = w3.a.id;
      const accs: LedgerAccount[] = [];
      for (let i = 0; i < 4; i++)
        accs.push(
          await ensureAccount(t3.db, {
            communityId: c,
            code: `p${i}`,
            nameZh: `账户${i}`,
            nameEn: `Account ${i}`,
            unit: "fen",
            allowNegative: i >= 2,
          }),
        );
      const op = fc.oneof(
        fc.record({
          type: fc.constant("move" as const),
          from: fc.integer({ min: 0, max: 3 }),
          to: fc.integer({ min: 0, max: 3 }),
          amount: fc.integer({ min: 1, max: 5_000 }),
        }),
        fc.record({ type: fc.constant("reverse" as const), pick: fc.nat() }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          const booked: number[] = [];
          for (const o of ops) {
            try {
              if (o.type === "move") {
                if (o.from === o.to) continue;
                const r = await post(t3.db, {
                  communityId: c,
                  idempotencyKey: key("prop"),
                  kind: "test.move",
                  memo: "",
                  postings: [
                    { accountId: accs[o.from]!.id, amount: -o.amount },
                    { accountId: accs[o.to]!.id, amount: o.amount },
                  ],
                  actorUserId: null,
                });
                booked.push(r.transactionId);
              } else if (booked.length) {
                await reverse(t3.db, {
                  communityId: c,
                  transactionId: booked[o.pick % booked.length]!,
                  idempotencyKey: key("rev"),
                  memo: "",
                  actorUserId: null,
                });
              }
            } catch (e) {
              const code = (e as { code?: string }).code;
              if (code !== "LEDGER_INSUFFICIENT" && code !== "LEDGER_ALREADY_CORRECTED") throw e;
            }
          }
          const r = await sql<{ bad_tx: number; bad_acc: number; negative: number }>`
            select
              (select count(*) from (select 1 from ledger_entry where community_id = ${c}
                 group by transaction_id having sum(amount) <> 0) x)::int as bad_tx,
              (select count(*) from ledger_account a where a.community_id = ${c} and a.balance <>
                 coalesce((select sum(amount) from ledger_entry e where e.community_id = a.community_id and e.account_id = a.id), 0))::int as bad_acc,
              (select count(*) from ledger_account a where a.community_id = ${c} and not a.allow_negative and a.balance < 0)::int as negative`.execute(
            t3.db,
          );
          expect(r.rows[0]).toEqual({ bad_tx: 0, bad_acc: 0, negative: 0 });
        }),
        { numRuns: 25 },
      );
      expect((await verifyLedger(t3.db, { communityId: c })).ok).toBe(true);
    } finally {
      await t3.close();
    }
  }, 120_000);
});
