// The API's shapes are the server's zod schemas (server/src/modules/<section>/<module>/<module>.schema.ts,
// imported as `@contract/<section>/<module>/<module>.schema`), used by type only: `import type` keeps
// zod and every server file out of the bundle (vite.config.ts fails the build if one gets in), and
// `npm run build` type-checks the web app against the schemas first, so a changed schema breaks the
// build where the web app no longer fits it. Nothing here is hand-copied from the server.
import type { z } from "zod";

/**
 * A value as it arrives in JSON (what `JSON.stringify` makes of it): a Date becomes its ISO string,
 * recursively; everything else is as the schema says.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** What a route answers: its response schema's output, as JSON. */
export type Reply<S extends z.ZodType> = Wire<z.output<S>>;

/** What a route accepts as its JSON body: its schema's input (defaults may be left out). */
export type Body<S extends z.ZodType> = z.input<S>;

/**
 * What a route's query string means: its schema's parsed values, all optional (the client sends them
 * as text through `withQuery`; a coerced number's input type would say nothing).
 */
export type Query<S extends z.ZodType> = Partial<z.output<S>>;

/**
 * A list of every value of a string enumeration, in the order the pages show them: a value the
 * server adds and the list lacks is a type error. `allValues<Kind>()(["problem", "need", "wish"])`.
 */
export const allValues =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : "lacks a value")) =>
    list as readonly T[];
