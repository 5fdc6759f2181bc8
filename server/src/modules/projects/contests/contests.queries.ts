// All SQL of contests (D6, E3). Private to the module: contests.service.ts is its surface.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

type Db = Kysely<DB>;

const contestColumns = [
  "c.id",
  "c.kind",
  "c.title",
  "c.theme",
  "c.scope",
  "c.district_id",
  "c.street_id",
  "c.scope_community_id",
  "c.estate_id",
  "c.building_id",
  "c.submit_from",
  "c.submit_to",
  "c.criteria",
  "c.score_max",
  "c.current_round",
  "c.published_at",
  "c.published_top",
  "c.notice_ids",
  "c.created_by",
  "c.created_at",
] as const;

function contestSelect(db: Db) {
  return db
    .selectFrom("contest as c")
    .innerJoin("district as d", "d.id", "c.district_id")
    .leftJoin("street as s", "s.id", "c.street_id")
    .leftJoin("community as cm", "cm.id", "c.scope_community_id")
    .leftJoin("estate as e", (j) =>
      j.onRef("e.community_id", "=", "c.scope_community_id").onRef("e.id", "=", "c.estate_id"),
    )
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "c.scope_community_id").onRef("b.id", "=", "c.building_id"),
    )
    .select(contestColumns)
    .select([
      "d.name as district_name",
      "s.name as street_name",
      "cm.name as community_name",
      "e.name as estate_name",
      "b.name as building_name",
      (eb) =>
        eb
          .selectFrom("contest_entry as ce")
          .whereRef("ce.contest_id", "=", "c.id")
          .select((x) => x.fn.countAll<string>().as("n"))
          .as("entry_count"),
      (eb) =>
        eb
          .selectFrom("contest_round as r")
          .whereRef("r.contest_id", "=", "c.id")
          .whereRef("r.round_no", "=", "c.current_round")
          .select("r.closed_at")
          .as("current_closed_at"),
    ]);
}
export type ContestRow = NonNullable<Awaited<ReturnType<typeof findContest>>>;

export function findContest(db: Db, id: number) {
  return contestSelect(db).where("c.id", "=", id).executeTakeFirst();
}

/** Locks the contest row for a change that depends on its round (advance, publish). */
export function lockContest(trx: Db, id: number) {
  return trx
    .selectFrom("contest")
    .select(["id", "current_round"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export interface ContestFilter {
  all: boolean;
  communityIds: number[];
  streetIds: number[];
  districtIds: number[];
  judgeUserId?: number;
  kind?: "idea" | "innovation" | undefined;
  limit: number;
  offset: number;
}

/** Contests held at any of the given places (or judged by the user), newest first. */
export async function listContests(db: Db, f: ContestFilter) {
  const q = contestSelect(db)
    .$if(!!f.kind, (qb) => qb.where("c.kind", "=", f.kind!))
    .$if(!f.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          ...(f.communityIds.length ? [eb("c.scope_community_id", "in", f.communityIds)] : []),
          ...(f.streetIds.length
            ? [eb.and([eb("c.scope", "=", "street"), eb("c.street_id", "in", f.streetIds)])]
            : []),
          ...(f.districtIds.length
            ? [eb.and([eb("c.scope", "=", "district"), eb("c.district_id", "in", f.districtIds)])]
            : []),
          ...(f.judgeUserId != null
            ? [
                eb.exists(
                  eb
                    .selectFrom("contest_judge as j")
                    .whereRef("j.contest_id", "=", "c.id")
                    .where("j.user_id", "=", f.judgeUserId)
                    .select("j.user_id"),
                ),
              ]
            : []),
          eb.val(false),
        ]),
      ),
    );
  const items = await q
    .select(sql<string>`count(*) over ()`.as("total_count"))
    .orderBy("c.id", "desc")
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items, total: Number(items[0]?.total_count ?? 0) };
}

export async function insertContest(
  trx: Db,
  row: Parameters<ReturnType<Db["insertInto"]>["values"]>[0] & object,
) {
  return trx
    .insertInto("contest")
    .values(row as never)
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function insertRound(trx: Db, contestId: number, roundNo: number) {
  return trx.insertInto("contest_round").values({ contest_id: contestId, round_no: roundNo }).execute();
}

export async function insertJudges(
  trx: Db,
  contestId: number,
  roundNo: number,
  userIds: number[],
  by: number,
) {
  if (!userIds.length) return;
  await trx
    .insertInto("contest_judge")
    .values(userIds.map((u) => ({ contest_id: contestId, round_no: roundNo, user_id: u, added_by: by })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Removes judges of a round who have not scored anything in it. Answers those kept because they have. */
export async function removeJudgesExcept(trx: Db, contestId: number, roundNo: number, keep: number[]) {
  const gone = await trx
    .selectFrom("contest_judge as j")
    .select("j.user_id")
    .where("j.contest_id", "=", contestId)
    .where("j.round_no", "=", roundNo)
    .$if(keep.length > 0, (qb) => qb.where("j.user_id", "not in", keep))
    .execute();
  const ids = gone.map((g) => g.user_id);
  if (!ids.length) return [];
  const scored = await trx
    .selectFrom("contest_score")
    .select("judge_user_id")
    .distinct()
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .where("judge_user_id", "in", ids)
    .execute();
  const blocked = scored.map((s) => s.judge_user_id);
  const removable = ids.filter((i) => !blocked.includes(i));
  if (removable.length)
    await trx
      .deleteFrom("contest_judge")
      .where("contest_id", "=", contestId)
      .where("round_no", "=", roundNo)
      .where("user_id", "in", removable)
      .execute();
  return blocked;
}

export function existingUsers(db: Db, ids: number[]) {
  if (!ids.length) return Promise.resolve([] as { id: number }[]);
  return db.selectFrom("app_user").select("id").where("id", "in", ids).execute();
}

export function roundsOf(db: Db, contestId: number) {
  return db
    .selectFrom("contest_round")
    .select(["round_no", "closed_at"])
    .where("contest_id", "=", contestId)
    .orderBy("round_no")
    .execute();
}

export function findRound(db: Db, contestId: number, roundNo: number) {
  return db
    .selectFrom("contest_round")
    .select(["round_no", "closed_at"])
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .executeTakeFirst();
}

/** The round row, locked against a concurrent close until the transaction ends. */
export function roundForScoring(trx: Db, contestId: number, roundNo: number) {
  return trx
    .selectFrom("contest_round")
    .select(["round_no", "closed_at"])
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .forShare()
    .executeTakeFirst();
}

export function judgesOf(db: Db, contestId: number) {
  return db
    .selectFrom("contest_judge as j")
    .innerJoin("app_user as u", "u.id", "j.user_id")
    .select([
      "j.round_no",
      "j.user_id",
      "u.name",
      (eb) =>
        eb
          .selectFrom("contest_score as s")
          .whereRef("s.contest_id", "=", "j.contest_id")
          .whereRef("s.round_no", "=", "j.round_no")
          .whereRef("s.judge_user_id", "=", "j.user_id")
          .select((x) => x.fn.countAll<string>().as("n"))
          .as("scored"),
    ])
    .where("j.contest_id", "=", contestId)
    .orderBy("j.round_no")
    .orderBy("j.added_at")
    .orderBy("j.user_id")
    .execute();
}

export function isJudge(db: Db, contestId: number, roundNo: number, userId: number) {
  return db
    .selectFrom("contest_judge")
    .select("user_id")
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export function roundsJudgedBy(db: Db, contestId: number, userId: number) {
  return db
    .selectFrom("contest_judge")
    .select("round_no")
    .where("contest_id", "=", contestId)
    .where("user_id", "=", userId)
    .orderBy("round_no")
    .execute();
}

export function closeRound(trx: Db, contestId: number, roundNo: number, by: number) {
  return trx
    .updateTable("contest_round")
    .set({ closed_at: new Date(), closed_by: by })
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .where("closed_at", "is", null)
    .returning(["round_no", "closed_at"])
    .executeTakeFirst();
}

export function setCurrentRound(trx: Db, contestId: number, roundNo: number) {
  return trx
    .updateTable("contest")
    .set({ current_round: roundNo, updated_at: new Date() })
    .where("id", "=", contestId)
    .execute();
}

export function advanceEntries(trx: Db, contestId: number, entryIds: number[], roundNo: number) {
  if (!entryIds.length) return Promise.resolve();
  return trx
    .updateTable("contest_entry")
    .set({ reached_round: roundNo })
    .where("contest_id", "=", contestId)
    .where("id", "in", entryIds)
    .execute()
    .then(() => undefined);
}

export function markPublished(trx: Db, contestId: number, by: number, top: number, noticeIds: number[]) {
  return trx
    .updateTable("contest")
    .set({
      published_at: new Date(),
      published_by: by,
      published_top: top,
      notice_ids: JSON.stringify(noticeIds),
      updated_at: new Date(),
    })
    .where("id", "=", contestId)
    .where("published_at", "is", null)
    .returning("id")
    .executeTakeFirst();
}

// ---- places ----

export function communityDivision(db: Db, communityId: number) {
  return db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .select(["c.id", "c.name", "c.street_id", "s.district_id"])
    .where("c.id", "=", communityId)
    .executeTakeFirst();
}

export function streetOf(db: Db, streetId: number) {
  return db.selectFrom("street").select(["id", "district_id"]).where("id", "=", streetId).executeTakeFirst();
}

export function districtExists(db: Db, districtId: number) {
  return db.selectFrom("district").select("id").where("id", "=", districtId).executeTakeFirst();
}

/** The communities a contest is held for. */
export async function communitiesOfScope(
  db: Db,
  c: { scope: string; district_id: number; street_id: number | null; scope_community_id: number | null },
): Promise<number[]> {
  if (c.scope === "community") return [c.scope_community_id!];
  const rows = await db
    .selectFrom("community as cm")
    .innerJoin("street as s", "s.id", "cm.street_id")
    .select("cm.id")
    .$if(c.scope === "street", (qb) => qb.where("cm.street_id", "=", c.street_id!))
    .$if(c.scope === "district", (qb) => qb.where("s.district_id", "=", c.district_id))
    .orderBy("cm.id")
    .execute();
  return rows.map((r) => r.id);
}

export function divisionsOfCommunities(db: Db, communityIds: number[]) {
  if (!communityIds.length)
    return Promise.resolve([] as { id: number; street_id: number; district_id: number }[]);
  return db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .select(["c.id", "c.street_id", "s.district_id"])
    .where("c.id", "in", communityIds)
    .execute();
}

export function householdPlaceOf(db: Db, communityId: number, householdId: number) {
  return db
    .selectFrom("household as h")
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select(["h.building_id", "b.estate_id"])
    .where("h.community_id", "=", communityId)
    .where("h.id", "=", householdId)
    .executeTakeFirst();
}

// ---- entries ----

export function insertEntry(
  trx: Db,
  row: {
    community_id: number;
    contest_id: number;
    title: string;
    summary: string;
    project_id: number | null;
    resident_id: number | null;
    submitted_by: number;
  },
) {
  return trx.insertInto("contest_entry").values(row).returning("id").executeTakeFirstOrThrow();
}

export async function insertPhotos(
  trx: Db,
  communityId: number,
  entryId: number,
  photos: {
    mime: "image/jpeg" | "image/png" | "image/webp";
    bytes: Buffer;
    byteSize: number;
    sha256: string;
  }[],
) {
  if (!photos.length) return [] as number[];
  const rows = await trx
    .insertInto("contest_entry_photo")
    .values(
      photos.map((p) => ({
        community_id: communityId,
        entry_id: entryId,
        mime: p.mime,
        bytes: p.bytes,
        byte_size: p.byteSize,
        sha256: p.sha256,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

export function findEntry(db: Db, contestId: number, entryId: number) {
  return db
    .selectFrom("contest_entry as e")
    .innerJoin("community as cm", "cm.id", "e.community_id")
    .select([
      "e.community_id",
      "e.id",
      "e.contest_id",
      "e.title",
      "e.summary",
      "e.project_id",
      "e.resident_id",
      "e.submitted_by",
      "e.submitted_at",
      "e.reached_round",
      "e.adopted_at",
      "cm.name as community_name",
    ])
    .where("e.contest_id", "=", contestId)
    .where("e.id", "=", entryId)
    .executeTakeFirst();
}
export function findEntryById(db: Db, communityId: number, entryId: number) {
  return db
    .selectFrom("contest_entry")
    .select(["community_id", "id", "contest_id", "title", "summary", "project_id", "adopted_at"])
    .where("community_id", "=", communityId)
    .where("id", "=", entryId)
    .executeTakeFirst();
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** Entries that reached at least `minRound`, with their support counts, in submission order. */
export function entriesOf(db: Db, contestId: number, minRound = 1) {
  return db
    .selectFrom("contest_entry as e")
    .innerJoin("community as cm", "cm.id", "e.community_id")
    .leftJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "e.community_id").onRef("r.id", "=", "e.resident_id"),
    )
    .select([
      "e.community_id",
      "e.id",
      "e.contest_id",
      "e.title",
      "e.summary",
      "e.project_id",
      "e.resident_id",
      "e.submitted_by",
      "e.submitted_at",
      "e.reached_round",
      "e.adopted_at",
      "cm.name as community_name",
      "r.name as resident_name",
      (eb) =>
        eb
          .selectFrom("contest_support as s")
          .whereRef("s.entry_community_id", "=", "e.community_id")
          .whereRef("s.entry_id", "=", "e.id")
          .select((x) => x.fn.countAll<string>().as("n"))
          .as("supports"),
    ])
    .where("e.contest_id", "=", contestId)
    .where("e.reached_round", ">=", minRound)
    .orderBy("e.submitted_at")
    .orderBy("e.id")
    .execute();
}

export async function photoIdsOf(db: Db, contestId: number) {
  const rows = await db
    .selectFrom("contest_entry_photo as p")
    .innerJoin("contest_entry as e", (j) =>
      j.onRef("e.community_id", "=", "p.community_id").onRef("e.id", "=", "p.entry_id"),
    )
    .select(["p.entry_id", "p.id"])
    .where("e.contest_id", "=", contestId)
    .orderBy("p.id")
    .execute();
  const by = new Map<number, number[]>();
  for (const r of rows) by.set(r.entry_id, [...(by.get(r.entry_id) ?? []), r.id]);
  return by;
}

export function findPhoto(db: Db, communityId: number, entryId: number, photoId: number) {
  return db
    .selectFrom("contest_entry_photo")
    .select(["mime", "bytes", "sha256"])
    .where("community_id", "=", communityId)
    .where("entry_id", "=", entryId)
    .where("id", "=", photoId)
    .executeTakeFirst();
}

export async function supportedBy(
  db: Db,
  contestId: number,
  residentIds: { communityId: number; residentId: number }[],
) {
  if (!residentIds.length) return new Set<number>();
  const rows = await db
    .selectFrom("contest_support")
    .select("entry_id")
    .where("contest_id", "=", contestId)
    .where((eb) =>
      eb.or(
        residentIds.map((r) =>
          eb.and([eb("community_id", "=", r.communityId), eb("resident_id", "=", r.residentId)]),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((r) => r.entry_id));
}

/** One support per resident and entry: the primary key decides, a repeat inserts nothing. */
export async function insertSupport(
  trx: Db,
  row: {
    community_id: number;
    resident_id: number;
    entry_community_id: number;
    entry_id: number;
    contest_id: number;
  },
) {
  const r = await trx
    .insertInto("contest_support")
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning("entry_id")
    .executeTakeFirst();
  return !!r;
}

export async function supportCount(db: Db, entryCommunityId: number, entryId: number) {
  const r = await db
    .selectFrom("contest_support")
    .select((x) => x.fn.countAll<string>().as("n"))
    .where("entry_community_id", "=", entryCommunityId)
    .where("entry_id", "=", entryId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function markAdopted(trx: Db, communityId: number, entryId: number, by: number) {
  return trx
    .updateTable("contest_entry")
    .set({ adopted_at: new Date(), adopted_by: by })
    .where("community_id", "=", communityId)
    .where("id", "=", entryId)
    .where("adopted_at", "is", null)
    .returning(["id", "adopted_at", "project_id"])
    .executeTakeFirst();
}

export function setEntryProject(trx: Db, communityId: number, entryId: number, projectId: number) {
  return trx
    .updateTable("contest_entry")
    .set({ project_id: projectId })
    .where("community_id", "=", communityId)
    .where("id", "=", entryId)
    .where("adopted_at", "is not", null)
    .where("project_id", "is", null)
    .returning("id")
    .executeTakeFirst();
}

// ---- scores ----

/** A judge's first sheet for an entry in a round: the primary key refuses a second (false). */
export async function insertScore(
  trx: Db,
  row: {
    community_id: number;
    entry_id: number;
    contest_id: number;
    round_no: number;
    judge_user_id: number;
    scores: number[];
  },
) {
  const r = await trx
    .insertInto("contest_score")
    .values({ ...row, scores: JSON.stringify(row.scores) })
    .onConflict((oc) => oc.doNothing())
    .returning("entry_id")
    .executeTakeFirst();
  return !!r;
}

export async function updateScore(
  trx: Db,
  k: { community_id: number; entry_id: number; round_no: number; judge_user_id: number },
  scores: number[],
) {
  const r = await trx
    .updateTable("contest_score")
    .set({ scores: JSON.stringify(scores), updated_at: new Date() })
    .where("community_id", "=", k.community_id)
    .where("entry_id", "=", k.entry_id)
    .where("round_no", "=", k.round_no)
    .where("judge_user_id", "=", k.judge_user_id)
    .returning("entry_id")
    .executeTakeFirst();
  return !!r;
}

export function myScores(db: Db, contestId: number, roundNo: number, userId: number) {
  return db
    .selectFrom("contest_score")
    .select(["entry_id", "scores"])
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .where("judge_user_id", "=", userId)
    .execute();
}

/** Every sheet of a round, with the judge's name: only read once the round is closed. */
export function roundScores(db: Db, contestId: number, roundNo: number) {
  return db
    .selectFrom("contest_score as s")
    .innerJoin("app_user as u", "u.id", "s.judge_user_id")
    .select(["s.entry_id", "s.judge_user_id", "s.scores", "u.name as judge_name"])
    .where("s.contest_id", "=", contestId)
    .where("s.round_no", "=", roundNo)
    .orderBy("s.entry_id")
    .orderBy("s.judge_user_id")
    .execute();
}

export function countRoundScores(db: Db, contestId: number, roundNo: number) {
  return db
    .selectFrom("contest_score")
    .select((x) => x.fn.countAll<string>().as("n"))
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

// ---- people ----

/** Judge candidates: accounts of the scope's staff and of its verified residents, by name or phone. */
export async function judgeChoices(db: Db, communityIds: number[], q: string | undefined) {
  if (!communityIds.length) return [];
  const like = q ? `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const residents = await db
    .selectFrom("resident as r")
    .innerJoin("app_user as u", "u.id", "r.user_id")
    .innerJoin("community as cm", "cm.id", "r.community_id")
    .select(["u.id", "u.name", "u.phone", "cm.name as community_name"])
    .where("r.community_id", "in", communityIds)
    .where("r.status", "=", "verified")
    .$if(!!like, (qb) => qb.where((eb) => eb.or([eb("u.name", "like", like!), eb("u.phone", "like", like!)])))
    .orderBy("u.id")
    .limit(20)
    .execute();
  const staff = await db
    .selectFrom("role_assignment as ra")
    .innerJoin("app_user as u", "u.id", "ra.user_id")
    .select(["u.id", "u.name", "u.phone", "ra.role"])
    .where((eb) =>
      eb.or([
        eb("ra.scope_community_id", "in", communityIds),
        eb.and([eb("ra.scope_type", "=", "community"), eb("ra.scope_id", "in", communityIds)]),
        eb.and([
          eb("ra.scope_type", "=", "street"),
          eb(
            "ra.scope_id",
            "in",
            eb.selectFrom("community").select("street_id").where("id", "in", communityIds),
          ),
        ]),
        eb.and([
          eb("ra.scope_type", "=", "district"),
          eb(
            "ra.scope_id",
            "in",
            eb
              .selectFrom("community as c2")
              .innerJoin("street as s2", "s2.id", "c2.street_id")
              .select("s2.district_id")
              .where("c2.id", "in", communityIds),
          ),
        ]),
      ]),
    )
    .$if(!!like, (qb) => qb.where((eb) => eb.or([eb("u.name", "like", like!), eb("u.phone", "like", like!)])))
    .orderBy("u.id")
    .limit(20)
    .execute();
  return { residents, staff };
}
