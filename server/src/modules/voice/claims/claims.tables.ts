// Kysely table types of the claims module: claims of requests and offered resources. Keep in step with
// db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other
// modules take the row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export interface RequestClaimTable {
  community_id: number;
  id: Generated<number>;
  request_id: number;
  claimant_user_id: number;
  claimant_org_id: number | null;
  claimant_kind: "party_member" | "volunteer" | "co_building_unit" | "resident";
  promise_date: string;
  status: "active" | "fulfilled" | "withdrawn";
  note: string | null;
  created_at: Generated<Date>;
  fulfilled_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** Set by the deadline sweep when it reminded the claimant of the promise date. */
  reminded_at: Timestamp | null;
  /** Set by the deadline sweep when it told the claimant and grid workers the date had passed. */
  overdue_notified_at: Timestamp | null;
  /** Staff who released the claim (status withdrawn); null when the claimant withdrew it. */
  released_by: number | null;
}
export interface ResourceTable {
  community_id: number;
  id: Generated<number>;
  kind: "venue" | "money" | "skill" | "goods";
  title: string;
  description: Generated<string>;
  provider_user_id: number | null;
  provider_org_id: number | null;
  status: Generated<"available" | "matched" | "withdrawn">;
  matched_request_id: number | null;
  created_at: Generated<Date>;
}

export interface ClaimsTables {
  request_claim: RequestClaimTable;
  resource: ResourceTable;
}
