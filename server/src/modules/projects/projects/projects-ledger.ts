// The project account on the ledger (P3). Every booking of a project is one ledger transaction between
// the project's cash account (`project:<id>:cash`, never negative) and its counterpart outside the
// platform (`project:<id>:outside`: money that came in offline or was paid out, which may go negative).
// This file is the one place the module speaks to the ledger, so the rest keeps its own words (income,
// expense, funding source, budget line).
//
// Money reaches a project offline (cash, a bank transfer to the community's account) and its treasurer
// books it with a voucher photo: there is no payment gateway. `PaymentAdapter` is the seam where one
// would go: an adapter that confirms a payment would hand the treasurer's form an amount and a
// reference; the built-in adapter, `offlinePayments`, confirms nothing by itself.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { accountsOf, ensureAccount, post, reverse } from "../../core/ledger/ledger.service.ts";

type Db = Kysely<DB>;

export interface PaymentAdapter {
  readonly name: string;
  /** Whether the payment behind a reference arrived, and how much (fen); null: this adapter cannot tell. */
  confirm(reference: string): Promise<{ amountFen: number; receivedAt: Date } | null>;
}

/** Money received offline and booked by the treasurer with a voucher: nothing to confirm online. */
export const offlinePayments: PaymentAdapter = {
  name: "offline",
  confirm: async () => null,
};

export interface ProjectBookingPost {
  communityId: number;
  projectId: number;
  projectTitle: string;
  direction: "income" | "expense";
  amountFen: number;
  idempotencyKey: string;
  memo: string;
  actorUserId: number;
  voucherPhotoId: number | null;
}

export const projectCashCode = (projectId: number) => `project:${projectId}:cash`;

/** The project's two accounts, opened on first use (in the caller's transaction). */
export async function projectAccounts(db: Db, communityId: number, projectId: number, title: string) {
  const cash = await ensureAccount(db, {
    communityId,
    code: projectCashCode(projectId),
    nameZh: `共建项目账户：${title}`.slice(0, 120),
    nameEn: `Co-building project #${projectId}: cash`,
    unit: "fen",
    allowNegative: false,
    ownerKind: "project",
    ownerId: projectId,
  });
  const outside = await ensureAccount(db, {
    communityId,
    code: `project:${projectId}:outside`,
    nameZh: `共建项目往来：${title}`.slice(0, 120),
    nameEn: `Co-building project #${projectId}: money in and out`,
    unit: "fen",
    allowNegative: true,
    ownerKind: "project",
    ownerId: projectId,
  });
  return { cash, outside };
}

/**
 * Books one income or expense of a project on the ledger, in the caller's transaction (which holds the
 * project's lock). The ledger refuses an expense that would take the cash account below zero
 * (LEDGER_INSUFFICIENT) and answers a retried key with the first transaction. Returns the ledger
 * transaction's id and the cash account's balance after it.
 */
export async function postProjectBooking(
  db: Db,
  b: ProjectBookingPost,
): Promise<{ transactionId: number; balanceAfter: number }> {
  const { cash, outside } = await projectAccounts(db, b.communityId, b.projectId, b.projectTitle);
  const signed = b.direction === "income" ? b.amountFen : -b.amountFen;
  const { transactionId } = await post(db, {
    communityId: b.communityId,
    // the ledger's keys are one namespace per community: the module's prefix keeps them apart
    idempotencyKey: `project:${b.idempotencyKey}`,
    kind: `project.${b.direction}`,
    memo: b.memo,
    postings: [
      { accountId: cash.id, amount: signed },
      { accountId: outside.id, amount: -signed },
    ],
    actorUserId: b.actorUserId,
    voucherFileId: b.voucherPhotoId,
    refKind: "project",
    refId: b.projectId,
  });
  const after = (await accountsOf(db, b.communityId, "project", b.projectId)).find((a) => a.id === cash.id)!;
  return { transactionId, balanceAfter: after.balance };
}

/**
 * 冲正: books the ledger's reversing transaction of a project booking's transaction (the ledger refuses a
 * second correction and, reversing an income, a balance that would go below zero), in the caller's
 * transaction. Returns the reversing transaction's id and the cash account's balance after it.
 */
export async function reverseProjectBooking(
  db: Db,
  r: {
    communityId: number;
    projectId: number;
    projectTitle: string;
    transactionId: number;
    idempotencyKey: string;
    memo: string;
    actorUserId: number;
  },
): Promise<{ transactionId: number; balanceAfter: number }> {
  const { cash } = await projectAccounts(db, r.communityId, r.projectId, r.projectTitle);
  const { transactionId } = await reverse(db, {
    communityId: r.communityId,
    transactionId: r.transactionId,
    idempotencyKey: `project:${r.idempotencyKey}`,
    memo: r.memo,
    actorUserId: r.actorUserId,
  });
  const after = (await accountsOf(db, r.communityId, "project", r.projectId)).find((a) => a.id === cash.id)!;
  return { transactionId, balanceAfter: after.balance };
}
