// From a gap to a request (DOMAIN L3 → V1): staff turn a gap of the list ("3 号楼：最近的菜市场步行 17
// 分钟") into a need in the requests module — through its public service, so the request is signed,
// routed and answered like any other (a private need in 公共设施, at the building's point).
import type { Kysely } from "kysely";
import { authorize } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { submitRequest } from "../../voice/requests/requests-submit.service.ts";
import { minutesOf } from "./coverage.ts";
import * as q from "./network.queries.ts";
import type { TGapRequest } from "./network.schema.ts";
import { kindsOf, labelOf, requireCommunity } from "./network.service.ts";

type Db = Kysely<DB>;

export async function requestFromGap(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  input: TGapRequest,
) {
  authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const [b, network, kinds] = await Promise.all([
    q.findBuilding(db, communityId, input.lcBuildingId),
    q.findNetwork(db, communityId),
    kindsOf(db, communityId),
  ]);
  if (!b || !network) throw new AppError("NOT_FOUND", { zh: "找不到该楼栋", en: "No such building" });
  const k = kinds.find((x) => x.code === input.kind);
  if (!k) throw new AppError("VALIDATION", { zh: "没有这种设施类型", en: "No such facility kind" });
  const i = network.kinds.indexOf(k.code);
  const meters = i < 0 ? null : (b.meters?.[i] ?? null);
  const minutes = meters == null ? null : minutesOf(meters, network.walk_speed);
  if (minutes != null && minutes <= k.targetMinutes)
    throw new AppError("CONFLICT", {
      zh: `该楼步行 ${Math.round(minutes)} 分钟可到${k.nameZh}，不是缺口`,
      en: `The ${k.nameEn.toLowerCase()} is a ${Math.round(minutes)}-minute walk from there: not a gap`,
    });
  const label = labelOf(b);
  const text =
    minutes == null
      ? `${label}：步行范围内没有${k.nameZh}`
      : `${label}：最近的${k.nameZh}步行 ${Math.round(minutes)} 分钟（目标 ${k.targetMinutes} 分钟）`;
  return submitRequest(db, config, actor, communityId, {
    kind: "need",
    categoryCode: "public_facilities",
    title: `补齐${k.nameZh}：${label}`.slice(0, 80),
    description: `${text}。来源：生活圈短板清单（楼 #${b.id}）。`,
    place: {
      type: "point",
      // 6 decimals of a degree: about 0.1 m
      lat: Math.round(b.lat * 1e6) / 1e6,
      lng: Math.round(b.lon * 1e6) / 1e6,
      address: label.length >= 2 ? label : `楼 #${b.id}`,
    },
    keepLocation: false,
  });
}
