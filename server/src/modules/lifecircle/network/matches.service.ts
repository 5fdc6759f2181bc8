// Matching the imported buildings to the register's (DOMAIN L2): staff ask for proposals (by name or
// number, then the nearest point), review them in a table (accept, reject, re-assign; in batches), and
// from then on a signed-in resident's page opens at their own building and the coverage counts the
// register's households besides the buildings.
import type { Kysely } from "kysely";
import { authorize, exportingActor, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { CIRCLES, minutesOf } from "./coverage.ts";
import { proposeMatches } from "./matching.ts";
import * as q from "./network.queries.ts";
import type { TReviewMatches } from "./network.schema.ts";
import { kindsOf, labelOf, requireCommunity } from "./network.service.ts";

type Db = Kysely<DB>;

const noNetwork = () =>
  new AppError("CONFLICT", {
    zh: "请先导入本社区的步行路网",
    en: "Import the community's walking network first",
  });

/** Staff ask for proposals for every register building without one; audited. */
export async function proposeBuildingMatches(db: Db, actor: Actor | null, communityId: number) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  if (!(await q.findNetwork(db, communityId))) throw noNetwork();
  const [register, candidates] = await Promise.all([
    q.registerBuildings(db, communityId),
    q.matchCandidates(db, communityId),
  ]);
  const proposals = proposeMatches(
    register.map((b) => ({ id: b.id, name: b.name, estateId: b.estate_id })),
    candidates.map((c) => ({
      id: c.id,
      lat: c.lat,
      lon: c.lon,
      name: c.name,
      housenumber: c.housenumber,
      buildingId: c.building_id,
      status: c.match_status,
    })),
  );
  await db.transaction().execute(async (trx) => {
    for (const p of proposals) await q.setMatch(trx, communityId, p.lcBuildingId, p.buildingId, "proposed");
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.match.propose",
      targetType: "lifecircle_network",
      targetId: communityId,
      after: { proposals: proposals.length },
    });
  });
  const matchedNow = new Set(
    (await q.matchedRows(db, communityId))
      .filter((r) => r.match_status === "proposed" || r.match_status === "confirmed")
      .map((r) => r.building_id),
  );
  return {
    byName: proposals.filter((p) => p.by === "name").length,
    byNearest: proposals.filter((p) => p.by === "nearest").length,
    unmatched: register.filter((b) => !matchedNow.has(b.id)).length,
  };
}

/** The review table: every register building with its proposed or confirmed imported building. */
export async function buildingMatches(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: { status?: string | undefined; q?: string | undefined },
) {
  authorize(actor, "lifecircle.read", { communityId });
  await requireCommunity(db, communityId);
  const [register, rows] = await Promise.all([
    q.registerBuildings(db, communityId),
    q.matchedRows(db, communityId),
  ]);
  const live = new Map<number, (typeof rows)[number]>();
  for (const r of rows)
    if (r.building_id != null && (r.match_status === "proposed" || r.match_status === "confirmed"))
      live.set(r.building_id, r);
  const all = register.map((b) => {
    const m = live.get(b.id);
    return {
      buildingId: b.id,
      buildingName: b.name,
      estateName: b.estate_name,
      households: Number(b.households ?? 0),
      lcBuildingId: m?.id ?? null,
      lcLabel: m ? labelOf(m) : null,
      status: m?.match_status ?? ("none" as const),
    };
  });
  const needle = query.q?.toLowerCase();
  const items = all.filter(
    (m) =>
      (!query.status || m.status === query.status) &&
      (!needle ||
        m.buildingName.toLowerCase().includes(needle) ||
        m.estateName.toLowerCase().includes(needle)),
  );
  return {
    total: all.length,
    confirmed: all.filter((m) => m.status === "confirmed").length,
    proposed: all.filter((m) => m.status === "proposed").length,
    items,
  };
}

/**
 * Staff accept (or re-assign) and reject proposals in a batch: each item in its own transaction (the
 * web conventions' batch actions), so one item's refusal never undoes another's; every item is
 * audited, and the answer lists each item's result.
 */
export async function reviewBuildingMatches(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TReviewMatches,
) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  // the register's buildings of this community only, each once (another community's is "not found")
  const register = new Set((await q.registerBuildings(db, communityId)).map((b) => b.id));
  const seen = new Set<number>();
  for (const item of input.items) {
    if (!register.has(item.buildingId) || seen.has(item.buildingId))
      throw new AppError("NOT_FOUND", {
        zh: "楼栋不存在或重复",
        en: "No such building, or the same building twice",
        details: { buildingId: item.buildingId },
      });
    seen.add(item.buildingId);
  }
  if (!(await q.findNetwork(db, communityId))) throw noNetwork();
  const results: {
    buildingId: number;
    ok: boolean;
    code: string | null;
    messageZh: string | null;
    messageEn: string | null;
  }[] = [];
  for (const item of input.items) {
    try {
      await db.transaction().execute((trx) => reviewOne(trx, actor, reach, communityId, item));
      results.push({ buildingId: item.buildingId, ok: true, code: null, messageZh: null, messageEn: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({
        buildingId: item.buildingId,
        ok: false,
        code: e.code,
        messageZh: e.zh,
        messageEn: e.en,
      });
    }
  }
  const done = (d: string) => results.filter((r, i) => r.ok && input.items[i]?.decision === d).length;
  return { accepted: done("accept"), rejected: done("reject"), results };
}

async function reviewOne(
  trx: Db,
  actor: Actor | null,
  reach: ReturnType<typeof authorize>,
  communityId: number,
  item: TReviewMatches["items"][number],
) {
  const current = (await q.matchedRows(trx, communityId)).find(
    (r) =>
      r.building_id === item.buildingId && (r.match_status === "proposed" || r.match_status === "confirmed"),
  );
  let target: number | null = null;
  if (item.decision === "reject") {
    if (!current)
      throw new AppError("CONFLICT", {
        zh: "该楼栋没有待审核的匹配",
        en: "The building has no match to reject",
      });
    await q.setMatch(trx, communityId, current.id, item.buildingId, "rejected");
  } else {
    target = item.lcBuildingId ?? current?.id ?? null;
    if (target == null)
      throw new AppError("CONFLICT", {
        zh: "该楼栋没有匹配建议：请在地图上选一栋楼",
        en: "The building has no proposal: choose a building on the map",
      });
    const c = await q.findCandidate(trx, communityId, target);
    if (!c?.residential)
      throw new AppError("NOT_FOUND", {
        zh: "地图上没有这栋住宅楼",
        en: "No such residential building on the map",
      });
    // the imported building was another register building's: that one loses it
    if (c.building_id != null && c.building_id !== item.buildingId && c.match_status !== "rejected")
      await q.setMatch(trx, communityId, c.id, null, "none");
    await q.clearMatchesOf(trx, communityId, item.buildingId);
    await q.setMatch(trx, communityId, target, item.buildingId, "confirmed");
  }
  await recordAudit(trx, {
    actorUserId: actor?.userId ?? null,
    actorRole: primaryRole(reach),
    communityId,
    action: item.decision === "reject" ? "lifecircle.match.reject" : "lifecircle.match.accept",
    targetType: "building",
    targetId: item.buildingId,
    before: current ? { lcBuildingId: current.id, status: current.match_status } : null,
    after:
      item.decision === "reject" ? { status: "rejected" } : { lcBuildingId: target, status: "confirmed" },
  });
}

/** The caller's home building on the map, once staff confirmed its match; null otherwise. */
export async function myBuilding(db: Db, actor: Actor | null, communityId: number) {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  for (const r of actor.residencies) {
    if (r.communityId !== communityId || r.householdId == null || r.status !== "verified") continue;
    const h = await q.householdBuilding(db, communityId, r.householdId);
    if (!h) continue;
    const lc = await q.confirmedFor(db, communityId, h.building_id);
    if (lc) return { lcBuildingId: lc.id };
  }
  return { lcBuildingId: null };
}

/** The share of the register's households (in confirmed buildings) within 5/10/15 minutes per kind. */
export async function householdCoverage(db: Db, actor: Actor | null, communityId: number) {
  authorize(actor, "lifecircle.read", { communityId });
  await requireCommunity(db, communityId);
  const [network, kinds, register, rows] = await Promise.all([
    q.findNetwork(db, communityId),
    kindsOf(db, communityId),
    q.registerBuildings(db, communityId),
    q.matchedRows(db, communityId),
  ]);
  const households = new Map(register.map((b) => [b.id, Number(b.households ?? 0)]));
  const confirmed = rows.filter((r) => r.match_status === "confirmed" && r.building_id != null);
  const counted = confirmed.reduce((n, r) => n + (households.get(r.building_id as number) ?? 0), 0);
  const total = [...households.values()].reduce((a, b) => a + b, 0);
  return {
    households: total,
    counted,
    kinds: kinds.map((k) => {
      const i = network ? network.kinds.indexOf(k.code) : -1;
      const within = [0, 0, 0];
      let inTarget = 0;
      for (const r of confirmed) {
        const v = i < 0 ? null : r.meters?.[i];
        if (v == null || !network) continue;
        const min = minutesOf(v, network.walk_speed);
        const n = households.get(r.building_id as number) ?? 0;
        CIRCLES.forEach((c, ci) => {
          if (min <= c) within[ci] = (within[ci] ?? 0) + n;
        });
        if (min <= k.targetMinutes) inTarget += n;
      }
      const share = (x: number) => (counted === 0 ? 0 : x / counted);
      return { code: k.code, within: within.map(share), withinTarget: share(inTarget) };
    }),
  };
}

const STATUS_ZH = { none: "未匹配", proposed: "待确认", confirmed: "已确认", rejected: "已拒绝" } as const;

/**
 * The review table as .xlsx (导出): every register building with its estate, households, the imported
 * building proposed or confirmed and the status, with the list's filters. Roles holding data.export
 * and lifecircle.read; audited.
 */
export async function exportBuildingMatches(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: { status?: string | undefined; q?: string | undefined },
) {
  const exporter = actor && exportingActor(actor);
  const reach = authorize(exporter, "lifecircle.read", { communityId });
  const { items } = await buildingMatches(db, exporter, communityId, query);
  await recordAudit(db, {
    actorUserId: actor?.userId ?? null,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "lifecircle_matches",
    targetId: "xlsx",
    after: { format: "xlsx", filters: query, rows: items.length },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "楼栋匹配",
        columns: [
          { header: "小区", width: 16 },
          { header: "楼栋", width: 12 },
          { header: "户数", width: 8 },
          { header: "地图上的建筑", width: 28 },
          { header: "地图建筑编号", width: 12 },
          { header: "状态", width: 10 },
        ],
      },
      items.map((m) => [
        m.estateName,
        m.buildingName,
        m.households,
        m.lcLabel ?? "",
        m.lcBuildingId,
        STATUS_ZH[m.status],
      ]),
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`lifecircle-matches-${communityId}.xlsx`, "楼栋匹配.xlsx"),
    rows: items.length,
    body,
  };
}
