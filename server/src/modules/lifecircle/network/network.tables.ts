// Kysely table types of the life circle (DOMAIN L1–L4): facility kinds, the imported walking network,
// the extract's buildings with their readings, and facilities. Keep in step with db/migrations/ (29, 32);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";

export type FacilitySource = "entered" | "osm" | "excel";
export type MatchStatus = "none" | "proposed" | "confirmed" | "rejected";

export interface LifecircleKindTable {
  community_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  target_minutes: number;
  required: boolean;
  position: number;
}

export interface LifecircleNetworkTable {
  community_id: number;
  source: string;
  byte_size: number;
  nodes: number;
  edges: number;
  largest_part: number;
  osm_buildings: number;
  osm_pois: number;
  graph: Buffer;
  walk_speed: Generated<number>;
  kinds: Generated<string[]>;
  imported_by: number | null;
  imported_at: Generated<Date>;
  computed_at: Date | null;
}

export interface LifecircleBuildingTable {
  community_id: number;
  id: Generated<number>;
  osm_id: number;
  lat: number;
  lon: number;
  name: string | null;
  housenumber: string | null;
  street: string | null;
  residential: boolean;
  snap_node: number;
  snap_leg: number;
  building_id: number | null;
  match_status: Generated<MatchStatus>;
  meters: (number | null)[] | null;
}

export interface LifecircleFacilityTable {
  community_id: number;
  id: Generated<number>;
  kind_code: string;
  name: string;
  lat: number;
  lon: number;
  hours: Generated<string>;
  source: FacilitySource;
  osm_ref: string | null;
  active: Generated<boolean>;
  /** the day it closed (migration 35); null while open */
  closed_on: Generated<string | null>;
  closed_reason: Generated<string | null>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LifecircleTables {
  lifecircle_kind: LifecircleKindTable;
  lifecircle_network: LifecircleNetworkTable;
  lifecircle_building: LifecircleBuildingTable;
  lifecircle_facility: LifecircleFacilityTable;
}
