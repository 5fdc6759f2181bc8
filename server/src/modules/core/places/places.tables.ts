// Kysely table types of the places module: the divisions (district, street, community; loaded by division-
// import.ts) and the places of a community. Keep in step with db/migrations/; db/schema.ts's DB includes
// them. Only db/schema.ts and this module import this file; other modules take the row types they need from
// db/schema.ts.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export interface DistrictTable {
  id: Generated<number>;
  code: string;
  name: string;
  city_name: Generated<string>;
  province_name: Generated<string>;
}
export interface StreetTable {
  id: Generated<number>;
  district_id: number;
  code: string | null;
  name: string;
}
export interface CommunityTable {
  id: Generated<number>;
  street_id: number;
  code: string | null;
  name: string;
  kind: Generated<"community" | "village">;
  area_km2: number | null;
  reported: Json;
  created_at: Generated<Date>;
}
export interface GridTable {
  community_id: number;
  id: Generated<number>;
  name: string;
}
export interface EstateTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  property_org_id: number | null;
}
export interface BuildingTable {
  community_id: number;
  id: Generated<number>;
  estate_id: number;
  grid_id: number | null;
  name: string;
  floors: number | null;
}
export interface UnitTable {
  community_id: number;
  id: Generated<number>;
  building_id: number;
  name: string;
}
export interface HouseholdTable {
  community_id: number;
  id: Generated<number>;
  building_id: number;
  unit_id: number | null;
  grid_id: number | null;
  floor: number | null;
  room: string;
  area_m2: number | null;
  /** where area_m2 comes from (解释第八条: register 登记簿, then survey 实测, then contract 合同); migration 19 */
  area_source: "register" | "survey" | "contract" | null;
  /** still held by the developer (未出售或未交付): such parts count as one owner together (解释第九条) */
  developer_held: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface PlacesTables {
  district: DistrictTable;
  street: StreetTable;
  community: CommunityTable;
  grid: GridTable;
  estate: EstateTable;
  building: BuildingTable;
  unit: UnitTable;
  household: HouseholdTable;
}
