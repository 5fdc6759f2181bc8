// Journey (Chinese UI, issue 10 8b, DOMAIN D1/D2): a resident of 东龙 reports that parking is hard at
// night; the community secretary turns the request into a community-tier topic (社区议事) from the
// request drawer's 转为议题, with 四轴联动 and the estate's property company and owners' committee
// invited, and moves it through the X+7 stages — 定题, 准备与公示, 协商 at a 议事会, 决议, 公示决议 —
// each with its record; 实施 is refused while the notice period runs. The resident finds the topic on
// the phone with its big stage timeline, and the request shows "已转为议题". No id is hard-coded.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  noToasts,
  phonePage,
  pickOption,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const TITLE = "小区夜间停车难，消防通道常被占";
const TOPIC = "省法院小区及周边停车难怎么解决";

interface Settings {
  organisations: { id: number; kind: string; name: string }[];
  participantSets: { id: number; name: string }[];
}

test("a parking request becomes a community topic, moves through X+7 to 公示决议, and the resident follows it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const resident = await demoResident(baseURL);
  const { communityId } = resident;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const C = `/api/communities/${communityId}`;
  const request = await postJson<{ id: number }>(resident.api, `${C}/requests`, {
    kind: "problem",
    categoryCode: "parking",
    title: TITLE,
    description: "晚上下班回来没有车位，车停到消防通道上，老人担心出事。",
    place: { type: "household" },
  });
  const settings = await getJson<Settings>(secretary.api, `${C}/topic-settings`);
  const property = settings.organisations.find((o) => o.kind === "property_company")!;
  const committee = settings.organisations.find(
    (o) => o.kind === "owners_committee" && o.name.startsWith("省法院小区"),
  )!;
  expect(property, "the demo estate has a property company").toBeTruthy();
  expect(committee, "省法院小区 has an owners' committee").toBeTruthy();
  expect(settings.participantSets.map((s) => s.name)).toContain("四轴联动");

  const staff = await staffPage(browser, baseURL, communityId);
  await staffSignIn(staff, secretary.account.phone);

  await test.step("the secretary turns the request into a community topic with the parties invited", async () => {
    await staff.goto(`/staff/requests/${communityId}/${request.id}`);
    const drawer = staff.getByTestId("request-drawer");
    await expect(drawer).toContainText(TITLE);
    await expect(drawer.getByTestId("drawer-to-topic")).toBeVisible();
    await screenshot(staff, "request-drawer-to-topic");
    await drawer.getByTestId("drawer-to-topic").click();
    await expect(staff).toHaveURL(/\/staff\/topics\?fromRequest=/);
    const form = staff.getByTestId("topic-create-form");
    await expect(form.getByTestId("topic-from-request")).toContainText(`来自诉求 #${request.id}`);
    await form.getByTestId("topic-title-input").fill(TOPIC);
    await pickOption(staff, "topic-set-select", "四轴联动");
    await pickOption(staff, "topic-orgs-select", property.name, { search: property.name, keepOpen: true });
    await pickOption(staff, "topic-orgs-select", committee.name, { search: committee.name, keepOpen: true });
    await staff.keyboard.press("Escape");
    // the list fades out after Escape: checked once it is gone (axe would see a half-faded list)
    await expect(staff.locator(".ant-select-dropdown:visible")).toHaveCount(0);
    await screenshot(staff, "topic-create");
    await staff.getByRole("button", { name: "新建议题" }).last().click();
    await expect(staff.getByTestId("topic-staff-page")).toBeVisible();
    await expect(staff.getByTestId("topic-stage")).toHaveText("收集");
    await expect(staff.getByTestId("topic-parties")).toContainText("四轴联动");
    await expect(staff.getByTestId("topic-parties")).toContainText(property.name);
    await expect(staff.getByTestId("topic-parties")).toContainText(committee.name);
  });

  const steps: [string, string][] = [
    ["定题", "两委会商定议题：规划小区及周边夜间停车"],
    ["准备与公示", "公示议事会时间和停车方案初稿，邀请物业公司、业委会、党员和居民代表"],
    ["协商", "议事会协商：物业公司提出错时停车，业委会同意开放地面临时车位"],
    ["决议", "决议：夜间开放地面临时车位 30 个，消防通道划线禁停，由物业公司管理"],
    ["公示决议", "决议在小区公告栏和居民群公示 5 个工作日"],
  ];
  await test.step("each stage is entered with its record; 公示决议 is public and starts the notice period", async () => {
    for (const [stage, text] of steps) {
      await staff.getByTestId("advance-topic").click();
      const form = staff.getByTestId("advance-form");
      await expect(form.getByTestId("advance-stage")).toContainText(stage);
      await form.getByTestId("advance-text").fill(text);
      if (stage === "协商") await screenshot(staff, "topic-advance");
      await staff.getByRole("button", { name: "推进到下一阶段" }).last().click();
      await expect(staff.getByTestId("topic-stage")).toHaveText(stage);
      await expect(staff.getByTestId("topic-steps")).toContainText(text);
      await noToasts(staff);
    }
    await expect(staff.getByTestId("topic-notice")).toContainText("公示期满后才能实施");
    await screenshot(staff, "topic-staff-published");
  });

  await test.step("实施 before the notice period ends is refused with the reason", async () => {
    await staff.getByTestId("advance-topic").click();
    const form = staff.getByTestId("advance-form");
    await expect(form.getByTestId("advance-stage")).toContainText("实施");
    await form.getByTestId("advance-text").fill("开始划线施工");
    await staff.getByRole("button", { name: "推进到下一阶段" }).last().click();
    await expect(staff.getByText(/决议公示期未满/)).toBeVisible();
    await staff.getByRole("button", { name: /取\s*消/ }).click();
    await expect(staff.getByTestId("topic-stage")).toHaveText("公示决议");
  });

  await test.step("the topics list finds it by its title", async () => {
    await staff.goto("/staff/topics?q=停车难");
    const row = staff.locator('[data-testid^="topic-row-"]', { hasText: TOPIC });
    await expect(row).toContainText("社区议事");
    await expect(row).toContainText("公示决议");
    await expect(row).toContainText("诉求转入");
    await screenshot(staff, "topics-staff-list");
  });

  await test.step("the deliberation settings show the X+7 template and the linkage sets", async () => {
    await staff.getByRole("link", { name: "议事设置" }).click();
    const page = staff.getByTestId("topic-settings-page");
    await expect(page).toContainText("X+7");
    await expect(page.getByLabel("中文名称").nth(5)).toHaveValue("公示决议");
    await expect(page).toContainText("四轴联动");
    await expect(page).toContainText("五方联动");
    await screenshot(staff, "topic-settings");
    await staff.context().close();
  });

  await test.step("the resident follows the topic on the phone: a big stage timeline", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, resident.account.phone, "/m");
    await expect(phone.getByTestId("go-topics")).toBeVisible();
    await screenshot(phone, "resident-home-topics");
    await phone.getByTestId("go-topics").click();
    await expect(phone).toHaveURL(/\/m\/topics$/);
    const card = phone.locator('[data-testid^="topic-"]', { hasText: TOPIC }).first();
    await expect(card).toContainText("社区议事");
    await expect(card).toContainText("当前阶段：公示决议");
    await screenshot(phone, "my-topics");
    await card.click();
    await expect(phone.getByTestId("topic-title")).toHaveText(TOPIC);
    const timeline = phone.getByTestId("topic-timeline");
    await expect(timeline.getByTestId("stage-publish_resolution")).toHaveAttribute("data-state", "current");
    await expect(timeline.getByTestId("stage-deliberate")).toHaveAttribute("data-state", "done");
    await expect(timeline.getByTestId("stage-implement")).toHaveAttribute("data-state", "later");
    await expect(timeline).toContainText("决议：夜间开放地面临时车位 30 个");
    await expect(phone.getByText(/决议公示至 \d{4}-\d{2}-\d{2}/)).toBeVisible();
    const size = await timeline
      .locator(".m-stage-name")
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, "stage names are big").toBeGreaterThanOrEqual(18);
    await screenshot(phone, "topic-timeline");

    await phone.goto(`/m/requests/${communityId}/${request.id}`);
    await expect(phone.locator('[data-testid^="request-topic-"]')).toContainText("已转为议题");
    await screenshot(phone, "request-turned-into-topic");
    await phone.context().close();
  });

  await resident.api.dispose();
  await secretary.api.dispose();
});
