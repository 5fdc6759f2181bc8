// Journey (issue 17, insight E1–E2): a street official opens 数据指标, sees the street's figures with
// its trend and the ranking of its communities with their residents, drills down to a community (its
// grids ranked below), and exports the ranking as Excel. Read-only, so a retried run meets the same page.
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import {
  apiAs,
  expectEveryPageChecked,
  getJson,
  noToasts,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

test("a street official reads the street's figures, drills down to a community and exports the table", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const phone = "13900000003"; // 刘晓燕, street official of 粮道街道
  const { api, me } = await apiAs(baseURL, phone);
  const grant = me.roles.find((g) => g.role === "street_official")!;
  const street = await getJson<{
    place: { name: string };
    children: { place: { place: string; name: string }; residents: number }[];
  }>(api, `/api/insight/figures?place=street:${grant.scopeId}`);
  const community = street.children.find((c) => c.residents > 0) ?? street.children[0]!;
  const communityId = Number(community.place.place.split(":")[1]);

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the street's figures, trend and the ranking of its communities", async () => {
    await staffSignIn(staff, phone);
    await staff.getByRole("menuitem", { name: /数据指标$/ }).click();
    await expect(staff.getByTestId("insight-page")).toBeVisible();
    await expect(staff.getByText(`街道：${street.place.name}`)).toBeVisible();
    const ranking = staff.getByTestId("insight-ranking");
    await expect(ranking).toContainText(community.place.name);
    await expect(ranking).toContainText(String(community.residents));
    await expect(staff.getByRole("img", { name: /的趋势/ })).toBeVisible();
    await screenshot(staff, "insight-street");
  });

  await test.step("drills down to a community: its grids are ranked below", async () => {
    await staff.getByTestId(`drill-${community.place.place}`).click();
    // the pointer leaves the table: a grid's link under it would be drawn in the hover colour
    await staff.mouse.move(0, 0);
    await expect(staff.getByText(`社区：${community.place.name}`)).toBeVisible();
    await expect(staff.getByTestId("insight-ranking")).toContainText("网格");
    await expect(staff.getByTestId("insight-up")).toBeVisible();
    await screenshot(staff, "insight-community");
  });

  await test.step("exports the ranking as Excel", async () => {
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-ranking").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^数据指标-.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("地点");
    expect(sheet.getRow(1).getCell(2).value).toBe("实名居民");
    expect(sheet.rowCount).toBeGreaterThan(1);
    await noToasts(staff);
  });

  await test.step("the page works on a 360 px phone", async () => {
    await staff.setViewportSize({ width: 360, height: 780 });
    await expect(staff.getByTestId("insight-summary")).toBeVisible();
    await screenshot(staff, "insight-community-360");
  });
  await api.dispose();
});
