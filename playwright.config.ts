import { defineConfig } from "@playwright/test";

// LINLI_E2E_PORT, LINLI_E2E_OUT (and LINLI_WEB_DIST for the server) let two runs go side by side
const PORT = Number(process.env.LINLI_E2E_PORT ?? 5179);
// Two workers, each with a server of its own (its own embedded database with the demo data): journeys
// running at the same time never meet in one database, and a journey sees only the journeys run
// before it by its own worker, as it did with one. A worker's slot (TEST_PARALLEL_INDEX, set before
// the worker reads this file) picks its server. LINLI_E2E_WORKERS=1 runs them one after another.
const WORKERS = Math.max(1, Math.min(2, Number(process.env.LINLI_E2E_WORKERS ?? 2) || 2));
const portOf = (slot: number) => PORT + slot;
const BASE_URL = `http://127.0.0.1:${portOf(Number(process.env.TEST_PARALLEL_INDEX ?? 0) % WORKERS)}`;

// Browser journeys drive Debian's Chromium (`apt-get install chromium fonts-noto-cjk`); Playwright's
// own browser download is never used (`npx playwright install` cannot download here).
export default defineConfig({
  testDir: "e2e",
  // the journey through nginx has its own configuration and servers (playwright.proxy.config.ts)
  testIgnore: "proxy/**",
  outputDir: process.env.LINLI_E2E_OUT ?? "test-results",
  workers: WORKERS,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // one retry in CI, for a one-off browser hiccup on a loaded machine. (The board journey used to wait
  // on the minute figures job, which sometimes missed its minute; changes now nudge the job, so the
  // board counts within seconds and the journey fails if it takes a minute.)
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    // an action that cannot happen (an element covered for good) fails here instead of at the test's end
    actionTimeout: 30_000,
    browserName: "chromium",
    baseURL: BASE_URL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    screenshot: "on",
    trace: "on-first-retry",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: Array.from({ length: WORKERS }, (_, slot) => ({
    // Built server with a fresh temporary embedded database and demo data.
    command: "npm run start:e2e",
    // every journey reports as the same demo resident, and a retried journey reports again: the
    // per-person limit (10 an hour by default, tested in submission-limit.test.ts) is raised here
    env: { LINLI_SUBMISSION_LIMITS: "100,300,1000", PORT: String(portOf(slot)) },
    url: `http://127.0.0.1:${portOf(slot)}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  })),
});
