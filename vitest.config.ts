import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "bench/**/*.test.ts", "web/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "e2e/**", "web/dist/**", "dist/**"],
    // Starts a throwaway PostgreSQL cluster when LINLI_TEST_DB=postgres; PGlite otherwise.
    globalSetup: ["server/test/global-setup.ts"],
    pool: "forks",
    // Two workers on the 2-core CI machine; every worker holds its own database (PGlite or PG).
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
