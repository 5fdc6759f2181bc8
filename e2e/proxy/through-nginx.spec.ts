// Journey through Debian's nginx (issue 16, item 5; deploy/nginx/linli.conf as shipped): the app runs as
// two processes on PostgreSQL behind nginx's HTTPS (HTTP/2). A grid worker keeps the staff console open;
// a resident on a 360 px phone signs in, reports a broken light with a photo (a multipart upload through
// the proxy) and sees the report; the worker's console hears of it at once over the live notification
// stream (server-sent events, unbuffered through nginx). Along the way: plain HTTP is redirected to
// HTTPS, the session cookie is Secure (the app believes X-Forwarded-Proto), and the app counts a failed
// sign-in against the browser's address, not nginx's (it believes X-Forwarded-For from the proxy only).
import http from "node:http";
import {
  type Browser,
  type BrowserContextOptions,
  expect,
  type Page,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import pg from "pg";
import { proxyPorts } from "../../playwright.proxy.config.ts";
import { checkPage, trackPages } from "../page-checks.ts";
import {
  accountsWithRole,
  DEMO_PASSWORD,
  expectEveryPageChecked,
  type MeBody,
  photoPng,
  residentSignIn,
  screenshot,
  staffSignIn,
  watchSecurityPolicy,
} from "../voice-helpers.ts";
import { PROXY_SOURCE } from "./stack.ts";

test.afterEach(() => expectEveryPageChecked());

const CONTEXT: BrowserContextOptions = {
  ignoreHTTPSErrors: true,
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
};

async function apiAs(baseURL: string | undefined, phone: string) {
  const api = await playwrightRequest.newContext({ baseURL, ignoreHTTPSErrors: true });
  const res = await api.post("/api/auth/sign-in", { data: { phone, password: DEMO_PASSWORD } });
  expect(res.ok(), `sign-in of ${phone}: ${res.status()}`).toBeTruthy();
  return { api, me: (await res.json()) as MeBody };
}

async function newPage(
  browser: Browser,
  baseURL: string | undefined,
  o: BrowserContextOptions,
): Promise<Page> {
  const context = await browser.newContext({ ...CONTEXT, baseURL, ...o });
  return trackPages(watchSecurityPolicy(await context.newPage()));
}

function plainGet(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      })
      .on("error", reject);
  });
}

test("through nginx: a resident's report reaches the grid worker's open console live, over HTTPS and HTTP/2", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  // a retried run meets the first run's report: each run's title is its own
  const title = `路灯坏了（${Date.now().toString(36).slice(-5)}）`;

  await test.step("plain HTTP is only a redirect to HTTPS", async () => {
    const res = await plainGet(`http://127.0.0.1:${proxyPorts.http}/m/report?x=1`);
    expect(res.status).toBe(301);
    expect(res.location).toBe("https://127.0.0.1/m/report?x=1");
  });

  // the resident and the grid worker of the resident's grid, read from the API through the proxy
  const residentAccount = accountsWithRole("resident (owner)")[0]!;
  const resident = await apiAs(baseURL, residentAccount.phone);
  const communityId = resident.me.residencies.find((r) => r.status === "verified")!.communityId;
  const homes = (await (await resident.api.get("/api/me/households")).json()) as {
    household: { address: string; gridId: number | null };
  }[];
  const household = homes[0]!.household;
  let worker: string | undefined;
  for (const a of accountsWithRole("grid_worker")) {
    const { api, me } = await apiAs(baseURL, a.phone);
    await api.dispose();
    if (
      me.roles.some(
        (g) => g.role === "grid_worker" && g.scopeType === "grid" && g.scopeId === household.gridId,
      )
    )
      worker = a.phone;
  }
  expect(worker, "a demo grid worker works in the resident's grid").toBeTruthy();
  await resident.api.dispose();

  await test.step("the app believes the proxy's X-Forwarded-For, and nobody else's", async () => {
    const api = await playwrightRequest.newContext({ baseURL, ignoreHTTPSErrors: true });
    // a wrong password, with a forged header nginx overwrites
    const res = await api.post("/api/auth/sign-in", {
      data: { phone: "13800009999", password: "not-the-password" },
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(res.status()).toBe(401);
    await api.dispose();
    const db = new pg.Client({ connectionString: process.env.LINLI_PROXY_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ key: string }>("select key from auth_throttle where key like 'ip:%'");
    await db.end();
    const keys = rows.map((r) => r.key);
    // the browser's address (127.0.0.1), as nginx (connecting from 127.0.0.2) names it
    expect(keys).toContain("ip:127.0.0.1");
    expect(keys).not.toContain(`ip:${PROXY_SOURCE}`);
    expect(keys).not.toContain("ip:203.0.113.7");
  });

  const staff = await newPage(browser, baseURL, { viewport: { width: 1440, height: 900 } });
  await staff.context().addInitScript((id) => {
    localStorage.setItem("linli.staff.community", String(id));
  }, communityId);

  await test.step("the grid worker opens the console: HTTPS over HTTP/2, a Secure session cookie", async () => {
    await staffSignIn(staff, worker!);
    await expect(staff).toHaveURL(/\/staff\/inbox$/);
    const protocol = await staff.evaluate(
      () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol,
    );
    expect(protocol).toBe("h2");
    const session = (await staff.context().cookies()).find((c) => c.name === "linli_session");
    expect(session?.secure, "the session cookie is Secure behind the proxy").toBe(true);
    expect(session?.httpOnly).toBe(true);
  });

  const phone = await newPage(browser, baseURL, {
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });

  let heard: Promise<void> = Promise.reject(new Error("the report was not submitted"));
  heard.catch(() => {});
  await test.step("the resident reports a broken light with a photo and sees the report", async () => {
    await residentSignIn(phone, residentAccount.phone);
    await phone.getByTestId("home-report").click();
    await expect(phone.getByTestId("report-page")).toBeVisible();
    await phone.getByTestId("kind-problem").click();
    await phone.getByTestId("category").getByText("公共设施", { exact: true }).click();
    await phone.getByTestId("report-title").locator("input").fill(title);
    await phone
      .getByTestId("report-description")
      .locator("textarea")
      .fill("楼下路灯晚上不亮，老人出门看不清路。");
    await phone.getByTestId("photo-input").setInputFiles({
      name: "light.png",
      mimeType: "image/png",
      buffer: photoPng([255, 200, 40]),
    });
    await expect(phone.locator(".m-photo img")).toHaveCount(1);
    // the light is at the resident's own building
    const [estateName, buildingName] = household.address.split(" ") as [string, string];
    const estate = phone
      .getByTestId("building-picker")
      .getByRole("button", { name: estateName, exact: true });
    if ((await estate.count()) > 0) await estate.click();
    await phone
      .getByTestId("building-choices")
      .getByRole("button", { name: buildingName, exact: true })
      .click();
    await screenshot(phone, "proxy-report-form");
    // the console's message lasts 3 s: watched for from before the submission
    heard = expect(staff.locator(".ant-message-notice").filter({ hasText: title })).toBeVisible({
      timeout: 60_000,
    });
    await phone.getByTestId("report-submit").click();
    await expect(phone.getByTestId("report-done")).toBeVisible();
    await checkPage(phone, "proxy-report-done");
    await phone.getByTestId("report-view").click();
    await expect(phone).toHaveURL(/\/m\/requests\/\d+\/\d+$/);
    await expect(phone.getByTestId("request-title")).toHaveText(title);
    await expect(phone.getByTestId("submit-photos").locator("img")).toHaveCount(1);
    await screenshot(phone, "proxy-report-seen");
  });

  await test.step("the worker's open console hears of it over the live stream, without a reload", async () => {
    // antd's message with the notification's title, sent by whichever process holds the stream
    await heard;
    await expect(staff).toHaveURL(/\/staff\/inbox$/);
    await screenshot(staff, "proxy-console-heard");
  });
});
