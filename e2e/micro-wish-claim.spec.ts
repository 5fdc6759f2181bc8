// Journey (Chinese UI, DOMAIN V3): a resident posts a 微心愿 on the phone; once the grid worker has
// signed for it, it is on the public 心愿墙 (no name, no room); a neighbour claims it with a promise
// date and marks it fulfilled; the resident's wish is then resolved, waiting for their rating.
//
// The demo has no account linked to a party member (党员), so the claimant is the demo's other
// verified resident (13900000018), who claims as a volunteer — the closest the demo allows.
import { expect, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  phonePage,
  requestIdOf,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test("a micro-wish is posted, claimed on the wish board with a promise date, and fulfilled", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const neighbour = await apiAs(baseURL, accountsWithRole("resident (family)")[0]!.phone);
  expect(neighbour.me.residencies.some((r) => r.communityId === communityId && r.status === "verified")).toBe(
    true,
  );
  const title = "想请人教我用智能手机挂号";

  const phone = await phonePage(browser, baseURL);
  let requestId = 0;

  await test.step("the resident posts a 微心愿, public on the wish board", async () => {
    await residentSignIn(phone, resident.account.phone, "/m/report");
    await phone.getByTestId("kind-wish").click();
    await phone.getByTestId("category").getByText("养老服务", { exact: true }).click();
    await phone.getByTestId("report-title").locator("input").fill(title);
    await phone
      .getByTestId("report-description")
      .locator("textarea")
      .fill("家里老人想学会在手机上预约医院挂号，周末有空。");
    await expect(phone.getByTestId("is-public")).toHaveClass(/adm-switch-checked/);
    await screenshot(phone, "wish-report-form");
    await phone.getByTestId("report-submit").click();
    await phone.getByTestId("report-view").click();
    await expect(phone).toHaveURL(/\/m\/requests\/\d+\/\d+$/);
    requestId = requestIdOf(phone.url());
    await expect(phone.getByTestId("status-chip")).toHaveText("待签收");
  });

  await test.step("the grid worker signs for it, which publishes it on the board", async () => {
    const staff = await staffPage(browser, baseURL, communityId);
    await staffSignIn(staff, worker.account.phone);
    const row = staff.getByTestId(`inbox-row-${requestId}`);
    await expect(row).toContainText("微心愿");
    await row.getByTestId("sign").click();
    await expect(row).toContainText("办理中");
    await staff.context().close();
  });

  const claimant = await phonePage(browser, baseURL);

  await test.step("a neighbour finds it on the 心愿墙 — without the resident's name or room", async () => {
    await residentSignIn(claimant, accountsWithRole("resident (family)")[0]!.phone, "/m/wishes");
    await expect(claimant.getByTestId("wish-board-page")).toBeVisible();
    await expect(claimant.getByTestId("community-chooser")).toContainText(resident.communityName);
    const card = claimant.getByTestId(`board-item-${requestId}`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(title);
    await expect(card).toContainText("待认领");
    await expect(card).not.toContainText(resident.me.name);
    await expect(card).not.toContainText(household.address);
    await screenshot(claimant, "wish-board-open");
  });

  await test.step("the neighbour claims it with a promise date", async () => {
    const card = claimant.getByTestId(`board-item-${requestId}`);
    await card.getByTestId("claim").click();
    const sheet = claimant.getByTestId("claim-sheet");
    await expect(sheet).toContainText(title);
    // the promise date: a week from today by default, confirmed in the date picker
    const promised = (await sheet.getByTestId("promise-date").textContent()) ?? "";
    expect(promised).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await sheet.getByTestId("promise-date").click();
    await claimant.locator(".adm-picker-header-button").filter({ hasText: "确定" }).click();
    await sheet.getByTestId("claim-as").getByText("志愿者", { exact: true }).click();
    await sheet.locator("textarea").fill("周六上午上门教");
    await screenshot(claimant, "wish-claim-sheet");
    await sheet.getByTestId("claim-submit").click();
    await expect(claimant.getByText("认领成功，记得按时完成")).toBeVisible();

    await claimant.locator(".adm-tabs-tab", { hasText: "已认领" }).click();
    const claimed = claimant.getByTestId(`board-item-${requestId}`);
    await expect(claimed).toContainText("志愿者已认领");
    await expect(claimed).toContainText(`承诺 ${promised} 前完成`);
    await expect(claimed.getByTestId("fulfil")).toBeVisible();
    await screenshot(claimant, "wish-board-claimed");
  });

  await test.step("the resident is told who took it and by when", async () => {
    await phone.reload();
    await expect(phone.getByTestId("event-claimed")).toContainText("志愿者认领");
    await expect(phone.getByTestId("event-claimed")).toContainText("前完成");
  });

  await test.step("the neighbour marks it fulfilled; it moves to 已实现", async () => {
    const card = claimant.getByTestId(`board-item-${requestId}`);
    await card.getByTestId("fulfil").click();
    const sheet = claimant.getByTestId("fulfil-sheet");
    await sheet.getByTestId("fulfil-note").locator("textarea").fill("已教会老人用手机预约挂号。");
    await sheet.getByTestId("fulfil-submit").click();
    await expect(claimant.getByText("已完成，感谢您的付出！")).toBeVisible();

    await claimant.locator(".adm-tabs-tab", { hasText: "已实现" }).click();
    const done = claimant.getByTestId(`board-item-${requestId}`);
    await expect(done).toHaveAttribute("data-status", "fulfilled");
    await expect(done).toContainText("已实现");
    await screenshot(claimant, "wish-board-fulfilled");
  });

  await test.step("the resident sees the wish fulfilled and may rate it", async () => {
    await phone.reload();
    await expect(phone.getByTestId("status-chip")).toHaveText("待评价");
    await expect(phone.getByTestId("event-fulfilled")).toBeVisible();
    await expect(phone.getByTestId("resolution")).toContainText("已教会老人");
    await expect(phone.getByTestId("confirm-panel")).toBeVisible();
    await screenshot(phone, "wish-fulfilled-resident");
  });

  await resident.api.dispose();
  await worker.api.dispose();
  await neighbour.api.dispose();
});
