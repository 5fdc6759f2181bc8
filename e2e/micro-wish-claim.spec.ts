// Journey (b) of issue 3, in the Chinese UI (DOMAIN V3): a micro-wish is claimed by a party member
// and fulfilled. A resident posts a 微心愿 on the phone; once the grid worker has signed for it, it is
// on the public 心愿墙 (no name, no room); a party member of the community (the demo's 下沉党员 who
// lives in 省法院小区) claims it as 党员 with a promise date, finds it again in 我的认领 and marks it
// fulfilled there; the board shows it fulfilled by a party member, and the resident's wish is
// resolved, waiting for their rating.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  postJson,
  requestIdOf,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a micro-wish is claimed by a party member and fulfilled", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const memberAccount = accountsWithRole("resident (party member)")[0]!;
  const member = await apiAs(baseURL, memberAccount.phone);
  expect(member.me.residencies.some((r) => r.communityId === communityId && r.status === "verified")).toBe(
    true,
  );
  const title = "想请人教我用智能手机挂号";
  const anonymous = await playwrightRequest.newContext({ baseURL });

  const phone = await phonePage(browser, baseURL);
  let requestId = 0;

  await test.step("the resident posts a 微心愿 and chooses to publish it on the wish board", async () => {
    await residentSignIn(phone, resident.account.phone, "/m/report");
    await phone.getByTestId("kind-wish").click();
    await phone.getByTestId("category").getByText("邻里互助", { exact: true }).click();
    await phone.getByTestId("report-title").locator("input").fill(title);
    await phone
      .getByTestId("report-description")
      .locator("textarea")
      .fill("家里老人想学会在手机上预约医院挂号，周末有空。");
    // publishing on the wish board is the resident's choice: off until they turn it on
    await expect(
      phone.getByText("公开到心愿墙，请党员、志愿者认领（隐去电话、身份证号和姓名）"),
    ).toBeVisible();
    await expect(phone.getByTestId("is-public")).not.toHaveClass(/adm-switch-checked/);
    await phone.getByTestId("is-public").click();
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

  await test.step("the party member finds it on the 心愿墙 — without the resident's name or room", async () => {
    await residentSignIn(claimant, memberAccount.phone, "/m/wishes");
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

  await test.step("the party member claims it as 党员 with a promise date", async () => {
    const card = claimant.getByTestId(`board-item-${requestId}`);
    await card.getByTestId("claim").click();
    const sheet = claimant.getByTestId("claim-sheet");
    await expect(sheet).toContainText(title);
    // the promise date: a week from today by default, confirmed in the date picker
    const promised = (await sheet.getByTestId("promise-date").textContent()) ?? "";
    expect(promised).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await sheet.getByTestId("promise-date").click();
    await claimant.locator(".adm-picker-header-button").filter({ hasText: "确定" }).click();
    await sheet.getByTestId("claim-as").getByText("党员", { exact: true }).click();
    await sheet.locator("textarea").fill("周六上午上门教");
    await screenshot(claimant, "wish-claim-sheet");
    await sheet.getByTestId("claim-submit").click();
    await expect(claimant.getByText("认领成功，记得按时完成")).toBeVisible();

    await claimant.locator(".adm-tabs-tab", { hasText: "已认领" }).click();
    const claimed = claimant.getByTestId(`board-item-${requestId}`);
    await expect(claimed).toContainText("党员已认领");
    await expect(claimed).toContainText(`承诺 ${promised} 前完成`);
    // the board marks the claimant's own claim for them, and for nobody else
    await expect(claimed.getByTestId("mine")).toHaveText("我认领的");
    await expect(claimed.getByTestId("fulfil")).toBeVisible();
    await screenshot(claimant, "wish-board-claimed");
    const board = await getJson<{ items: { id: number; claimantKind: string | null; mine: boolean }[] }>(
      anonymous,
      `/api/communities/${communityId}/board?status=claimed&limit=100`,
    );
    expect(board.items.find((i) => i.id === requestId)).toMatchObject({
      claimantKind: "party_member",
      mine: false,
    });
  });

  await test.step("the resident is told who took it and by when", async () => {
    await phone.reload();
    await expect(phone.getByTestId("event-claimed")).toContainText("党员认领");
    await expect(phone.getByTestId("event-claimed")).toContainText("前完成");
  });

  await test.step("in 我的认领 the party member sees the claim and marks it fulfilled", async () => {
    await claimant.getByTestId("go-my-claims").click();
    await expect(claimant).toHaveURL(/\/m\/my-claims$/);
    const card = claimant.locator("[data-testid^=my-claim-]").filter({ hasText: title });
    await expect(card).toHaveAttribute("data-status", "active");
    await expect(card.getByTestId("claimed-as")).toContainText("认领身份：党员");
    await expect(card).toContainText(resident.communityName);
    await expect(card).not.toContainText(resident.me.name);
    await expect(card.getByTestId("withdraw")).toBeVisible();
    await screenshot(claimant, "my-claims");
    // 长辈模式: the same page in large text and high contrast, one tap there and back
    const elderly = claimant.getByTestId("elderly-toggle");
    await elderly.click();
    await expect(elderly).toHaveAttribute("aria-pressed", "true");
    await expect(card.getByTestId("fulfil")).toBeVisible();
    await screenshot(claimant, "my-claims-elderly");
    await elderly.click();
    await expect(elderly).toHaveAttribute("aria-pressed", "false");

    await card.getByTestId("fulfil").click();
    const sheet = claimant.getByTestId("fulfil-sheet");
    await expect(sheet).toContainText(title);
    await sheet.getByTestId("fulfil-note").locator("textarea").fill("已教会老人用手机预约挂号。");
    await sheet.getByTestId("fulfil-submit").click();
    await expect(claimant.getByText("已完成，感谢您的付出！")).toBeVisible();

    await claimant.locator(".adm-tabs-tab", { hasText: "已完成" }).click();
    const done = claimant.locator("[data-testid^=my-claim-]").filter({ hasText: title });
    await expect(done).toHaveAttribute("data-status", "fulfilled");
    await expect(done).toContainText("已完成");
    await expect(done.getByTestId("fulfil")).toHaveCount(0);
    await screenshot(claimant, "my-claims-fulfilled");
  });

  await test.step("the 心愿墙 shows it fulfilled, claimed by a party member", async () => {
    await claimant.goto("/m/wishes");
    await claimant.locator(".adm-tabs-tab", { hasText: "已实现" }).click();
    const done = claimant.getByTestId(`board-item-${requestId}`);
    await expect(done).toHaveAttribute("data-status", "fulfilled");
    await expect(done).toContainText("已实现");
    await expect(done.getByTestId("claim-info")).toContainText("党员已认领");
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
  await member.api.dispose();
  await anonymous.dispose();
});

test("the grid worker releases a claim nobody is keeping, and the wish is open again", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const member = await apiAs(baseURL, accountsWithRole("resident (party member)")[0]!.phone);
  const title = "想请人帮忙修一下轮椅刹车";
  const { id } = await postJson<{ id: number }>(resident.api, `/api/communities/${communityId}/requests`, {
    kind: "wish",
    categoryCode: "mutual_help",
    isPublic: true,
    title,
    place: { type: "household" },
  });
  await postJson(worker.api, `/api/communities/${communityId}/requests/${id}/sign`, {});
  const promiseDate = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
  const claim = await postJson<{ id: number }>(
    member.api,
    `/api/communities/${communityId}/requests/${id}/claim`,
    { promiseDate, as: "party_member" },
  );

  const staff = await staffPage(browser, baseURL, communityId);
  await staffSignIn(staff, worker.account.phone);
  await staff.goto(`/staff/requests/${communityId}/${id}`);
  const panel = staff.getByTestId("drawer-claim");
  await expect(panel).toContainText("认领情况");
  await expect(panel).toContainText("党员");
  await expect(panel).toContainText(promiseDate);
  await expect(panel).toContainText("未到期");
  await panel.getByTestId("claim-release").click();
  // the reason is required
  await staff.getByTestId("release-submit").click();
  await expect(staff.getByText("请填写释放原因")).toBeVisible();
  await staff.getByTestId("release-reason").fill("认领人说近期住院，无法上门");
  await screenshot(staff, "claim-release-modal");
  await staff.getByTestId("release-submit").click();
  await expect(staff.getByText("已释放，心愿重新开放认领")).toBeVisible();
  await expect(panel.getByTestId("claim-status")).toContainText("释放");
  await expect(panel.getByTestId("claim-release")).toHaveCount(0);
  await expect(staff.getByTestId("drawer-history")).toContainText("社区释放认领");
  await screenshot(staff, "claim-released-drawer");

  const board = await getJson<{ items: { id: number; status: string }[] }>(
    resident.api,
    `/api/communities/${communityId}/board?status=open&limit=100`,
  );
  expect(board.items.find((i) => i.id === id)).toMatchObject({ status: "open" });
  const mine = await getJson<{ items: { id: number; status: string; released: boolean }[] }>(
    member.api,
    "/api/me/claims?status=withdrawn",
  );
  expect(mine.items.find((i) => i.id === claim.id)).toMatchObject({ status: "withdrawn", released: true });

  await staff.context().close();
  await resident.api.dispose();
  await worker.api.dispose();
  await member.api.dispose();
});
