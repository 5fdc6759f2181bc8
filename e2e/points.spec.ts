// Journey (issue 14, points S1–S3, S5): the community secretary enters the points standard the residents
// adopted through a topic; the grid worker awards a resident of the grid for a clean-up day with its
// evidence; the resident opens 我的积分 from the home screen and sees the points, the entry and the
// month's honour board with their own (masked) name marked.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  pickOption,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

test("a standard adopted by the residents, an award with evidence, and the resident's points and honour board", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const topics = await getJson<{ items: { id: number; title: string }[] }>(
    secretary.api,
    `/api/communities/${communityId}/topics`,
  );
  const topic = topics.items[0]!;
  // a retried run finds the points it gave before: the figures are compared with what was there
  const before = await getJson<{ accounts: { communityId: number; balance: number }[] }>(
    resident.api,
    "/api/me/points",
  );
  const had = before.accounts.find((a) => a.communityId === communityId)?.balance ?? 0;

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the secretary enters the standard the residents adopted through a topic", async () => {
    await staffSignIn(staff, secretary.account.phone);
    await staff.getByRole("menuitem", { name: /积分$/ }).click();
    await expect(staff.getByTestId("points-staff-page")).toBeVisible();
    await staff.getByTestId("standard-new").click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByText("议事议题", { exact: true }).click();
    await dialog.getByTestId("standard-via-id").fill(String(topic.id));
    await screenshot(staff, "points-standard-form");
    await staff.getByTestId("standard-save").click();
    await expect(staff.getByText(/已保存积分标准第 \d+ 版/).first()).toBeVisible();
    const card = staff.getByTestId("points-standard");
    await expect(card).toContainText(`议事议题 #${topic.id}`);
    await expect(card).toContainText("参加环境整治");
    await expect(card).toContainText("每月 40 分");
    await screenshot(staff, "points-standard");
  });

  await test.step("the grid worker awards a resident of the grid for the clean-up day, with its evidence", async () => {
    await staff.context().clearCookies();
    await staffSignIn(staff, worker.account.phone);
    await staff.getByRole("menuitem", { name: /积分$/ }).click();
    await expect(staff.getByTestId("points-staff-page")).toBeVisible();
    await staff.getByTestId("award-open").click();
    await pickOption(staff, "award-item", "参加环境整治");
    // several residents may be chosen: the list stays open until the worker leaves it
    await pickOption(staff, "award-residents", resident.me.name, {
      search: resident.me.name,
      keepOpen: true,
    });
    await staff.keyboard.press("Escape");
    await expect(staff.locator(".ant-select-dropdown:visible")).toHaveCount(0);
    await staff.getByTestId("award-evidence").fill("12月清洁家园行动签到表第2页");
    await screenshot(staff, "points-award-form");
    await staff.getByTestId("award-submit").click();
    await expect(staff.getByText("已发放 1 人").first()).toBeVisible();
    const row = staff.locator(".ant-table-row").filter({ hasText: "12月清洁家园行动签到表第2页" }).first();
    await expect(row).toContainText(resident.me.name);
    await expect(row).toContainText("+10");
    await screenshot(staff, "points-awards");
  });
  await staff.context().close();

  await test.step("the resident opens 我的积分 from the home screen: the points, the entry, the honour board", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, resident.account.phone);
    await phone.getByTestId("go-points").click();
    await expect(phone.getByTestId("my-points-page")).toBeVisible();
    await expect(phone.getByTestId("points-figure")).toHaveText(String(had + 10));
    await expect(phone.getByTestId("points-entries")).toContainText("参加环境整治");
    await expect(phone.getByTestId("points-entries")).toContainText("+10");
    const board = phone.getByTestId("honour-board");
    await expect(board).toContainText("（我）");
    await expect(board).not.toContainText(resident.me.name);
    await screenshot(phone, "my-points");
    await phone.context().close();
  });
  for (const c of [resident, secretary, worker]) await c.api.dispose();
});
