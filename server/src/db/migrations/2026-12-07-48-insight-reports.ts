import type { Kysely } from "kysely";
import { sql } from "kysely";

// Insight's monthly reports (issue 17 item 3, DOMAIN E2): one archived PDF per place (a community or a
// street) and month, made by the insight-reports job on the 1st of each month for the month before,
// or again by staff for any past month. The PDF's bytes are kept in the row (bytea), like request
// photos: they go with the database's backups and replicas, every app process and host reads the same
// file without shared storage, and sha256 proves that the bytes downloaded are the bytes archived.
// `numbers` holds the report's figures as JSON, so that a regeneration can be compared with it.
// The table names its place by (level, place_id) rather than by community_id: a street's report
// belongs to no one community.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table insight_report (
      id serial primary key,
      level text not null check (level in ('community', 'street')),
      place_id int not null,
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      place_name text not null,
      generated_at timestamptz not null default now(),
      generated_by int references app_user(id),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      numbers jsonb not null,
      pdf bytea not null,
      pdf_bytes int not null,
      unique (level, place_id, month)
    )`.execute(db);
  await sql`create index insight_report_month on insight_report (month, level)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
