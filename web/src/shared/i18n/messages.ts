// Texts live with the code that shows them: shared words in shared/i18n/zh-CN.ts and en.ts, each
// feature's in its own `<feature>.zh-CN.ts` and `<feature>.en.ts`, the staff console frame's in app/.
// app/messages.ts merges them into one i18next resource per language; keys keep their dotted paths,
// so a group such as `inbox` may be split between a feature (its own words) and shared (the words
// other features use too).

/** The Chinese messages' shape with every text widened to string: the English file must match it. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** One tree from several, merged key by key. */
export function mergeMessages(parts: readonly object[]): MessageTree {
  const into: MessageTree = {};
  for (const part of parts) mergeInto(into, part as MessageTree);
  return into;
}

function mergeInto(into: MessageTree, from: MessageTree): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (typeof value === "string" || typeof existing === "string" || existing === undefined) {
      into[key] = typeof value === "string" ? value : mergeMessages([value]);
    } else {
      mergeInto(existing, value);
    }
  }
}

/** Dotted paths of every text in a tree ("inbox.status"), for the tests. */
export function messageKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [prefix + key] : messageKeys(value as object, `${prefix}${key}.`),
  );
}
