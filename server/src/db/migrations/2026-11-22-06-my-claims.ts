import { type Kysely, sql } from "kysely";

// "My claims" (V3): a claimant lists their own claims across communities, newest first, so the
// claims are reached by claimant (an index, not a scan of every community's claims); a withdrawn
// claim keeps the time it was withdrawn, as a fulfilled one keeps fulfilled_at.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table request_claim add column withdrawn_at timestamptz",
    "create index request_claim_claimant on request_claim(claimant_user_id, id)",
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the my-claims migration cannot be reverted");
}
