// Journey (Chinese UI, DOMAIN P1–P4, issue 12 story a): Donglong's 幸福食堂 grows into a 社区大食堂. The
// community secretary makes the topic's resolution a project in the console (决议立项) with three funding
// sources; two residents pledge labour on their phones (我要出力) and the court, a co-building unit,
// pledges money (我要出钱); the secretary — the project's treasurer — books the court's money (the pledge
// fulfilled) and an expense, each with a voucher photo; the residents read the account with its running
// balance; the project is finished and a resident rates it. No id is hard-coded.
import { expect, type Page, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  noToasts,
  phonePage,
  photoPng,
  pickOption,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const TOPIC = "幸福食堂升级为社区大食堂";

async function pledgeOnPhone(page: Page, kind: "labour" | "money", amount: string, shot: string) {
  await page.getByTestId(`want-${kind}`).click();
  await expect(page.getByTestId(`pledge-sheet-${kind}`)).toBeVisible();
  await page.getByTestId("pledge-quantity").locator("input").fill(amount);
  await screenshot(page, shot);
  await page.getByTestId("pledge-submit").click();
  await expect(page.getByText("谢谢！您的认捐已登记")).toBeVisible();
  await expect(page.getByTestId(`pledge-sheet-${kind}`)).toHaveCount(0);
}

test("幸福食堂: a resolution becomes a project, neighbours and a unit pledge, the treasurer books, residents see the account and rate it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const C = `/api/communities/${communityId}`;
  const topics = await getJson<{ items: { id: number; title: string }[] }>(
    secretary.api,
    `${C}/topics?q=${encodeURIComponent(TOPIC)}`,
  );
  const topic = topics.items.find((x) => x.title === TOPIC)!;
  expect(topic, "the demo has the canteen topic at its resolution").toBeTruthy();
  const projectTitle = `社区大食堂 ${Date.now().toString().slice(-5)}`;

  const desk = await staffPage(browser, baseURL, communityId);
  let projectId = 0;
  await test.step("the secretary makes the resolution a project with three funding sources", async () => {
    await staffSignIn(desk, secretary.account.phone);
    await desk.goto(`/staff/topics/${communityId}/${topic.id}`);
    await expect(desk.getByTestId("topic-projects")).toBeVisible();
    await screenshot(desk, "project-topic-card");
    await desk.getByTestId("topic-make-project").click();
    await expect(desk.getByTestId("project-create-form")).toBeVisible();
    await expect(desk.getByTestId("project-from-topic")).toContainText(`来自议题 #${topic.id}`);
    await desk.getByTestId("project-title-input").fill(projectTitle);
    await desk
      .getByTestId("project-summary-input")
      .fill("扩建为社区大食堂，年轻人也能在家门口吃饭，帮跑团送餐上门");
    const sources = [
      ["社区自筹", "社区自筹", "30000"],
      ["共建单位", "食堂让利", "30000"],
      ["政府补贴", "政府补贴", "30000"],
    ] as const;
    for (const [i, [kind, label, yuan]] of sources.entries()) {
      await desk.getByTestId("add-source").click();
      await pickOption(desk, desk.getByTestId(`source-kind-${i}`), kind);
      await desk.getByTestId(`source-label-${i}`).fill(label);
      await desk.getByTestId(`source-yuan-${i}`).fill(yuan);
    }
    await desk.getByTestId("add-line").click();
    await desk.getByTestId("line-name-0").fill("保温餐箱与厨具");
    await desk.getByTestId("line-yuan-0").fill("20000");
    await desk.getByTestId("target-money").fill("10000");
    await desk.getByTestId("target-labour").fill("40");
    await desk.getByTestId("target-labour-skill").fill("送餐");
    await screenshot(desk, "project-create");
    await desk.getByTestId("project-create-ok").click();
    await expect(desk.getByTestId("project-staff-page")).toBeVisible();
    projectId = Number(/\/staff\/projects\/\d+\/(\d+)/.exec(desk.url())![1]);
    await expect(desk.getByTestId("staff-project-status")).toHaveText("筹备中");
    await desk.getByTestId("move-crowdfunding").click();
    await expect(desk.getByTestId("staff-project-status")).toHaveText("众筹中");
    await screenshot(desk, "project-desk");
  });

  await test.step("two residents pledge labour on their phones (我要出力)", async () => {
    const family = accountsWithRole("resident (family)")[0]!;
    for (const [phone, hours, shot] of [
      [owner.account.phone, "6", "project-pledge-labour"],
      [family.phone, "4", "project-pledge-labour-2"],
    ] as const) {
      const phonePg = await phonePage(browser, baseURL);
      await residentSignIn(phonePg, phone, `/m/projects/${communityId}/${projectId}`);
      await expect(phonePg.getByTestId("project-title")).toHaveText(projectTitle);
      if (shot === "project-pledge-labour") await screenshot(phonePg, "project-resident-page");
      await pledgeOnPhone(phonePg, "labour", hours, shot);
      await phonePg.context().close();
    }
  });

  await test.step("the court, a co-building unit, pledges money (我要出钱)", async () => {
    const rep = accountsWithRole("unit_representative")[0]!;
    const unitPhone = await phonePage(browser, baseURL);
    await residentSignIn(unitPhone, rep.phone, `/m/projects/${communityId}/${projectId}`);
    await pledgeOnPhone(unitPhone, "money", "5000", "project-pledge-money");
    await expect(unitPhone.getByTestId("bar-money")).toContainText("资金 5,000.00 / 10,000.00 元");
    await expect(unitPhone.getByTestId("bar-labour")).toContainText("人力 10 / 40 小时");
    await unitPhone.context().close();
  });

  await test.step("the treasurer books the court's money and an expense, each with a voucher", async () => {
    await desk.reload();
    await expect(desk.getByTestId("booking-form")).toBeVisible();
    await desk.getByTestId("booking-amount").fill("5000");
    await pickOption(desk, "booking-source", "食堂让利");
    await pickOption(desk, "booking-pledge", /5,000\.00/);
    await desk.getByTestId("booking-memo").fill("省法院共建捐款");
    await desk.getByTestId("booking-counterparty").fill("湖北省高级人民法院");
    await desk
      .getByTestId("booking-form")
      .locator('input[type="file"]')
      .setInputFiles({ name: "收据.png", mimeType: "image/png", buffer: photoPng([250, 220, 80]) });
    await screenshot(desk, "project-booking-income");
    await desk.getByTestId("booking-submit").click();
    await expect(desk.getByText("已记账：第 1 笔，结余 5,000.00 元")).toBeVisible();
    await noToasts(desk);
    await desk.getByTestId("booking-direction").getByText("支出").click();
    await desk.getByTestId("booking-amount").fill("1200.5");
    await pickOption(desk, "booking-line", "保温餐箱与厨具");
    await desk.getByTestId("booking-memo").fill("购买保温餐箱");
    await desk.getByTestId("booking-counterparty").fill("厨具商店");
    await desk
      .getByTestId("booking-form")
      .locator('input[type="file"]')
      .setInputFiles({ name: "发票.png", mimeType: "image/png", buffer: photoPng([80, 160, 250]) });
    await desk.getByTestId("booking-submit").click();
    await expect(desk.getByText("已记账：第 2 笔，结余 3,799.50 元")).toBeVisible();
    await expect(desk.getByTestId("staff-account-summary")).toContainText("结余 3,799.50 元");
    await noToasts(desk);
    // a mistaken entry is corrected by 冲正, never edited: a reversal that names it
    await desk.getByTestId("booking-direction").getByText("支出").click();
    await desk.getByTestId("booking-amount").fill("88");
    await pickOption(desk, "booking-line", "保温餐箱与厨具");
    await desk.getByTestId("booking-memo").fill("购买保温餐箱");
    await desk
      .getByTestId("booking-form")
      .locator('input[type="file"]')
      .setInputFiles({ name: "发票.png", mimeType: "image/png", buffer: photoPng([80, 160, 250]) });
    await desk.getByTestId("booking-submit").click();
    await expect(desk.getByText("已记账：第 3 笔，结余 3,711.50 元")).toBeVisible();
    await noToasts(desk);
    await desk.getByTestId("reverse-3").click();
    await desk.getByTestId("reverse-reason").fill("重复录入");
    await screenshot(desk, "project-reverse-dialog");
    await desk.getByTestId("reverse-ok").click();
    await expect(desk.getByText("已冲正，记为第 4 笔")).toBeVisible();
    await expect(desk.getByTestId("staff-account-summary")).toContainText("结余 3,799.50 元");
    await expect(desk.getByTestId("staff-project-account")).toContainText("已冲正（第 4 笔）");
    await expect(desk.getByTestId("staff-project-account")).toContainText("冲正 #3：重复录入");
    await noToasts(desk);
    await screenshot(desk, "project-account-staff");
  });

  const resident = await phonePage(browser, baseURL);
  await test.step("residents read the account with its running balance and vouchers", async () => {
    await residentSignIn(resident, owner.account.phone, `/m/projects/${communityId}/${projectId}`);
    await expect(resident.getByTestId("project-account-summary")).toHaveText(
      "收入 5,000.00 元 · 支出 1,200.50 元 · 结余 3,799.50 元",
    );
    await expect(resident.getByTestId("entry-3")).toContainText("已冲正（第 4 笔）");
    await expect(resident.getByTestId("entry-4")).toContainText("冲正 #3：重复录入");
    await expect(resident.getByTestId("entry-2")).toContainText("购买保温餐箱");
    await expect(resident.getByTestId("entry-2")).toContainText("−1,200.50");
    await expect(resident.getByTestId("entry-1")).toContainText("结余 5,000.00");
    await expect(resident.getByTestId("entry-1").getByRole("link", { name: "凭证" })).toBeVisible();
    await expect(resident.getByTestId("project-sources")).toContainText("食堂让利");
    await screenshot(resident, "project-account-resident");
  });

  await test.step("the project is finished; pledges close; a resident rates it", async () => {
    await desk.getByTestId("move-finished").click();
    await expect(desk.getByTestId("staff-project-status")).toHaveText("已完工");
    await resident.reload();
    await expect(resident.getByTestId("project-status")).toHaveText("已完工");
    await expect(resident.getByTestId("project-help")).toContainText("项目已完工，不再接受认捐");
    await resident.getByTestId("project-rate-good").click();
    await resident.getByTestId("project-rate-submit").click();
    await expect(resident.getByTestId("my-project-rating")).toContainText("好评");
    await expect(resident.getByTestId("project-rating-counts")).toContainText("好评 1");
    await screenshot(resident, "project-rated");
  });
  const { api } = await apiAs(baseURL, owner.account.phone);
  const detail = await getJson<{ status: string; ratings: { good: number } }>(
    api,
    `${C}/projects/${projectId}`,
  );
  expect(detail).toMatchObject({ status: "finished", ratings: { good: 1 } });
});
