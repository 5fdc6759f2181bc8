// Journey (issue 9, Must show): a resident with no connection writes a report; the phone keeps it and
// shows it as 待发送 in 我的反映; when the connection returns it is sent by itself and arrives once.
// Also when the answer to the sending is lost and the page is reloaded while the report still waits:
// the phone sends it again with the same key, and the server answers the first request instead of
// storing a second. "Once" is checked through the API: exactly one request with that title.
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { runAxe } from "./page-checks.ts";
import {
  DEMO_PASSWORD,
  demoResident,
  expectEveryPageChecked,
  phonePage,
  screenshot,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

interface MyRequests {
  items: { id: number; title: string; status: string }[];
  nextCursor: number | null;
}

/** My requests with this title, as the server has them. */
async function requestsTitled(api: APIRequestContext, title: string) {
  const res = await api.get("/api/me/requests?limit=100");
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as MyRequests).items.filter((r) => r.title === title);
}

/** Signs the phone in through the API (the same cookie jar), so the journey starts on its own pages. */
async function signInPhone(page: Page, phone: string) {
  const res = await page.request.post("/api/auth/sign-in", { data: { phone, password: DEMO_PASSWORD } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/** Writes a street-light report on the open report page: the category moves the place to a building. */
async function writeReport(page: Page, title: string) {
  await expect(page.getByTestId("report-page")).toBeVisible();
  await page.getByTestId("kind-problem").click();
  await page.getByTestId("category").getByText("公共设施", { exact: true }).click();
  // a shared thing: the place moved from 我家 to 某栋楼, and the page says so
  await expect(page.getByTestId("where-building")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("where-note")).toBeVisible();
  // the picker opens at the resident's own estate
  await page.getByTestId("building-choices").getByRole("button").first().click();
  await expect(page.getByTestId("place-building")).toBeVisible();
  await page.getByTestId("report-title").locator("input").fill(title);
  await page.getByTestId("report-description").locator("textarea").fill("晚上路灯不亮，老人出门看不清路。");
}

async function setMode(page: Page, elderly: boolean) {
  await page.evaluate((on) => document.documentElement.classList.toggle("linli-elderly", on), elderly);
  await expect(page.locator("html")).toHaveClass(elderly ? /linli-elderly/ : /^(?!.*linli-elderly)/);
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
}

test("a report written offline waits on the phone as 待发送 and arrives once when the connection returns", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const phone = await phonePage(browser, baseURL);
  const context = phone.context();
  const title = `路灯不亮（离线）${Date.now()}`;

  await test.step("online, the resident opens 我的反映 and then 我要反映", async () => {
    await signInPhone(phone, resident.account.phone);
    await phone.goto("/m/requests");
    await expect(phone.getByTestId("my-requests-page")).toBeVisible();
    await screenshot(phone, "offline-my-requests-online");
    await phone.getByTestId("go-report").click();
    await expect(phone).toHaveURL(/\/m\/report$/);
    await expect(phone.getByTestId("report-page")).toBeVisible();
  });

  await test.step("the connection drops; the report is written and kept on the phone", async () => {
    await goOffline(context, phone);
    await writeReport(phone, title);
    await screenshot(phone, "offline-report-form");
    await phone.getByTestId("report-submit").click();
    await expect(phone.getByTestId("report-queued")).toBeVisible();
    await expect(phone.getByText("已保存在手机上，待发送")).toBeVisible();
    await screenshot(phone, "offline-report-queued");
  });

  await test.step("我的反映 shows it as 待发送 while there is no connection", async () => {
    await phone.getByTestId("report-queued-list").click();
    await expect(phone).toHaveURL(/\/m\/requests$/);
    const waiting = phone.getByTestId("queued-report");
    await expect(waiting).toHaveCount(1);
    await expect(waiting).toContainText(title);
    await expect(waiting.getByTestId("queued-chip")).toHaveText("待发送");
    // nothing reached the server yet
    expect(await requestsTitled(resident.api, title)).toHaveLength(0);
    await screenshot(phone, "offline-my-requests-waiting");
  });

  await test.step("the connection returns: sent by itself, once", async () => {
    await context.setOffline(false);
    await expect(phone.getByTestId("queued-reports")).toHaveCount(0, { timeout: 20_000 });
    const row = phone.locator('[data-testid^="my-request-"]', { hasText: title });
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    // the status is shown once per item: the chip, not again in the deadline line
    await expect(row.getByTestId("status-chip")).toHaveText("待签收");
    await expect(row.getByText("待签收")).toHaveCount(1);
    await expect(row.getByTestId("countdown")).toContainText("签收 · 剩");
    const stored = await requestsTitled(resident.api, title);
    expect(stored, "exactly one request with the title").toHaveLength(1);
    await screenshot(phone, "offline-my-requests-sent");
  });
});

test("the answer is lost and the page reloads while the report waits: still one request", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const phone = await phonePage(browser, baseURL);
  const context = phone.context();
  const title = `楼道灯坏了（重发）${Date.now()}`;

  await signInPhone(phone, resident.account.phone);
  await phone.goto("/m/requests");
  await expect(phone.getByTestId("my-requests-page")).toBeVisible();
  await screenshot(phone, "resend-my-requests");
  await phone.goto("/m/report");
  await expect(phone.getByTestId("report-page")).toBeVisible();
  await goOffline(context, phone);
  await writeReport(phone, title);
  await phone.getByTestId("report-submit").click();
  await expect(phone.getByTestId("report-queued")).toBeVisible();
  await screenshot(phone, "resend-report-queued");

  await test.step("back online, the server stores it but its answer never reaches the phone", async () => {
    let lost = 0;
    await phone.route("**/api/communities/*/requests", async (route) => {
      if (route.request().method() !== "POST" || lost > 0) return route.continue();
      lost += 1;
      await route.fetch(); // the server has it now …
      await route.abort("connectionreset"); // … and the phone hears nothing
    });
    await context.setOffline(false);
    await expect.poll(() => lost, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await requestsTitled(resident.api, title)).length).toBe(1);
    await phone.unroute("**/api/communities/*/requests");
  });

  await test.step("the page reloads with the report still waiting: sent again with its key, stored once", async () => {
    await phone.goto("/m/requests");
    await expect(phone.getByTestId("my-requests-page")).toBeVisible();
    await expect(phone.getByTestId("queued-reports")).toHaveCount(0, { timeout: 20_000 });
    await expect(phone.locator('[data-testid^="my-request-"]', { hasText: title })).toHaveCount(1);
    expect(await requestsTitled(resident.api, title), "exactly one request with the title").toHaveLength(1);
    await screenshot(phone, "resend-my-requests-once");
  });
});

test("elderly mode: text contrast of 7:1 and more, body text of 20 px, nothing under 16 px on the report pages", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const resident = await demoResident(baseURL);
  const phone = await phonePage(browser, baseURL);
  await signInPhone(phone, resident.account.phone);
  for (const [path, testId, name] of [
    ["/m/report", "report-page", "contrast-report"],
    ["/m/requests", "my-requests-page", "contrast-my-requests"],
    ["/m", "resident-home", "contrast-home"],
  ] as const) {
    await phone.goto(path);
    await expect(phone.getByTestId(testId)).toBeVisible();
    // the class the mode sets, not the header's toggle: the account's choice stays as it was for the
    // journeys that come after (a toggle's request cut short by the next page would leave it on)
    await setMode(phone, true);
    // WCAG 1.4.6 (AAA): the elderly mode promises 7:1 for text
    const enhanced = await runAxe(phone, { runOnly: { type: "rule", values: ["color-contrast-enhanced"] } });
    expect(
      enhanced.violations.flatMap((v) =>
        v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
      ),
      `text under 7:1 in elderly mode on ${path}`,
    ).toEqual([]);
    const small = await phone.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("main *, header *")]
        .filter(
          (e) =>
            e.offsetParent !== null &&
            [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent?.trim()),
        )
        .map((e) => ({
          text: e.textContent!.trim().slice(0, 20),
          size: Number.parseFloat(getComputedStyle(e).fontSize),
        }))
        .filter((e) => e.size < 16),
    );
    expect(small, `text under 16 px in elderly mode on ${path}`).toEqual([]);
    expect(
      await phone.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize)),
    ).toBeGreaterThanOrEqual(20);
    await setMode(phone, false);
    await screenshot(phone, name);
  }
});
