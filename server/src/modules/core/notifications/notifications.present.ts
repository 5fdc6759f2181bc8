// A stored notification as the API shows it: the caller's language first, both languages beside.
import type { NotificationRow } from "./notifications.service.ts";

export function presentNotification(r: NotificationRow, locale: "zh-CN" | "en") {
  const en = locale === "en";
  return {
    id: Number(r.id),
    kind: r.kind,
    communityId: r.scope_community_id,
    title: en ? r.title_en : r.title_zh,
    body: en ? r.body_en : r.body_zh,
    titleZh: r.title_zh,
    titleEn: r.title_en,
    bodyZh: r.body_zh,
    bodyEn: r.body_en,
    link: r.link,
    createdAt: new Date(r.created_at),
    readAt: r.read_at ? new Date(r.read_at) : null,
  };
}
