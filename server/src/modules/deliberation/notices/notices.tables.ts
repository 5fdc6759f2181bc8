// Kysely table types of the notices module (X, 公告/公示). Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type NoticeKind = "announcement" | "publicity";
export type NoticeAudience = "all" | "owners" | "tenants";
export type NoticeVisibility = "public" | "residents";
export type NoticeStatus = "draft" | "published" | "withdrawn";
export interface NoticeAttachment {
  name: string;
  url: string;
}

export interface NoticeTable {
  community_id: number;
  id: Generated<number>;
  kind: NoticeKind;
  title: string;
  body: string;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  audience: Generated<NoticeAudience>;
  visibility: NoticeVisibility;
  status: Generated<NoticeStatus>;
  publish_from: Timestamp | null;
  publish_to: Timestamp | null;
  pinned: Generated<boolean>;
  attachments: ColumnType<NoticeAttachment[], string | undefined, string>;
  subject_kind: string | null;
  subject_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Timestamp | null;
  published_by: number | null;
}

export interface NoticeReadTable {
  community_id: number;
  notice_id: number;
  resident_id: number;
  read_at: Generated<Date>;
}

export interface NoticesTables {
  notice: NoticeTable;
  notice_read: NoticeReadTable;
}
