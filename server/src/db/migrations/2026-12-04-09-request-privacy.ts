import { type Kysely, sql } from "kysely";

// Requests are private unless their submitter publishes them (issue 7): the column's default becomes
// false. Categories get never_public — a request of such a category is stored private whatever its
// submitter asked, and nothing of it is shown publicly while the flag is set. Neighbour disputes and
// care (elderly care, children) are never public by default.
// Existing data: no problem was ever published by choice (the report form did not ask; Open311
// clients could not say), so every problem becomes private; needs and wishes keep the choice the
// form asked for, except in the never-public categories.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table request_category add column never_public boolean not null default false",
    "update request_category set never_public = true where code in ('neighbour_dispute', 'elderly_care', 'children')",
    "alter table request alter column is_public set default false",
    "update request set is_public = false where is_public and kind = 'problem'",
    `update request r set is_public = false
       from request_category c
      where c.community_id = r.community_id and c.id = r.category_id and c.never_public and r.is_public`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the request-privacy migration cannot be reverted");
}
