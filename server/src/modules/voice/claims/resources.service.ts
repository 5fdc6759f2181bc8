// Resources (资源清单, DOMAIN V3): units and residents publish what they can give (venue, money,
// skills, goods); staff match a resource to a need. Claiming itself is in claims.service.ts.

import { authorize, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  notifyPeople,
  placeOf,
  recordRequestEvent,
  requestFollowers,
  requestRow,
  residentLink,
  staffLink,
  withNotifications,
} from "../requests/requests.service.ts";
import { emitResourceMatched } from "./claims.events.ts";
import * as q from "./claims.queries.ts";
import { type Db, notEligible } from "./claims.service.ts";

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
  await withNotifications(db, async (trx) => {
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
    await emitResourceMatched(trx, r, resourceId, a.userId);
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
    await notifyPeople(trx, {
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
    await notifyPeople(trx, {
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
