// Journey (issue 17 item 3, insight E2): a community worker opens 月报 (monthly reports), makes last
// month's report of her community (again, if the monthly job or an earlier run made it), regenerates it
// from its row, and downloads the PDF: a PDF whose title names the community. Retry-safe: making a
// report again replaces the archived one (the same place and month is one row).
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
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

/** Last month as the page computes it (the browser's clock; the journey runs in the host's zone). */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

test("a community worker regenerates last month's report and downloads its PDF", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const phone = "13900000005"; // 王芳, community worker of 东龙社区
  const { api, me } = await apiAs(baseURL, phone);
  const grant = me.roles.find((g) => g.role === "community_worker")!;
  const communityId = grant.scopeId!;
  const figures = await getJson<{ place: { name: string } }>(
    api,
    `/api/insight/figures?place=community:${communityId}&period=month`,
  );
  const name = figures.place.name;
  const month = lastMonth();
  const place = `community:${communityId}`;

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("opens the monthly reports and makes last month's", async () => {
    await staffSignIn(staff, phone);
    await staff.getByRole("menuitem", { name: /(^|\s)月报$/ }).click();
    await expect(staff.getByTestId("insight-reports-page")).toBeVisible();
    await expect(staff.getByTestId("generate-place")).toContainText(name);
    await staff.getByTestId("generate-report").click();
    await expect(staff.getByText(`已生成 ${name} ${month} 的月报`)).toBeVisible();
    await expect(staff.getByTestId(`regenerate-${place}-${month}`)).toBeVisible();
    await screenshot(staff, "insight-reports");
  });

  await test.step("regenerates it from its row", async () => {
    await staff.getByTestId(`regenerate-${place}-${month}`).click();
    await staff.getByRole("button", { name: /确\s*定|OK/ }).click();
    await expect(staff.getByText(`已生成 ${name} ${month} 的月报`).first()).toBeVisible();
    const row = staff.getByRole("row").filter({ has: staff.getByTestId(`regenerate-${place}-${month}`) });
    await expect(row).toContainText("工作人员重新生成");
    await noToasts(staff);
  });

  await test.step("downloads the PDF, which names the community", async () => {
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId(`pdf-${place}-${month}`).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`月报-${name}-${month}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // the document's title, in UTF-16BE as pdfkit writes it
    expect(pdf.includes(Buffer.from(name, "utf16le").swap16())).toBe(true);
    await noToasts(staff);
  });

  await test.step("the page works on a 360 px phone", async () => {
    await staff.setViewportSize({ width: 360, height: 780 });
    await expect(staff.getByTestId("insight-reports")).toBeVisible();
    await screenshot(staff, "insight-reports-360");
  });
  await api.dispose();
});
