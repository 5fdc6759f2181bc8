// Two-way claiming (双向认领, DOMAIN V3): public needs and micro-wishes are published on a board;
// party members, volunteers and co-building units claim them with a promise date and fulfil them;
// units and residents publish resources (venue, money, skills, goods) that staff match to needs.
//
// Rules decided here:
//  * The board shows needs and micro-wishes the submitter left public (is_public) once a grid worker
//    has signed for them (签收 is the vetting step), and keeps showing them claimed and fulfilled.
//    It never shows a submitter's name, room or phone — only category, title, text, building name,
//    dates, and for a claim the claimant's kind (and a co-building unit's name).
//  * Who may claim, in the community of the wish:
//      - party_member: a party_member row of that community linked to the user (directly, or through
//        their resident record) — this includes 下沉党员 registered there from their units;
//      - co_building_unit: a unit representative, for the co-building unit they represent, in the
//        community the unit is registered in (organisation.home_community_id);
//      - volunteer: any verified resident of that community (until the volunteering module keeps a
//        register of volunteers, a resident who takes a neighbour's wish is volunteering).
//    Without `as`, the first that applies in that order is used. Nobody claims their own request.
//  * One live claim per request (the unique index request_claim_one): a second claim is refused with
//    409, also when two arrive at once.
//  * Fulfilling (by the claimant) resolves the request: a fulfilled micro-wish counts as solved, and
//    the submitter may still confirm and rate it (or it closes unrated after the confirm period).
//  * Withdrawing (by the claimant, while the claim is active) puts the item back on the board as open
//    for someone else; the submitter is told.
//  * Releasing (释放认领): whoever may handle requests at the request's place (requests.handle, as for
//    signing and routing) ends an abandoned claim with a reason — the same ending as a withdrawal
//    (endClaim), recorded with who released it (released_by), an event on the request and the audit
//    log; the claimant and the submitter are told. The deadline sweep (deadlines module) reminds the
//    claimant before the promise date and tells the grid workers when it has passed.
//  * The board tells a signed-in caller which live claim is theirs (`mine`, `myClaimId`), and tells
//    nobody who else claimed anything. "My claims" lists a person's claims in every community.
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema.ts";
import {
  type Actor,
  authorize,
  authorizeWithin,
  primaryRole,
  reaches,
  reachOf,
  requireActor,
} from "../../http/access.ts";
import { AppError } from "../../http/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { markStatsDirty } from "../figures/figures.queries.ts";
import { scopeIdsOf } from "../places/places.service.ts";
import { maskPhone } from "../privacy/pii.ts";
import { presentCategoryRef } from "../requests/categories.service.ts";
import { checkPhotos, type PhotoUpload } from "../requests/request-photos.ts";
import {
  categoryOf,
  notifyPeople,
  placeOf,
  presentPlace,
  type RequestRow,
  recordRequestEvent,
  requestFollowers,
  requestRow,
  residentLink,
  staffLink,
  withNotifications,
} from "../requests/requests.service.ts";
import { resolveInTransaction } from "../requests/requests-resolution.service.ts";
import * as q from "./claims.queries.ts";

type Db = Kysely<DB>;
type ClaimantKind = "party_member" | "volunteer" | "co_building_unit";

const KIND_ZH: Record<ClaimantKind, string> = {
  party_member: "党员",
  volunteer: "志愿者",
  co_building_unit: "共建单位",
};

export async function boardOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: {
    kind?: "need" | "wish" | undefined;
    status?: string | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const [rows, counts] = await Promise.all([
    q.board(db, communityId, { ...f, limit: f.limit + 1 }),
    q.boardCounts(db, communityId, f.kind),
  ]);
  const page = rows.slice(0, f.limit);
  const count = (s: string) => Number(counts.find((c) => c.board_status === s)?.n ?? 0);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      category: presentCategoryRef(r),
      buildingName: r.building_name,
      status: r.board_status,
      claimantKind: r.claimant_kind,
      claimantOrgName: r.claimant_kind === "co_building_unit" ? r.org_name : null,
      promiseDate: r.promise_date,
      createdAt: new Date(r.created_at),
      fulfilledAt: r.fulfilled_at ? new Date(r.fulfilled_at) : r.resolved_at ? new Date(r.resolved_at) : null,
      mine: actor != null && r.claimant_user_id === actor.userId,
      myClaimId: actor != null && r.claimant_user_id === actor.userId ? r.claim_id : null,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
    counts: { open: count("open"), claimed: count("claimed"), fulfilled: count("fulfilled") },
  };
}

function notEligible(zh: string, en: string): AppError {
  return new AppError("FORBIDDEN", { zh, en });
}

/** Which kind of claimant the actor is for this community (see the rules at the top). */
async function claimantOf(
  db: Db,
  a: Actor,
  communityId: number,
  want: { as?: ClaimantKind | undefined; orgId?: number | undefined },
): Promise<{ kind: ClaimantKind; orgId: number | null; orgName: string | null }> {
  const unitOrgs = a.grants
    .filter((g) => g.role === "unit_representative" && g.scopeType === "organisation" && g.scopeId != null)
    .map((g) => g.scopeId!);
  const asUnit = async () => {
    const orgId = want.orgId ?? (unitOrgs.length === 1 ? unitOrgs[0]! : undefined);
    if (orgId == null || !unitOrgs.includes(orgId))
      throw notEligible(
        "您不是该共建单位的联络人，不能以单位名义认领",
        "You do not represent that co-building unit, so you cannot claim for it",
      );
    const org = await q.findOrganisation(db, orgId);
    if (org?.kind !== "co_building_unit")
      throw notEligible("该组织不是共建单位", "That organisation is not a co-building unit");
    if (org.home_community_id !== communityId)
      throw new AppError("OUT_OF_SCOPE", {
        zh: "该共建单位不在本社区共建，不能认领本社区的心愿",
        en: "That co-building unit does not serve this community, so it cannot claim here",
      });
    return { kind: "co_building_unit" as const, orgId, orgName: org.name };
  };
  const isResident = a.residencies.some((r) => r.communityId === communityId && r.status === "verified");
  if (want.as === "co_building_unit" || want.orgId != null) return asUnit();
  if (want.as === "party_member") {
    if (!(await q.isPartyMember(db, communityId, a.userId)))
      throw notEligible(
        "您不是本社区登记的党员（含下沉党员），请以志愿者身份认领",
        "You are not a registered party member of this community; claim as a volunteer instead",
      );
    return { kind: "party_member", orgId: null, orgName: null };
  }
  if (want.as === "volunteer") {
    if (!isResident)
      throw notEligible(
        "以志愿者身份认领需要是本社区已认证的居民",
        "To claim as a volunteer you must be a verified resident of this community",
      );
    return { kind: "volunteer", orgId: null, orgName: null };
  }
  if (await q.isPartyMember(db, communityId, a.userId))
    return { kind: "party_member", orgId: null, orgName: null };
  if (unitOrgs.length > 0) return asUnit();
  if (isResident) return { kind: "volunteer", orgId: null, orgName: null };
  throw notEligible(
    "只有本社区的党员、志愿者（已认证居民）和共建单位可以认领心愿",
    "Only party members, volunteers (verified residents) and co-building units of this community can claim",
  );
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const alreadyClaimed = () =>
  new AppError("CONFLICT", {
    zh: "该心愿已被认领，请选择其他心愿",
    en: "This has already been claimed; choose another one",
    details: { reason: "ALREADY_CLAIMED" },
  });

export async function claimRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  requestId: number,
  input: {
    promiseDate: string;
    note?: string | undefined;
    as?: ClaimantKind | undefined;
    orgId?: number | undefined;
  },
) {
  const a = requireActor(actor);
  const r = await requestRow(db, communityId, requestId);
  if (r.kind === "problem" || !r.is_public)
    throw new AppError("CONFLICT", {
      zh: "只有公开的需求和微心愿可以认领",
      en: "Only public needs and micro-wishes can be claimed",
    });
  if (await q.findClaimOfRequest(db, communityId, requestId)) throw alreadyClaimed();
  if (r.status !== "signed")
    throw new AppError("CONFLICT", {
      zh: r.status === "submitted" ? "该心愿尚未经网格员签收发布，暂不能认领" : "该心愿已办结，不能再认领",
      en:
        r.status === "submitted"
          ? "This has not been signed for and published yet, so it cannot be claimed"
          : "This is no longer open, so it cannot be claimed",
    });
  if (r.submitter_user_id === a.userId)
    throw notEligible("不能认领自己提交的心愿", "You cannot claim your own request");
  if (input.promiseDate < todayInChina())
    throw new AppError("VALIDATION", {
      zh: "承诺完成日期不能早于今天",
      en: "The promise date cannot be in the past",
      details: [{ field: "promiseDate", message: "in the past" }],
    });
  const who = await claimantOf(db, a, communityId, input);
  try {
    return await withNotifications(db, async (trx, notes) => {
      const claim = await q.insertClaim(trx, {
        community_id: communityId,
        request_id: requestId,
        claimant_user_id: a.userId,
        claimant_org_id: who.orgId,
        claimant_kind: who.kind,
        promise_date: input.promiseDate,
        status: "active",
        note: input.note ?? null,
      });
      await recordRequestEvent(trx, {
        community_id: communityId,
        request_id: requestId,
        actor_user_id: a.userId,
        actor_role: who.kind,
        kind: "claimed",
        note: input.note ?? null,
        data: JSON.stringify({
          claimId: claim.id,
          claimantKind: who.kind,
          orgName: who.orgName,
          promiseDate: input.promiseDate,
        }),
      });
      await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
      await notifyPeople(trx, notes, {
        userIds: await requestFollowers(trx, communityId, requestId),
        except: a.userId,
        communityId,
        kind: "request.claimed",
        titleZh: `您的${r.kind === "wish" ? "微心愿" : "需求"}已被${who.orgName ?? KIND_ZH[who.kind]}认领：${r.title}`,
        titleEn: `Your ${r.kind} was claimed by ${who.orgName ?? `a ${who.kind.replace("_", " ")}`}: ${r.title}`,
        bodyZh: `承诺在 ${input.promiseDate} 前完成`,
        bodyEn: `Promised by ${input.promiseDate}`,
        link: residentLink(communityId, requestId),
      });
      return {
        id: claim.id,
        requestId,
        claimantKind: who.kind,
        promiseDate: input.promiseDate,
        status: claim.status,
      };
    });
  } catch (e) {
    // two claims at once: the partial unique index request_claim_one lets one through
    if ((e as { code?: string }).code === "23505") throw alreadyClaimed();
    throw e;
  }
}

export async function fulfilClaim(
  db: Db,
  actor: Actor | null,
  communityId: number,
  claimId: number,
  input: { note?: string | undefined },
  photos: PhotoUpload[] = [],
) {
  const a = requireActor(actor);
  const claim = await q.findClaim(db, communityId, claimId);
  if (!claim) throw new AppError("NOT_FOUND", { zh: "认领记录不存在", en: "Claim not found" });
  if (claim.claimant_user_id !== a.userId)
    throw notEligible("只有认领人可以标记完成", "Only the person who claimed it can mark it fulfilled");
  if (claim.status !== "active")
    throw new AppError("CONFLICT", {
      zh: "该认领已完成或已撤回",
      en: "This claim is already fulfilled or withdrawn",
    });
  const r = await requestRow(db, communityId, claim.request_id);
  if (r.status !== "signed")
    throw new AppError("CONFLICT", { zh: "该心愿已不在办理中", en: "This request is no longer open" });
  const checked = await checkPhotos(photos, false);
  const category = await categoryOf(db, communityId, r.category_id);
  const text = input.note || `已由认领的${KIND_ZH[claim.claimant_kind as ClaimantKind] ?? "居民"}完成`;
  const out = await withNotifications(db, async (trx, notes) => {
    if (!(await q.fulfilClaimRow(trx, communityId, claimId)))
      throw new AppError("CONFLICT", {
        zh: "该认领已完成或已撤回",
        en: "This claim is already fulfilled or withdrawn",
      });
    return resolveInTransaction(
      trx,
      notes,
      r,
      { userId: a.userId, role: claim.claimant_kind },
      text,
      checked,
      { kind: "fulfilled", data: { claimId } },
      category,
    );
  });
  return {
    id: claimId,
    requestId: r.id,
    status: "fulfilled" as const,
    requestStatus: "resolved" as const,
    confirmDueAt: out.confirmDueAt,
    photoIds: out.photoIds,
  };
}

type ClaimRow = NonNullable<Awaited<ReturnType<typeof q.findClaim>>>;

const notActive = (verb: { zh: string; en: string }) =>
  new AppError("CONFLICT", {
    zh: `该认领已完成或已撤回，不能再${verb.zh}`,
    en: `This claim is already fulfilled or withdrawn, so it cannot be ${verb.en}`,
  });

/** The claimant's own page of claims. */
const myClaimsPage = "/m/my-claims";

/**
 * Ends an active claim as withdrawn and puts the item back on the board (open again while the
 * request still waits): the claimant withdrawing it, or staff releasing it (`release`: recorded as
 * released_by, audited, and the claimant told). One transaction with the event, the figures mark and
 * the notifications; a claim that stopped being active meanwhile is refused (409).
 */
async function endClaim(
  db: Db,
  claim: ClaimRow,
  r: RequestRow,
  e: {
    actor: { userId: number; role: string | null };
    reason: string | null;
    release: boolean;
  },
) {
  const communityId = claim.community_id;
  const reopened = r.status === "signed";
  const kindZh = r.kind === "wish" ? "微心愿" : "需求";
  const verb = e.release ? { zh: "释放", en: "released" } : { zh: "撤回", en: "withdrawn" };
  const back = {
    zh: reopened ? "已重新放回心愿墙，等待其他人认领" : "",
    en: reopened ? "It is back on the wish board for someone else to claim" : "",
  };
  const because = { zh: e.reason ? `原因：${e.reason}` : "", en: e.reason ? `Reason: ${e.reason}` : "" };
  const join = (parts: string[], sep: string) => parts.filter(Boolean).join(sep);
  await withNotifications(db, async (trx, notes) => {
    if (!(await q.withdrawClaimRow(trx, communityId, claim.id, e.release ? e.actor.userId : null)))
      throw notActive(verb);
    await recordRequestEvent(trx, {
      community_id: communityId,
      request_id: r.id,
      actor_user_id: e.actor.userId,
      actor_role: e.release ? e.actor.role : claim.claimant_kind,
      kind: e.release ? "claim_released" : "claim_withdrawn",
      note: e.reason,
      data: JSON.stringify({
        claimId: claim.id,
        claimantKind: claim.claimant_kind,
        promiseDate: claim.promise_date,
      }),
    });
    await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
    if (e.release)
      await recordAudit(trx, {
        actorUserId: e.actor.userId,
        actorRole: e.actor.role,
        communityId,
        action: "claim.release",
        targetType: "request_claim",
        targetId: claim.id,
        reason: e.reason,
        before: {
          requestId: r.id,
          status: "active",
          claimantUserId: claim.claimant_user_id,
          claimantKind: claim.claimant_kind,
          promiseDate: claim.promise_date,
        },
        after: {
          status: "withdrawn",
          releasedBy: e.actor.userId,
          boardStatus: reopened ? "open" : "fulfilled",
        },
      });
    await notifyPeople(trx, notes, {
      userIds: await requestFollowers(trx, communityId, r.id),
      except: e.actor.userId,
      communityId,
      kind: e.release ? "request.claim_released" : "request.claim_withdrawn",
      titleZh: e.release
        ? `社区释放了对您的${kindZh}的认领：${r.title}`
        : `认领人撤回了对您的${kindZh}的认领：${r.title}`,
      titleEn: e.release
        ? `The community released the claim on your ${r.kind}: ${r.title}`
        : `The claimant withdrew from your ${r.kind}: ${r.title}`,
      bodyZh: join([back.zh, because.zh], "；"),
      bodyEn: join([back.en, because.en], "; "),
      link: residentLink(communityId, r.id),
    });
    if (e.release)
      await notifyPeople(trx, notes, {
        userIds: [claim.claimant_user_id],
        except: e.actor.userId,
        communityId,
        kind: "claim.released",
        titleZh: `您对该${kindZh}的认领已被社区释放：${r.title}`,
        titleEn: `Your claim was released by the community: ${r.title}`,
        bodyZh: join([because.zh, reopened ? "它已重新开放，其他人可以认领" : ""], "；"),
        bodyEn: join([because.en, reopened ? "It is open again for others to claim" : ""], "; "),
        link: myClaimsPage,
      });
  });
  return {
    id: claim.id,
    requestId: r.id,
    status: "withdrawn" as const,
    boardStatus: reopened ? ("open" as const) : ("fulfilled" as const),
  };
}

export async function withdrawClaim(
  db: Db,
  actor: Actor | null,
  communityId: number,
  claimId: number,
  input: { reason?: string | undefined },
) {
  const a = requireActor(actor);
  const claim = await q.findClaim(db, communityId, claimId);
  if (!claim) throw new AppError("NOT_FOUND", { zh: "认领记录不存在", en: "Claim not found" });
  if (claim.claimant_user_id !== a.userId)
    throw notEligible("只有认领人可以撤回认领", "Only the person who claimed it can withdraw the claim");
  if (claim.status !== "active") throw notActive({ zh: "撤回", en: "withdrawn" });
  const r = await requestRow(db, communityId, claim.request_id);
  return endClaim(db, claim, r, {
    actor: { userId: a.userId, role: claim.claimant_kind },
    reason: input.reason || null,
    release: false,
  });
}

/** 释放认领: staff who may handle requests at the request's place end an abandoned claim. */
export async function releaseClaim(
  db: Db,
  actor: Actor | null,
  communityId: number,
  claimId: number,
  input: { reason: string },
) {
  const claim = await q.findClaim(db, communityId, claimId);
  if (!claim) throw new AppError("NOT_FOUND", { zh: "认领记录不存在", en: "Claim not found" });
  const r = await requestRow(db, communityId, claim.request_id);
  const reach = authorize(actor, "requests.handle", placeOf(r));
  if (claim.status !== "active") throw notActive({ zh: "释放", en: "released" });
  return endClaim(db, claim, r, {
    actor: { userId: actor!.userId, role: primaryRole(reach) },
    reason: input.reason,
    release: true,
  });
}

/**
 * The claim of one request for the staff console (requests.read at its place): the latest claim
 * with its claimant (name, masked phone), whether it is overdue (active after its promise date,
 * China time) and whether the caller may release it. Null when nobody ever claimed it.
 */
export async function claimOfRequestForStaff(
  db: Db,
  actor: Actor | null,
  communityId: number,
  requestId: number,
) {
  const r = await requestRow(db, communityId, requestId);
  const a = requireActor(actor);
  authorize(a, "requests.read", placeOf(r));
  const c = await q.latestClaimOfRequest(db, communityId, requestId);
  if (!c) return { claim: null };
  const active = c.status === "active";
  const handle = reachOf(a, "requests.handle");
  const canRelease = active && handle.roles.length > 0 && reaches(handle, placeOf(r));
  return {
    claim: {
      id: c.id,
      claimantKind: c.claimant_kind,
      claimantName: c.claimant_name,
      claimantPhone: maskPhone(c.claimant_phone),
      orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
      status: c.status,
      released: c.released_by != null,
      releasedByName: c.released_by_name,
      promiseDate: c.promise_date,
      overdue: active && r.status === "signed" && c.promise_date < todayInChina(),
      note: c.note,
      createdAt: new Date(c.created_at),
      remindedAt: c.reminded_at ? new Date(c.reminded_at) : null,
      overdueNotifiedAt: c.overdue_notified_at ? new Date(c.overdue_notified_at) : null,
      fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
      withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
      links: {
        release: canRelease ? `/api/communities/${communityId}/claims/${c.id}/release` : null,
      },
    },
  };
}

/**
 * 认领管理: the claims of one community for staff holding requests.read, filtered in SQL to the
 * requests within their reach (a grid worker: their grids), newest first, with the claimant (name,
 * masked phone), overdue and the reminders sent, and the release link where the caller may release.
 */
export async function claimsForStaffOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: Omit<Parameters<typeof q.claimsForStaff>[4], "limit"> & { limit: number },
) {
  const reach = authorizeWithin(actor, "requests.read", communityId);
  const handle = reachOf(actor, "requests.handle");
  const rows = await q.claimsForStaff(db, communityId, scopeIdsOf(reach, communityId), todayInChina(), {
    ...f,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((c) => {
      const place = placeOf(c);
      const canRelease = c.claim_status === "active" && handle.roles.length > 0 && reaches(handle, place);
      return {
        id: c.claim_id,
        requestId: c.id,
        kind: c.kind,
        title: c.title,
        category: presentCategoryRef(c),
        requestStatus: c.status,
        place: presentPlace(c, true),
        claimantName: c.claimant_name,
        claimantPhone: maskPhone(c.claimant_phone),
        claimedAs: c.claimant_kind,
        orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
        status: c.claim_status,
        released: c.released_by != null,
        releasedByName: c.released_by_name,
        promiseDate: c.promise_date,
        overdue: c.overdue === true,
        createdAt: new Date(c.claimed_at),
        remindedAt: c.reminded_at ? new Date(c.reminded_at) : null,
        overdueNotifiedAt: c.overdue_notified_at ? new Date(c.overdue_notified_at) : null,
        fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
        withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
        links: {
          request: staffLink(communityId, c.id),
          release: canRelease ? `/api/communities/${communityId}/claims/${c.claim_id}/release` : null,
        },
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.claim_id : null,
  };
}

/** The caller's claims in every community, newest first, with what they can still do. */
export async function myClaimsOf(
  db: Db,
  actor: Actor | null,
  f: {
    status?: "active" | "fulfilled" | "withdrawn" | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  const a = requireActor(actor);
  const today = todayInChina();
  const [rows, counts] = await Promise.all([
    q.claimsOfUser(db, a.userId, { ...f, limit: f.limit + 1 }),
    q.claimCountsOfUser(db, a.userId, today),
  ]);
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((c) => {
      const api = `/api/communities/${c.community_id}/claims/${c.id}`;
      const active = c.status === "active";
      return {
        id: c.id,
        communityId: c.community_id,
        communityName: c.community_name,
        requestId: c.request_id,
        kind: c.kind,
        title: c.title,
        category: presentCategoryRef(c),
        buildingName: c.building_name,
        claimedAs: c.claimant_kind,
        orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
        status: c.status,
        requestStatus: c.request_status,
        promiseDate: c.promise_date,
        overdue: active && c.promise_date < today,
        note: c.note,
        createdAt: new Date(c.created_at),
        fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
        withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
        released: c.released_by != null,
        links: {
          // the claimant may read the request while their claim is live (requests' visibility)
          page: c.status === "withdrawn" ? null : residentLink(c.community_id, c.request_id),
          board: `/m/wishes?community=${c.community_id}`,
          fulfil: active && c.request_status === "signed" ? `${api}/fulfil` : null,
          withdraw: active ? `${api}/withdraw` : null,
        },
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
    counts,
  };
}

// ---- resources (资源清单) ----

export async function resourcesOf(
  db: Db,
  communityId: number,
  f: { kind?: string | undefined; status?: string | undefined; cursor?: number | undefined; limit: number },
) {
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const rows = await q.listResources(db, communityId, { ...f, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      description: s.description,
      provider:
        s.provider_org_id != null
          ? { kind: "organisation" as const, name: s.org_name ?? "" }
          : { kind: "resident" as const, name: "居民" },
      status: s.status,
      matchedRequestId: s.matched_request_id,
      createdAt: new Date(s.created_at),
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Publishes a resource: a verified resident of the community for themselves; a unit representative
 * for the organisation they represent; staff holding resources.match for any organisation (recording
 * a unit's offer) or for the community.
 */
export async function publishResource(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: {
    kind: "venue" | "money" | "skill" | "goods";
    title: string;
    description: string;
    orgId?: number | undefined;
  },
) {
  const a = requireActor(actor);
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const staff = (() => {
    try {
      return authorize(a, "resources.match", { communityId });
    } catch {
      return null;
    }
  })();
  if (input.orgId != null) {
    const org = await q.findOrganisation(db, input.orgId);
    if (!org)
      throw new AppError("VALIDATION", {
        zh: "组织不存在",
        en: "The organisation does not exist",
        details: [{ field: "orgId", message: "unknown" }],
      });
    const represents = a.grants.some(
      (g) => g.role === "unit_representative" && g.scopeType === "organisation" && g.scopeId === input.orgId,
    );
    if (!represents && !staff)
      throw notEligible("您不是该组织的联络人", "You do not represent that organisation");
    if (!staff && org.home_community_id !== communityId)
      throw new AppError("OUT_OF_SCOPE", {
        zh: "该组织不在本社区，不能在此发布资源",
        en: "That organisation is not based in this community, so it cannot publish here",
      });
  } else if (!staff && !a.residencies.some((r) => r.communityId === communityId && r.status === "verified")) {
    throw notEligible(
      "只有本社区已认证的居民、共建单位和社区工作人员可以发布资源",
      "Only verified residents, co-building units and staff of this community can publish resources",
    );
  }
  const row = await db.transaction().execute(async (trx) => {
    const r = await q.insertResource(trx, {
      community_id: communityId,
      kind: input.kind,
      title: input.title,
      description: input.description,
      provider_user_id: a.userId,
      provider_org_id: input.orgId ?? null,
    });
    if (staff && input.orgId != null)
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(staff),
        communityId,
        action: "resource.publish",
        targetType: "resource",
        targetId: r.id,
        after: input,
      });
    return r;
  });
  return { id: row.id };
}

/** Staff (resources.match) match an available resource to an open request in their places. */
export async function matchResource(
  db: Db,
  actor: Actor | null,
  communityId: number,
  resourceId: number,
  requestId: number,
) {
  const s = await q.findResource(db, communityId, resourceId);
  if (!s) throw new AppError("NOT_FOUND", { zh: "资源不存在", en: "Resource not found" });
  const r = await requestRow(db, communityId, requestId);
  const reach = authorize(actor, "resources.match", placeOf(r));
  if (s.status !== "available")
    throw new AppError("CONFLICT", {
      zh: "该资源已对接或已撤回",
      en: "This resource is already matched or withdrawn",
    });
  if (r.status !== "submitted" && r.status !== "signed")
    throw new AppError("CONFLICT", { zh: "该诉求已不在办理中", en: "This request is no longer open" });
  const a = actor!;
  await withNotifications(db, async (trx, notes) => {
    if (!(await q.matchResourceRow(trx, communityId, resourceId, requestId)))
      throw new AppError("CONFLICT", { zh: "该资源已对接", en: "This resource is already matched" });
    await recordRequestEvent(trx, {
      community_id: communityId,
      request_id: requestId,
      actor_user_id: a.userId,
      actor_role: primaryRole(reach),
      kind: "resource_matched",
      data: JSON.stringify({ resourceId, kind: s.kind, title: s.title }),
    });
    await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "resource.match",
      targetType: "resource",
      targetId: resourceId,
      before: { status: s.status },
      after: { status: "matched", requestId },
    });
    const providers = [
      ...(s.provider_user_id != null ? [s.provider_user_id] : []),
      ...(s.provider_org_id != null ? await q.unitRepresentatives(trx, s.provider_org_id) : []),
    ];
    await notifyPeople(trx, notes, {
      userIds: [...new Set(providers)],
      except: a.userId,
      communityId,
      kind: "resource.matched",
      titleZh: `您发布的资源已对接到居民需求：${s.title}`,
      titleEn: `Your resource was matched to a need: ${s.title}`,
      bodyZh: r.title,
      bodyEn: r.title,
      link: staffLink(communityId, requestId),
    });
    await notifyPeople(trx, notes, {
      userIds: await requestFollowers(trx, communityId, requestId),
      except: a.userId,
      communityId,
      kind: "request.resource_matched",
      titleZh: `已为您的诉求对接资源：${s.title}`,
      titleEn: `A resource was matched to your request: ${s.title}`,
      link: residentLink(communityId, requestId),
    });
  });
  return { ok: true as const };
}
