import { type Kysely, sql } from "kysely";

// The grid worker's inbox lists open requests by their next deadline — the time to sign for a
// submitted one, the time to solve for a signed one. Indexing that expression (open rows only) lets
// a page of the inbox be read in order and stop after `limit` rows, however many items are open:
// per grid for grid workers, per community for community staff.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index request_inbox_by_grid on request
    (community_id, grid_id, (case when status = 'submitted' then sign_due_at else solve_due_at end), id)
    where status in ('submitted', 'signed')`.execute(db);
  await sql`create index request_inbox on request
    (community_id, (case when status = 'submitted' then sign_due_at else solve_due_at end), id)
    where status in ('submitted', 'signed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index request_inbox`.execute(db);
  await sql`drop index request_inbox_by_grid`.execute(db);
}
