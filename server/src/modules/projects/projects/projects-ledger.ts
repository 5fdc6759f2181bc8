// The project account on the ledger (P3). Every booking of a project is one ledger transaction between
// the project's cash account (never negative) and the outside world (money that came in offline or was
// paid out); this file is the one place that speaks to the ledger, so the rest of the module keeps its
// own words (income, expense, source, budget line).
//
// Money reaches a project offline (cash, a bank transfer to the community's account) and its treasurer
// books it with a voucher photo: there is no payment gateway. `PaymentAdapter` is the seam where one
// would go: an adapter that confirms a payment would hand the treasurer's form an amount and a
// reference; the built-in adapter, `offlinePayments`, confirms nothing by itself.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";

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

/**
 * Books one income or expense of a project on the ledger, in the caller's transaction. Returns the
 * ledger transaction's id and the project account's balance after it (null until the ledger module
 * answers; the caller then keeps the balance it computed under the project's lock).
 */
export async function postProjectBooking(
  _trx: Db,
  _b: ProjectBookingPost,
): Promise<{ transactionId: number | null; balanceAfter: number | null }> {
  return { transactionId: null, balanceAfter: null };
}
