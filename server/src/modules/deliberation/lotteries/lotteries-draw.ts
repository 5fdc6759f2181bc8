// The lottery draw (DOMAIN D8), exactly as docs/lotteries.md describes it, so that anyone can redo it
// from the published export alone. Pure functions over node:crypto: no database, no app code — the
// service, the verifier (server/src/cli/verify-lottery.ts) and the benchmark all run this one file.
//
//   list    = for each applicant in ticket order: "<ticket>\t<label>\n", UTF-8        (canonical list)
//   listHash = SHA-256(list)                                                          (published at freeze)
//   commitment = SHA-256(UTF-8 secret)                                                (published at opening)
//   seed    = SHA-256(UTF-8 secret ‖ UTF-8 publicInput ‖ the 32 bytes of listHash)
//   block i = SHA-256(seed ‖ i as an unsigned 64-bit big-endian integer), i = 0, 1, 2, …
//   words   = each block read as 8 unsigned 32-bit big-endian integers, blocks in order
//   below(n) = the next word w with w < 2^32 − (2^32 mod n) (others are skipped), then w mod n
//   order   = the tickets in list order, shuffled by Fisher–Yates: for i = n−1 down to 1, j = below(i+1),
//             swap positions i and j; position 0 is drawn first
//   winners = the first `places` of the order (the k-th winner gets the k-th named item, if any);
//             the rest, in order, are the waiting list.
import { createHash } from "node:crypto";

export const EXPORT_FORMAT = "linli-lottery/1";

export interface ListedApplicant {
  /** 申请号: 1…n in the order the applications arrived, given when the list is frozen */
  ticket: number;
  /** a pseudonymous label: a masked name and the building (张某 · 3栋); no tab or newline */
  label: string;
}

const sha256 = (...parts: (Buffer | string)[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? Buffer.from(p, "utf8") : p);
  return h.digest();
};

export const sha256Hex = (text: string) => sha256(text).toString("hex");

/** What a label may not contain: the list's separators. */
export const cleanLabel = (label: string) => label.replace(/[\t\r\n]+/g, " ").trim();

/** The canonical serialisation of the frozen list: one "ticket TAB label LF" line per applicant. */
export function canonicalList(applicants: readonly ListedApplicant[]): string {
  return applicants.map((a) => `${a.ticket}\t${cleanLabel(a.label)}\n`).join("");
}

export const listHashOf = (applicants: readonly ListedApplicant[]) => sha256Hex(canonicalList(applicants));

export const commitmentOf = (secret: string) => sha256Hex(secret);

export function seedOf(secret: string, publicInput: string, listHash: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(listHash)) throw new Error("the list hash must be 64 lower-case hex digits");
  return sha256(secret, publicInput, Buffer.from(listHash, "hex"));
}

/** The SHA-256 counter stream as unbiased integers below n (rejection sampling). */
export class CounterStream {
  private block = Buffer.alloc(0);
  private offset = 32;
  private counter = 0n;
  private readonly input = Buffer.alloc(40);
  constructor(seed: Buffer) {
    seed.copy(this.input, 0, 0, 32);
  }
  /** The next unsigned 32-bit word of the stream. */
  word(): number {
    if (this.offset >= 32) {
      this.input.writeBigUInt64BE(this.counter, 32);
      this.counter += 1n;
      this.block = createHash("sha256").update(this.input).digest();
      this.offset = 0;
    }
    const w = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return w;
  }
  /** An integer in [0, n), every value equally likely: words at or above the last whole multiple of n are skipped. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new Error("n must be an integer in 1…2^32");
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const w = this.word();
      if (w < limit) return w % n;
    }
  }
}

/** Fisher–Yates over the tickets in list order, driven by the counter stream of this seed. */
export function shuffle<T>(items: readonly T[], seed: Buffer): T[] {
  const a = [...items];
  const stream = new CounterStream(seed);
  for (let i = a.length - 1; i >= 1; i--) {
    const j = stream.below(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

export interface DrawInput {
  secret: string;
  publicInput: string;
  applicants: readonly ListedApplicant[];
  places: number;
  items: readonly string[];
}

export interface DrawResult {
  listHash: string;
  seed: string;
  /** tickets in drawn order */
  order: number[];
  winners: { ticket: number; item: string | null }[];
  waitingList: number[];
}

export function draw(input: DrawInput): DrawResult {
  const listHash = listHashOf(input.applicants);
  const seed = seedOf(input.secret, input.publicInput, listHash);
  const order = shuffle(
    input.applicants.map((a) => a.ticket),
    seed,
  );
  return {
    listHash,
    seed: seed.toString("hex"),
    order,
    winners: order.slice(0, input.places).map((ticket, k) => ({ ticket, item: input.items[k] ?? null })),
    waitingList: order.slice(input.places),
  };
}

/** The published export: everything verify needs, and nothing about anyone beyond the labels. */
export interface LotteryExport {
  format: typeof EXPORT_FORMAT;
  lottery: { id: number; communityId: number; title: string; places: number; items: string[] };
  commitment: string;
  applicants: ListedApplicant[];
  applicantListHash: string;
  /** null until the draw */
  secret: string | null;
  publicInput: string | null;
  result: {
    order: number[];
    winners: { ticket: number; item: string | null }[];
    waitingList: number[];
  } | null;
  /** what happened after the draw (not part of it): a winner declined, the next took the place */
  declines: { ticket: number; passedTo: number | null; at: string }[];
}

export interface Verification {
  ok: boolean;
  checks: { name: string; ok: boolean; zh: string; en: string }[];
  recomputed: DrawResult | null;
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));

/** Redoes the draw from an export and says, check by check, whether the published figures match. */
export function verifyExport(e: LotteryExport): Verification {
  const checks: Verification["checks"] = [];
  const check = (name: string, ok: boolean, zh: string, en: string) => checks.push({ name, ok, zh, en });
  if (e.format !== EXPORT_FORMAT)
    check("format", false, `不认识的格式：${e.format}`, `Unknown format: ${e.format}`);
  const tickets = e.applicants.map((a) => a.ticket);
  check(
    "tickets",
    tickets.every((t, i) => t === i + 1),
    "申请号为 1…n 且按顺序排列",
    "Tickets are 1…n in order",
  );
  const listHash = listHashOf(e.applicants);
  check(
    "applicantListHash",
    listHash === e.applicantListHash,
    "申请名单的哈希与公布的一致",
    "The applicant list's hash matches the published one",
  );
  if (e.secret == null || e.publicInput == null || e.result == null) {
    check("drawn", false, "尚未摇号：没有可核对的结果", "Not drawn yet: there is no result to check");
    return { ok: false, checks, recomputed: null };
  }
  check(
    "commitment",
    commitmentOf(e.secret) === e.commitment,
    "公布的密钥与开放申请时公布的承诺值（SHA-256）一致",
    "The revealed secret matches the commitment (SHA-256) published when applications opened",
  );
  const r = draw({
    secret: e.secret,
    publicInput: e.publicInput,
    applicants: e.applicants,
    places: e.lottery.places,
    items: e.lottery.items,
  });
  // the draw is redone with the published list's own hash only if it matched; else with the recomputed one
  check("order", sameList(r.order, e.result.order), "摇号顺序一致", "The drawn order matches");
  check("winners", sameList(r.winners, e.result.winners), "中签名单一致", "The winners match");
  check(
    "waitingList",
    sameList(r.waitingList, e.result.waitingList),
    "候补名单一致",
    "The waiting list matches",
  );
  return { ok: checks.every((c) => c.ok), checks, recomputed: r };
}
