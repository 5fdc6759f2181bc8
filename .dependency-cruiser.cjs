// Import boundaries (ARCHITECTURE.md, "Boundaries"): `npm run lint:boundaries` runs dependency-cruiser with
// these rules and then scripts/check-boundaries.ts (SQL, process.env and who imports a module's *.tables.ts —
// type-only imports, which this reader strips — none of which an import graph can see).
// server/test/boundaries.test.ts runs each rule on a deliberately bad fixture (scripts/boundaries-fixtures/).
//
// A module is a folder server/src/modules/<section>/<module>/. Others may import only its public surface:
// *.service.ts (its functions), *.schema.ts (zod schemas), *.events.ts (events it emits), *.present.ts
// (rows → API shapes). Its *.queries.ts (SQL), routes, policies and helpers are private to it.
// Tests (*.test.ts) may reach into any module; type-only imports carry no behaviour and are not counted.

const MODULE = "^server/src/modules/([^/]+)/([^/]+)/";
const PUBLIC_SURFACE = "[.](service|schema|events|present)[.]ts$";

// ALLOWLIST: the violations that existed when these rules came (issue 8) and are not fixed yet are listed,
// one import each (from → to, rule), in .dependency-cruiser-known-violations.json, which
// `npm run lint:boundaries` passes as --ignore-known. Any new violation fails; fix one and delete its
// entry (`npx depcruise-baseline` rewrites the file). The list is to be emptied, never grown.

module.exports = {
  forbidden: [
    {
      name: "no-other-module-queries",
      comment: "A module's SQL (*.queries.ts) is private to it: call the owning module's service instead.",
      severity: "error",
      from: { path: MODULE, pathNot: ["[.]test[.]ts$"] },
      to: {
        path: `${MODULE}.*[.]queries[.]ts$`,
        pathNot: "^server/src/modules/$1/$2/",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "no-other-module-queries",
      comment: "Code outside the modules (demo, jobs, events, cli) does not run a module's SQL either.",
      severity: "error",
      from: { path: "^server/src/", pathNot: ["^server/src/modules/", "[.]test[.]ts$"] },
      to: { path: `${MODULE}.*[.]queries[.]ts$`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "module-public-surface",
      comment:
        "Another module is reached only through its *.service.ts, *.schema.ts, *.events.ts or *.present.ts.",
      severity: "error",
      from: { path: MODULE, pathNot: ["[.]test[.]ts$"] },
      to: {
        path: "^server/src/modules/[^/]+/[^/]+/",
        pathNot: ["^server/src/modules/$1/$2/", PUBLIC_SURFACE],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "no-cross-feature-imports",
      comment: "A web feature does not import another feature: move what both need to web/src/shared/.",
      severity: "error",
      from: { path: "^web/src/features/([^/]+)/([^/]+)/" },
      to: { path: "^web/src/features/", pathNot: "^web/src/features/$1/$2/" },
    },
    {
      name: "shared-not-to-features",
      comment: "Web code flows shared → features → app: shared code imports no feature and not the app.",
      severity: "error",
      from: { path: "^web/src/shared/" },
      to: { path: "^web/src/(features|app)/" },
    },
    {
      name: "features-not-to-app",
      comment: "Web code flows shared → features → app: a feature does not import the app frame.",
      severity: "error",
      from: { path: "^web/src/features/" },
      to: { path: "^web/src/app/" },
    },
    {
      name: "no-circular",
      comment: "No import circle between files.",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "^web/dist", "^data/", "^scripts/boundaries-fixtures/"] },
    // TypeScript 7 has no JavaScript API for dependency-cruiser's own TypeScript reader, so Babel strips the
    // types (type-only imports vanish: they carry no behaviour) and the JavaScript reader follows the rest.
    // @swc/core is installed only so that dependency-cruiser takes .ts/.tsx files as readable.
    babelConfig: { fileName: require("node:path").join(__dirname, ".babelrc.dependency-cruiser.json") },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
