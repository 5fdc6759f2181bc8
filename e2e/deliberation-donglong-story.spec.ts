// Journey (Chinese UI, issue 10 item 8a; DOMAIN D1–D4, X): Donglong's 架空层, the way the seed tells
// it — a survey, then 8 opinion meetings, then a convention — and on to 实施 and 评议. The demo keeps
// the story's history (the survey with its answers and the 8 meetings under the topic; the resolution
// published 18 days ago, so the notice period of 5 working days is over); this journey reads it as the
// secretary and a resident meet it and finishes it: the topic shows its survey and meetings, the
// resident finds the resolution's 公示 among their notices, the secretary moves the topic to 实施 with
// the request that carries it out and later to 评议, and the resident rates the outcome on the phone.
// Building a survey, answering it on two phones and on paper, planning a recurring series and signing
// in by scanning are the journeys deliberation-survey and deliberation-meetings (same estate); the
// refusal of 实施 inside the notice period is deliberation-parking-topic's.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  noToasts,
  phonePage,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

const TOPIC = "省法院小区架空层改造";

interface Topics {
  items: { id: number; title: string; stage: { key: string } }[];
}

test.afterEach(() => expectEveryPageChecked());

test("Donglong 架空层: the topic with its survey and 8 meetings, the resolution's 公示, 实施 after the notice period, 评议 on the phone", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const resident = await demoResident(baseURL);
  const { communityId } = resident;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const C = `/api/communities/${communityId}`;
  const found = await getJson<Topics>(secretary.api, `${C}/topics?q=${encodeURIComponent("架空层")}`);
  const topic = found.items.find((x) => x.title === TOPIC)!;
  expect(topic, "the demo has Donglong's 架空层 topic").toBeTruthy();
  expect(topic.stage.key, "the demo's resolution is published").toBe("publish_resolution");
  // the request that carries the resolution out: clearing the old furniture, as the seed tells
  const work = await postJson<{ id: number }>(resident.api, `${C}/requests`, {
    kind: "problem",
    categoryCode: "renovation",
    title: "清理架空层堆放的旧家具和杂物",
    description: "按改造决议，先清理架空层的旧家具和杂物，再按四个功能区施工。",
    place: { type: "household" },
  });

  const staff = await staffPage(browser, baseURL, communityId);
  await staffSignIn(staff, secretary.account.phone);

  await test.step("the secretary opens the topic: its survey with answers and its 8 opinion meetings", async () => {
    await staff.goto(`/staff/topics/${communityId}/${topic.id}`);
    await expect(staff.getByTestId("topic-staff-page")).toBeVisible();
    await expect(staff.getByTestId("topic-stage")).toHaveText("公示决议");
    const surveys = staff.getByTestId("topic-surveys");
    await expect(surveys).toContainText("本议题的问卷（1）");
    await expect(surveys).toContainText("省法院小区架空层改造调研问卷");
    const meetings = staff.getByTestId("topic-meetings");
    await expect(meetings).toContainText("本议题的会议（8）");
    await expect(meetings).toContainText("架空层改造意见征集会（第1次）");
    await expect(meetings).toContainText("架空层改造意见征集会（第8次）");
    await expect(staff.getByTestId("topic-steps")).toContainText("《聚邻空间使用公约》");
    await screenshot(staff, "donglong-topic-survey-meetings");
  });

  await test.step("the survey's results open from the topic", async () => {
    await staff
      .getByTestId("topic-surveys")
      .getByRole("link", { name: "省法院小区架空层改造调研问卷" })
      .click();
    await expect(staff).toHaveURL(/\/staff\/surveys\/\d+$/);
    await expect(staff.getByTestId("responses-count")).not.toContainText(/^\D*0$/);
    await expect(staff.getByTestId("result-0").locator("svg").first()).toBeVisible();
    await screenshot(staff, "donglong-survey-results");
    await staff.goBack();
    await expect(staff.getByTestId("topic-staff-page")).toBeVisible();
  });

  await test.step("a resident of the estate finds the resolution's 公示 among their notices", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, resident.account.phone, "/m/notices");
    const notice = phone.locator('[data-testid^="notice-"]', { hasText: `决议公示：${TOPIC}` }).first();
    await expect(notice).toBeVisible();
    await screenshot(phone, "donglong-my-notices");
    await notice.click();
    await expect(phone.getByText("《聚邻空间使用公约》").first()).toBeVisible();
    await screenshot(phone, "donglong-resolution-notice");
    await phone.context().close();
  });

  await test.step("the notice period is over: the secretary moves the topic to 实施 with its request", async () => {
    await staff.getByTestId("advance-topic").click();
    const form = staff.getByTestId("advance-form");
    await expect(form.getByTestId("advance-stage")).toContainText("实施");
    await form.getByTestId("advance-text").fill("按决议清理架空层，分四个功能区施工，网格员每周巡查");
    await form.getByLabel("实施关联的诉求编号（选填）").fill(String(work.id));
    await screenshot(staff, "donglong-advance-implement");
    await staff.getByRole("button", { name: "推进到下一阶段" }).last().click();
    await expect(staff.getByTestId("topic-stage")).toHaveText("实施");
    await expect(staff.getByRole("link", { name: `实施诉求 #${work.id}` })).toBeVisible();
    await noToasts(staff);
  });

  await test.step("and later to 评议, which participants rate", async () => {
    await staff.getByTestId("advance-topic").click();
    const form = staff.getByTestId("advance-form");
    await expect(form.getByTestId("advance-stage")).toContainText("评议");
    await form.getByTestId("advance-text").fill("聚邻空间已投入使用，请居民对改造结果评议");
    await staff.getByRole("button", { name: "推进到下一阶段" }).last().click();
    await expect(staff.getByTestId("topic-stage")).toHaveText("评议");
    await noToasts(staff);
    await screenshot(staff, "donglong-topic-evaluate");
  });

  await test.step("the resident rates the outcome 好评 on the phone; the console counts it", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, resident.account.phone, `/m/topics/${communityId}/${topic.id}`);
    await expect(phone.getByTestId("topic-title")).toHaveText(TOPIC);
    await expect(phone.getByTestId("topic-timeline").getByTestId("stage-evaluate")).toHaveAttribute(
      "data-state",
      "current",
    );
    const rate = phone.getByTestId("topic-rate");
    await rate.getByTestId("topic-rate-good").click();
    await rate.locator("textarea").fill("老人下棋、孩子写作业都有地方了");
    await screenshot(phone, "donglong-rate-outcome");
    await rate.getByTestId("topic-rate-submit").click();
    await expect(phone.getByTestId("my-topic-rating")).toBeVisible();
    await expect(phone.getByTestId("topic-rating-summary")).toContainText("1 人评议 · 满意率 100%");
    await screenshot(phone, "donglong-rated");
    await phone.context().close();

    await staff.reload();
    await expect(staff.getByTestId("topic-staff-page")).toContainText("1 人评议 · 满意率 100%");
    await screenshot(staff, "donglong-topic-rated");
  });

  await staff.context().close();
  await resident.api.dispose();
  await secretary.api.dispose();
});
