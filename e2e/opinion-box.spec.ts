// Journey (Chinese UI, DOMAIN V8): someone who is not signed in leaves an anonymous opinion in a
// community's 意见箱 and keeps the tracking code; a community worker answers it in public; with the
// code the reply can be read, and it appears in the suggestion column (建议栏).
import { expect, test } from "@playwright/test";
import {
  expectEveryPageChecked,
  firstDemo,
  getJson,
  phonePage,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const exactly = (s: string) => new RegExp(`^\\s*${escapeRegExp(s)}\\s*$`);

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("an anonymous opinion gets a tracking code, a public reply, and a place in the suggestion column", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // the community of the demo's community worker, and its place names from the public divisions
  const worker = await firstDemo(baseURL, "community_worker");
  const grant = worker.me.roles.find((r) => r.role === "community_worker")!;
  const communityId = (grant.scopeCommunityId ?? grant.scopeId)!;
  const divisions = await getJson<
    { name: string; streets: { name: string; communities: { id: number; name: string }[] }[] }[]
  >(worker.api, "/api/places/divisions");
  let names: string[] = [];
  for (const d of divisions)
    for (const s of d.streets)
      for (const c of s.communities) if (c.id === communityId) names = [d.name, s.name, c.name];
  expect(names, "the worker's community is in the public divisions").toHaveLength(3);
  const text = `希望小区里多装几个长椅，老人散步累了可以歇一歇。（${Date.now() % 10000}）`;

  const phone = await phonePage(browser, baseURL);
  let code = "";

  await test.step("without signing in, a person chooses the community and leaves an anonymous opinion", async () => {
    await phone.goto("/m");
    await expect(phone.getByTestId("go-opinions")).toBeVisible();
    await screenshot(phone, "opinion-box-home-signed-out");
    await phone.getByTestId("go-opinions").click();
    await expect(phone).toHaveURL(/\/m\/opinions$/);
    await phone.getByTestId("community-chooser").click();
    const cascader = phone.locator(".adm-cascader");
    for (const name of names)
      await cascader
        .locator(".adm-check-list-item:visible")
        .filter({ hasText: exactly(name) })
        .click();
    await cascader.locator(".adm-cascader-header-button").filter({ hasText: "确定" }).click();
    await expect(phone.getByTestId("community-chooser")).toContainText(names[2]!);

    await expect(phone.getByText("匿名提交：不记录您的姓名、手机号和住址")).toBeVisible();
    await phone.locator(".adm-selector-item", { hasText: "社区服务" }).click();
    await phone.getByTestId("opinion-text").locator("textarea").fill(text);
    await screenshot(phone, "opinion-box-write");
    await phone.getByTestId("opinion-submit").click();
    await expect(phone.getByTestId("opinion-done")).toBeVisible();
    code = ((await phone.getByTestId("tracking-code").textContent()) ?? "").trim();
    expect(code.length).toBeGreaterThanOrEqual(8);
    await expect(phone.getByTestId("opinion-done")).toContainText("社区将在");
    await screenshot(phone, "opinion-box-code");

    await phone.getByText("查看回复", { exact: true }).click();
    await expect(phone.getByTestId("opinion-found")).toContainText("待回复");
  });

  await test.step("a community worker replies in public", async () => {
    const staff = await staffPage(browser, baseURL, communityId);
    await staffSignIn(staff, worker.account.phone);
    await staff.getByRole("menuitem", { name: /意见箱/ }).click();
    await expect(staff.getByTestId("opinions-page")).toBeVisible();
    const row = staff.getByRole("row").filter({ hasText: text });
    await expect(row).toBeVisible();
    await expect(row).toContainText("社区服务");
    await screenshot(staff, "opinions-staff-pending");
    await row.getByRole("button", { name: /回\s?复/ }).click();
    const dialog = staff.getByRole("dialog");
    await dialog.locator("textarea").fill("感谢建议！社区已计划在中心花园增设 6 张长椅，下月完成。");
    await expect(dialog.getByRole("checkbox")).toBeChecked();
    await dialog.getByRole("button", { name: /回\s?复/ }).click();
    await expect(staff.getByText("已回复").first()).toBeVisible();
    await staff.context().close();
  });

  await test.step("with the code, the reply is there; the suggestion column shows it", async () => {
    await phone.reload();
    await phone.locator(".adm-tabs-tab", { hasText: "查回复" }).click();
    await phone.getByTestId("lookup-code").locator("input").fill(code);
    await phone.getByTestId("lookup-submit").click();
    await expect(phone.getByTestId("opinion-found")).toContainText("已回复");
    await expect(phone.getByTestId("opinion-reply")).toContainText("增设 6 张长椅");
    await screenshot(phone, "opinion-box-reply");

    await phone.locator(".adm-tabs-tab", { hasText: "建议栏" }).click();
    await expect(phone.getByTestId("suggestion-column")).toContainText(text);
    await expect(phone.getByTestId("suggestion-column")).toContainText("增设 6 张长椅");
    await screenshot(phone, "suggestion-column");
  });

  await worker.api.dispose();
});
