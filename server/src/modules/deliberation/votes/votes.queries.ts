// All SQL of the owners' votes module (D5). Private: the service is the module's surface.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { VoteBallotTable, VoteTable } from "./votes.tables.ts";

type Db = Kysely<DB>;
type Insert<T> = import("kysely").Insertable<T>;

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;

export const findEstate = (db: Db, communityId: number, estateId: number) =>
  db
    .selectFrom("estate")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .where("id", "=", estateId)
    .executeTakeFirst();

export const buildingsIn = (db: Db, communityId: number, ids: number[]) =>
  ids.length
    ? db
        .selectFrom("building")
        .select(["id", "estate_id", "grid_id"])
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .execute()
    : Promise.resolve([]);

export const unitsIn = (db: Db, communityId: number, ids: number[]) =>
  ids.length
    ? db
        .selectFrom("unit")
        .select(["id", "building_id"])
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .execute()
    : Promise.resolve([]);

export const insertVote = async (db: Db, v: Insert<VoteTable>) =>
  (await db.insertInto("vote").values(v).returning("id").executeTakeFirstOrThrow()).id;

export const findVote = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("vote")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const lockVote = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("vote")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const updateVote = (
  db: Db,
  communityId: number,
  id: number,
  set: import("kysely").Updateable<VoteTable>,
) => db.updateTable("vote").set(set).where("community_id", "=", communityId).where("id", "=", id).execute();

export async function listVotes(
  db: Db,
  communityId: number,
  estateIds: number[] | null,
  buildingIds: number[] | null,
  f: { limit: number; offset: number },
) {
  let q = db.selectFrom("vote").where("community_id", "=", communityId);
  if (estateIds || buildingIds)
    q = q.where((eb) =>
      eb.or([
        ...(estateIds?.length ? [eb("estate_id", "in", estateIds)] : []),
        // a building head sees the votes naming their building
        ...(buildingIds?.length ? [sql<boolean>`building_ids && ${sql.val(buildingIds)}::integer[]`] : []),
        sql<boolean>`false`,
      ]),
    );
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The households of a scope with their area and their verified owners (the register the electorate is frozen from). */
export async function registerParts(
  db: Db,
  communityId: number,
  scope: { estateId: number; buildingIds: number[]; unitIds: number[] },
) {
  let q = db
    .selectFrom("household as h")
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .leftJoin("resident as r", (j) =>
      j
        .onRef("r.community_id", "=", "h.community_id")
        .onRef("r.household_id", "=", "h.id")
        .on("r.relation", "=", "owner")
        .on("r.status", "=", "verified"),
    )
    .where("h.community_id", "=", communityId)
    .where("b.estate_id", "=", scope.estateId);
  if (scope.buildingIds.length) q = q.where("h.building_id", "in", scope.buildingIds);
  if (scope.unitIds.length) q = q.where("h.unit_id", "in", scope.unitIds);
  return q
    .select([
      "h.id as household_id",
      "h.room",
      "h.developer_held",
      "r.id as resident_id",
      "r.user_id",
      "r.id_number_hash",
      "r.name",
    ])
    .select(sql<string | null>`(round(h.area_m2 * 100))::bigint::text`.as("area_cm2"))
    .orderBy("h.id")
    .orderBy("r.id")
    .execute();
}

export async function insertElectorate(
  db: Db,
  voters: {
    community_id: number;
    vote_id: number;
    voter_no: number;
    developer: boolean;
    area_cm2: string;
    parts: number;
    masked_names: string;
    pseudonym: string;
  }[],
  parts: {
    community_id: number;
    vote_id: number;
    household_id: number;
    voter_no: number;
    area_cm2: string;
  }[],
) {
  for (let i = 0; i < voters.length; i += 2000)
    await db
      .insertInto("vote_voter")
      .values(voters.slice(i, i + 2000))
      .execute();
  for (let i = 0; i < parts.length; i += 3000)
    await db
      .insertInto("vote_part")
      .values(parts.slice(i, i + 3000))
      .execute();
}

export const votersOf = (db: Db, communityId: number, voteId: number) =>
  db
    .selectFrom("vote_voter")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("vote_id", "=", voteId)
    .orderBy("voter_no")
    .execute();

export const partsOf = (db: Db, communityId: number, voteId: number) =>
  db
    .selectFrom("vote_part")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("vote_id", "=", voteId)
    .orderBy("voter_no")
    .orderBy("household_id")
    .execute();

export const findVoter = (db: Db, communityId: number, voteId: number, voterNo: number) =>
  db
    .selectFrom("vote_voter")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("vote_id", "=", voteId)
    .where("voter_no", "=", voterNo)
    .executeTakeFirst();

/** The owners of the frozen electorate a signed-in user is (through their verified owner residencies). */
export const voterNosOfUser = async (db: Db, communityId: number, voteId: number, userId: number) =>
  (
    await db
      .selectFrom("vote_part as p")
      .innerJoin("resident as r", (j) =>
        j.onRef("r.community_id", "=", "p.community_id").onRef("r.household_id", "=", "p.household_id"),
      )
      .innerJoin("vote_voter as v", (j) =>
        j
          .onRef("v.community_id", "=", "p.community_id")
          .onRef("v.vote_id", "=", "p.vote_id")
          .onRef("v.voter_no", "=", "p.voter_no"),
      )
      .where("p.community_id", "=", communityId)
      .where("p.vote_id", "=", voteId)
      .where("r.user_id", "=", userId)
      .where("r.relation", "=", "owner")
      .where("r.status", "=", "verified")
      .where("v.developer", "=", false)
      .select("p.voter_no")
      .distinct()
      .execute()
  ).map((r) => r.voter_no);

export const ballotOf = (db: Db, communityId: number, voteId: number, voterNo: number) =>
  db
    .selectFrom("vote_ballot")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("vote_id", "=", voteId)
    .where("voter_no", "=", voterNo)
    .forUpdate()
    .executeTakeFirst();

export const findBallot = (db: Db, communityId: number, voteId: number, id: number) =>
  db
    .selectFrom("vote_ballot")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("vote_id", "=", voteId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertBallot = async (db: Db, b: Insert<VoteBallotTable>) =>
  Number((await db.insertInto("vote_ballot").values(b).returning("id").executeTakeFirstOrThrow()).id);

export const updateBallot = (db: Db, communityId: number, id: number, set: Record<string, unknown>) =>
  db
    .updateTable("vote_ballot")
    .set({ ...set, updated_at: new Date() } as any)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const proxyCount = async (db: Db, communityId: number, voteId: number, proxyKey: string) =>
  Number(
    (
      await db
        .selectFrom("vote_ballot")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("community_id", "=", communityId)
        .where("vote_id", "=", voteId)
        .where("proxy_key", "=", proxyKey)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Adds (sign 1) or removes (sign -1) one counted ballot to/from the running tally. */
export async function addToTally(
  db: Db,
  communityId: number,
  voteId: number,
  areaCm2: string,
  choices: string,
  sign: 1 | -1,
) {
  const rows = [
    { question_index: -1, choice: "P" as const },
    ...[...choices].map((c, i) => ({ question_index: i, choice: c as "Y" | "N" | "A" })),
  ];
  await db
    .insertInto("vote_tally")
    .values(
      rows.map((r) => ({
        community_id: communityId,
        vote_id: voteId,
        ...r,
        area_cm2: sign === 1 ? areaCm2 : `-${areaCm2}`,
        heads: sign,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["community_id", "vote_id", "question_index", "choice"]).doUpdateSet({
        area_cm2: sql`vote_tally.area_cm2 + excluded.area_cm2`,
        heads: sql`vote_tally.heads + excluded.heads`,
      }),
    )
    .execute();
}

export const tallyOf = async (db: Db, communityId: number, voteId: number) =>
  (
    await db
      .selectFrom("vote_tally")
      .select(["question_index", "choice", "heads"])
      .select(sql<string>`area_cm2::text`.as("area_cm2"))
      .where("community_id", "=", communityId)
      .where("vote_id", "=", voteId)
      .execute()
  ).map((r) => ({ ...r, heads: Number(r.heads) }));

/** The counted ballots grouped by their choices, with the summed area of their owners (for the recount). */
export const countedByChoices = async (db: Db, communityId: number, voteId: number) =>
  (
    await sql<{ choices: string; area_cm2: string; heads: string }>`
      select b.choices, sum(v.area_cm2)::text as area_cm2, count(*)::text as heads
      from vote_ballot b
      join vote_voter v on v.community_id = b.community_id and v.vote_id = b.vote_id and v.voter_no = b.voter_no
      where b.community_id = ${communityId} and b.vote_id = ${voteId} and b.counted
      group by b.choices`.execute(db)
  ).rows;

export const pendingCount = async (db: Db, communityId: number, voteId: number) =>
  Number(
    (
      await db
        .selectFrom("vote_ballot")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("community_id", "=", communityId)
        .where("vote_id", "=", voteId)
        .where("counted", "=", false)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Owners with no counted ballot, with the rooms they hold. */
export async function notVoted(db: Db, communityId: number, voteId: number, limit: number) {
  const rows = await sql<{ voter_no: number; masked_names: string; rooms: string; total: string }>`
    select v.voter_no, v.masked_names,
           string_agg(concat_ws(' ', b.name, u.name, h.room), '、' order by h.id) as rooms,
           count(*) over ()::text as total
    from vote_voter v
    join vote_part p on p.community_id = v.community_id and p.vote_id = v.vote_id and p.voter_no = v.voter_no
    join household h on h.community_id = p.community_id and h.id = p.household_id
    join building b on b.community_id = h.community_id and b.id = h.building_id
    left join unit u on u.community_id = h.community_id and u.id = h.unit_id
    where v.community_id = ${communityId} and v.vote_id = ${voteId}
      and not exists (select 1 from vote_ballot x where x.community_id = v.community_id
                      and x.vote_id = v.vote_id and x.voter_no = v.voter_no and x.counted)
    group by v.voter_no, v.masked_names
    order by v.voter_no
    limit ${limit}`.execute(db);
  return { rows: rows.rows, total: Number(rows.rows[0]?.total ?? 0) };
}

export const countedBallots = (db: Db, communityId: number, voteId: number) =>
  db
    .selectFrom("vote_ballot as b")
    .innerJoin("vote_voter as v", (j) =>
      j
        .onRef("v.community_id", "=", "b.community_id")
        .onRef("v.vote_id", "=", "b.vote_id")
        .onRef("v.voter_no", "=", "b.voter_no"),
    )
    .select(["b.voter_no", "b.channel", "b.choices", "v.pseudonym"])
    .where("b.community_id", "=", communityId)
    .where("b.vote_id", "=", voteId)
    .where("b.counted", "=", true)
    .orderBy("v.pseudonym")
    .execute();

/**
 * 我的投票: the votes (not drafts) whose frozen electorate holds a part of a household the user is a
 * verified owner of, with the owner number they vote as (the lowest, as the ballot form takes) and
 * only that owner's ballot — never another owner's. Open ones and those closed since `closedSince`.
 */
export const votesOfUser = (db: Db, userId: number, closedSince: Date, limit: number) =>
  sql<{
    community_id: number;
    community_name: string;
    id: number;
    title: string;
    matter: number;
    status: "open" | "closed";
    opens_at: Date;
    closes_at: Date;
    result: unknown;
    notice_id: number | null;
    voter_no: number;
    channel: "online" | "paper" | "proxy" | null;
    counted: boolean | null;
    receipt: string | null;
    cast_at: Date | null;
  }>`
    with mine as (
      select p.community_id, p.vote_id, min(p.voter_no) as voter_no
      from resident r
      join vote_part p on p.community_id = r.community_id and p.household_id = r.household_id
      join vote_voter o on o.community_id = p.community_id and o.vote_id = p.vote_id
                       and o.voter_no = p.voter_no and not o.developer
      where r.user_id = ${userId} and r.relation = 'owner' and r.status = 'verified'
      group by p.community_id, p.vote_id
    )
    select v.community_id, c.name as community_name, v.id, v.title, v.matter, v.status, v.opens_at,
           v.closes_at, v.result, v.notice_id, m.voter_no,
           b.channel, b.counted, b.receipt, b.cast_at
    from mine m
    join vote v on v.community_id = m.community_id and v.id = m.vote_id
    join community c on c.id = v.community_id
    left join vote_ballot b on b.community_id = m.community_id and b.vote_id = m.vote_id
                           and b.voter_no = m.voter_no
    where v.status = 'open' or (v.status = 'closed' and v.closed_at >= ${closedSince})
    order by (v.status = 'open') desc, v.closes_at desc, v.id desc
    limit ${limit}`
    .execute(db)
    .then((r) => r.rows);

/** Every ballot of a vote (counted or waiting for its check) with its owner's masked names and area, and who entered and confirmed it. */
export const ballotsForSheet = (db: Db, communityId: number, voteId: number) =>
  db
    .selectFrom("vote_ballot as b")
    .innerJoin("vote_voter as v", (j) =>
      j
        .onRef("v.community_id", "=", "b.community_id")
        .onRef("v.vote_id", "=", "b.vote_id")
        .onRef("v.voter_no", "=", "b.voter_no"),
    )
    .leftJoin("app_user as e", "e.id", "b.entered_by")
    .leftJoin("app_user as c", "c.id", "b.confirmed_by")
    .select([
      "b.id",
      "b.voter_no",
      "b.channel",
      "b.choices",
      "b.sheet_no",
      "b.counted",
      "b.cast_at",
      "b.updated_at",
      "v.masked_names",
      "v.parts",
      "v.developer",
      "e.name as entered_by_name",
      "c.name as confirmed_by_name",
    ])
    .select(sql<string>`v.area_cm2::text`.as("area_cm2"))
    .where("b.community_id", "=", communityId)
    .where("b.vote_id", "=", voteId)
    .orderBy("b.voter_no")
    .execute();
