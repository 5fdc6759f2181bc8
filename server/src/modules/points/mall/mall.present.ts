// Rows of the points mall → API shapes. Residents' names masked for staff lists (张*明).
import QRCode from "qrcode";
import { maskName } from "../../core/privacy/pii.present.ts";
import type * as q from "./mall.queries.ts";

export function presentItem(i: q.ItemRow) {
  return {
    id: i.id,
    kind: i.kind,
    name: i.name,
    description: i.description,
    orgId: i.org_id,
    orgName: i.org_name ?? null,
    pricePoints: i.price_points,
    unitValueFen: i.unit_value_fen,
    stock: i.stock,
    pickupPlace: i.pickup_place,
    limitCount: i.limit_count,
    limitPeriod: i.limit_period,
    expiryDays: i.expiry_days,
    photoFileId: i.photo_file_id,
    status: i.status,
    createdAt: i.created_at,
  };
}

export async function presentMyExchange(
  x: Pick<
    q.ExchangeRow,
    | "id"
    | "community_id"
    | "item_id"
    | "item_name"
    | "pickup_place"
    | "points"
    | "code"
    | "status"
    | "created_at"
    | "expires_at"
    | "collected_at"
  >,
) {
  return {
    id: x.id,
    communityId: x.community_id,
    itemId: x.item_id,
    itemName: x.item_name,
    pickupPlace: x.pickup_place,
    points: x.points,
    code: x.code,
    qrSvg: await QRCode.toString(x.code, { type: "svg", margin: 1, width: 180 }),
    status: x.status,
    createdAt: x.created_at,
    expiresAt: x.expires_at,
    collectedAt: x.collected_at,
  };
}

export function presentStaffExchange(x: q.ExchangeRow) {
  return {
    id: x.id,
    itemId: x.item_id,
    itemName: x.item_name,
    residentName: maskName(x.resident_name),
    points: x.points,
    status: x.status,
    createdAt: x.created_at,
    expiresAt: x.expires_at,
    collectedAt: x.collected_at,
  };
}

export function presentWindow(w: {
  id: number;
  title: string;
  opens_at: Date;
  closes_at: Date;
  notice_id: number | null;
}) {
  return { id: w.id, title: w.title, opensAt: w.opens_at, closesAt: w.closes_at, noticeId: w.notice_id };
}
