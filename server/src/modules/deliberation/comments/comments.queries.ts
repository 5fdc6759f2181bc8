// All SQL of comments (D7).
import { type Insertable, type Kysely, sql } from "kysely";
import type { ScopeIds } from "../../../db/place-scope.ts";
import { rowInScope } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import type { CommentStatus, CommentTable } from "./comments.tables.ts";

type Db = Kysely<DB>;

export const communityExists = async (db: Db, communityId: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", communityId).executeTakeFirst());

export const wordsOf = async (db: Db, communityId: number) =>
  (
    await db
      .selectFrom("comment_word")
      .select("word")
      .where("community_id", "=", communityId)
      .orderBy("word")
      .execute()
  ).map((r) => r.word);

export async function replaceWords(db: Db, communityId: number, words: string[], userId: number) {
  await db.deleteFrom("comment_word").where("community_id", "=", communityId).execute();
  if (words.length)
    await db
      .insertInto("comment_word")
      .values(words.map((word) => ({ community_id: communityId, word, created_by: userId })))
      .execute();
}

/** How many comments a person wrote since a time, in all communities (rate limits). */
export const countAuthoredSince = async (db: Db, userId: number, since: Date) =>
  Number(
    (
      await db
        .selectFrom("comment")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("author_user_id", "=", userId)
        .where("created_at", ">=", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

const commentColumns = [
  "c.community_id",
  "c.id",
  "c.subject_kind",
  "c.subject_id",
  "c.parent_id",
  "c.grid_id",
  "c.estate_id",
  "c.building_id",
  "c.author_user_id",
  "c.author_name",
  "c.body",
  "c.status",
  "c.held_word",
  "c.hidden_reason",
  "c.created_at",
  "c.edited_at",
] as const;

export const findComment = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("comment as c")
    .select(commentColumns)
    .where("c.community_id", "=", communityId)
    .where("c.id", "=", id)
    .executeTakeFirst();
export type CommentRow = NonNullable<Awaited<ReturnType<typeof findComment>>>;

export const threadOf = (db: Db, communityId: number, kind: string, subjectId: number) =>
  db
    .selectFrom("comment as c")
    .select(commentColumns)
    .where("c.community_id", "=", communityId)
    .where("c.subject_kind", "=", kind)
    .where("c.subject_id", "=", subjectId)
    .orderBy("c.id")
    .execute();

export const myReportsIn = async (db: Db, communityId: number, userId: number, commentIds: number[]) =>
  commentIds.length === 0
    ? new Set<number>()
    : new Set(
        (
          await db
            .selectFrom("comment_report")
            .select("comment_id")
            .where("community_id", "=", communityId)
            .where("reporter_user_id", "=", userId)
            .where("comment_id", "in", commentIds)
            .execute()
        ).map((r) => Number(r.comment_id)),
      );

export const insertComment = (db: Db, row: Insertable<CommentTable>) =>
  db.insertInto("comment").values(row).returning("id").executeTakeFirstOrThrow();

export const updateBody = (
  db: Db,
  communityId: number,
  id: number,
  body: string,
  status: CommentStatus,
  heldWord: string | null,
) =>
  db
    .updateTable("comment")
    .set({ body, status, held_word: heldWord, edited_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

/** Records a report; false when this person had reported the comment already (nothing stored). */
export async function insertReport(
  db: Db,
  communityId: number,
  commentId: number,
  userId: number,
  reason: string | null,
): Promise<boolean> {
  const rows = await db
    .insertInto("comment_report")
    .values({ community_id: communityId, comment_id: commentId, reporter_user_id: userId, reason })
    .onConflict((oc) => oc.columns(["community_id", "comment_id", "reporter_user_id"]).doNothing())
    .returning("comment_id")
    .execute();
  return rows.length > 0;
}

export const setModeration = (
  db: Db,
  communityId: number,
  id: number,
  status: CommentStatus,
  reason: string | null,
  userId: number,
) =>
  db
    .updateTable("comment")
    .set({ status, hidden_reason: reason, moderated_by: userId, moderated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const resolveReports = (db: Db, communityId: number, commentId: number) =>
  db
    .updateTable("comment_report")
    .set({ resolved_at: new Date() })
    .where("community_id", "=", communityId)
    .where("comment_id", "=", commentId)
    .where("resolved_at", "is", null)
    .execute();

export const openReportCount = async (db: Db, communityId: number, commentId: number) =>
  Number(
    (
      await db
        .selectFrom("comment_report")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", communityId)
        .where("comment_id", "=", commentId)
        .where("resolved_at", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The moderation queue: held, reported (visible with open reports) or hidden comments in the reach. */
export async function queue(
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: { status: "held" | "reported" | "hidden"; q?: string | undefined; limit: number; offset: number },
) {
  let base = db
    .selectFrom("comment as r")
    .where("r.community_id", "=", communityId)
    .where((eb) => rowInScope(eb, scope));
  if (f.status === "reported")
    base = base
      .where("r.status", "=", "visible")
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("comment_report as x")
            .select("x.comment_id")
            .whereRef("x.community_id", "=", "r.community_id")
            .whereRef("x.comment_id", "=", "r.id")
            .where("x.resolved_at", "is", null),
        ),
      );
  else base = base.where("r.status", "=", f.status);
  if (f.q) base = base.where("r.body", "ilike", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  const [items, total] = await Promise.all([
    base
      .select([
        "r.id",
        "r.subject_kind",
        "r.subject_id",
        "r.parent_id",
        "r.author_name",
        "r.body",
        "r.status",
        "r.held_word",
        "r.hidden_reason",
        "r.created_at",
      ])
      .select(
        sql<number>`(select count(*)::int from comment_report cr where cr.community_id = r.community_id and cr.comment_id = r.id and cr.resolved_at is null)`.as(
          "reports",
        ),
      )
      .select((eb) =>
        eb
          .selectFrom("comment_report as cr")
          .select(
            sql<string[]>`coalesce(array_agg(cr.reason) filter (where cr.reason is not null), '{}')`.as("x"),
          )
          .whereRef("cr.community_id", "=", "r.community_id")
          .whereRef("cr.comment_id", "=", "r.id")
          .where("cr.resolved_at", "is", null)
          .as("report_reasons"),
      )
      .orderBy("r.id", "desc")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The account's name as a resident of the community (verified), else null. */
export const residentNameOf = async (db: Db, communityId: number, userId: number) =>
  (
    await db
      .selectFrom("resident")
      .select("name")
      .where("community_id", "=", communityId)
      .where("user_id", "=", userId)
      .where("status", "=", "verified")
      .orderBy("id")
      .executeTakeFirst()
  )?.name ?? null;
