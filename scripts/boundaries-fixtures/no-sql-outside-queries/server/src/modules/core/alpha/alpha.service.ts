import type { Kysely } from "kysely";

export const countAlpha = (db: Kysely<{ alpha: { id: number } }>) =>
  db.selectFrom("alpha").select("id").execute();
