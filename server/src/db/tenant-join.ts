// Every place row is keyed by its community (composite keys: community_id, id), so a join to one is
// the same two conditions everywhere: the same community, and its id. One helper writes them.
import type { JoinBuilder } from "kysely";

/**
 * Joins `alias` (a table keyed by community_id, id) from the row `from` that points at it through
 * `column`: `alias.community_id = from.community_id and alias.id = from.column`.
 * e.g. `.leftJoin("building as b", tenantJoin("b", "r", "building_id"))`.
 */
export function tenantJoin(alias: string, from: string, column: string) {
  return (j: JoinBuilder<any, any>) =>
    j
      .onRef(`${alias}.community_id`, "=", `${from}.community_id`)
      .onRef(`${alias}.id`, "=", `${from}.${column}`);
}
