import { type Kysely, sql } from "kysely";

// Issue 9: a report written offline is kept on the phone and sent when the connection returns, maybe
// more than once (a reload, a lost answer). The phone gives each report a key (a UUID) and the server
// keeps the first request per submitter and key: a repeat answers that request instead of a second.
// The unique index includes community_id (the tenant invariant); a UUID does not recur across
// communities. Only the submissions that carry a key are indexed.
//
// The elderly mode (适老化) is on by default for a verified resident aged 60 or more, unless they chose:
// app_user.elderly_mode_chosen says whether elderly_mode is the person's own choice. Accounts that
// switched it on already chose it.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table request add column client_key uuid",
    `create unique index request_client_key on request (community_id, submitter_user_id, client_key)
       where client_key is not null`,
    "alter table app_user add column elderly_mode_chosen boolean not null default false",
    "update app_user set elderly_mode_chosen = true where elderly_mode",
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the request-client-key migration cannot be reverted");
}
