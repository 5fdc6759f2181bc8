// The texts' guarantees beyond the types: each part's English has exactly its Chinese keys (the type
// checks it too) and the same {{placeholders}}, no key is defined by two parts (the merge would
// silently keep one), and a feature's code uses only its own texts and the shared words.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { messageKeys } from "../shared/i18n/messages";
import { zhParts } from "./messages";
import { enParts } from "./messages-en";

const webSrc = join(import.meta.dirname, "..");
const featuresDir = join(webSrc, "features");
const messageParts = Object.fromEntries(
  Object.entries(zhParts).map(([name, zh]) => [name, { zh, en: enParts[name as keyof typeof enParts] }]),
) as { [K in keyof typeof zhParts]: { zh: (typeof zhParts)[K]; en: (typeof enParts)[K] } };
// the same parts in both languages, checked by the type checker here (messages-en.ts does not import
// messages.ts, which loads it lazily: no import circle between them)
const enForEveryZh: Record<keyof typeof zhParts, object> = enParts;
const zhForEveryEn: Record<keyof typeof enParts, object> = zhParts;
const parts = Object.entries(messageParts);
const keysOf = (tree: object) => new Set(messageKeys(tree));
const get = (tree: object, key: string): unknown =>
  key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

it("names the same parts in Chinese and English", () => {
  expect(Object.keys(enForEveryZh).sort()).toEqual(Object.keys(zhForEveryEn).sort());
});

describe("messages", () => {
  it("every part has the same keys and placeholders in Chinese and English", () => {
    for (const [name, { zh, en }] of parts) {
      expect(messageKeys(en), name).toEqual(messageKeys(zh));
      for (const key of messageKeys(zh)) {
        expect(typeof get(en, key), key).toBe("string");
        expect(placeholders(get(en, key)), key).toEqual(placeholders(get(zh, key)));
      }
    }
  });

  it("no key is defined by two parts", () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, { zh }] of parts) {
      for (const key of messageKeys(zh)) {
        if (owner.has(key)) twice.push(`${key}: ${owner.get(key)} and ${name}`);
        owner.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it("every feature folder with texts is a part", () => {
    const folders = readdirSync(featuresDir).flatMap((section) =>
      readdirSync(join(featuresDir, section))
        .filter((feature) => existsSync(join(featuresDir, section, feature, `${feature}.zh-CN.ts`)))
        .map((feature) => `${section}/${feature}`),
    );
    expect(folders.sort()).toEqual(
      Object.keys(messageParts)
        .filter((name) => name.includes("/"))
        .sort(),
    );
  });

  it("a feature's code uses only its own texts and the shared words; shared code only the shared words", () => {
    const allKeys = new Set(parts.flatMap(([, { zh }]) => messageKeys(zh)));
    const shared = keysOf(messageParts.shared.zh);
    const folders: [string, string, Set<string>][] = [
      ["shared", join(webSrc, "shared"), new Set()],
      ...parts
        .filter(([name]) => name.includes("/"))
        .map(([name, { zh }]): [string, string, Set<string>] => [
          name,
          join(webSrc, "features", name),
          keysOf(zh),
        ]),
    ];
    const foreign: string[] = [];
    for (const [name, dir, own] of folders) {
      for (const file of sourceFiles(dir)) {
        const source = readFileSync(file, "utf8");
        for (const [, literal] of source.matchAll(/["'`]([\w-]+(?:\.[\w-]+)+)["'`]/g)) {
          if (allKeys.has(literal) && !own.has(literal) && !shared.has(literal)) {
            foreign.push(`${name}: ${relative(webSrc, file)} uses ${literal}`);
          }
        }
      }
    }
    expect(foreign).toEqual([]);
  });
});

/** The .ts/.tsx files under a folder, texts files left out, and the permission names (they look like keys). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter(
      (f) =>
        /\.tsx?$/.test(f) &&
        !/\.(zh-CN|en)\.ts$/.test(f) &&
        !f.endsWith(".test.ts") &&
        f !== "api/permissions.ts",
    )
    .map((f) => join(dir, f));
}
