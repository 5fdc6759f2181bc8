// Journey (Chinese UI, DOMAIN C4, issue 15): garden plots and tree adoption. The community worker adds a
// plot (年租金 200.50 元) and a tree; the demo owner applies for the plot from the home screen (菜地与认养 →
// 申请这块地: two taps); the worker approves the application in the console's list (batch selection) —
// the lease of a year and its rent booked to the volunteer fund; the owner sees the lease with its end
// date on their page; the worker rejects the owner's application for a second plot with a reason (the
// row's 拒绝) and the owner sees 未通过 and the reason on the card; the owner adopts the tree and adds a
// care record (what was done, a photo). Safe to retry on the same demo database: each run adds its own
// plots and tree, tagged.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const TAG = `${Date.now() % 1_000_000}`;
const PLOT = `E${TAG}`;
const PLOT_R = `ER${TAG}`;
const REASON = `这块地留作公共菜园 ${TAG}`;
const TREE = `ET${TAG}`;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const yearEnd = (() => {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  const end = new Date(Date.UTC(y + 1, m - 1, Math.min(d, last)) - 86_400_000);
  return end.toISOString().slice(0, 10);
})();
// a 1×1 PNG: the care record's photo
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

interface MyGarden {
  leases: { id: number; plotCode: string; startsOn: string; endsOn: string; status: string }[];
  applications: { id: number; plotCode: string; status: string }[];
  trees: { treeId: number; code: string }[];
}

test("a resident applies for a plot, staff approve, the lease shows; the resident adopts a tree and records its care", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const G = `/api/communities/${communityId}/garden`;
  await postJson(worker.api, `${G}/plots`, {
    code: PLOT,
    sizeM2: 18,
    rentYuan: "200.50",
    note: "靠近水龙头",
  });
  await postJson(worker.api, `${G}/trees`, { code: TREE, species: "桂花", location: "中心花园" });
  const second = await postJson<{ plot: { id: number } }>(worker.api, `${G}/plots`, {
    code: PLOT_R,
    sizeM2: 12,
    rentYuan: "120",
  });
  const rejectId = (
    await postJson<{ applicationId: number }>(owner.api, `${G}/plots/${second.plot.id}/apply`, {})
  ).applicationId;

  const phone = await phonePage(browser, baseURL);
  let applicationId = 0;
  await test.step("the owner applies for the plot in two taps from the home screen", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-garden").click(); // 1
    const card = phone.getByTestId(`plot-${PLOT}`);
    await expect(card).toContainText("年租金 200.50 元");
    await screenshot(phone, "garden-plots");
    await phone.getByTestId(`plot-apply-${PLOT}`).click(); // 2
    await expect(phone.getByTestId(`plot-status-${PLOT}`)).toContainText("待审批");
    const mine = await getJson<MyGarden>(owner.api, "/api/me/garden");
    applicationId = mine.applications.find((a) => a.plotCode === PLOT)!.id;
    expect(applicationId).toBeGreaterThan(0);
  });

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the worker approves it in the applications list", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto(`/staff/garden?q=${encodeURIComponent(PLOT)}`);
    const row = staff.locator(`tr[data-row-key="${applicationId}"]`);
    await expect(row).toContainText("待审批");
    await screenshot(staff, "garden-applications");
    await row.locator('input[type="checkbox"]').check();
    await staff.getByTestId("garden-approve").click();
    await staff.goto(`/staff/garden?tab=leases&q=${encodeURIComponent(PLOT)}`);
    await expect(staff.getByRole("row").filter({ hasText: PLOT })).toContainText("200.50");
    await screenshot(staff, "garden-leases");
  });

  await test.step("the worker rejects the application for the second plot with a reason", async () => {
    await staff.goto(`/staff/garden?q=${encodeURIComponent(PLOT_R)}`);
    await staff.getByTestId(`garden-reject-${rejectId}`).click();
    await staff.getByTestId("garden-reject-reason").fill(REASON);
    await staff.getByTestId("garden-reject-ok").click();
    await expect(staff.locator(`tr[data-row-key="${rejectId}"]`)).toHaveCount(0);
    await staff.goto(`/staff/garden?status=rejected&q=${encodeURIComponent(PLOT_R)}`);
    const row = staff.locator(`tr[data-row-key="${rejectId}"]`);
    await expect(row).toContainText("未通过");
    await expect(row).toContainText(REASON);
    await screenshot(staff, "garden-rejected");
  });

  await test.step("the owner sees the lease with its end date", async () => {
    await phone.goto("/m/garden");
    const lease = phone.getByTestId("garden-my-lease");
    await expect(lease).toContainText(`地块 ${PLOT}`);
    await expect(lease).toContainText(`租期 ${today} 至 ${yearEnd}`);
    await expect(lease).toContainText("租期最后一个月可以续租");
    await expect(phone.getByTestId(`plot-rejected-${PLOT_R}`)).toContainText(`未通过：${REASON}`);
    await screenshot(phone, "garden-lease");
  });

  await test.step("the owner adopts the tree and records its care with a photo", async () => {
    await phone.getByTestId(`tree-adopt-${TREE}`).click();
    const tree = phone.getByTestId(`tree-${TREE}`);
    await expect(tree).toContainText("我家认养的树");
    await tree.getByTestId("care-what").locator("textarea").fill(`浇水、松土 ${TAG}`);
    await tree
      .locator('input[type="file"]')
      .setInputFiles({ name: "tree.png", mimeType: "image/png", buffer: PNG });
    await tree.getByTestId("care-save").click();
    await expect(tree.getByRole("list")).toContainText(`浇水、松土 ${TAG} · 有照片`);
    await screenshot(phone, "garden-tree-care");
    await phone.context().close();
  });
  await staff.context().close();
});
