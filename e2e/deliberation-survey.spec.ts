// Journey (Chinese UI, DOMAIN D4, issue 10 8a): Donglong's 架空层 — a community worker builds a survey
// to the residents of 省法院小区 in the console; two residents answer on their phones (360 px, one
// question per screen, "第 2/3 题"); a third answers on paper and the worker enters it; the results
// page shows 3 answers with the chart; the answers export downloads. No id is hard-coded.

import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  noToasts,
  phonePage,
  pickOption,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const ESTATE = "省法院小区";

async function answerOnPhone(page: Page, surveyTitle: string, shots: boolean, rating: number, text: string) {
  const card = page.locator("article").filter({ hasText: surveyTitle });
  await expect(card).toBeVisible();
  if (shots) await screenshot(page, "survey-my-list");
  await card.getByTestId("answer-survey").click();
  await expect(page.getByTestId("survey-progress")).toHaveText("第 1/3 题");
  // one question per screen: only the first question is shown, with big buttons
  await expect(page.getByTestId("question-text")).toHaveCount(1);
  const box = await page.getByTestId("option-3").boundingBox();
  expect(box?.height ?? 0, "the choices are big targets").toBeGreaterThanOrEqual(44);
  // a required question must be answered before moving on
  await page.getByTestId("survey-next").click();
  await expect(page.getByRole("alert")).toContainText("这一题必须回答");
  await page.getByTestId("option-3").click();
  await expect(page.getByTestId("option-3")).toHaveAttribute("aria-pressed", "true");
  if (shots) await screenshot(page, "survey-question-1");
  await page.getByTestId("survey-next").click();
  await expect(page.getByTestId("survey-progress")).toHaveText("第 2/3 题");
  await page.getByTestId(`rating-${rating}`).click();
  if (shots) await screenshot(page, "survey-question-2");
  // back keeps the answer given
  await page.getByTestId("survey-prev").click();
  await expect(page.getByTestId("option-3")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("survey-next").click();
  await page.getByTestId("survey-next").click();
  await expect(page.getByTestId("survey-progress")).toHaveText("第 3/3 题");
  await page.getByTestId("text-input").locator("textarea").fill(text);
  await page.getByTestId("survey-submit").click();
  await expect(page.getByTestId("survey-thanks")).toContainText("谢谢您的回答");
  if (shots) await screenshot(page, "survey-thanks");
}

test("a survey to 省法院小区: built in the console, answered on two phones and on paper, results and export", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const partyMember = accountsWithRole("resident (party member)")[0]!;
  const family = await apiAs(baseURL, accountsWithRole("resident (family)")[0]!.phone);
  const title = `架空层改造意见调查 ${Date.now().toString().slice(-5)}`;

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the worker builds the survey to the estate's residents and publishes it", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.getByRole("menuitem", { name: "调研问卷" }).click();
    await expect(staff).toHaveURL(/\/staff\/surveys$/);
    await expect(staff.getByTestId("surveys-staff-page")).toBeVisible();
    await screenshot(staff, "surveys-staff-list");
    await staff.getByTestId("new-survey").click();
    const builder = staff.getByTestId("survey-builder");
    await builder.getByTestId("survey-title").fill(title);
    await pickOption(staff, builder.getByRole("combobox", { name: "小区" }), ESTATE);
    const q1 = builder.getByTestId("question-0");
    await q1.getByTestId("question-text").fill("架空层改造后，您最希望它做什么用？");
    await q1.getByTestId("question-options").fill("党员教育\n普法宣传\n运动健身\n老幼服务");
    await builder.getByTestId("add-question").click();
    const q2 = builder.getByTestId("question-1");
    await pickOption(staff, q2.getByRole("combobox"), "评分（1–5）");
    await q2.getByTestId("question-text").fill("您对架空层现在的样子满意吗？");
    await builder.getByTestId("add-question").click();
    const q3 = builder.getByTestId("question-2");
    await pickOption(staff, q3.getByRole("combobox"), "文字");
    await q3.getByTestId("question-text").fill("您还有什么建议？");
    // reorder: move the text question up and back down
    await q3.getByRole("button", { name: "上移" }).click();
    await expect(builder.getByTestId("question-1").getByTestId("question-text")).toHaveValue(
      "您还有什么建议？",
    );
    await builder.getByTestId("question-1").getByRole("button", { name: "下移" }).click();
    await expect(builder.getByTestId("question-2").getByTestId("question-text")).toHaveValue(
      "您还有什么建议？",
    );
    await screenshot(staff, "survey-builder");
    await staff.getByTestId("survey-save").click();
    await expect(staff.getByText("已保存")).toBeVisible();
    const row = staff.locator("tr").filter({ hasText: title });
    await expect(row).toContainText("进行中");
    await expect(row).toContainText(ESTATE);
  });

  const phone = await phonePage(browser, baseURL);
  await test.step("the owner answers on the phone, one question per screen", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await expect(phone.getByTestId("go-surveys")).toBeVisible();
    await screenshot(phone, "survey-resident-home");
    await phone.getByTestId("go-surveys").click();
    await expect(phone).toHaveURL(/\/m\/surveys$/);
    await answerOnPhone(phone, title, true, 2, "希望把杂物清走，装上乒乓球台");
  });

  const phone2 = await phonePage(browser, baseURL);
  await test.step("the court's party member, a resident of the estate, answers on another phone", async () => {
    await residentSignIn(phone2, partyMember.phone, "/m/surveys");
    await expect(phone2.locator("article").filter({ hasText: title })).toBeVisible();
    await screenshot(phone2, "survey-my-list-second");
    await answerOnPhone(phone2, title, false, 4, "可以办普法讲座");
    await screenshot(phone2, "survey-thanks-second");
  });

  await test.step("the worker enters the family member's paper answer; the results show 3 answers and the chart", async () => {
    await staff.locator("tr").filter({ hasText: title }).getByRole("link", { name: "查看结果" }).click();
    await expect(staff.getByTestId("survey-results-page")).toBeVisible();
    await expect(staff.getByTestId("responses-count")).toContainText("2");
    await staff.getByTestId("paper-entry").click();
    const modal = staff.getByTestId("paper-modal");
    const picker = modal.getByRole("combobox", { name: "哪位居民的问卷" });
    await pickOption(staff, picker, family.me.name, { search: family.me.name });
    await modal.getByLabel("老幼服务").check();
    await modal.getByLabel("5", { exact: true }).check();
    await modal.getByRole("textbox", { name: /建议/ }).fill("纸质问卷：给老人留几把椅子");
    await screenshot(staff, "survey-paper-entry");
    await staff
      .getByRole("button", { name: "保 存" })
      .or(staff.getByRole("button", { name: "保存" }))
      .last()
      .click();
    await expect(staff.getByText("纸质问卷已录入")).toBeVisible();
    await noToasts(staff);
    await expect(staff.getByTestId("responses-count")).toContainText("3");
    const q1 = staff.getByTestId("result-0");
    await expect(q1.getByTestId("chart-0").locator("svg")).toBeVisible();
    await expect(q1).toContainText("老幼服务：3 人（100%）");
    await expect(q1).toContainText("3 人作答");
    await expect(staff.getByTestId("average-1")).toContainText("平均 3.67");
    await expect(staff.getByTestId("text-answers-2")).toContainText("纸质问卷：给老人留几把椅子");
    await screenshot(staff, "survey-results");
  });

  await test.step("the answers export downloads with the three answers", async () => {
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-answers").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^问卷-.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe("问卷回答");
    expect(sheet.actualRowCount).toBe(4);
    const cells: string[] = [];
    sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.text))));
    expect(cells).toContain("纸质");
    expect(cells).toContain(family.me.name);
  });
});
