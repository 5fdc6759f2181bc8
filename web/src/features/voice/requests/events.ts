// One line per history event, in the reader's language: what happened and the details that
// matter (where it was routed, the rating, why it closed, the promise date of a claim...).
import type { TFunction } from "i18next";
import type { RequestEvent } from "./requests-api";

type Label = (
  group: "reqEvent" | "routeTo" | "rating" | "closeReason" | "claimantKind" | "channel",
  v: string,
) => string;

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

export function eventTitle(e: RequestEvent, label: Label): string {
  return label("reqEvent", e.kind);
}

export function eventDetail(e: RequestEvent, t: TFunction, label: Label): string | null {
  const d = e.data ?? {};
  switch (e.kind) {
    case "submitted": {
      const ch = str(d.channel);
      return ch && ch !== "app" ? t("history.viaChannel", { channel: label("channel", ch) }) : null;
    }
    case "routed": {
      const to = str(d.to);
      if (!to) return null;
      const org = str(d.orgName);
      return org ? `${label("routeTo", to)} · ${org}` : label("routeTo", to);
    }
    case "rated": {
      const r = str(d.rating);
      return r ? label("rating", r) : null;
    }
    case "closed": {
      const r = str(d.reason);
      return r ? label("closeReason", r) : null;
    }
    case "reopened":
      return typeof d.reopenCount === "number" ? t("history.reopenCount", { count: d.reopenCount }) : null;
    case "claimed": {
      const kind = str(d.claimantKind);
      const who = str(d.orgName) ?? (kind ? label("claimantKind", kind) : "");
      const date = str(d.promiseDate);
      return date ? t("history.claimedBy", { who, date }) : who;
    }
    case "merged":
      return typeof d.intoId === "number" ? t("history.mergedInto", { id: d.intoId }) : null;
    case "merge_received":
      return typeof d.fromId === "number" ? t("history.mergedFrom", { id: d.fromId }) : null;
    default:
      return null;
  }
}
