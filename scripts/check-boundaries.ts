// The boundaries an import graph cannot see (ARCHITECTURE.md, "Boundaries"): SQL only in *.queries.ts
// (and the infrastructure named below), process.env only in server/src/config.ts, and a module's Kysely
// table types (*.tables.ts, type-only imports, which dependency-cruiser's reader strips) imported only by
// db/schema.ts and their own module; and no cycle among modules (file-level circles are
// dependency-cruiser's no-circular, a cycle through different files of two modules is caught here). dependency-cruiser (.dependency-cruiser.cjs) checks the import rules;
// `npm run lint:boundaries` runs both.
// Usage: check-boundaries.ts [root]  — root defaults to the repository; the test runs it on bad fixtures.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";

const root = process.argv[2] ?? join(import.meta.dirname, "..");

// Kysely's builders and the raw sql`` tag: what a query looks like in this code base.
const SQL = /\bsql`|\.(selectFrom|insertInto|updateTable|deleteFrom)\(/;
const ENV = /\bprocess\.env\b/;

// Infrastructure that ARCHITECTURE.md names as holding its own SQL: the
// cookie sessions, the outbox's insert in the change's transaction.
const INFRASTRUCTURE_SQL = ["server/src/http/session.ts", "server/src/events/outbox.ts"];

// ALLOWLIST (issue 8): SQL outside a queries file that is not fixed yet. To be emptied, never grown.
const KNOWN_SQL_VIOLATIONS: string[] = [];

const isTestOrTool = (path: string) =>
  /\.test\.tsx?$/.test(path) ||
  /\.fixtures?\.ts$/.test(path) || // test data builders and test processes, run by tests only
  /^(server\/test|bench|scripts|e2e)\//.test(path) ||
  /^[^/]+\.config\.ts$/.test(path); // vite.config.ts, vitest.config.ts, playwright.config.ts

const rules = [
  {
    name: "no-sql-outside-queries",
    hint: "move the query into the module's *.queries.ts and call it",
    pattern: SQL,
    allowed: (path: string) =>
      isTestOrTool(path) ||
      /\.queries\.ts$/.test(path) ||
      path.startsWith("server/src/db/") || // connection, migrations, shared query helpers
      path.startsWith("server/src/demo/") || // demo and synthetic data builders
      INFRASTRUCTURE_SQL.includes(path) ||
      KNOWN_SQL_VIOLATIONS.includes(path),
  },
  {
    name: "no-process-env-outside-config",
    hint: "read it in server/src/config.ts and pass the value",
    pattern: ENV,
    allowed: (path: string) => isTestOrTool(path) || path === "server/src/config.ts",
  },
];

// A *.tables.ts holds one module's table types (issue 8): db/schema.ts composes them into DB, the module's
// own files may use its row types, everyone else takes them from db/schema.ts. Type-only imports carry no
// behaviour, so dependency-cruiser never sees these imports: the rule reads the import specifiers here.
const TABLES_IMPORT = /\bfrom\s+["']([^"']+\.tables\.ts)["']|\bimport\(\s*["']([^"']+\.tables\.ts)["']/;
const TABLES_SCHEMA = "server/src/db/schema.ts";
/** The folder that owns a file: its module folder, or its own folder outside the modules (events/). */
const ownerOf = (path: string) =>
  /^server\/src\/modules\/[^/]+\/[^/]+\//.exec(path)?.[0] ?? `${dirname(path)}/`;

function tablesViolation(path: string, line: string): string | undefined {
  const match = TABLES_IMPORT.exec(line);
  const specifier = match?.[1] ?? match?.[2];
  if (!specifier?.startsWith(".") || path === TABLES_SCHEMA) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(path), specifier));
  return target.startsWith(ownerOf(path)) ? undefined : target;
}

// Modules depend on each other one way (issue 8): a module that builds on another (ratings on requests,
// claims on requests) is never imported back by it, type imports included. Every import between two
// module folders is an edge; a cycle among modules fails, tests excepted.
const MODULE_IMPORT = /\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/g;
const MODULE_DIR = /^server\/src\/modules\/[^/]+\/[^/]+/;
const moduleEdges = new Map<string, Map<string, string>>(); // from → to → a file:line that imports it

function noteModuleImports(path: string, lines: string[]): void {
  const from = MODULE_DIR.exec(path)?.[0];
  if (!from || isTestOrTool(path)) return;
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    for (const m of line.matchAll(MODULE_IMPORT)) {
      const specifier = m[1] ?? m[2];
      if (!specifier?.startsWith(".")) continue;
      const to = MODULE_DIR.exec(posix.normalize(posix.join(posix.dirname(path), specifier)))?.[0];
      if (!to || to === from) continue;
      const edges = moduleEdges.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path}:${i + 1}`);
      moduleEdges.set(from, edges);
    }
  });
}

/** Each cycle among modules once, as the list of modules around it. */
function moduleCycles(): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (m: string) => {
    state.set(m, "open");
    stack.push(m);
    for (const next of moduleEdges.get(m)?.keys() ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(" ");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(m, "done");
  };
  for (const m of [...moduleEdges.keys()].sort()) if (!state.has(m)) visit(m);
  return cycles;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name === "data" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) yield path;
  }
}

let violations = 0;
for (const top of ["server", "web", "bench", "scripts", "e2e"]) {
  let files: Generator<string>;
  try {
    statSync(join(root, top));
    files = sourceFiles(join(root, top));
  } catch {
    continue;
  }
  for (const file of files) {
    const path = relative(root, file).split("\\").join("/");
    if (path.startsWith("scripts/boundaries-fixtures/")) continue;
    const lines = readFileSync(file, "utf8").split("\n");
    noteModuleImports(path, lines);
    lines.forEach((line, i) => {
      const target = tablesViolation(path, line);
      if (!target || /^\s*(\/\/|\*)/.test(line)) return;
      violations++;
      console.error(
        `  error tables-private: ${path}:${i + 1} — ${target} is its module's; import the row types from ${TABLES_SCHEMA}\n    ${line.trim()}`,
      );
    });
    for (const rule of rules) {
      if (rule.allowed(path)) continue;
      lines.forEach((line, i) => {
        if (!rule.pattern.test(line) || /^\s*(\/\/|\*)/.test(line)) return;
        violations++;
        console.error(`  error ${rule.name}: ${path}:${i + 1} — ${rule.hint}\n    ${line.trim()}`);
      });
    }
  }
}
for (const file of readdirSync(root).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !/\.config\./.test(f))) {
  const text = readFileSync(join(root, file), "utf8");
  if (ENV.test(text)) {
    violations++;
    console.error(`  error no-process-env-outside-config: ${file}`);
  }
}
for (const cycle of moduleCycles()) {
  violations++;
  const around = [...cycle, cycle[0]!];
  const via = around.slice(1).map((to, i) => moduleEdges.get(around[i]!)?.get(to));
  console.error(
    `  error no-module-cycles: ${around.map((m) => m.replace("server/src/modules/", "")).join(" → ")}\n    ${via.join("\n    ")}`,
  );
}
if (violations > 0) {
  console.error(`\nx ${violations} boundary violation(s) (SQL / process.env / table types / module cycles)`);
  process.exit(1);
}
console.log(
  "✔ no SQL outside queries files, no process.env outside config, table types kept in their module, no module cycles",
);
