// Request categories are configurable per community (DOMAIN V4): each has the kinds it accepts and
// its time limits — to sign and to solve in working days, to confirm in calendar days.
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { dropCache, onCacheDropped } from "../../../events/caches.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import * as q from "./categories.queries.ts";
import type { RequestKind } from "./requests.tables.ts";

/** A stored category; `pending` marks a default the community does not have yet (negative id). */
export type CategoryRow = Awaited<ReturnType<typeof q.listCategories>>[number] & { pending?: boolean };

const ALL: RequestKind[] = ["problem", "need", "wish"];
// Drawn from the seed articles: 环境整治, 物业维修, 停车难, 安全隐患, 助老/助餐, 儿童关爱 (一老一小),
// 邻里纠纷调解, 公共设施, 老旧小区改造, 意见建议, and the wishes neighbours take on for each other
// (邻里互助: the 心愿墙's category). Defaults: sign 1 working day, solve 5, confirm 7 days.
// Never public (PIPL Art. 28: what is written about an old person, a child or a quarrel between
// neighbours tells about a person's health, family or conflicts): neighbour disputes and care.
// New defaults go at the end: a pending default's id (−1 − its index) must not change.
export const DEFAULT_CATEGORIES: {
  code: string;
  zh: string;
  en: string;
  kinds: RequestKind[];
  neverPublic?: boolean;
}[] = [
  { code: "environment", zh: "环境卫生", en: "Environment and sanitation", kinds: ALL },
  { code: "property_repair", zh: "物业维修", en: "Property repair", kinds: ["problem", "need"] },
  { code: "parking", zh: "停车", en: "Parking", kinds: ALL },
  { code: "safety", zh: "安全隐患", en: "Safety hazard", kinds: ["problem"] },
  { code: "elderly_care", zh: "养老服务", en: "Elderly care", kinds: ALL, neverPublic: true },
  { code: "children", zh: "儿童关爱", en: "Children", kinds: ALL, neverPublic: true },
  {
    code: "neighbour_dispute",
    zh: "邻里纠纷",
    en: "Neighbour dispute",
    kinds: ["problem"],
    neverPublic: true,
  },
  { code: "public_facilities", zh: "公共设施", en: "Public facilities", kinds: ALL },
  { code: "renovation", zh: "改造提升", en: "Renovation", kinds: ALL },
  { code: "suggestion", zh: "意见建议", en: "Suggestion", kinds: ALL },
  { code: "mutual_help", zh: "邻里互助", en: "Neighbourly help", kinds: ["need", "wish"] },
];

// Categories are read on every submission; keep them in memory for a short while, and drop a
// community's entry whenever its categories change, in this process or another (events/caches.ts):
// an entry counts only while its community's drop count is the one it was read under.
const TTL_MS = 30_000;
type Entry = { until: number; drops: number; rows: Promise<CategoryRow[]> };
const cache = new WeakMap<object, Map<number, Entry>>();
const dropsOf = new Map<number, number>();
let dropsOfAll = 0;
const drops = (communityId: number) => dropsOfAll + (dropsOf.get(communityId) ?? 0);
onCacheDropped("categories", (key) => {
  const communityId = Number(key);
  if (key == null || !Number.isInteger(communityId)) dropsOfAll += 1;
  else dropsOf.set(communityId, (dropsOf.get(communityId) ?? 0) + 1);
});

function cacheOf(db: Kysely<DB>) {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  return m;
}

/** Drops a community's categories from every process's memory (at commit when `db` is a transaction). */
export function invalidateCategories(db: Kysely<DB>, communityId: number): Promise<void> {
  return dropCache(db, "categories", communityId);
}

/**
 * Creates the default categories a community does not have yet (called lazily on first use). A
 * category is never deleted — staff stop using it (active = false) — so a default is only ever
 * created once per community.
 */
export async function ensureCategories(db: Kysely<DB>, communityId: number): Promise<void> {
  const present = new Set(await q.categoryCodes(db, communityId));
  const missing = DEFAULT_CATEGORIES.map((c, i) => ({ ...c, sort: (i + 1) * 10 })).filter(
    (c) => !present.has(c.code),
  );
  if (missing.length === 0) return;
  await q.insertCategoriesIfMissing(
    db,
    missing.map((c) => ({
      community_id: communityId,
      code: c.code,
      name_zh: c.zh,
      name_en: c.en,
      kinds: c.kinds,
      sign_days: 1,
      solve_days: 5,
      confirm_days: 7,
      sort: c.sort,
      never_public: c.neverPublic ?? false,
    })),
  );
  await invalidateCategories(db, communityId);
}

/**
 * The default categories a community does not have yet, as they would be created: `pending`, with a
 * negative id of their own (−1 for the first default …) that internal callers may pass as categoryId.
 */
function pendingDefaults(communityId: number, stored: CategoryRow[]): CategoryRow[] {
  return DEFAULT_CATEGORIES.flatMap((d, i) =>
    stored.some((r) => r.code === d.code)
      ? []
      : [
          {
            id: -(i + 1),
            community_id: communityId,
            code: d.code,
            name_zh: d.zh,
            name_en: d.en,
            kinds: d.kinds,
            sign_days: 1,
            solve_days: 5,
            confirm_days: 7,
            active: true,
            sort: (i + 1) * 10,
            never_public: d.neverPublic ?? false,
            pending: true,
          },
        ],
  );
}

/**
 * A community's categories (active and inactive), from memory for a short while, with the defaults
 * it does not have yet listed as `pending` (negative ids). Reading writes nothing: a pending default is
 * created by the public list (`listCategoriesOf`) or by the first submission that names it, inside
 * that submission's transaction — never by a call that is then refused.
 */
export function categoriesOf(db: Kysely<DB>, communityId: number): Promise<CategoryRow[]> {
  const m = cacheOf(db);
  const hit = m.get(communityId);
  if (hit && hit.until > Date.now() && hit.drops === drops(communityId)) return hit.rows;
  const readUnder = drops(communityId);
  const rows = (async () => {
    if (!(await q.communityExists(db, communityId)))
      throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
    const stored = await q.listCategories(db, communityId);
    return [...stored, ...pendingDefaults(communityId, stored)].sort(
      (a, b) => a.sort - b.sort || a.id - b.id,
    );
  })();
  m.set(communityId, { until: Date.now() + TTL_MS, drops: readUnder, rows });
  rows.catch(() => m.delete(communityId));
  return rows;
}

/**
 * The category a submission names (by id or by code), checked: it must exist in this community (or
 * be a default not yet created there, named by code — `pending`), be active and accept the kind.
 * Unknown → 400 with a message that says which.
 */
export async function categoryForSubmission(
  db: Kysely<DB>,
  communityId: number,
  ref: { categoryId?: number | undefined; categoryCode?: string | undefined },
  kind: RequestKind,
): Promise<CategoryRow> {
  const rows = await categoriesOf(db, communityId);
  const c =
    ref.categoryId != null
      ? rows.find((r) => r.id === ref.categoryId)
      : rows.find((r) => r.code === ref.categoryCode);
  const label = ref.categoryId != null ? String(ref.categoryId) : String(ref.categoryCode);
  if (!c?.active) {
    throw new AppError("VALIDATION", {
      zh: `分类 ${label} 不存在或已停用，请从本社区的分类中选择`,
      en: `Category ${label} does not exist or is no longer used; choose one of this community's categories`,
      details: [
        { field: ref.categoryId != null ? "categoryId" : "categoryCode", message: "unknown category" },
      ],
    });
  }
  if (!c.kinds.includes(kind)) {
    const kindZh = { problem: "问题", need: "需求", wish: "微心愿" }[kind];
    throw new AppError("VALIDATION", {
      zh: `分类“${c.name_zh}”不接受${kindZh}`,
      en: `The category "${c.name_en}" does not take a ${kind}`,
      details: [{ field: "kind", message: `not accepted by category ${c.code}` }],
    });
  }
  return c;
}

export function presentCategory(c: CategoryRow) {
  return {
    id: c.id,
    code: c.code,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    kinds: c.kinds,
    signDays: c.sign_days,
    solveDays: c.solve_days,
    confirmDays: c.confirm_days,
    active: c.active,
    sort: c.sort,
    neverPublic: c.never_public,
  };
}

/** The short form of a category inside another view (a request, a board item). */
export const presentCategoryRef = (v: {
  category_id: number;
  category_code: string;
  category_zh: string;
  category_en: string;
}) => ({ id: v.category_id, code: v.category_code, nameZh: v.category_zh, nameEn: v.category_en });

/** The public list; its first read in a community creates the default categories. */
export async function listCategoriesOf(db: Kysely<DB>, communityId: number, includeInactive: boolean) {
  let rows = await categoriesOf(db, communityId);
  if (rows.some((r) => r.pending)) {
    await ensureCategories(db, communityId);
    rows = await categoriesOf(db, communityId);
  }
  return rows.filter((r) => includeInactive || r.active).map(presentCategory);
}

interface CategoryInput {
  code: string;
  nameZh: string;
  nameEn: string;
  kinds: RequestKind[];
  signDays?: number | undefined;
  solveDays?: number | undefined;
  confirmDays?: number | undefined;
  sort?: number | undefined;
  neverPublic?: boolean | undefined;
}

function checkDays(signDays: number, solveDays: number) {
  if (solveDays < signDays) {
    throw new AppError("VALIDATION", {
      zh: "办结时限不能短于签收时限",
      en: "The time to solve cannot be shorter than the time to sign",
      details: [{ field: "solveDays", message: "shorter than signDays" }],
    });
  }
}

export async function createCategory(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  input: CategoryInput,
) {
  const reach = authorize(actor, "requests.configure", { communityId });
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  checkDays(input.signDays ?? 1, input.solveDays ?? 5);
  const row = await db.transaction().execute(async (trx) => {
    // the defaults come first (in the same transaction), so a custom category never replaces them
    await ensureCategories(trx, communityId);
    const existing = await q.listCategories(trx, communityId);
    if (existing.some((c) => c.code === input.code)) {
      throw new AppError("CONFLICT", {
        zh: `分类代码 ${input.code} 已存在`,
        en: `The category code ${input.code} exists already`,
      });
    }
    const r = await q.insertCategory(trx, {
      community_id: communityId,
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      kinds: input.kinds,
      sign_days: input.signDays ?? 1,
      solve_days: input.solveDays ?? 5,
      confirm_days: input.confirmDays ?? 7,
      sort: input.sort ?? existing.reduce((m, c) => Math.max(m, c.sort), 0) + 10,
      never_public: input.neverPublic ?? false,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "request_category.create",
      targetType: "request_category",
      targetId: r.id,
      after: input,
    });
    return r;
  });
  await invalidateCategories(db, communityId);
  return presentCategory(row);
}

export async function updateCategoryOf(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: Partial<Omit<CategoryInput, "code">> & { active?: boolean | undefined },
) {
  const reach = authorize(actor, "requests.configure", { communityId });
  const before = await q.findCategory(db, communityId, id);
  if (!before) throw new AppError("NOT_FOUND", { zh: "分类不存在", en: "Category not found" });
  checkDays(input.signDays ?? before.sign_days, input.solveDays ?? before.solve_days);
  const row = await db.transaction().execute(async (trx) => {
    const r = await q.updateCategory(trx, communityId, id, {
      name_zh: input.nameZh,
      name_en: input.nameEn,
      kinds: input.kinds,
      sign_days: input.signDays,
      solve_days: input.solveDays,
      confirm_days: input.confirmDays,
      active: input.active,
      sort: input.sort,
      never_public: input.neverPublic,
    });
    if (!r) throw new AppError("NOT_FOUND", { zh: "分类不存在", en: "Category not found" });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "request_category.update",
      targetType: "request_category",
      targetId: id,
      before: presentCategory(before),
      after: input,
    });
    return r;
  });
  await invalidateCategories(db, communityId);
  return presentCategory(row);
}
