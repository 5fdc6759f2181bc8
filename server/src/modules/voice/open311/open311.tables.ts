// Kysely table types of the open311 module: Open311 API keys and the area a community accepts points in. Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other modules take the
// row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export interface Open311ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  scope_community_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  revoked_at: Timestamp | null;
}

/** Where a community accepts Open311 points: a centre and a radius (migration 12). */
export interface Open311AreaTable {
  community_id: number;
  lat: number;
  lng: number;
  radius_m: number;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface Open311Tables {
  open311_api_key: Open311ApiKeyTable;
  open311_area: Open311AreaTable;
}
