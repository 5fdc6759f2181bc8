import { defineConfig } from "@playwright/test";
import base from "./playwright.config.ts";

// The browser journey through Debian's nginx (issue 16, item 5): `npm run test:proxy`. nginx serves
// HTTPS (HTTP/2) on LINLI_PROXY_PORT (default 5196), redirects plain HTTP on the port two above, and
// proxies to the app's two processes on the port between; e2e/proxy/stack.ts starts all three.
const HTTPS_PORT = Number(process.env.LINLI_PROXY_PORT ?? 5196);
export const proxyPorts = { https: HTTPS_PORT, app: HTTPS_PORT + 1, http: HTTPS_PORT + 2 };

export default defineConfig({
  ...base,
  testDir: "e2e/proxy",
  testIgnore: [],
  outputDir: process.env.LINLI_E2E_OUT ?? "test-results/proxy",
  globalSetup: "./e2e/proxy/global-setup.ts",
  webServer: undefined,
  timeout: 120_000,
  use: {
    ...base.use,
    baseURL: `https://127.0.0.1:${HTTPS_PORT}`,
    // the certificate is made at test time and signed by nobody
    ignoreHTTPSErrors: true,
  },
});
