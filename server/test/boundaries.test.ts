// Each boundary rule bites: `npm run lint:boundaries`' tools fail on the deliberately bad fixture named after
// the rule (scripts/boundaries-fixtures/<rule>/, a small tree laid out like the repository).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "../..");
const fixtures = join(repo, "scripts/boundaries-fixtures");
const depcruise = join(repo, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

const IMPORT_RULES = [
  "no-other-module-queries",
  "module-public-surface",
  "no-cross-feature-imports",
  "shared-not-to-features",
  "features-not-to-app",
  "no-circular",
];
const SCAN_RULES = [
  "no-sql-outside-queries",
  "no-process-env-outside-config",
  "tables-private",
  "no-module-cycles",
];

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("boundary rules fail on their bad fixture", () => {
  it("has one fixture per rule", () => {
    const folders = readdirSync(fixtures, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.map((e) => e.name).sort()).toEqual([...IMPORT_RULES, ...SCAN_RULES].sort());
  });

  it.each(IMPORT_RULES)("dependency-cruiser: %s", { timeout: 60_000 }, (rule) => {
    const cwd = join(fixtures, rule);
    const tops = ["server", "web"].filter((top) => existsSync(join(cwd, top)));
    const { status, output } = run(
      [depcruise, ...tops, "--config", join(repo, ".dependency-cruiser.cjs"), "-T", "err"],
      cwd,
    );
    expect(output).toContain(`error ${rule}:`);
    expect(status).not.toBe(0);
  });

  it.each(SCAN_RULES)("check-boundaries: %s", { timeout: 60_000 }, (rule) => {
    const cwd = join(fixtures, rule);
    const { status, output } = run(["--import", "tsx", join(repo, "scripts/check-boundaries.ts"), cwd], repo);
    expect(output).toContain(`error ${rule}:`);
    expect(status).not.toBe(0);
  });
});
