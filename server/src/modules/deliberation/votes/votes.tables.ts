// Kysely table types of the owners' votes module (D5). Keep in step with
// db/migrations/2026-12-05-19-votes.ts; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type VoteStatus = "draft" | "open" | "closed";
export type BallotChannel = "online" | "paper" | "proxy";
/** 0.01 m² integers and other bigint columns: read as strings (pg) or bigint/number; written as bigint or number */
type Big = ColumnType<string | number | bigint, bigint | number | string, bigint | number | string>;

export interface VoteTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  estate_id: number;
  building_ids: ColumnType<number[], number[] | undefined, number[]>;
  unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  matter: number;
  /** the questions as JSON ({ text }[]); written as a JSON string */
  questions: ColumnType<unknown, string, string>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  proxy_limit: Generated<number>;
  topic_id: number | null;
  status: Generated<VoteStatus>;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  electorate_area: Big | null;
  electorate_heads: number | null;
  electorate_hash: string | null;
  ballots_hash: string | null;
  result: ColumnType<unknown, string | null, string | null> | null;
  notice_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface VoteVoterTable {
  community_id: number;
  vote_id: number;
  voter_no: number;
  developer: Generated<boolean>;
  area_cm2: Big;
  parts: number;
  masked_names: string;
  pseudonym: string;
}

export interface VotePartTable {
  community_id: number;
  vote_id: number;
  household_id: number;
  voter_no: number;
  area_cm2: Big;
}

export interface VoteBallotTable {
  community_id: number;
  id: Generated<number>;
  vote_id: number;
  voter_no: number;
  channel: BallotChannel;
  choices: string;
  sheet_no: string | null;
  proxy_file_id: string | null;
  proxy_key: string | null;
  user_id: number | null;
  entered_by: number | null;
  confirmed_by: number | null;
  counted: boolean;
  receipt: string;
  cast_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface VoteTallyTable {
  community_id: number;
  vote_id: number;
  question_index: number;
  choice: "P" | "Y" | "N" | "A";
  area_cm2: Big;
  heads: number;
}

export interface VotesTables {
  vote: VoteTable;
  vote_voter: VoteVoterTable;
  vote_part: VotePartTable;
  vote_ballot: VoteBallotTable;
  vote_tally: VoteTallyTable;
}
