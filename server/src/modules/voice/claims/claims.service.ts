// Two-way claiming (双向认领, DOMAIN V3): public needs and micro-wishes are published on a board;
// party members, volunteers and co-building units claim them with a promise date and fulfil them;
// units and residents publish resources (venue, money, skills, goods) that staff match to needs.
//
// Rules decided here:
//  * The board shows needs and micro-wishes the submitter chose to publish (is_public: the report
//    form's switch, off by default) once a grid worker has signed for them (签收 is the vetting step),
//    and keeps showing them claimed and fulfilled; never one of a never-public category (care and
//    neighbour disputes by default: such a wish goes to staff only). It never shows a submitter's
//    name, room or phone — only category, title, text (masked: phones, ID numbers, residents' names),
//    building name, dates, and for a claim the claimant's kind (and a co-building unit's name).
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
//
// Here: the board, claiming, fulfilment, withdrawal and release. Reading claims (one request's
// claim, the staff list, my claims) is in claims-read.service.ts; resources in resources.service.ts.
import type { Kysely } from "kysely";
import { authorize, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { publicTextMasker } from "../../core/privacy/public-text.service.ts";
import { presentCategoryRef } from "../requests/categories.service.ts";
import {
  categoryOf,
  checkPhotos,
  notifyPeople,
  type PhotoUpload,
  placeOf,
  type RequestRow,
  recordRequestEvent,
  requestFollowers,
  requestRow,
  residentLink,
  withNotifications,
} from "../requests/requests.service.ts";
import { resolveInTransaction } from "../requests/requests-resolution.service.ts";
import { claimFulfilled, claimMade, emitClaimEvent, emitClaimWithdrawn } from "./claims.events.ts";
import * as q from "./claims.queries.ts";

export type Db = Kysely<DB>;
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
  const [rows, counts, mask] = await Promise.all([
    q.board(db, communityId, { ...f, limit: f.limit + 1 }),
    q.boardCounts(db, communityId, f.kind),
    publicTextMasker(db, communityId),
  ]);
  const page = rows.slice(0, f.limit);
  const count = (s: string) => Number(counts.find((c) => c.board_status === s)?.n ?? 0);
  return {
    items: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: mask(r.title, r.submitter_name),
      description: mask(r.description, r.submitter_name),
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

export function notEligible(zh: string, en: string): AppError {
  return new AppError("FORBIDDEN", { zh, en });
}

/**
 * Which kind of claimant the actor is for this community (see the rules at the top). Projects' tasks
 * reuse it, so that whoever may claim a micro-wish may claim a task by the same rules.
 */
export async function claimantOf(
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

export function todayInChina(): string {
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
  if (r.kind === "problem" || !r.is_public || (await categoryOf(db, communityId, r.category_id)).never_public)
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
    return await withNotifications(db, async (trx) => {
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
      await emitClaimEvent(trx, claimMade, r, claim.id, a.userId);
      await notifyPeople(trx, {
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
  const out = await withNotifications(db, async (trx) => {
    if (!(await q.fulfilClaimRow(trx, communityId, claimId)))
      throw new AppError("CONFLICT", {
        zh: "该认领已完成或已撤回",
        en: "This claim is already fulfilled or withdrawn",
      });
    const resolved = await resolveInTransaction(
      trx,
      r,
      { userId: a.userId, role: claim.claimant_kind },
      text,
      checked,
      { kind: "fulfilled", data: { claimId } },
      category,
    );
    await emitClaimEvent(trx, claimFulfilled, r, claimId, a.userId);
    return resolved;
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
  await withNotifications(db, async (trx) => {
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
    await emitClaimWithdrawn(trx, r, claim.id, !!e.release, e.actor.userId);
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
    await notifyPeople(trx, {
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
      await notifyPeople(trx, {
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
