// What the public reads of a request (Open311, the claim board) passes through maskPublicText with the
// names of the request's community: every name in its register (residents of every household, pending
// ones included) and the names the request itself carries (its submitter's, which may be no resident's:
// an Open311 contact, a person recorded on behalf). A text that names a neighbour is thus masked as
// well as one that names its writer, at the cost of one query per community (kept TTL_MS in memory,
// like the categories) and a look-up per character of the text. A word that happens to be a
// resident's name is masked too; the whole text stays with the staff and the submitter.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { onCacheDropped } from "../../../events/caches.ts";
import { maskPublicText, type NameList, nameList } from "./pii.present.ts";
import { residentNames } from "./privacy.queries.ts";

const TTL_MS = 60_000;
/** A register of ~24,000 residents (Lvzhou) is ~1 MB of names; keep a few dozen communities. */
const MAX_COMMUNITIES = 32;

let cache = new WeakMap<object, Map<number, { until: number; names: Promise<NameList> }>>();
// a change to the register (people.service residentsChanged) drops the names in every process
onCacheDropped("public-names", () => {
  cache = new WeakMap();
});

/** The names of a community's register, from memory for up to TTL_MS. */
export function communityNames(db: Kysely<DB>, communityId: number): Promise<NameList> {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  const hit = m.get(communityId);
  if (hit && hit.until > Date.now()) return hit.names;
  m.delete(communityId);
  if (m.size >= MAX_COMMUNITIES) m.delete(m.keys().next().value!);
  const names = residentNames(db, communityId).then(nameList);
  m.set(communityId, { until: Date.now() + TTL_MS, names });
  names.catch(() => m.delete(communityId));
  return names;
}

export type PublicTextMasker = (text: string, ...knownNames: (string | null | undefined)[]) => string;

/**
 * A masker for the public texts of one community: `mask(text, submitterName)` masks phones, ID
 * numbers, e-mail addresses, the register's names and the names given.
 */
export async function publicTextMasker(db: Kysely<DB>, communityId: number): Promise<PublicTextMasker> {
  const names = await communityNames(db, communityId);
  return (text, ...knownNames) => {
    const known = knownNames.filter((n): n is string => !!n?.trim());
    return known.length ? maskPublicText(text, names, nameList(known)) : maskPublicText(text, names);
  };
}
