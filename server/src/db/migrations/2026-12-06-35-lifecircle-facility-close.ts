import { type Kysely, sql } from "kysely";

// The life circle (issue 13, after migration 29): a facility is closed softly — `active` false with the
// day it closed (`closed_on`) and why (`closed_reason`); a closed facility stays for the record and the
// audit, and no longer counts in the readings.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lifecircle_facility add column closed_on date`.execute(db);
  await sql`alter table lifecircle_facility add column closed_reason text check (char_length(closed_reason) <= 200)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table lifecircle_facility drop column closed_reason`.execute(db);
  await sql`alter table lifecircle_facility drop column closed_on`.execute(db);
}
