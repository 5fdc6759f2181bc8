import { type Kysely, sql } from "kysely";

// Issue 12's leftovers:
// - 冲正: a booking of a project's account that was a mistake is corrected by a reversing booking that
//   names it (project_booking.corrects_id, at most once per booking: unique), on the ledger as the
//   ledger's own reversing transaction. A reversed money pledge's fulfilment is taken back by a
//   fulfilment row of the opposite sign, so the rows still add up to the pledge's `fulfilled`.
// - 签约立项 keeps its link as a reference: a contest entry's project_id names a project of the entry's
//   community (an innovation entry's project, or the project an idea became).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table project_booking add column corrects_id bigint`.execute(db);
  await sql`alter table project_booking add constraint project_booking_corrects_once unique (community_id, corrects_id)`.execute(
    db,
  );
  await sql`alter table project_booking add constraint project_booking_corrects_fk
            foreign key (community_id, corrects_id) references project_booking(community_id, id)`.execute(db);
  await sql`alter table project_fulfilment drop constraint project_fulfilment_quantity_check`.execute(db);
  await sql`alter table project_fulfilment add constraint project_fulfilment_quantity_check check (quantity <> 0)`.execute(
    db,
  );
  await sql`alter table contest_entry add constraint contest_entry_project_fk
            foreign key (community_id, project_id) references project(community_id, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contest_entry drop constraint contest_entry_project_fk`.execute(db);
  await sql`alter table project_fulfilment drop constraint project_fulfilment_quantity_check`.execute(db);
  await sql`alter table project_fulfilment add constraint project_fulfilment_quantity_check check (quantity > 0)`.execute(
    db,
  );
  await sql`alter table project_booking drop column corrects_id`.execute(db);
}
