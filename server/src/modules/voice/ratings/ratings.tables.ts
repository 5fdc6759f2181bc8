// Kysely table types of the ratings module: rated spaces and services and their ratings. Keep in step with
// db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other
// modules take the row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { RatingValue } from "../requests/requests.schema.ts";

/** A rating of a request or of a space or service (requests.schema.ts has its values and words). */
export type Rating = RatingValue;
export type RatingSubjectKind = "space" | "service";
export interface RatingSubjectTable {
  community_id: number;
  id: Generated<number>;
  kind: RatingSubjectKind;
  name: string;
  description: Generated<string>;
  estate_id: number | null;
  building_id: number | null;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SubjectRatingTable {
  community_id: number;
  id: Generated<number>;
  subject_id: number;
  resident_id: number;
  rating: Rating;
  comment: string | null;
  first_rated_at: Generated<Date>;
  rated_at: Generated<Date>;
  request_id: number | null;
}

export interface RatingsTables {
  rating_subject: RatingSubjectTable;
  subject_rating: SubjectRatingTable;
}
