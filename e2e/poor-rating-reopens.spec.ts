// Journey (Chinese UI, DOMAIN V5): a resolved request rated 差评 by its submitter reopens — back in
// the grid worker's inbox, marked as reopened — and both the resident and the worker see its whole
// history: submitted, signed, routed, resolved, rated poor, reopened.
//
// The earlier steps (submit, route, resolve) go through the API; the rating and what follows
// through the pages. No id is hard-coded.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  phonePage,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

interface Category {
  id: number;
  code: string;
  nameZh: string;
  kinds: string[];
}

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a poor rating reopens the request with its whole history", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const title = "楼道垃圾堆放无人清理";

  // submitted by the resident, signed and routed to the community, resolved by the grid worker
  const categories = (await (
    await resident.api.get(`/api/communities/${communityId}/categories`)
  ).json()) as Category[];
  const category =
    categories.find((c) => c.code === "environment") ?? categories.find((c) => c.kinds.includes("problem"))!;
  const { id } = await postJson<{ id: number }>(resident.api, `/api/communities/${communityId}/requests`, {
    kind: "problem",
    categoryId: category.id,
    title,
    description: "3楼楼道堆了很多纸箱，有消防隐患。",
    place: { type: "household" },
  });
  await postJson(worker.api, `/api/communities/${communityId}/requests/${id}/route`, { to: "community" });
  await postJson(worker.api, `/api/communities/${communityId}/requests/${id}/resolve`, {
    text: "已通知保洁清理楼道。",
  });

  const phone = await phonePage(browser, baseURL);

  await test.step("the resident finds it under 我的反映, waiting for a rating", async () => {
    await residentSignIn(phone, resident.account.phone, "/m/requests");
    const item = phone.getByTestId(`my-request-${id}`);
    await expect(item).toContainText(title);
    await expect(item.getByTestId("status-chip")).toHaveText("待评价");
    await expect(item.getByTestId("countdown")).toContainText("评价 · 剩");
    await screenshot(phone, "my-requests-to-rate");
    await item.click();
    await expect(phone).toHaveURL(new RegExp(`/m/requests/${communityId}/${id}$`));
  });

  await test.step("the resident rates it 差评 in elderly mode: it is reopened", async () => {
    await expect(phone.getByTestId("resolution")).toContainText("已通知保洁清理楼道");
    // 长辈模式: large text and large targets on the rating too
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).toHaveClass(/linli-elderly/);
    for (const r of ["rate-good", "rate-average", "rate-poor"]) {
      const box = await phone.getByTestId(r).boundingBox();
      expect(box?.height ?? 0, `${r} is a large target`).toBeGreaterThanOrEqual(48);
    }
    const confirmBox = await phone.getByTestId("confirm-submit").boundingBox();
    expect(confirmBox?.height ?? 0).toBeGreaterThanOrEqual(48);
    await phone.getByTestId("rate-poor").click();
    await expect(phone.getByText("差评会让这件事重新办理")).toBeVisible();
    await phone.getByTestId("rating-comment").locator("textarea").fill("去看了，纸箱还在，没有清理。");
    await screenshot(phone, "poor-rating-before-submit");
    await phone.getByTestId("confirm-submit").click();

    await expect(phone.getByTestId("status-chip")).toHaveText("办理中");
    await expect(phone.getByText("这件事已重新办理（第 1 次）")).toBeVisible();
    await expect(phone.getByTestId("confirm-panel")).toHaveCount(0);
    await expect(phone.getByTestId("countdown")).toContainText("办结 · 剩");
  });

  await test.step("the resident sees the whole history, the poor rating and the reopening included", async () => {
    const history = phone.getByTestId("history");
    await expect(history.getByTestId("event-submitted")).toBeVisible();
    await expect(history.getByTestId("event-signed")).toBeVisible();
    await expect(history.getByTestId("event-routed")).toContainText("社区");
    await expect(history.getByTestId("event-resolved")).toContainText("已通知保洁清理楼道");
    await expect(history.getByTestId("event-rated")).toContainText("差评");
    await expect(history.getByTestId("event-rated")).toContainText("纸箱还在");
    await expect(history.getByTestId("event-reopened")).toContainText("第 1 次重新办理");
    await screenshot(phone, "poor-rating-reopened");
    // back to the normal size (the account remembers the choice, and other journeys use it)
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).not.toHaveClass(/linli-elderly/);
    await expect
      .poll(
        async () =>
          ((await (await phone.request.get("/api/me")).json()) as { elderlyMode: boolean }).elderlyMode,
      )
      .toBe(false);
  });

  await test.step("the grid worker has it back in the inbox, marked as reopened, with its history", async () => {
    const staff = await staffPage(browser, baseURL, communityId);
    await staffSignIn(staff, worker.account.phone);
    const row = staff.getByTestId(`inbox-row-${id}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("重办 1");
    await expect(row).toContainText("办理中");
    await expect(row.getByTestId("countdown")).toContainText("办结");
    await row.getByTestId("open-request").click();
    const drawer = staff.getByTestId("request-drawer");
    const history = drawer.getByTestId("drawer-history");
    for (const step of ["提交", "网格员签收", "转交办理", "办结", "评价", "重新办理"])
      await expect(history.getByText(step, { exact: true }).first()).toBeVisible();
    await expect(history).toContainText("差评");
    await expect(drawer.getByTestId("drawer-resolve")).toBeVisible();
    await history.scrollIntoViewIfNeeded();
    await screenshot(staff, "poor-rating-staff-history");
    await staff.context().close();
  });

  await resident.api.dispose();
  await worker.api.dispose();
});
