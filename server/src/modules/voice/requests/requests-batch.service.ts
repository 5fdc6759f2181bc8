// Batch 签收 / 分派 (issue 9): a grid worker signs for, or routes, many items in one go. The caller must
// handle requests somewhere in the community (else the whole batch is refused); then each item goes
// through the single action's service function (signRequest, routeRequest), so it is authorised by
// its own place (a grid worker only inside their grids), runs in its own transaction, and is audited
// by its request events, domain events and notices exactly as when done one by one. One refused item
// does not undo the others: the answer lists, per id in the order sent, ok or the error's code and
// its Chinese and English message.

import { authorizeWithin } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import type { Db } from "./requests.service.ts";
import type { RequestStatus, RouteTo } from "./requests.tables.ts";
import { routeOrgName, routeRequest, signRequest } from "./requests-triage.service.ts";

interface ItemResult {
  id: number;
  ok: boolean;
  status: RequestStatus | null;
  error: { code: string; message_zh: string; message_en: string } | null;
}

async function eachItem(
  ids: number[],
  act: (id: number) => Promise<{ id: number; status: RequestStatus }>,
): Promise<{ results: ItemResult[]; okCount: number; errorCount: number }> {
  const results: ItemResult[] = [];
  // one after another: each item's transaction sees the ones before it committed
  for (const id of ids) {
    try {
      const done = await act(id);
      results.push({ id, ok: true, status: done.status, error: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({
        id,
        ok: false,
        status: null,
        error: { code: err.code, message_zh: err.zh, message_en: err.en },
      });
    }
  }
  const okCount = results.filter((r) => r.ok).length;
  return { results, okCount, errorCount: results.length - okCount };
}

/** 批量签收: signs for each submitted item the caller handles at its place. */
export async function batchSign(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: { ids: number[]; note?: string | undefined },
) {
  authorizeWithin(actor, "requests.handle", communityId);
  return eachItem(input.ids, (id) => signRequest(db, actor, communityId, id, { note: input.note }));
}

/** 批量分派: routes each item (signing a submitted one in the same step), as POST …/route does. */
export async function batchRoute(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: { ids: number[]; to: RouteTo; orgId?: number | undefined; note?: string | undefined },
) {
  authorizeWithin(actor, "requests.handle", communityId);
  const { ids, ...route } = input;
  // an organisation that does not fit refuses the whole batch, before any item
  if (route.orgId != null && route.to !== "community" && route.to !== "street")
    await routeOrgName(db, route.to, route.orgId);
  return eachItem(ids, (id) => routeRequest(db, actor, communityId, id, route));
}
