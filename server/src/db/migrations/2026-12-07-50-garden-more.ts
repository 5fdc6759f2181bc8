import type { Kysely } from "kysely";
import { sql } from "kysely";

// Garden plots and trees, the loose ends of issue 15 (C4; docs/garden.md):
// - staff reject a waiting plot application with a reason: status 'rejected' (未通过, besides 'declined':
//   lost to another household or to the lottery) and `reject_reason`, present exactly when rejected;
// - a tree's adoption is ended by the household or by staff: `ended_by` beside the existing `ended_at`
//   (the partial unique index on live adoptions already lets another household adopt it; the care
//   records keep their adoption_id: the history stays);
// - the lease's last-month reminder: `reminded_for` is the last day of the term whose reminder was sent,
//   set by the sweep's `UPDATE … WHERE reminded_for IS DISTINCT FROM ends_on` that claims it — once per
//   term however many sweeps run (a renewal moves ends_on, so the next term is reminded in its turn).
export async function up(db: Kysely<any>): Promise<void> {
  const ddl = `
alter table garden_application drop constraint garden_application_status_check;
alter table garden_application add constraint garden_application_status_check
  check (status in ('applied','approved','declined','rejected'));
alter table garden_application add column reject_reason text
  check (reject_reason is null or char_length(reject_reason) between 1 and 200);
alter table garden_application add constraint garden_application_reject_reason
  check ((status = 'rejected') = (reject_reason is not null));
alter table garden_adoption add column ended_by integer references app_user(id);
alter table garden_adoption add constraint garden_adoption_ended_by
  check (ended_by is null or ended_at is not null);
alter table garden_lease add column reminded_for date
`;
  for (const stmt of ddl
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean))
    await sql.raw(stmt).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const ddl = `
alter table garden_lease drop column if exists reminded_for;
alter table garden_adoption drop constraint if exists garden_adoption_ended_by;
alter table garden_adoption drop column if exists ended_by;
alter table garden_application drop constraint if exists garden_application_reject_reason;
alter table garden_application drop column if exists reject_reason;
update garden_application set status = 'declined' where status = 'rejected';
alter table garden_application drop constraint garden_application_status_check;
alter table garden_application add constraint garden_application_status_check
  check (status in ('applied','approved','declined'))
`;
  for (const stmt of ddl
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean))
    await sql.raw(stmt).execute(db);
}
