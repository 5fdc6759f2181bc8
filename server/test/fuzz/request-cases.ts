// One fuzzed HTTP request for one route of the OpenAPI document: path parameters, query and body,
// each valid, at a boundary, or invalid (with one part broken at a time, so that a refusal says
// which check did its job). Multipart routes get multipart bodies: a tiny real image, garbage bytes,
// wrong fields, too many files; the import route gets CSV and garbage spreadsheets.
import fc, { type Arbitrary } from "fast-check";
import {
  boundaryArbitrary,
  deepNesting,
  HUGE,
  invalidArbitrary,
  LONG_INSIDE_LIMIT,
  resolve,
  type Schema,
  type SchemaContext,
  validArbitrary,
} from "./schema-arbitrary.ts";

export type CaseKind = "valid" | "boundary" | "invalid";

export type Body =
  | { type: "none" }
  | { type: "json"; value: unknown }
  | { type: "raw"; text: string | Buffer; contentType?: string }
  | { type: "multipart"; parts: Part[]; boundary?: string; corrupt?: "truncated" | "no-boundary" };

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; bytes: Buffer };

export interface FuzzCase {
  kind: CaseKind;
  /** What was made odd: path, query, body, raw body, multipart, unknown keys — or "-" for none. */
  part: string;
  /** Path parameter values; a `{ raw }` value is put into the URL as it is (malformed escapes). */
  path: Record<string, unknown>;
  query: [string, string | null][];
  body: Body;
  /** Could a route accept this (valid by schema, or with keys the schema strips)? */
  mayAccept: boolean;
}

export interface Operation {
  method: string;
  /** Fastify's form: /api/communities/:communityId/… */
  url: string;
  op: any;
}

export interface CaseContext extends SchemaContext {
  /** A small real PNG. */
  png: Buffer;
  /** The header row of the residents sheet. */
  sheetHeaders: readonly string[];
}

/** Path parameter values no route may accept. */
const BAD_PATH_VALUES: readonly unknown[] = [
  0,
  -1,
  2 ** 53,
  "9007199254740993",
  "abc",
  "1.5",
  "1e3",
  "0x10",
  " 1",
  "1 ",
  "null",
  "[]",
  "\u0000",
  "\u202e12",
  "😀",
  "\ud800",
  "..",
  "x".repeat(5000),
  { raw: "%" },
  { raw: "%zz" },
  { raw: "%E0%A4%A" },
  { raw: "%00" },
  { raw: "..%2F..%2Fetc" },
  { raw: "1%3B" },
];

const MALFORMED_BODIES: readonly { text: string; contentType?: string }[] = [
  { text: '{"name": "未闭合', contentType: "application/json" },
  { text: "", contentType: "application/json" },
  { text: "null", contentType: "application/json" },
  { text: '"a string"', contentType: "application/json" },
  { text: "[1,2,3]", contentType: "application/json" },
  { text: '{"__proto__": {"admin": true}}', contentType: "application/json" },
  { text: '{"constructor": {"prototype": {"admin": true}}}', contentType: "application/json" },
  { text: '{"a": 1, "a": 2}', contentType: "application/json" },
  { text: "\ufeff{}", contentType: "application/json" },
  { text: "{}", contentType: "application/json; charset=latin1" },
  { text: '{"a":1}', contentType: "text/plain" },
  { text: "name=x&room=101", contentType: "application/x-www-form-urlencoded" },
  { text: "<xml><a>1</a></xml>", contentType: "application/xml" },
  { text: '{"a":1}' },
  { text: `{"a":"${HUGE}"}`, contentType: "application/json" },
  { text: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, contentType: "application/json" },
  { text: "--x\r\nContent-Disposition: form-data\r\n\r\n", contentType: "multipart/form-data; boundary=x" },
  { text: "garbage", contentType: "multipart/form-data" },
];

const pathNames = (url: string) => [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);

function paramSchema(o: Operation, where: "path" | "query", name: string): Schema | undefined {
  return (o.op.parameters ?? []).find((p: any) => p.in === where && p.name === name)?.schema;
}

function jsonBodySchema(o: Operation): Schema | undefined {
  return o.op.requestBody?.content?.["application/json"]?.schema;
}

function takesMultipart(o: Operation): boolean {
  return !!o.op.requestBody?.content?.["multipart/form-data"];
}

/** The residents import: multipart without a body schema in the document (the file is streamed). */
function isImportUpload(o: Operation): boolean {
  return o.method === "POST" && /\/imports$/.test(o.url);
}

// ---- parts of a request -------------------------------------------------------------------

function pathArbitrary(
  o: Operation,
  ctx: CaseContext,
  mode: CaseKind | "valid-only",
): Arbitrary<Record<string, unknown>> {
  const names = pathNames(o.url);
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const name of names) {
    const s = paramSchema(o, "path", name) ?? { type: "string" };
    model[name] =
      mode === "boundary"
        ? boundaryArbitrary(s, ctx, name)
        : mode === "invalid"
          ? fc.oneof(fc.constantFrom(...BAD_PATH_VALUES), invalidArbitrary(s, ctx))
          : validArbitrary(s, ctx, name);
  }
  if (mode !== "invalid" || names.length === 0) return fc.record(model);
  // one parameter broken, the others real
  const valid = pathArbitrary(o, ctx, "valid-only");
  return fc
    .tuple(valid, fc.constantFrom(...names))
    .chain(([v, name]) => model[name]!.map((bad) => ({ ...v, [name]: bad })));
}

function queryValue(v: unknown): (string | null)[] {
  if (v === undefined) return [];
  if (v === null) return [null];
  if (Array.isArray(v)) return v.length ? v.flatMap(queryValue) : [""];
  if (typeof v === "object") return [JSON.stringify(v)];
  return [String(v)];
}

function queryArbitrary(
  o: Operation,
  ctx: CaseContext,
  mode: CaseKind | "valid-only",
): Arbitrary<[string, string | null][]> {
  const params = (o.op.parameters ?? []).filter((p: any) => p.in === "query");
  const model: Record<string, Arbitrary<unknown>> = {};
  for (const p of params) {
    model[p.name] =
      mode === "boundary" ? boundaryArbitrary(p.schema, ctx, p.name) : validArbitrary(p.schema, ctx, p.name);
  }
  const required = params.filter((p: any) => p.required).map((p: any) => p.name);
  const valid = fc.record(model, { requiredKeys: required });
  const toPairs = (q: Record<string, unknown>) =>
    Object.entries(q).flatMap(([k, v]) => queryValue(v).map((x) => [k, x] as [string, string | null]));
  if (mode !== "invalid") return valid.map(toPairs);
  const variants: Arbitrary<[string, string | null][]>[] = [
    // unknown keys, odd and huge values
    fc
      .tuple(
        valid,
        fc.constantFrom("__proto__", "constructor", "q[]", "a[b]", "", "\u0000", "😀", "x".repeat(300)),
        fc.constantFrom("1", "", "\u202e", HUGE, "%", "[object Object]"),
      )
      .map(([q, k, v]) => [...toPairs(q), [k, v]]),
  ];
  if (params.length) {
    const names = params.map((p: any) => p.name);
    // one parameter refused, given once or repeated
    variants.push(
      fc
        .tuple(valid, fc.constantFrom(...names))
        .chain(([q, name]) =>
          invalidArbitrary(params.find((p: any) => p.name === name).schema, ctx).map((bad) => [
            ...toPairs({ ...q, [name]: undefined }),
            ...queryValue(bad).map((x) => [name, x] as [string, string | null]),
          ]),
        ),
      fc
        .tuple(valid, fc.constantFrom(...names))
        .map(([q, name]) => [...toPairs(q), [name, "1"], [name, "2"]] as [string, string | null][]),
    );
    if (required.length)
      variants.push(
        fc
          .tuple(valid, fc.constantFrom(...required))
          .map(([q, name]) => toPairs({ ...q, [name as string]: undefined })),
      );
  }
  return fc.oneof(...variants);
}

function jsonBodyArbitrary(o: Operation, ctx: CaseContext, mode: CaseKind): Arbitrary<Body> | null {
  const s = jsonBodySchema(o);
  if (!s) return null;
  const value =
    mode === "valid"
      ? validArbitrary(s, ctx)
      : mode === "boundary"
        ? boundaryArbitrary(s, ctx)
        : fc.oneof(
            { weight: 4, arbitrary: invalidArbitrary(s, ctx) },
            {
              weight: 1,
              arbitrary: fc.constantFrom<unknown>(
                {},
                [],
                "text",
                42,
                null,
                true,
                deepNesting(1000, "object"),
                deepNesting(1000, "array"),
                { nested: deepNesting(1000, "object") },
                { big: LONG_INSIDE_LIMIT },
              ),
            },
          );
  return value.map((v) => ({ type: "json", value: v }) as Body);
}

/** Valid-looking keys the schema does not know: zod strips them, so the call may well succeed. */
function unknownKeysBody(o: Operation, ctx: CaseContext): Arbitrary<Body> {
  const s = jsonBodySchema(o);
  const base = s && resolve(s, ctx).type === "object" ? validArbitrary(s, ctx) : fc.constant({});
  return fc
    .tuple(
      base,
      fc.boolean(),
      fc.dictionary(
        fc.constantFrom(
          "isAdmin",
          "communityId",
          "id",
          "userId",
          "role",
          "status",
          "extra",
          "😀",
          "\u0000",
          "a".repeat(200),
        ),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(deepNesting(200, "object"))),
        { minKeys: 1, maxKeys: 3 },
      ),
    )
    .map(([b, onlyUnknown, extra]) => ({
      type: "json",
      value: onlyUnknown || typeof b !== "object" || b === null ? extra : { ...(b as object), ...extra },
    }));
}

function multipartArbitrary(o: Operation, ctx: CaseContext, mode: CaseKind): Arbitrary<Body> {
  const s = o.op.requestBody.content["multipart/form-data"].schema as Schema;
  const data =
    mode === "valid"
      ? validArbitrary(s, ctx)
      : mode === "boundary"
        ? boundaryArbitrary(s, ctx)
        : invalidArbitrary(s, ctx);
  const photo = (bytes: Buffer, filename = "photo.png", contentType = "image/png"): Part => ({
    name: "photos",
    filename,
    contentType,
    bytes,
  });
  const goodPhotos = fc
    .integer({ min: 0, max: 2 })
    .map((n) => Array.from({ length: n }, () => photo(ctx.png)));
  if (mode !== "invalid")
    return fc.tuple(data, goodPhotos).map(([d, photos]) => ({
      type: "multipart",
      parts: [{ name: "data", value: JSON.stringify(d) }, ...photos],
    }));
  const valid = validArbitrary(s, ctx);
  const badPhotos = fc.constantFrom<Part[]>(
    [photo(Buffer.from("GIF89a not really an image"), "x.gif", "image/gif")],
    [photo(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), "truncated.jpg", "image/jpeg")],
    [photo(Buffer.alloc(0), "empty.png")],
    [photo(ctx.png.subarray(0, ctx.png.length >> 1), "half.png")],
    [photo(Buffer.from("<svg onload=alert(1)>"), "x.svg", "image/svg+xml")],
    [photo(ctx.png, "../../etc/passwd\u0000.png")],
    [{ name: "avatar", filename: "a.png", contentType: "image/png", bytes: ctx.png }],
    Array.from({ length: 10 }, () => photo(ctx.png)),
    [photo(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), "big.jpg", "image/jpeg")],
  );
  return fc.oneof(
    // the data field invalid (or not JSON), photos fine
    fc
      .tuple(
        fc.oneof(
          data.map((d) => JSON.stringify(d)),
          fc.constantFrom("{not json", "", "\u0000"),
        ),
        goodPhotos,
      )
      .map(([d, photos]) => ({ type: "multipart", parts: [{ name: "data", value: d }, ...photos] }) as Body),
    // valid data, bad files
    fc
      .tuple(valid, badPhotos)
      .map(
        ([d, photos]) =>
          ({ type: "multipart", parts: [{ name: "data", value: JSON.stringify(d) }, ...photos] }) as Body,
      ),
    // a broken multipart stream
    fc.tuple(valid, fc.constantFrom<"truncated" | "no-boundary">("truncated", "no-boundary")).map(
      ([d, corrupt]) =>
        ({
          type: "multipart",
          parts: [{ name: "data", value: JSON.stringify(d) }, photo(ctx.png)],
          corrupt,
        }) as Body,
    ),
  );
}

function sheetCell(): Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("", "1栋", "1单元", "101", "80", "张三", "女", "业主", "13800000000", "1990-01-01"),
    fc.string({ maxLength: 20 }),
    fc.constantFrom("=cmd|'/c calc'!A1", "\u202e", "😀", '"quoted, comma"', "\ud800", "长".repeat(300)),
  );
}

function importArbitrary(ctx: CaseContext, mode: CaseKind): Arbitrary<Body> {
  const csv = (rows: string[][]) =>
    [
      ctx.sheetHeaders.join(","),
      ...rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",")),
    ].join("\n");
  const rows = fc.array(
    fc.array(sheetCell(), { minLength: ctx.sheetHeaders.length, maxLength: ctx.sheetHeaders.length }),
    {
      minLength: mode === "boundary" ? 0 : 1,
      maxLength: 3,
    },
  );
  const mode_ = fc.constantFrom("all_or_nothing", "valid_rows");
  const file = (name: string, bytes: Buffer | string, contentType = "text/csv"): Part => ({
    name: "file",
    filename: name,
    contentType,
    bytes: Buffer.from(bytes),
  });
  if (mode !== "invalid")
    return fc.tuple(rows, mode_).map(([r, m]) => ({
      type: "multipart",
      parts: [{ name: "mode", value: m }, file("居民.csv", csv(r))],
    }));
  const badMode = fc.constantFrom("", "everything", "\u0000", "all_or_nothing\u202e");
  const csvWith = ([r, m]: [string[][], string]): Body => ({
    type: "multipart",
    parts: [{ name: "mode", value: m }, file("residents.csv", csv(r))],
  });
  return fc.oneof(
    fc.tuple(rows, badMode).map(csvWith),
    fc.constantFrom<Body>(
      {
        type: "multipart",
        parts: [
          { name: "mode", value: "valid_rows" },
          file("居民.xlsx", "PK\u0003\u0004 not a zip", "application/zip"),
        ],
      },
      { type: "multipart", parts: [{ name: "mode", value: "valid_rows" }, file("居民.txt", "a,b")] },
      {
        type: "multipart",
        parts: [{ name: "mode", value: "valid_rows" }, file("居民.csv", "姓名\u0000,x\n")],
      },
      { type: "multipart", parts: [{ name: "mode", value: "valid_rows" }, file("居民.csv", "")] },
      {
        type: "multipart",
        parts: [{ name: "mode", value: "valid_rows" }, file("居民.csv", Buffer.from([0xff, 0xfe, 0, 0x41]))],
      },
      { type: "multipart", parts: [{ name: "mode", value: "valid_rows" }] },
      { type: "multipart", parts: [file("a.csv", "x"), file("b.csv", "y")] },
      {
        type: "multipart",
        parts: [
          { name: "mode", value: "valid_rows" },
          { ...file("居民.csv", "x"), name: "upload" },
        ],
      },
      {
        type: "multipart",
        parts: [{ name: "mode", value: "valid_rows" }, file("居民.csv", "x")],
        corrupt: "truncated",
      },
    ),
  );
}

// ---- whole requests -------------------------------------------------------------------------

/**
 * Requests for one route: about a third valid, a sixth at boundaries, the rest invalid in one part
 * (path, query, body, a malformed or mislabelled body, unknown keys).
 */
export function caseArbitrary(o: Operation, ctx: CaseContext): Arbitrary<FuzzCase> {
  const hasPath = pathNames(o.url).length > 0;
  const hasQuery = (o.op.parameters ?? []).some((p: any) => p.in === "query");
  const writes = o.method !== "GET";
  const importUpload = isImportUpload(o);
  const body = (mode: CaseKind): Arbitrary<Body> => {
    if (importUpload) return importArbitrary(ctx, mode);
    const json = jsonBodyArbitrary(o, ctx, mode);
    if (takesMultipart(o)) {
      const mp = multipartArbitrary(o, ctx, mode);
      return json ? fc.oneof(json, mp) : mp;
    }
    return json ?? fc.constant<Body>({ type: "none" });
  };
  const whole = (
    kind: CaseKind,
    part: string,
    mayAccept: boolean,
    b: Arbitrary<Body>,
    pathMode: CaseKind = kind,
    queryMode: CaseKind = kind,
  ) =>
    fc
      .record({ path: pathArbitrary(o, ctx, pathMode), query: queryArbitrary(o, ctx, queryMode), body: b })
      .map((r) => ({ kind, part, mayAccept, ...r }) as FuzzCase);

  const variants: { weight: number; arbitrary: Arbitrary<FuzzCase> }[] = [
    { weight: 6, arbitrary: whole("valid", "-", true, body("valid")) },
    { weight: 3, arbitrary: whole("boundary", "-", true, body("boundary")) },
  ];
  const invalid = (weight: number, part: string, arb: Arbitrary<FuzzCase>, mayAccept = false) =>
    variants.push({ weight, arbitrary: arb.map((c) => ({ ...c, kind: "invalid", part, mayAccept })) });
  if (hasPath) invalid(3, "path", whole("invalid", "path", false, body("valid"), "invalid", "valid"));
  if (hasQuery) invalid(2, "query", whole("invalid", "query", false, body("valid"), "valid", "invalid"));
  if (writes && (jsonBodySchema(o) || takesMultipart(o) || importUpload))
    invalid(4, "body", whole("invalid", "body", false, body("invalid"), "valid", "valid"));
  if (writes && !importUpload)
    invalid(
      1,
      "unknown keys",
      whole("invalid", "unknown keys", true, unknownKeysBody(o, ctx), "valid", "valid"),
      true,
    );
  invalid(
    writes ? 2 : 1,
    "raw body",
    whole(
      "invalid",
      "raw body",
      false,
      fc.constantFrom(...MALFORMED_BODIES).map((m) => ({ type: "raw", ...m }) as Body),
      "valid",
      "valid",
    ),
  );
  return fc.oneof(...variants);
}

// ---- turning a case into an inject() request -------------------------------------------------

function encodeComponent(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    // lone surrogates: their (invalid) UTF-8 bytes, percent-encoded, as a careless client would send
    return [...v]
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          const u = ch.charCodeAt(0);
          return `%${(0xe0 | (u >> 12)).toString(16)}%${(0x80 | ((u >> 6) & 0x3f)).toString(16)}%${(0x80 | (u & 0x3f)).toString(16)}`.toUpperCase();
        }
      })
      .join("");
  }
}

export function caseUrl(o: Operation, c: FuzzCase): string {
  const path = o.url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = c.path[name];
    if (v && typeof v === "object" && "raw" in v) return String((v as { raw: string }).raw);
    return encodeComponent(typeof v === "object" ? JSON.stringify(v) : String(v));
  });
  const query = c.query.map(([k, v]) =>
    v === null ? encodeComponent(k) : `${encodeComponent(k)}=${encodeComponent(v)}`,
  );
  return query.length ? `${path}?${query.join("&")}` : path;
}

export function multipartBytes(parts: Part[], boundary = "----linlifuzz7MA4YWxkTrZu0gW"): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      "filename" in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head), "filename" in p ? p.bytes : Buffer.from(p.value), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The payload and headers of a case. */
export function casePayload(c: FuzzCase): { payload?: string | Buffer; headers: Record<string, string> } {
  const b = c.body;
  switch (b.type) {
    case "none":
      return { headers: {} };
    case "json":
      return { payload: JSON.stringify(b.value) ?? "null", headers: { "content-type": "application/json" } };
    case "raw":
      return { payload: b.text, headers: b.contentType ? { "content-type": b.contentType } : {} };
    case "multipart": {
      const boundary = b.boundary ?? "----linlifuzz7MA4YWxkTrZu0gW";
      let bytes = multipartBytes(b.parts, boundary);
      if (b.corrupt === "truncated") bytes = bytes.subarray(0, Math.max(10, bytes.length - 40));
      const contentType =
        b.corrupt === "no-boundary" ? "multipart/form-data" : `multipart/form-data; boundary=${boundary}`;
      return { payload: bytes, headers: { "content-type": contentType } };
    }
  }
}

/** A short, readable description of a case (long strings cut), for failure messages. */
export function describeCase(o: Operation, c: FuzzCase): string {
  const cut = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const shorten = (v: unknown, depth = 0): unknown => {
    if (typeof v === "string") return cut(v, 120);
    if (depth > 6) return "…(deeper)";
    if (Array.isArray(v))
      return v.length > 12
        ? [...v.slice(0, 12).map((x) => shorten(x, depth + 1)), `…(${v.length} items)`]
        : v.map((x) => shorten(x, depth + 1));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
    return v;
  };
  const b = c.body;
  const body =
    b.type === "json"
      ? `json ${cut(JSON.stringify(shorten(b.value)) ?? "undefined", 800)}`
      : b.type === "raw"
        ? `raw (${b.contentType ?? "no content-type"}) ${cut(String(b.text), 200)}`
        : b.type === "multipart"
          ? `multipart${b.corrupt ? ` (${b.corrupt})` : ""} ${b.parts.map((p) => ("filename" in p ? `${p.name}=file ${JSON.stringify(p.filename)} ${p.contentType} ${p.bytes.length} bytes` : `${p.name}=${cut(JSON.stringify(p.value), 300)}`)).join("; ")}`
          : "none";
  return `${c.kind} (${c.part}) ${o.method} ${cut(caseUrl(o, c), 400)}\n    body: ${body}`;
}
