// PIPL: phone numbers and ID numbers are masked in every list and response, and free text shown to
// the public is masked too (privacy's presenter, used by every module that shows people).

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return "*".repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 420106199001011234 → 4201**********1234 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 8) return "*".repeat(id.length);
  return `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}

// ---------------------------------------------------------------------------------------------
// Free text shown to the public (a published request's title, description and address; the claim
// board): phone numbers, ID numbers, e-mail addresses and the names of the community's residents are
// masked before the text leaves the server. The stored text is never changed: staff and the submitter
// still read it whole.

/** Full-width digits (１３８…, typed with a Chinese input method) read as ASCII digits. */
const toAsciiDigits = (s: string) =>
  s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

// One separator may stand between the digits of a number people type ("138 1234 5678", "138-1234-5678").
const SEP = "[ －-]?";
const PII_TEXT = new RegExp(
  [
    // an e-mail address (a QQ number or a phone may be its local part: masked with it)
    String.raw`(?<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})`,
    // resident ID numbers (GB 11643-1999): 18 characters with an X check character, or the old 15 digits
    String.raw`(?<id>(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx]))`,
    // mainland mobile numbers, with +86 / 0086 and separators
    // (not when more digits follow after a separator: then it is part of a longer number, below)
    String.raw`(?<mobile>(?<!\d)(?:(?:\+|00)86${SEP})?1${SEP}[3-9](?:${SEP}\d){9}(?!${SEP}\d))`,
    // landlines with their area code: 027-87654321, (027)87654321, 02787654321
    String.raw`(?<landline>(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3})${SEP}[2-9]\d{6,7}(?!\d))`,
    // any other run of 11 or more digits, separators allowed (bank cards, numbers with a country
    // code, a phone glued to other digits by a dash: "1400-0086130-00000000")
    String.raw`(?<digits>(?<!\d)\d(?:${SEP}\d){10,}(?!\d))`,
    // a local number without its area code, where the text says it is one (not the start of a number
    // with a country code, "电话+8613000-000000", nor of a longer one: those are matched above)
    String.raw`(?<said>(?:电话|手机|座机|致电|拨打|联系方式|tel|phone)[^\d\n+]{0,6}?)(?<local>[2-9]\d{6,7})(?!${SEP}\d)`,
  ].join("|"),
  "giu",
);

const digitsOf = (s: string) => s.replace(/\D/g, "");
/** Keeps the first `head` and last `tail` digits of a number, the rest as `*`. */
const keepEnds = (digits: string, head: number, tail: number) =>
  digits.length <= head + tail
    ? "*".repeat(digits.length)
    : `${digits.slice(0, head)}${"*".repeat(digits.length - head - tail)}${digits.slice(-tail)}`;

function maskMatch(m: string, g: Record<string, string | undefined>): string {
  if (g.email) {
    const at = m.lastIndexOf("@");
    return `${m[0]}***${m.slice(at)}`;
  }
  if (g.id) return maskIdNumber(m)!;
  if (g.mobile) {
    const d = digitsOf(m);
    const national = d.slice(-11);
    const prefix = m.startsWith("+") ? "+86 " : d.length > 11 ? "0086 " : "";
    return `${prefix}${maskPhone(national)}`;
  }
  if (g.landline) {
    const area = /^[(（]?(0\d{2,3})/.exec(m)![1]!;
    const local = digitsOf(m).slice(area.length);
    return `${area}-${keepEnds(local, 0, 4)}`;
  }
  if (g.digits) return keepEnds(digitsOf(m), 3, 4);
  return `${g.said}${keepEnds(g.local!, 0, 4)}`;
}

/** Two-character family names (复姓): a name that starts with one keeps both characters. */
const COMPOUND_SURNAMES = new Set(
  "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 澹台 太史 端木 申屠 南宫 西门 独孤 万俟 呼延 公冶 濮阳 淳于 单于".split(
    " ",
  ),
);
const HAN = /^\p{Script=Han}+$/u;

/**
 * A name as a public text shows it: the family name and 某 for a Chinese name (张三 → 张某, 欧阳娜娜 →
 * 欧阳某), as courts publish judgments (最高人民法院关于人民法院在互联网公布裁判文书的规定 Art. 9), and
 * the first letter for any other name (Anna Li → A***).
 */
export function maskName(name: string): string {
  const n = name.trim();
  if (HAN.test(n)) {
    const family = n.length >= 3 && COMPOUND_SURNAMES.has(n.slice(0, 2)) ? n.slice(0, 2) : n.slice(0, 1);
    return `${family}某`;
  }
  return `${n.slice(0, 1)}***`;
}

/** Names to find in a text: built once (per community) and used for many texts. */
export interface NameList {
  /** lower-cased names of at least 2 characters */
  readonly names: ReadonlySet<string>;
  /** characters a name starts with (lower case), to skip most positions at once */
  readonly firsts: ReadonlySet<string>;
  readonly longest: number;
}

/** Longer than any name a person writes; longer entries in a register are not names to look for. */
const MAX_NAME = 30;

export function nameList(names: Iterable<string | null | undefined>): NameList {
  const set = new Set<string>();
  const firsts = new Set<string>();
  let longest = 0;
  for (const raw of names) {
    const n = raw?.trim().toLowerCase();
    // one character (a bare family name) would mask too much; digits are not part of names
    if (!n || [...n].length < 2 || n.length > MAX_NAME || /\d/.test(n)) continue;
    set.add(n);
    firsts.add(n[0]!);
    longest = Math.max(longest, n.length);
  }
  return { names: set, firsts, longest };
}

export const NO_NAMES: NameList = nameList([]);

const LETTER = /[\p{L}\p{N}]/u;
const isLatinLike = (s: string) => !HAN.test(s);

/**
 * Replaces every name of the list found in the text by its masked form, the longest name first at
 * each position. A Chinese name is found anywhere (Chinese has no spaces between words); any other
 * name only as whole words (Ann is not masked inside Announcement). A word that happens to be a
 * resident's name (a resident named 高峰) is masked too: the public text errs on the side of privacy.
 */
function maskNames(text: string, list: NameList): string {
  if (list.names.size === 0) return text;
  const lower = text.toLowerCase();
  // toLowerCase keeps the length for the texts compared here; if not, compare the text itself
  const hay = lower.length === text.length ? lower : text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (list.firsts.has(hay[i]!)) {
      let found = 0;
      for (let len = Math.min(list.longest, text.length - i); len >= 2; len--) {
        const cand = hay.slice(i, i + len);
        if (!list.names.has(cand)) continue;
        if (isLatinLike(cand) && (LETTER.test(text[i - 1] ?? "") || LETTER.test(text[i + len] ?? "")))
          continue;
        found = len;
        break;
      }
      if (found) {
        out += maskName(text.slice(i, i + found));
        i += found;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/**
 * A text as the public may read it: phone numbers (mobiles 138****5678, landlines 027-****4321, a
 * local number where the text calls it a phone), ID numbers (4201**********1234), e-mail addresses
 * (w***@example.com), long digit runs, and the names of the given lists (张某) masked, list by list
 * (a community's register, then the few names one request carries). Everything else is kept.
 */
export function maskPublicText(text: string, ...names: NameList[]): string {
  if (!text) return text;
  // again until nothing changes: a number masked first may have taken digits of the next one
  // ("150 0086 1300-0000000"); each pass that changes something hides digits, so this ends soon
  let out = toAsciiDigits(text);
  for (let pass = 0; pass < 5; pass++) {
    const next = out.replace(PII_TEXT, (m: string, ...rest: unknown[]) =>
      maskMatch(m, rest[rest.length - 1] as Record<string, string | undefined>),
    );
    if (next === out) break;
    out = next;
  }
  for (const list of names) out = maskNames(out, list);
  return out;
}
