// Journey (Chinese UI, DOMAIN V1, V2, V4, issue 3 item 10): a resident reports a problem at a
// building of the estate, picked with big buttons (also in elderly mode), and sees its deadline on
// "my reports"; the grid worker of that grid exports the filtered staff list as Excel — only their
// grids, the filter applied — and routes the problem to a co-building unit from the inbox.
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  pickOption,
  requestIdOf,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

interface Choices {
  estates: { id: number; name: string; buildings: { id: number; name: string }[] }[];
}

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a building picked with big buttons; the grid worker's Excel export and routing to a co-building unit", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const choices = await getJson<Choices>(resident.api, `/api/communities/${communityId}/building-choices`);
  // the building of the resident's own home (its address starts with estate and building)
  const estate =
    choices.estates.find((e) =>
      e.buildings.some((b) => household.address.startsWith(`${e.name} ${b.name}`)),
    ) ?? choices.estates[0]!;
  const building =
    estate.buildings.find((b) => household.address.startsWith(`${estate.name} ${b.name}`)) ??
    estate.buildings[0]!;
  const title = "单元门禁坏了";
  const phone = await phonePage(browser, baseURL);
  let requestId = 0;

  await test.step("the resident picks the estate, then the building, as big buttons", async () => {
    await residentSignIn(phone, resident.account.phone, "/m/report");
    await expect(phone.getByTestId("report-page")).toBeVisible();
    // the account's mode applies at sign-in (another journey of this owner may have left it on):
    // start from the normal mode
    if ((await phone.locator("html.linli-elderly").count()) > 0) {
      await phone.locator(".linli-elderly-toggle").click();
      await expect(phone.locator("html.linli-elderly")).toHaveCount(0);
    }
    await phone.getByTestId("category").getByText("公共设施", { exact: true }).click();
    await phone.getByTestId("report-title").locator("input").fill(title);
    await phone.getByTestId("place").getByText("某栋楼", { exact: true }).click();
    const picker = phone.getByTestId("building-picker");
    await expect(picker).toBeVisible();
    if (choices.estates.length > 1) await picker.getByText(estate.name, { exact: true }).click();
    await picker.getByText(building.name, { exact: true }).click();
    await expect(phone.getByTestId("place-building")).toHaveText(`已选：${estate.name} ${building.name}`);
    // the buttons are large enough for an older finger
    const box = await picker.locator(".m-big-choice").last().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    await picker.scrollIntoViewIfNeeded();
    await screenshot(phone, "report-building-picker");

    // in elderly mode the same picker is larger still
    await phone.locator(".linli-elderly-toggle").click();
    await expect(phone.locator("html.linli-elderly")).toHaveCount(1);
    const big = await picker.locator(".m-big-choice").last().boundingBox();
    expect(big!.height).toBeGreaterThanOrEqual(60);
    await picker.scrollIntoViewIfNeeded();
    await screenshot(phone, "report-building-picker-elderly");
    await phone.locator(".linli-elderly-toggle").click();
    await expect(phone.locator("html.linli-elderly")).toHaveCount(0);

    await phone.getByTestId("report-submit").click();
    await expect(phone.getByTestId("report-done")).toBeVisible();
    await phone.getByTestId("report-view").click();
    await expect(phone).toHaveURL(/\/m\/requests\/\d+\/\d+$/);
    requestId = requestIdOf(phone.url());
    await expect(phone.getByTestId("request-title")).toHaveText(title);
    await screenshot(phone, "request-reported");
  });

  await test.step("'my reports' shows its deadline to be signed for", async () => {
    await phone.goto("/m/requests");
    const item = phone.getByTestId(`my-request-${requestId}`);
    await expect(item).toBeVisible();
    await expect(item.getByTestId("countdown")).toContainText("签收 · 剩");
    await expect(item.getByTestId("due-date")).toContainText(/期限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await expect(item.getByTestId("overdue-tag")).toHaveCount(0);
    await screenshot(phone, "my-requests-deadline");
  });

  const detail = await getJson<{ place: { gridId: number | null; buildingId: number | null } }>(
    resident.api,
    `/api/communities/${communityId}/requests/${requestId}`,
  );
  expect(detail.place.buildingId).toBe(building.id);
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: detail.place.gridId });
  const workerGrids = new Set(
    worker.me.roles.filter((g) => g.role === "grid_worker").map((g) => g.scopeName),
  );
  const staff = await staffPage(browser, baseURL, communityId);

  await test.step("the grid worker exports the list of problems as Excel: their grids only", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.getByRole("menuitem", { name: /诉求列表/ }).click();
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();
    const filters = staff.getByTestId("request-filters");
    await pickOption(staff, filters.locator(".ant-select").nth(1), "问题");
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-requests").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^诉求列表-.+\.xlsx$/);
    await expect(staff.getByText(/已导出 \d+ 条/)).toBeVisible();
    await screenshot(staff, "requests-exported");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header[0]).toBe("编号 / No.");
    const col = (name: string) => header.findIndex((h) => h.startsWith(name)) + 1;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((r, n) => n > 1 && typeof r.getCell(1).value === "number" && rows.push(r));
    expect(rows.map((r) => r.getCell(1).value)).toContain(requestId);
    for (const r of rows) {
      expect(r.getCell(col("类型")).value).toBe("问题");
      expect(workerGrids.has(String(r.getCell(col("网格")).value))).toBe(true);
    }
  });

  await test.step("the grid worker finds homes by address and exports the households list", async () => {
    await staff.getByRole("menuitem", { name: /住户/ }).click();
    await expect(staff.getByTestId("households-page")).toBeVisible();
    await expect(staff.getByTestId("staff-breadcrumb")).toContainText("人·房·组织");
    const place = `${estate.name} ${building.name}`;
    await staff
      .getByTestId("household-filters")
      .getByLabel(/关键词/)
      .fill(place);
    await staff
      .getByTestId("household-filters")
      .getByLabel(/关键词/)
      .press("Enter");
    await expect(staff).toHaveURL(/[?&]q=/);
    const table = staff.getByTestId("households-table");
    await expect(table.locator(".ant-table-row").first()).toContainText(place);
    for (const text of await table.locator(".ant-table-row td:first-child").allInnerTexts())
      expect(text.startsWith(place)).toBe(true);
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-households").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^房屋列表-.+\.xlsx$/);
    await expect(staff.getByText(/已导出 \d+ 条/)).toBeVisible();
    await screenshot(staff, "households-exported");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header.slice(0, 2)).toEqual(["编号 / No.", "地址 / Address"]);
    const addresses: string[] = [];
    sheet.eachRow(
      (r, n) => n > 1 && typeof r.getCell(1).value === "number" && addresses.push(String(r.getCell(2).value)),
    );
    expect(addresses).toContain(household.address);
    for (const a of addresses) expect(a.startsWith(place)).toBe(true);
  });

  await test.step("and routes the problem to a co-building unit from the inbox", async () => {
    const targets = await getJson<{ id: number; name: string; routeTo: string }[]>(
      worker.api,
      `/api/communities/${communityId}/requests/${requestId}/route-targets`,
    );
    const unit = targets.find((o) => o.routeTo === "co_building_unit");
    expect(unit, "the demo community has co-building units").toBeTruthy();
    await staff.getByRole("menuitem", { name: /工单/ }).click();
    const row = staff.getByTestId(`inbox-row-${requestId}`);
    await expect(row).toBeVisible();
    await row.getByTestId("route-menu").click();
    await staff.getByRole("menuitem", { name: "共建单位" }).hover();
    await staff.getByRole("menuitem", { name: unit!.name }).click();
    await expect(staff.getByText("已分派给共建单位")).toBeVisible();
    await expect(row).toContainText("→ 共建单位");
    await screenshot(staff, "inbox-routed-to-unit");
  });
});
