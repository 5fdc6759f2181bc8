// Journey (issue 9, "offline on a phone"): a resident opens 首页 and 我的反映 while online — the app
// installs its service worker as they do — then the phone loses its connection. Reloading still
// shows 我的反映 with the reports last seen, and 首页 opens too, each with a notice that the phone is
// offline and what is shown is what was seen last; when the connection returns the notice goes.
// (Writing a report offline and sending it later is the report page's own journey.)
import { expect, type Page, test } from "@playwright/test";
import {
  demoResident,
  expectEveryPageChecked,
  getJson,
  phonePage,
  postJson,
  residentSignIn,
  screenshot,
} from "./voice-helpers.ts";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

/** The paths of the API answers the service worker keeps for the resident pages. */
const keptAnswers = (page: Page) =>
  page.evaluate(async () => {
    const cache = await caches.open("linli-resident-api");
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });

test("the resident pages open offline with what was last seen, and say that the phone is offline", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const { communityId } = resident;
  // a report of the resident's own, to find again offline
  const title = `楼道灯不亮了 ${Date.now() % 100_000}`;
  const categories = await getJson<{ id: number; code: string; kinds: string[] }[]>(
    resident.api,
    `/api/communities/${communityId}/categories`,
  );
  const category =
    categories.find((c) => c.code === "public_facilities") ??
    categories.find((c) => c.kinds.includes("problem"))!;
  await postJson(resident.api, `/api/communities/${communityId}/requests`, {
    kind: "problem",
    categoryId: category.id,
    title,
    description: "3栋2单元楼道的灯晚上不亮，老人上下楼看不清。",
    place: { type: "household" },
  });

  const phone = await phonePage(browser, baseURL);

  await test.step("online: 首页 and 我的反映, while the app's service worker takes over", async () => {
    await residentSignIn(phone, resident.account.phone);
    await expect(phone.getByTestId("hello")).toBeVisible();
    // the worker installs after the first load and takes over this page (clients.claim)
    await phone.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await expect.poll(() => keptAnswers(phone), { timeout: 20_000 }).toContain("/api/me");
    await expect(phone.getByTestId("offline-notice")).toHaveCount(0);
    await screenshot(phone, "offline-shell-home");

    await phone.getByTestId("home-my-requests").click();
    await expect(phone).toHaveURL(/\/m\/requests$/);
    await expect(phone.getByText(title)).toBeVisible();
    await screenshot(phone, "offline-shell-requests");
  });

  await test.step("offline: a reload still shows 我的反映 as last seen, and 首页, with a notice", async () => {
    await phone.context().setOffline(true);
    await phone.reload();
    await expect(phone.getByTestId("offline-notice")).toBeVisible();
    await expect(phone.getByTestId("offline-notice")).toHaveText(
      "现在没有网络：显示的是上次看到的内容，联网后会自动更新。",
    );
    await expect(phone.getByTestId("my-requests-page")).toBeVisible();
    await expect(phone.getByText(title)).toBeVisible();
    await screenshot(phone, "offline-shell-requests-offline");

    // a page opened afresh without a connection: the worker answers with the app and the last answers
    await phone.goto("/m");
    await expect(phone.getByTestId("hello")).toBeVisible();
    await expect(phone.getByTestId("offline-notice")).toBeVisible();
    await screenshot(phone, "offline-shell-home-offline");
  });

  await test.step("back online: the notice goes, and the pages read afresh", async () => {
    await phone.context().setOffline(false);
    await expect(phone.getByTestId("offline-notice")).toHaveCount(0);
    await phone.getByTestId("home-my-requests").click();
    await expect(phone.getByText(title)).toBeVisible();
  });

  await test.step("signing out forgets the answers kept on the phone", async () => {
    const signOut = await phone.evaluate(() =>
      fetch("/api/auth/sign-out", { method: "POST", credentials: "same-origin" }).then((r) => r.status),
    );
    expect(signOut).toBeLessThan(300);
    await expect.poll(() => keptAnswers(phone), { timeout: 10_000 }).not.toContain("/api/me");
  });
});
