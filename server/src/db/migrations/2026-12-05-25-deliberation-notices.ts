import { type Kysely, sql } from "kysely";

// Notifications that ride on events (issue 10/11 leftovers), each claimed once by a stamp in the
// transaction of its notifications (ARCHITECTURE "Jobs run exactly once by claiming"):
// - lottery_application.draw_notified_at: the applicant was told their draw outcome (lottery.drawn);
//   passed_notified_at: told that a declined place passed to them (lottery.place_passed);
// - survey.opened_at: the survey.opened event was emitted (at publish when it opens at once, else by
//   the surveys-open sweep); survey.open_notified_at: its residents were told.
// Rows that already exist are stamped, so no resident hears today of a draw or survey of the past.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lottery_application add column draw_notified_at timestamptz`.execute(db);
  await sql`alter table lottery_application add column passed_notified_at timestamptz`.execute(db);
  await sql`alter table survey add column opened_at timestamptz`.execute(db);
  await sql`alter table survey add column open_notified_at timestamptz`.execute(db);
  await sql`update lottery_application a set draw_notified_at = l.drawn_at, passed_notified_at = l.drawn_at
            from lottery l where l.community_id = a.community_id and l.id = a.lottery_id
            and l.drawn_at is not null`.execute(db);
  await sql`update survey set opened_at = opens_at, open_notified_at = opens_at
            where published_at is not null and opens_at <= now()`.execute(db);
  // the sweep's search: published surveys not yet announced
  await sql`create index survey_to_open on survey (opens_at) where opened_at is null and published_at is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists survey_to_open`.execute(db);
  await sql`alter table survey drop column open_notified_at`.execute(db);
  await sql`alter table survey drop column opened_at`.execute(db);
  await sql`alter table lottery_application drop column passed_notified_at`.execute(db);
  await sql`alter table lottery_application drop column draw_notified_at`.execute(db);
}
