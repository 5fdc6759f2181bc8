// The life circle of the demo (DOMAIN L1–L4, issue 13): 东龙社区 (seed 000) gets the walking network of
// ../shared/data/monaco.osm.pbf through the import service, as staff would import it — a synthetic
// community placed on Monaco's real OpenStreetMap streets, because a real Chinese extract is not
// available offline (the project ships no map of Wuhan). Without the map folder the demo goes on without
// it. The buildings are matched to the register by staff (the journey does it), not here.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { importExtract } from "../modules/lifecircle/network/network.service.ts";
import { DEMO_ADMIN_PHONE, DONGLONG } from "./demo-accounts.ts";

type Db = Kysely<DB>;
const EXTRACT = "monaco.osm.pbf";

export async function writeDemoLifecircle(db: Db, log: (m: string) => void): Promise<void> {
  const path = resolve(import.meta.dirname, "../../../../shared/data", EXTRACT);
  if (!existsSync(path)) {
    log(`  life circle: ${EXTRACT} is not in ../shared/data; no walking network in the demo`);
    return;
  }
  const admin = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", DEMO_ADMIN_PHONE)
    .executeTakeFirst();
  const community = await db
    .selectFrom("community")
    .select(["id", "name"])
    .where("code", "=", DONGLONG)
    .executeTakeFirst();
  if (!admin || !community) return;
  const actor = await loadActor(db, admin.id);
  const started = performance.now();
  const r = await importExtract(db, actor, community.id, { file: EXTRACT });
  log(
    `  life circle: ${community.name} on ${EXTRACT} (a synthetic community on Monaco's streets): ${r.network?.nodes} nodes, ${r.network?.buildings} buildings in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
