// How people are shown: phones masked (PIPL), dates as dates.
import { maskPhone } from "../privacy/pii.present.ts";
import type { verificationQueue } from "./people.service.ts";

type PendingRow = Awaited<ReturnType<typeof verificationQueue>>[number];

/** One resident waiting in the verification queue. */
export function presentPending(r: PendingRow) {
  return {
    id: r.id,
    name: r.name,
    phone: maskPhone(r.phone),
    claimedAddress: r.claimed_address,
    relation: r.relation,
    registeredAt: new Date(r.registered_at),
  };
}
