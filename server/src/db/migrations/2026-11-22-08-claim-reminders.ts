import { type Kysely, sql } from "kysely";

// Promise dates of claims (V3 with V4): the deadline sweep reminds a claimant the day before the
// promise date and tells the claimant and the place's grid workers once it has passed; each step
// claims its rows by setting its own stamp (reminded_at, overdue_notified_at) in the transaction of
// its notifications. Staff may release an abandoned claim: the claim ends as withdrawn, with the
// person who released it (released_by; null when the claimant withdrew it).
// The sweep looks for active claims by promise date across communities; the partial index keeps
// only the live ones and carries community_id (the tenant column) as every index here does.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table request_claim add column reminded_at timestamptz",
    "alter table request_claim add column overdue_notified_at timestamptz",
    "alter table request_claim add column released_by integer references app_user(id)",
    "create index request_claim_promise on request_claim(promise_date, community_id) where status = 'active'",
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the claim-reminders migration cannot be reverted");
}
