import type { Kysely } from "kysely";
import { sql } from "kysely";

// The points mall's exchange books on the ledger as its LAST statement before commit (issue 14's
// exchange-day rush): the community's bookings queue on the ledger's advisory lock (7401) and chain row,
// held until commit, so nothing may follow the booking. The exchange row is therefore inserted before the
// booking, which names it (ref_kind 'mall_exchange', ref_id the exchange's id); such rows carry no
// ledger_transaction_id (null), the booking being found by its reference (index ledger_transaction_ref).
// Rows from before keep their id. Migration 38 is unchanged.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table mall_exchange alter column ledger_transaction_id drop not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
