// The division import's writes: upserts by code into district/street/community that return, per row
// written, whether it was inserted (`xmax = 0`: true for a row this statement inserted, false for one
// it updated); rows the WHERE of DO UPDATE filtered out (nothing changed) are not returned at all.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

export const upsertDistrict = (
  db: Kysely<DB>,
  v: { code: string; name: string; city_name: string; province_name: string },
) =>
  db
    .insertInto("district")
    .values(v)
    .onConflict((oc) =>
      oc
        .column("code")
        .doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          city_name: eb.ref("excluded.city_name"),
          province_name: eb.ref("excluded.province_name"),
        }))
        .where(
          sql<boolean>`(district.name, district.city_name, district.province_name) is distinct from (excluded.name, excluded.city_name, excluded.province_name)`,
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as("inserted"))
    .execute();

export const districtIdByCode = (db: Kysely<DB>, code: string) =>
  db.selectFrom("district").select("id").where("code", "=", code).executeTakeFirstOrThrow();

export const upsertStreets = (db: Kysely<DB>, rows: { district_id: number; code: string; name: string }[]) =>
  db
    .insertInto("street")
    .values(rows)
    .onConflict((oc) =>
      oc
        .column("code")
        .doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          district_id: eb.ref("excluded.district_id"),
        }))
        .where(
          sql<boolean>`(street.name, street.district_id) is distinct from (excluded.name, excluded.district_id)`,
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as("inserted"))
    .execute();

export const streetsByCode = (db: Kysely<DB>, codes: string[]) =>
  db.selectFrom("street").select(["id", "code"]).where("code", "in", codes).execute();

export const upsertCommunities = (
  db: Kysely<DB>,
  rows: { street_id: number; code: string; name: string; kind: "community" | "village"; reported: string }[],
) =>
  db
    .insertInto("community")
    .values(rows)
    .onConflict((oc) =>
      oc
        .column("code")
        .doUpdateSet((eb) => ({
          name: eb.ref("excluded.name"),
          kind: eb.ref("excluded.kind"),
          street_id: eb.ref("excluded.street_id"),
        }))
        .where(
          sql<boolean>`(community.name, community.kind, community.street_id) is distinct from (excluded.name, excluded.kind, excluded.street_id)`,
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as("inserted"))
    .execute();
