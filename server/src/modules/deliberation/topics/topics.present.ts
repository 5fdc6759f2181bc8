// Rows of topics → API shapes.
import type { RatingValue } from "../../voice/requests/requests.schema.ts";
import { satisfactionPct } from "../../voice/requests/requests.schema.ts";
import type { StageRow, TopicRow } from "./topics.queries.ts";

export function presentStage(s: StageRow) {
  return {
    id: s.id,
    key: s.key,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    skippable: s.skippable,
    position: s.position,
  };
}

export function placeNameOf(t: TopicRow): string {
  if (t.tier === "building") return [t.estate_name, t.building_name].filter(Boolean).join(" ");
  if (t.tier === "estate") return t.estate_name ?? "";
  return t.community_name;
}

export function presentListItem(t: TopicRow) {
  return {
    id: t.id,
    communityId: t.community_id,
    communityName: t.community_name,
    title: t.title,
    tier: t.tier,
    placeName: placeNameOf(t),
    estateId: t.estate_id,
    buildingId: t.building_id,
    status: t.status,
    stage: { id: t.stage_id, key: t.stage_key, nameZh: t.stage_name_zh, nameEn: t.stage_name_en },
    stageEnteredAt: t.stage_entered_at,
    originKind: t.origin_kind,
    originId: t.origin_id,
    supports: Number(t.supports ?? 0),
    createdAt: t.created_at,
  };
}

export function ratingSummary(
  rows: { user_id: number; rating: RatingValue; comment: string | null }[],
  userId: number | null,
) {
  const count = (r: RatingValue) => rows.filter((x) => x.rating === r).length;
  const good = count("good");
  const mine = rows.find((r) => r.user_id === userId);
  return {
    rated: rows.length,
    good,
    average: count("average"),
    poor: count("poor"),
    satisfactionPct: satisfactionPct(good, rows.length),
    mine: mine ? { rating: mine.rating, comment: mine.comment } : null,
  };
}
