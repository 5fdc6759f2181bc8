// Kysely table types of the notifications module: notifications and their preferences. Keep in step with
// db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other
// modules take the row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  scope_community_id: number | null;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: Generated<string>;
  body_en: Generated<string>;
  link: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}
export interface NotificationPreferenceTable {
  user_id: number;
  in_app: Generated<boolean>;
  sms: Generated<boolean>;
}

export interface NotificationsTables {
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
}
