// Issue 7 fault 6: the pages, the staff console and the API docs work under the content security
// policy (no inline script, nothing from elsewhere), and the headers reach the browser.
import { expect, test } from "@playwright/test";
import {
  expectEveryPageChecked,
  phonePage,
  screenshot,
  staffPage,
  watchSecurityPolicy,
} from "./voice-helpers.ts";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("pages, the console and /docs run under the security headers without a policy violation", async ({
  browser,
  baseURL,
}) => {
  const phone = await phonePage(browser, baseURL);
  const res = await phone.goto("/m/sign-in");
  const headers = res!.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self';");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await expect(phone.getByTestId("sign-in-submit")).toBeVisible();
  await screenshot(phone, "security-sign-in-under-csp");
  // the public board draws its charts (ECharts) under the policy too
  await phone.goto("/m/board");
  await expect(phone.locator("canvas, svg").first()).toBeVisible({ timeout: 20_000 });
  await screenshot(phone, "security-board-under-csp");

  const desk = await staffPage(browser, baseURL, 0);
  await desk.goto("/staff");
  await expect(desk.getByTestId("staff-phone")).toBeVisible();
  await screenshot(desk, "security-staff-sign-in-under-csp");

  const docs = watchSecurityPolicy(await desk.context().newPage());
  await docs.goto("/docs");
  await expect(docs.locator(".swagger-ui .info .title")).toContainText("Linli");
  await expect(docs.locator(".opblock").first()).toBeVisible();
  await screenshot(docs, "security-docs-under-csp");
});
