// Journey (Chinese UI): a resident registers on the phone pages, asks to be bound to a household,
// a community worker verifies and binds them in the staff console, and the resident then sees the
// household under 我的房屋 — and turns on 长辈模式 (elderly mode).
//
// Nothing here hard-codes database ids: the community, its place names and a real household are
// found through the API, and the demo accounts come from the demo's own account list.
import {
  type APIRequestContext,
  expect,
  type Locator,
  type Page,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import { DEMO_ACCOUNTS } from "../server/src/demo/demo-accounts.ts";
import { trackPages } from "./page-checks.ts";
import { expectEveryPageChecked, phonePage, SCREENS, screenshot } from "./voice-helpers.ts";

const DEMO_PASSWORD = process.env.LINLI_DEMO_PASSWORD ?? "linli-demo-2026";

function demoPhone(role: string): string {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`the demo has no ${role} account`);
  return account.phone;
}

/** A fresh mainland mobile number for this run. */
function newPhone(): string {
  return `137${String(Date.now() % 100_000_000).padStart(8, "0")}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const exactly = (s: string) => new RegExp(`^\\s*${escapeRegExp(s)}\\s*$`);

async function signInApi(api: APIRequestContext, phone: string, password = DEMO_PASSWORD) {
  const res = await api.post("/api/auth/sign-in", { data: { phone, password } });
  expect(res.ok(), `sign-in of ${phone}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return res.json() as Promise<{
    id: number;
    roles: { role: string; scopeType: string; scopeCommunityId: number | null; scopeId: number | null }[];
  }>;
}

/** The newest SMS code sent to a phone, read from the built-in SMS outbox (system admin only). */
async function latestCode(admin: APIRequestContext, phone: string, after = 0): Promise<string> {
  let code = "";
  await expect
    .poll(
      async () => {
        const res = await admin.get(`/api/admin/sms-outbox?phone=${phone}`);
        if (!res.ok()) return `outbox ${res.status()}`;
        const messages = (await res.json()) as { id: number; body: string }[];
        const newest = messages.filter((m) => m.id > after).sort((a, b) => b.id - a.id)[0];
        code = /(\d{6})/.exec(newest?.body ?? "")?.[1] ?? "";
        return code ? "found" : "waiting";
      },
      { message: `an SMS code for ${phone}`, timeout: 15_000 },
    )
    .toBe("found");
  return code;
}

async function lastOutboxId(admin: APIRequestContext, phone: string): Promise<number> {
  const res = await admin.get(`/api/admin/sms-outbox?phone=${phone}`);
  expect(res.ok()).toBeTruthy();
  const messages = (await res.json()) as { id: number }[];
  return Math.max(0, ...messages.map((m) => m.id));
}

/** antd-mobile puts data-testid on the wrapper of an input. */
const input = (page: Page, testId: string): Locator => page.getByTestId(testId).locator("input");

interface Place {
  communityId: number;
  districtName: string;
  streetName: string;
  communityName: string;
  householdAddress: string;
}

/** The worker's community, its place names, and one of its households — all through the API. */
async function findPlace(
  worker: APIRequestContext,
  workerRoles: { role: string; scopeCommunityId: number | null; scopeId: number | null }[],
) {
  const grant = workerRoles.find((r) => r.role === "community_worker");
  // a community role names its community in scopeId; scopeCommunityId may be left empty
  const found = grant?.scopeCommunityId ?? grant?.scopeId;
  expect(found, "the demo community worker has a community").toBeTruthy();
  const communityId = found as number;

  const divisions = (await (await worker.get("/api/places/divisions")).json()) as {
    name: string;
    streets: { name: string; communities: { id: number; name: string }[] }[];
  }[];
  let names: Omit<Place, "communityId" | "householdAddress"> | undefined;
  for (const d of divisions)
    for (const s of d.streets)
      for (const c of s.communities)
        if (c.id === communityId) names = { districtName: d.name, streetName: s.name, communityName: c.name };
  expect(names, "the community is listed in the public divisions").toBeTruthy();

  const res = await worker.get(`/api/communities/${communityId}/households?page=1&pageSize=50`);
  expect(res.ok(), await res.text()).toBeTruthy();
  const { items } = (await res.json()) as { items: { address: string; unitId: number | null }[] };
  const household = items.find((h) => h.unitId != null) ?? items[0];
  expect(household, "the community has households").toBeTruthy();
  return { communityId, ...names!, householdAddress: household.address } satisfies Place;
}

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a resident registers, is bound to a household by a community worker, and uses elderly mode", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const admin = await playwrightRequest.newContext({ baseURL });
  const workerApi = await playwrightRequest.newContext({ baseURL });
  const adminPhone = demoPhone("system_admin");
  const workerPhone = demoPhone("community_worker");
  await signInApi(admin, adminPhone);
  const workerMe = await signInApi(workerApi, workerPhone);
  const place = await findPlace(workerApi, workerMe.roles);

  const residentPhone = newPhone();
  const residentName = "林小满";
  const residentPassword = "Linli-e2e-2026";
  const resident = await phonePage(browser, baseURL);

  await test.step("the resident opens 邻里 on the phone and registers", async () => {
    await resident.goto("/");
    await expect(resident).toHaveURL(/\/m$/);
    await expect(resident.getByText("欢迎来到邻里")).toBeVisible();

    // the first visit offers one big choice of text size (适老化), large enough for any finger
    const choice = resident.getByTestId("mode-choice");
    await expect(choice).toBeVisible();
    await expect(choice).toContainText("请选择字的大小");
    const big = resident.getByTestId("mode-choice-big");
    expect((await big.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    await resident.screenshot({ path: `${SCREENS}/first-visit-mode-choice.png`, fullPage: true });
    await big.click();
    await expect(resident.locator("html")).toHaveClass(/linli-elderly/);
    await expect(choice).toHaveCount(0);
    expect(await resident.evaluate(() => localStorage.getItem("linli.elderly"))).toBe("1");
    // normal text is readable too: 16 px and more
    await resident.getByTestId("elderly-toggle").click();
    await expect(resident.locator("html")).not.toHaveClass(/linli-elderly/);
    expect(
      await resident.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize)),
    ).toBeGreaterThanOrEqual(16);
    // chosen once, not asked again
    await resident.reload();
    await expect(resident.getByText("欢迎来到邻里")).toBeVisible();
    await expect(choice).toHaveCount(0);
    await expect(resident.getByTestId("staff-entry")).toBeVisible();
    await resident.getByTestId("home-register").click();
    await expect(resident).toHaveURL(/\/m\/register/);
    await expect(resident.getByTestId("get-code")).toBeVisible();
    await screenshot(resident, "register-form");

    await input(resident, "phone").fill(residentPhone);
    const before = await lastOutboxId(admin, residentPhone);
    await resident.getByTestId("get-code").click();
    await expect(resident.getByTestId("get-code")).toContainText("秒后重新获取");
    const code = await latestCode(admin, residentPhone, before);

    await input(resident, "code").fill(code);
    await input(resident, "name").fill(residentName);
    await input(resident, "password").fill(residentPassword);
    await resident.getByTestId("register-submit").click();
    await expect(resident.getByTestId("bind-page")).toBeVisible();
    await screenshot(resident, "bind-form");
  });

  await test.step("the resident asks to be bound to a household", async () => {
    await resident.getByTestId("area-picker").click();
    const cascader = resident.locator(".adm-cascader");
    for (const name of [place.districtName, place.streetName, place.communityName]) {
      await cascader
        .locator(".adm-check-list-item:visible")
        .filter({ hasText: exactly(name) })
        .click();
    }
    await cascader.locator(".adm-cascader-header-button").filter({ hasText: "确定" }).click();
    await expect(resident.getByTestId("area-picker")).toContainText(place.communityName);

    await input(resident, "claimed-address").fill(place.householdAddress);
    await resident.getByTestId("relation-owner").click();
    await expect(input(resident, "bind-name")).toHaveValue(residentName);
    await resident.getByTestId("bind-submit").click();
    await expect(resident.getByTestId("bind-submitted")).toBeVisible();
    await expect(resident.getByText("申请已提交")).toBeVisible();

    await resident.getByTestId("go-household").click();
    await expect(resident.getByTestId("residency-pending")).toBeVisible();
  });

  const staffContext = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // Work on the worker's community from the start (the console remembers the last one chosen).
  await staffContext.addInitScript((id) => {
    localStorage.setItem("linli.staff.community", String(id));
  }, place.communityId);
  const staff = trackPages(await staffContext.newPage());

  await test.step("a community worker signs in to the staff console", async () => {
    await staff.goto("/staff");
    await expect(staff).toHaveURL(/\/staff\/sign-in/);
    await expect(staff.getByText("工作人员登录")).toBeVisible();
    await screenshot(staff, "staff-sign-in-worker");
    await staff.getByTestId("staff-phone").fill(workerPhone);
    await staff.getByTestId("staff-password").fill(DEMO_PASSWORD);
    await staff.getByTestId("staff-sign-in").click();
    await expect(staff.getByTestId("staff-shell")).toBeVisible();
    await expect(staff.getByTestId("community-select")).toContainText(place.communityName);
    await expect(staff.locator(".ant-spin-spinning")).toHaveCount(0);
    await screenshot(staff, "staff-landing-worker");
  });

  await test.step("the people list shows masked phone numbers", async () => {
    await staff.getByTestId("menu-people").click();
    await expect(staff.getByTestId("people-page")).toBeVisible();
    const phones = staff.getByTestId("masked-phone");
    await expect(phones.first()).toBeVisible();
    await expect(phones.first()).toHaveText(/^1\d{2}\*{4}\d{4}$/);
    await screenshot(staff, "staff-people-list");
  });

  await test.step("the worker verifies the resident and binds them to the household as owner", async () => {
    await staff.getByRole("menuitem", { name: /待审核/ }).click();
    await expect(staff.getByTestId("verification-page")).toBeVisible();
    const row = staff.getByRole("row").filter({ hasText: residentName });
    await expect(row).toBeVisible();
    await expect(row).toContainText(place.householdAddress);
    // the queue shows the phone masked too
    await expect(row).not.toContainText(residentPhone);
    await expect(row).toContainText(`${residentPhone.slice(0, 3)}****${residentPhone.slice(7)}`);
    await screenshot(staff, "verification-queue");

    await row.getByRole("button", { name: /核实并绑定/ }).click();
    const dialog = staff.getByRole("dialog");
    await expect(dialog).toContainText(`绑定 ${residentName} 到住户`);
    // pick the household from the searchable list of the community's households
    await dialog.getByTestId("household-select").click();
    await staff.locator(`.ant-select-item-option[title="${place.householdAddress}"]`).click();
    await expect(dialog.getByTestId("household-select")).toContainText(place.householdAddress);
    await dialog.getByText("业主", { exact: true }).click();
    await dialog.getByRole("button", { name: /确认绑定/ }).click();

    await expect(staff.getByText(`已将 ${residentName} 绑定到住户`)).toBeVisible();
    await expect(staff.getByRole("row").filter({ hasText: residentName })).toHaveCount(0);
  });

  await test.step("the people list finds the resident by the last 4 digits, still masked", async () => {
    await staff.getByTestId("menu-people").click();
    await staff.getByTestId("people-search").locator("input").fill(residentPhone.slice(-4));
    await staff.getByTestId("people-search").locator("input").press("Enter");
    const row = staff.getByRole("row").filter({ hasText: residentName });
    await expect(row).toBeVisible();
    await expect(row).toContainText("已认证");
    await expect(staff.getByTestId("people-page")).not.toContainText(residentPhone);
  });

  await test.step("the resident signs in again and sees the household under 我的房屋", async () => {
    await resident.goto("/m/settings");
    await expect(resident.getByTestId("sign-out")).toBeVisible();
    await screenshot(resident, "resident-settings");
    await resident.getByTestId("sign-out").click();
    await resident.getByRole("button", { name: "确定" }).click();
    await expect(resident.getByTestId("home-sign-in")).toBeVisible();

    await resident.getByTestId("home-sign-in").click();
    await expect(resident.getByTestId("sign-in-submit")).toBeVisible();
    await screenshot(resident, "resident-sign-in-again");
    await input(resident, "phone").fill(residentPhone);
    await input(resident, "password").fill(residentPassword);
    await resident.getByTestId("sign-in-submit").click();
    await expect(resident.getByTestId("hello")).toHaveText(`你好，${residentName}`);
    await expect(resident.getByTestId("residency-verified")).toBeVisible();
    await screenshot(resident, "resident-home");

    await resident.getByText("我的房屋").first().click();
    await expect(resident).toHaveURL(/\/m\/household/);
    await expect(resident.getByTestId("my-household-address")).toHaveText(place.householdAddress);
    const members = resident.getByTestId("my-household-members");
    await expect(members).toContainText(residentName);
    await expect(members).toContainText("业主");
    // masked to the resident too
    await expect(members).not.toContainText(residentPhone);
  });

  await test.step("one tap turns on elderly mode, and it is remembered", async () => {
    const toggle = resident.getByTestId("elderly-toggle");
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(resident.locator("html")).toHaveClass(/linli-elderly/);

    const baseFont = await resident.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.body).fontSize),
    );
    expect(baseFont).toBeGreaterThanOrEqual(20);
    const box = await toggle.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    const tab = await resident.locator(".adm-tab-bar-item").first().boundingBox();
    expect(tab?.height ?? 0).toBeGreaterThanOrEqual(48);
    await screenshot(resident, "elderly-mode");

    // the account remembers it, not only this phone
    await expect
      .poll(
        async () =>
          ((await (await resident.request.get("/api/me")).json()) as { elderlyMode: boolean }).elderlyMode,
      )
      .toBe(true);
    await resident.reload();
    await expect(resident.locator("html")).toHaveClass(/linli-elderly/);
    await expect(resident.getByTestId("my-household-address")).toHaveText(place.householdAddress);

    // the toggle is on every resident page
    for (const path of ["/m", "/m/my-data", "/m/settings"]) {
      await resident.goto(path);
      await expect(resident.getByTestId("elderly-toggle")).toHaveAttribute("aria-pressed", "true");
      if (path === "/m/my-data") await screenshot(resident, "resident-my-data");
    }
    await resident.goto("/m");
    await screenshot(resident, "resident-home-elderly");
  });

  await admin.dispose();
  await workerApi.dispose();
});
