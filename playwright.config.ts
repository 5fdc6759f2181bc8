import { defineConfig } from "@playwright/test";

// LINLI_E2E_PORT, LINLI_E2E_OUT (and LINLI_WEB_DIST for the server) let two runs go side by side
const PORT = Number(process.env.LINLI_E2E_PORT ?? 5179);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Browser journeys drive Debian's Chromium (`apt-get install chromium fonts-noto-cjk`); Playwright's
// own browser download is never used (`npx playwright install` cannot download here).
export default defineConfig({
  testDir: "e2e",
  // the journey through nginx has its own configuration and servers (playwright.proxy.config.ts)
  testIgnore: "proxy/**",
  outputDir: process.env.LINLI_E2E_OUT ?? "test-results",
  workers: 1,
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
  webServer: {
    // Built server on port 5179 with a fresh temporary embedded database and demo data.
    command: "npm run start:e2e",
    // every journey reports as the same demo resident, and a retried journey reports again: the
    // per-person limit (10 an hour by default, tested in submission-limit.test.ts) is raised here
    env: { LINLI_SUBMISSION_LIMITS: "100,300,1000", PORT: String(PORT) },
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
