// Lvzhou's 责任田 and trees to adopt (seed; DOMAIN C4), written through the garden service by the
// community secretary (13900000006): six plots at 120–500 yuan a year (the article's 100–500 yuan) and
// four trees; the codes, sizes and places are invented for the demo. No application window (a window
// would open a lottery whose secret only its organiser may keep).
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { createPlot, createTree } from "../modules/services/garden/garden.service.ts";
import { LVZHOU } from "./demo-accounts.ts";

type Db = Kysely<DB>;

const PLOTS: [string, number, string, string][] = [
  ["A-01", 15, "120", "靠近水龙头"],
  ["A-02", 20, "200", ""],
  ["A-03", 20, "200", ""],
  ["B-01", 30, "300", "向阳"],
  ["B-02", 40, "400", ""],
  ["C-01", 50, "500", "整块，适合种果树"],
];
const TREES: [string, string, string][] = [
  ["T-01", "桂花", "中心花园东侧"],
  ["T-02", "香樟", "3栋门前"],
  ["T-03", "银杏", "社区广场北侧"],
  ["T-04", "橘树", "责任田边"],
];

export async function writeDemoGarden(db: Db, log: (m: string) => void): Promise<void> {
  const lz = await db.selectFrom("community").select("id").where("code", "=", LVZHOU).executeTakeFirst();
  const sec = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", "13900000006")
    .executeTakeFirst();
  const secretary = sec ? await loadActor(db, sec.id) : null;
  if (!lz || !secretary) return;
  for (const [code, sizeM2, rentYuan, note] of PLOTS)
    await createPlot(db, secretary, lz.id, { code, sizeM2, rentYuan, note });
  for (const [code, species, location] of TREES)
    await createTree(db, secretary, lz.id, { code, species, location });
  log(`garden: ${PLOTS.length} plots (120–500 yuan a year) and ${TREES.length} trees in Lvzhou`);
}
