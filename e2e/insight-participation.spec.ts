// Journey (issue 17 item 1, the three later figures): a street official opens 数据指标, drills down to
// a community and reads its participation (by age band, care tag and month, with the denominators),
// its projects' money raised by source and its life-circle coverage, and exports the participation
// table as Excel. Read-only, so a retried run meets the same page.
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

test("a street official reads a community's participation, money raised and life-circle coverage", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const phone = "13900000003"; // 刘晓燕, street official of 粮道街道
  const { api, me } = await apiAs(baseURL, phone);
  const grant = me.roles.find((g) => g.role === "street_official")!;
  const street = await getJson<{
    children: { place: { place: string; name: string }; residents: number }[];
  }>(api, `/api/insight/figures?place=street:${grant.scopeId}`);
  const community = street.children.find((c) => c.residents > 0) ?? street.children[0]!;
  const communityId = Number(community.place.place.split(":")[1]);
  const figures = await getJson<{
    participation: { active: number; residents: number };
    coverage: { kinds: { nameZh: string }[] } | null;
  }>(api, `/api/insight/figures?place=${community.place.place}`);

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the community's participation by age band and care tag, with its denominators", async () => {
    await staffSignIn(staff, phone);
    await staff.getByRole("menuitem", { name: /数据指标$/ }).click();
    await expect(staff.getByTestId("insight-page")).toBeVisible();
    await staff.getByTestId(`drill-${community.place.place}`).click();
    await staff.mouse.move(0, 0);
    await expect(staff.getByText(`社区：${community.place.name}`)).toBeVisible();
    const part = staff.getByTestId("insight-participation");
    await expect(part).toContainText("合计");
    await expect(part).toContainText("80岁及以上");
    await expect(part).toContainText(String(figures.participation.residents));
    await expect(staff.getByTestId("insight-summary")).toContainText("参与率");
    await expect(staff.getByTestId("insight-summary")).toContainText("筹款：政府（分）");
    const coverage = figures.coverage?.kinds[0];
    if (coverage) await expect(staff.getByTestId("insight-coverage")).toContainText(coverage.nameZh);
    else await expect(staff.getByText("这里还没有社区导入步行路网")).toBeVisible();
    await screenshot(staff, "insight-participation");
  });

  await test.step("exports participation as Excel", async () => {
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-participation").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^数据指标-.+participation.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe("参与率");
    expect(sheet.getRow(1).getCell(3).value).toBe("活跃居民");
    expect(sheet.getRow(2).getCell(1).value).toBe("合计");
    expect(sheet.getRow(2).getCell(4).value).toBe(figures.participation.residents);
    await noToasts(staff);
  });

  await test.step("the participation table works on a 360 px phone", async () => {
    await staff.setViewportSize({ width: 360, height: 780 });
    await staff.getByTestId("insight-participation").scrollIntoViewIfNeeded();
    await expect(staff.getByTestId("insight-participation")).toBeVisible();
    await screenshot(staff, "insight-participation-360");
  });
  await api.dispose();
});
