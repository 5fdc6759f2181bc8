// JSON Schema → fast-check arbitraries, for the OpenAPI 3.0 schemas that @fastify/swagger emits from
// the routes' zod schemas: object (properties, required), array (items, minItems, maxItems), string
// (minLength, maxLength, pattern, format, enum), integer and number (minimum, maximum, exclusive
// bounds as booleans or numbers), boolean, nullable, oneOf/anyOf/allOf and $ref to components.
// Three kinds of value per schema: valid (what the schema accepts), boundary (still valid, at its
// edges) and invalid (what it must refuse). No maintained library does this for fast-check 4 (see
// ARCHITECTURE.md, Decisions), so it is written here, small, for the keywords our schemas use.
import fc, { type Arbitrary } from "fast-check";

export type Schema = Record<string, any>;

export interface SchemaContext {
  /** The document's components, for "#/components/schemas/X". */
  components: Record<string, Schema>;
  /** Real values for a named property or parameter (ids of rows that exist), mixed into valid values. */
  known?: (name: string) => readonly unknown[] | undefined;
}

/** Characters that have broken servers before: NUL, bidi overrides, lone surrogates, BOM, joiners. */
export const NASTY_CHARS = [
  "\u0000",
  "\u202e",
  "\u202d",
  "\u200f",
  "\ud800",
  "\udfff",
  "\ufeff",
  "\u200d",
  "\u0301",
  "\u2028",
  "\n",
  "\r",
  "\t",
  "'",
  '"',
  "\\",
  "%",
  "<",
  "&",
] as const;
const COMMON_CHARS = [..."邻里社区楼道灯不亮东龙网格居民长期修理ABCxyz0189 -_.,（）：；"];
const EMOJI = "😀";
/** 60,000 CJK characters: 180 KB of UTF-8, inside the 256 KB body limit, so the schema must refuse it. */
export const LONG_INSIDE_LIMIT = "长".repeat(60_000);
/** 1 MiB: past the body limit (413), and far past any field or URL length. */
export const HUGE = "x".repeat(1024 * 1024);

/** One UTF-16 code unit per unit, so that a string's length is what zod counts. */
const charUnit: Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COMMON_CHARS) },
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_CHARS) },
);

export function resolve(schema: Schema | undefined, ctx: SchemaContext): Schema {
  let s = schema ?? {};
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const name = String(s.$ref).split("/").pop()!;
    const target = ctx.components[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/** The schema's JSON type, ignoring "null" (OpenAPI 3.1 type lists) and looking into oneOf/anyOf. */
export function typeOf(schema: Schema, ctx: SchemaContext): string | undefined {
  const s = resolve(schema, ctx);
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.find((x: string) => x !== "null");
  if (s.enum) return typeof s.enum[0] === "number" ? "number" : typeof s.enum[0];
  for (const k of ["oneOf", "anyOf", "allOf"])
    for (const sub of s[k] ?? []) {
      const t = typeOf(sub, ctx);
      if (t) return t;
    }
  if (s.properties) return "object";
  return undefined;
}

const isNullable = (s: Schema) => s.nullable === true || (Array.isArray(s.type) && s.type.includes("null"));

function integerBounds(s: Schema): [number, number] {
  let lo = typeof s.minimum === "number" ? s.minimum : -Number.MAX_SAFE_INTEGER;
  let hi = typeof s.maximum === "number" ? s.maximum : Number.MAX_SAFE_INTEGER;
  if (s.exclusiveMinimum === true) lo += 1;
  else if (typeof s.exclusiveMinimum === "number") lo = Math.max(lo, s.exclusiveMinimum + 1);
  if (s.exclusiveMaximum === true) hi -= 1;
  else if (typeof s.exclusiveMaximum === "number") hi = Math.min(hi, s.exclusiveMaximum - 1);
  return [Math.ceil(lo), Math.floor(hi)];
}

function numberBounds(s: Schema): { lo: number; hi: number; loOpen: boolean; hiOpen: boolean } {
  const lo = typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum : (s.minimum ?? -1e15);
  const hi = typeof s.exclusiveMaximum === "number" ? s.exclusiveMaximum : (s.maximum ?? 1e15);
  return {
    lo,
    hi,
    loOpen: s.exclusiveMinimum === true || typeof s.exclusiveMinimum === "number",
    hiOpen: s.exclusiveMaximum === true || typeof s.exclusiveMaximum === "number",
  };
}

const intIn = (lo: number, hi: number): Arbitrary<number> =>
  lo >= -0x80000000 && hi <= 0x7fffffff
    ? fc.integer({ min: lo, max: hi })
    : fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);

function withKnown(arb: Arbitrary<unknown>, ctx: SchemaContext, name?: string): Arbitrary<unknown> {
  const known = name ? ctx.known?.(name) : undefined;
  if (!known?.length) return arb;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: arb });
}

function objectParts(s: Schema, ctx: SchemaContext): { props: Record<string, Schema>; required: string[] } {
  const props: Record<string, Schema> = { ...(s.properties ?? {}) };
  const required: string[] = [...(s.required ?? [])];
  for (const sub of s.allOf ?? []) {
    const p = objectParts(resolve(sub, ctx), ctx);
    Object.assign(props, p.props);
    required.push(...p.required);
  }
  return { props, required: [...new Set(required)] };
}

/** Values the schema accepts (strings of any characters zod allows, NUL and bidi marks included). */
export function validArbitrary(
  schema: Schema | undefined,
  ctx: SchemaContext,
  name?: string,
): Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  const base = withKnown(validBase(s, ctx), ctx, name);
  return isNullable(s) ? fc.option(base, { nil: null, freq: 6 }) : base;
}

function validBase(s: Schema, ctx: SchemaContext): Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum.filter((v: unknown) => v !== null));
  const subs = s.oneOf ?? s.anyOf;
  if (subs?.length) return fc.oneof(...subs.map((sub: Schema) => validArbitrary(sub, ctx)));
  switch (typeOf(s, ctx)) {
    case "string":
      return validString(s);
    case "integer": {
      const [lo, hi] = integerBounds(s);
      return intIn(lo, hi);
    }
    case "number": {
      const b = numberBounds(s);
      return fc.double({
        min: b.lo,
        max: b.hi,
        minExcluded: b.loOpen,
        maxExcluded: b.hiOpen,
        noNaN: true,
        noDefaultInfinity: true,
      });
    }
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(validArbitrary(s.items, ctx), {
        minLength: s.minItems ?? 0,
        maxLength: s.maxItems ?? Math.max(5, s.minItems ?? 0),
      });
    case "object": {
      const { props, required } = objectParts(s, ctx);
      const model = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, validArbitrary(p, ctx, k)]));
      return fc.record(model, { requiredKeys: required.filter((k) => k in props) }) as Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(s: Schema): Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 200);
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    return fc.stringMatching(re).filter((x) => x.length >= min && x.length <= max);
  }
  switch (s.format) {
    case "date-time":
      return fc
        .date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "email":
      return fc.emailAddress().filter((x) => x.length >= min && x.length <= max);
    case "uuid":
      return fc.uuid();
  }
  return fc.string({ unit: charUnit, minLength: min, maxLength: max });
}

/** Valid values at the edges: the longest and shortest strings, the extreme numbers, full lists. */
export function boundaryArbitrary(
  schema: Schema | undefined,
  ctx: SchemaContext,
  name?: string,
): Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  const edges = boundaryBase(s, ctx, name);
  const base = fc.oneof(
    { weight: 3, arbitrary: edges },
    { weight: 1, arbitrary: validArbitrary(s, ctx, name) },
  );
  return isNullable(s) ? fc.oneof(fc.constant(null), base) : base;
}

function boundaryBase(s: Schema, ctx: SchemaContext, name?: string): Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v: unknown) => v !== null);
    return fc.constantFrom(values[0], values[values.length - 1]);
  }
  const subs = s.oneOf ?? s.anyOf;
  if (subs?.length) return fc.oneof(...subs.map((sub: Schema) => boundaryArbitrary(sub, ctx, name)));
  switch (typeOf(s, ctx)) {
    case "string": {
      if (s.pattern || s.format) return validString(s);
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 10_000;
      const edge = [
        "长".repeat(max),
        "a".repeat(max),
        // an emoji is two UTF-16 code units: exactly at the limit
        max >= 2 ? `${"里".repeat(max - 2)}${EMOJI}` : "x".repeat(max),
        // every nasty character, cycled up to the limit
        Array.from({ length: max }, (_, i) => NASTY_CHARS[i % NASTY_CHARS.length]).join(""),
        "\u202e".repeat(max),
        "x".repeat(min),
        " ".repeat(Math.max(min, 1)).slice(0, max),
      ];
      return fc.constantFrom(...new Set(edge.filter((x) => x.length >= min && x.length <= max)));
    }
    case "integer": {
      const [lo, hi] = integerBounds(s);
      const edge = [lo, hi, lo + 1, hi - 1, 0, 1].filter((v) => v >= lo && v <= hi);
      return fc.constantFrom(...new Set(edge));
    }
    case "number": {
      const b = numberBounds(s);
      const edge = [
        b.loOpen ? b.lo + 1e-9 : b.lo,
        b.hiOpen ? b.hi - 1e-9 : b.hi,
        0,
        Number.MIN_VALUE,
        0.1 + 0.2,
      ].filter((v) => (b.loOpen ? v > b.lo : v >= b.lo) && (b.hiOpen ? v < b.hi : v <= b.hi));
      return edge.length ? fc.constantFrom(...new Set(edge)) : validBase(s, ctx);
    }
    case "boolean":
      return fc.boolean();
    case "array": {
      const min = s.minItems ?? 0;
      const max = s.maxItems ?? 50;
      const item = boundaryArbitrary(s.items, ctx);
      return fc.oneof(
        fc.array(item, { minLength: min, maxLength: min }),
        fc.array(item, { minLength: max, maxLength: max }),
        // the same item repeated up to the limit
        item.map((x) => Array.from({ length: max }, () => x)),
      );
    }
    case "object": {
      const { props, required } = objectParts(s, ctx);
      const all = Object.fromEntries(
        Object.entries(props).map(([k, p]) => [k, boundaryArbitrary(p, ctx, k)]),
      );
      const onlyRequired = Object.fromEntries(
        required.filter((k) => k in props).map((k) => [k, boundaryArbitrary(props[k], ctx, k)]),
      );
      return fc.oneof(fc.record(all), fc.record(onlyRequired)) as Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** {"a":{"a":…}} or [[…]] nested `depth` levels. */
export function deepNesting(depth: number, kind: "object" | "array"): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === "object" ? { a: v } : [v];
  return v;
}

/** Values of other JSON types, numbers as strings, and the extremes JSON can carry. */
const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 53),
  1e308,
  "",
  "1",
  "0",
  "-1",
  "1e3",
  "0x10",
  " 1",
  "abc",
  "true",
  "null",
  "NaN",
  "Infinity",
  [],
  [1],
  ["a", "b"],
  {},
  { a: 1 },
  { $gt: "" },
  "\u0000",
  "\u202e\u0000",
  "\ud800",
  EMOJI,
];

const jsonTypeOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;

function wrongType(s: Schema, ctx: SchemaContext): Arbitrary<unknown> {
  const t = typeOf(s, ctx);
  const nullable = isNullable(s);
  const wrong = ODD_VALUES.filter((v) => {
    const vt = jsonTypeOf(v);
    if (vt === "null") return !nullable;
    if (t === "number") return vt !== "number" && vt !== "integer";
    if (t === "integer") return vt !== "integer";
    if (t === "object") return vt !== "object";
    return vt !== t;
  });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...wrong) },
    { weight: 1, arbitrary: fc.constantFrom(deepNesting(1000, "object"), deepNesting(1000, "array")) },
  );
}

/** Values the schema refuses: wrong types, out of range, too long or short, off-pattern, off-enum. */
export function invalidArbitrary(schema: Schema | undefined, ctx: SchemaContext): Arbitrary<unknown> {
  const s = resolve(schema, ctx);
  const specific = invalidSpecific(s, ctx);
  return specific ? fc.oneof(wrongType(s, ctx), specific, specific) : wrongType(s, ctx);
}

function invalidSpecific(s: Schema, ctx: SchemaContext): Arbitrary<unknown> | null {
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v: unknown) => typeof v === "string") as string[];
    const near = values.flatMap((v) => [
      v.toUpperCase(),
      ` ${v}`,
      `${v}\u0000`,
      `\u202e${v}`,
      `${v}${EMOJI}`,
    ]);
    return fc
      .oneof(fc.constantFrom(...near, "", "other"), fc.string({ unit: charUnit, maxLength: 12 }))
      .filter((v) => !s.enum.includes(v));
  }
  const subs = s.oneOf ?? s.anyOf;
  if (subs?.length)
    return invalidArbitrary(subs[0], ctx).filter((v) => !subs.some((x: Schema) => looksValid(x, v, ctx)));
  switch (typeOf(s, ctx)) {
    case "string": {
      const out: Arbitrary<unknown>[] = [];
      const max = s.maxLength;
      const min = s.minLength ?? 0;
      if (typeof max === "number")
        out.push(
          fc.constantFrom("x".repeat(max + 1), "长".repeat(max + 1), `${"a".repeat(max - 1)}${EMOJI}`),
        );
      if (min > 0) out.push(fc.constant("x".repeat(min - 1)));
      // long strings: inside the body limit (refused by the schema) and past it (413 for a body)
      out.push(fc.constantFrom(LONG_INSIDE_LIMIT, HUGE));
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        out.push(
          fc
            .oneof(
              fc.string({ unit: charUnit, maxLength: 30 }),
              fc.constantFrom(
                "2026-02-30",
                "2026-13-01",
                "2026-1-1",
                "０１３８００００００００",
                "13800000000\n",
                "1380000000\u0000",
              ),
            )
            .filter((v) => !re.test(v)),
        );
      }
      return fc.oneof(...out);
    }
    case "integer": {
      const [lo, hi] = integerBounds(s);
      const edge: unknown[] = [1.5, 0.1, `${lo}`, -0.5, 1e21];
      if (lo > -Number.MAX_SAFE_INTEGER) edge.push(lo - 1);
      if (hi < Number.MAX_SAFE_INTEGER) edge.push(hi + 1);
      edge.push(2 ** 53, -(2 ** 53), 2 ** 64);
      return fc.constantFrom(
        ...edge.filter((v) => typeof v !== "number" || !(Number.isInteger(v) && v >= lo && v <= hi)),
      );
    }
    case "number": {
      const b = numberBounds(s);
      const edge: unknown[] = [b.lo - 1, b.hi + 1, b.loOpen ? b.lo : b.lo - 1e-9, `${b.lo}`, "1e309"];
      return fc.constantFrom(...edge);
    }
    case "boolean":
      return fc.constantFrom("true", "false", 1, 0, "yes", "on");
    case "array": {
      const out: Arbitrary<unknown>[] = [
        fc.array(invalidArbitrary(s.items, ctx), { minLength: 1, maxLength: 3 }),
      ];
      if (typeof s.maxItems === "number")
        out.push(
          fc.array(validArbitrary(s.items, ctx), { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 }),
        );
      if ((s.minItems ?? 0) > 0) out.push(fc.constant([]));
      out.push(fc.constant(Array.from({ length: 10_000 }, () => 1)));
      return fc.oneof(...out);
    }
    case "object": {
      const { props, required } = objectParts(s, ctx);
      const keys = Object.keys(props);
      if (!keys.length) return null;
      const valid = validArbitrary(s, ctx) as Arbitrary<Record<string, unknown>>;
      const out: Arbitrary<unknown>[] = [
        // one property refused, the others valid
        fc
          .constantFrom(...keys)
          .chain((k) => fc.tuple(fc.constant(k), valid, invalidArbitrary(props[k], ctx)))
          .map(([k, o, bad]) => ({ ...o, [k]: bad })),
      ];
      if (required.length) {
        out.push(
          fc
            .tuple(fc.constantFrom(...required), valid)
            .map(([k, o]) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k))),
        );
      }
      return fc.oneof(...out);
    }
    default:
      return null;
  }
}

/** A shallow check, enough to keep an "invalid" oneOf value from being one of the alternatives. */
function looksValid(schema: Schema, v: unknown, ctx: SchemaContext): boolean {
  const s = resolve(schema, ctx);
  const t = typeOf(s, ctx);
  if (v === null) return isNullable(s);
  if (t === "object") {
    if (typeof v !== "object" || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    const { props, required } = objectParts(s, ctx);
    if (!required.every((k) => k in o)) return false;
    return Object.entries(props).every(([k, p]) => {
      const e = resolve(p, ctx).enum;
      return !(k in o) || !Array.isArray(e) || e.includes(o[k]);
    });
  }
  return jsonTypeOf(v) === t || (t === "number" && typeof v === "number");
}
