import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m20261122_01 from "./migrations/2026-11-22-01-foundation.ts";
import * as m20261122_02 from "./migrations/2026-11-22-02-requests.ts";
import * as m20261122_03 from "./migrations/2026-11-22-03-request-inbox.ts";
import * as m20261122_04 from "./migrations/2026-11-22-04-figures.ts";
import * as m20261122_05 from "./migrations/2026-11-22-05-resident-grid.ts";
import * as m20261122_06 from "./migrations/2026-11-22-06-my-claims.ts";
import * as m20261122_07 from "./migrations/2026-11-22-07-ratings.ts";
import * as m20261122_08 from "./migrations/2026-11-22-08-claim-reminders.ts";
import * as m20261204_09 from "./migrations/2026-12-04-09-request-privacy.ts";
import * as m20261204_10 from "./migrations/2026-12-04-10-domain-events.ts";
import * as m20261205_11 from "./migrations/2026-12-05-11-request-client-key.ts";
import * as m20261205_12 from "./migrations/2026-12-05-12-problems-solved-open311-area.ts";
import * as m20261205_13 from "./migrations/2026-12-05-13-topics.ts";
import * as m20261205_14 from "./migrations/2026-12-05-14-meetings.ts";
import * as m20261205_15 from "./migrations/2026-12-05-15-surveys.ts";
import * as m20261205_16 from "./migrations/2026-12-05-16-comments.ts";
import * as m20261205_17 from "./migrations/2026-12-05-17-notices.ts";
import * as m20261205_18 from "./migrations/2026-12-05-18-deliberation-links.ts";
import * as m20261205_19 from "./migrations/2026-12-05-19-votes.ts";
import * as m20261205_20 from "./migrations/2026-12-05-20-lotteries.ts";
import * as m20261205_21 from "./migrations/2026-12-05-21-residents-meeting.ts";
import * as m20261205_22 from "./migrations/2026-12-05-22-ledger.ts";
import * as m20261205_23 from "./migrations/2026-12-05-23-projects.ts";
import * as m20261205_24 from "./migrations/2026-12-05-24-contests.ts";
import * as m20261205_25 from "./migrations/2026-12-05-25-deliberation-notices.ts";
import * as m20261206_26 from "./migrations/2026-12-06-26-ledger-book.ts";
import * as m20261206_28 from "./migrations/2026-12-06-28-project-corrections.ts";
import * as m20261206_29 from "./migrations/2026-12-06-29-lifecircle.ts";
import * as m20261206_30 from "./migrations/2026-12-06-30-ledger-queue.ts";
import * as m20261206_33 from "./migrations/2026-12-06-33-points.ts";
import * as m20261206_34 from "./migrations/2026-12-06-34-volunteering.ts";
import * as m20261206_35 from "./migrations/2026-12-06-35-lifecircle-facility-close.ts";
import * as m20261206_37 from "./migrations/2026-12-06-37-vol-rosters.ts";
import * as m20261206_38 from "./migrations/2026-12-06-38-points-mall.ts";
import * as m20261206_39 from "./migrations/2026-12-06-39-canteen.ts";
import * as m20261206_40 from "./migrations/2026-12-06-40-care.ts";
import * as m20261206_41 from "./migrations/2026-12-06-41-mall-exchange-speed.ts";
import * as m20261207_42 from "./migrations/2026-12-07-42-spaces.ts";
import * as m20261207_45 from "./migrations/2026-12-07-45-insight.ts";
import * as m20261207_46 from "./migrations/2026-12-07-46-courses.ts";
import * as m20261207_47 from "./migrations/2026-12-07-47-garden.ts";
import * as m20261207_48 from "./migrations/2026-12-07-48-insight-reports.ts";
import * as m20261207_49 from "./migrations/2026-12-07-49-insight-participation.ts";
import * as m20261207_50 from "./migrations/2026-12-07-50-garden-more.ts";
import * as m20261207_51 from "./migrations/2026-12-07-51-mall-exchange.ts";
import * as m20261207_52 from "./migrations/2026-12-07-52-insight-monthly.ts";
import * as m20261207_53 from "./migrations/2026-12-07-53-insight-active-snapshot.ts";
import * as m20261207_54 from "./migrations/2026-12-07-54-insight-generation.ts";
import * as m20261207_55 from "./migrations/2026-12-07-55-canteen-seat-last.ts";

// Migrations are listed here (not read from disk) so that the same list works under tsx, a bundle
// and the tests. Frozen once committed: add a new file, never edit an old one.
const migrations: Record<string, Migration> = {
  "2026-11-22-01-foundation": m20261122_01,
  "2026-11-22-02-requests": m20261122_02,
  "2026-11-22-03-request-inbox": m20261122_03,
  "2026-11-22-04-figures": m20261122_04,
  "2026-11-22-05-resident-grid": m20261122_05,
  "2026-11-22-06-my-claims": m20261122_06,
  "2026-11-22-07-ratings": m20261122_07,
  "2026-11-22-08-claim-reminders": m20261122_08,
  "2026-12-04-09-request-privacy": m20261204_09,
  "2026-12-04-10-domain-events": m20261204_10,
  "2026-12-05-11-request-client-key": m20261205_11,
  "2026-12-05-12-problems-solved-open311-area": m20261205_12,
  "2026-12-05-13-topics": m20261205_13,
  "2026-12-05-14-meetings": m20261205_14,
  "2026-12-05-15-surveys": m20261205_15,
  "2026-12-05-16-comments": m20261205_16,
  "2026-12-05-17-notices": m20261205_17,
  "2026-12-05-18-deliberation-links": m20261205_18,
  "2026-12-05-19-votes": m20261205_19,
  "2026-12-05-20-lotteries": m20261205_20,
  "2026-12-05-21-residents-meeting": m20261205_21,
  "2026-12-05-22-ledger": m20261205_22,
  "2026-12-05-23-projects": m20261205_23,
  "2026-12-05-24-contests": m20261205_24,
  "2026-12-05-25-deliberation-notices": m20261205_25,
  "2026-12-06-26-ledger-book": m20261206_26,
  "2026-12-06-28-project-corrections": m20261206_28,
  "2026-12-06-29-lifecircle": m20261206_29,
  "2026-12-06-30-ledger-queue": m20261206_30,
  "2026-12-06-33-points": m20261206_33,
  "2026-12-06-34-volunteering": m20261206_34,
  "2026-12-06-35-lifecircle-facility-close": m20261206_35,
  "2026-12-06-37-vol-rosters": m20261206_37,
  "2026-12-06-38-points-mall": m20261206_38,
  "2026-12-06-39-canteen": m20261206_39,
  "2026-12-06-40-care": m20261206_40,
  "2026-12-06-41-mall-exchange-speed": m20261206_41,
  "2026-12-07-42-spaces": m20261207_42,
  "2026-12-07-45-insight": m20261207_45,
  "2026-12-07-46-courses": m20261207_46,
  "2026-12-07-47-garden": m20261207_47,
  "2026-12-07-48-insight-reports": m20261207_48,
  "2026-12-07-49-insight-participation": m20261207_49,
  "2026-12-07-50-garden-more": m20261207_50,
  "2026-12-07-51-mall-exchange": m20261207_51,
  "2026-12-07-52-insight-monthly": m20261207_52,
  "2026-12-07-53-insight-active-snapshot": m20261207_53,
  "2026-12-07-54-insight-generation": m20261207_54,
  "2026-12-07-55-canteen-seat-last": m20261207_55,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  await migrate(db, (m) => m.migrateToLatest());
}

/** Up to and including the named migration (tests of a migration's data changes). */
export async function migrateUpTo(db: Kysely<any>, name: keyof typeof migrations): Promise<void> {
  await migrate(db, (m) => m.migrateTo(name));
}

async function migrate(db: Kysely<any>, run: (m: Migrator) => ReturnType<Migrator["migrateToLatest"]>) {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await run(migrator);
  for (const r of results ?? []) {
    if (r.status === "Error")
      throw new Error(`migration ${r.migrationName} failed: ${String(error)}`, { cause: error });
  }
  if (error) throw error;
}
