// Journey (Chinese UI, DOMAIN V5 "ratings also apply to spaces and services", C2): a resident of 东龙
// opens 评价服务与场地 from the home page in elderly mode, rates 聚邻空间 "差" with a comment; the
// figures on the page change; the community worker is told, sees the rating and the comment in the
// staff console and turns it into a problem request. No id is hard-coded.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

interface Subject {
  id: number;
  name: string;
  figures: { rated: number; good: number; average: number; poor: number; satisfactionPct: number | null };
}

const SPACE = "聚邻空间";
const COMMENT = "架空层的灯坏了两盏，晚上活动看不清。";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a resident rates a space 差 with a comment; the staff see it and the figures change", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const resident = await demoResident(baseURL);
  const { communityId } = resident;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const subjectsPath = `/api/communities/${communityId}/rating-subjects`;
  const before = (await getJson<{ items: Subject[] }>(resident.api, subjectsPath)).items.find(
    (s) => s.name === SPACE,
  )!;
  expect(before, `the demo registers ${SPACE}`).toBeTruthy();

  const phone = await phonePage(browser, baseURL);
  const card = phone.locator(`[data-testid="subject-${before.id}"]`);

  await test.step("the resident finds 评价服务与场地 on the home page and sees the figures", async () => {
    await residentSignIn(phone, resident.account.phone, "/m");
    await expect(phone.getByTestId("go-ratings")).toBeVisible();
    await screenshot(phone, "rate-space-home");
    await phone.getByTestId("go-ratings").click();
    await expect(phone).toHaveURL(/\/m\/ratings$/);
    await expect(phone.locator(".m-header-title")).toContainText("评价服务与场地");
    await expect(card).toContainText(SPACE);
    await expect(card.getByTestId("subject-counts")).toContainText(`${before.figures.rated} 人评价`);
    await expect(card.getByTestId("my-subject-rating")).toHaveCount(0);
  });

  await test.step("in elderly mode, big 好/一般/差 buttons; the resident rates it 差评 with a comment", async () => {
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).toHaveClass(/linli-elderly/);
    const rate = card.getByTestId("rate-subject");
    expect((await rate.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);
    await rate.click();
    const sheet = phone.getByTestId("rate-sheet");
    await expect(sheet).toContainText(`评价：${SPACE}`);
    for (const r of ["rate-good", "rate-average", "rate-poor"]) {
      const box = await sheet.getByTestId(r).boundingBox();
      expect(box?.height ?? 0, `${r} is a large target`).toBeGreaterThanOrEqual(64);
    }
    await sheet.getByTestId("rate-poor").click();
    await expect(sheet.getByText("差评会通知社区工作人员")).toBeVisible();
    await sheet.getByTestId("rate-comment").locator("textarea").fill(COMMENT);
    await screenshot(phone, "rate-space-sheet");
    await sheet.getByTestId("rate-submit").click();
    await expect(phone.getByText("谢谢您的评价")).toBeVisible();
    await expect(sheet).toHaveCount(0);
  });

  await test.step("the page shows my rating and the changed figures", async () => {
    const mine = card.getByTestId("my-subject-rating");
    await expect(mine).toContainText("差评");
    await expect(mine).toContainText(COMMENT);
    await expect(card.getByTestId("subject-counts")).toContainText(`${before.figures.rated + 1} 人评价`);
    await expect(card.getByTestId("subject-counts")).toContainText(`差评 ${before.figures.poor + 1}`);
    await expect(card).toContainText(COMMENT);
    await expect(card.getByTestId("rate-subject")).toHaveText("修改评价");
    await card.scrollIntoViewIfNeeded();
    await screenshot(phone, "rate-space-resident");
  });

  await test.step("the public board lists the community's spaces and services with satisfaction, large in elderly mode", async () => {
    await phone.goto("/m/board");
    await expect(phone.getByTestId("board-name")).toContainText(resident.communityName);
    const row = phone.getByTestId(`board-subject-${before.id}`);
    await expect(row).toContainText(SPACE);
    await expect(row).toContainText("场地");
    const rated = before.figures.rated + 1;
    await expect(row.getByTestId("subject-rated")).toHaveText(String(rated));
    await expect(row.getByTestId("subject-satisfaction")).toHaveText(
      `${Math.round((1000 * before.figures.good) / rated) / 10}%`,
    );
    const size = await row
      .locator("td")
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size, "large text in elderly mode").toBeGreaterThanOrEqual(20);
    await phone.getByTestId("board-subjects").scrollIntoViewIfNeeded();
    await screenshot(phone, "public-board-subjects-elderly");
    // back to the normal size (the account remembers the choice, and other journeys use it)
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).not.toHaveClass(/linli-elderly/);
    await expect
      .poll(
        async () =>
          ((await (await phone.request.get("/api/me")).json()) as { elderlyMode: boolean }).elderlyMode,
      )
      .toBe(false);
    await phone.context().close();
  });

  await test.step("the public figures changed, and carry no name", async () => {
    // as anyone sees it, signed in or not
    const res = await fetch(`${baseURL}${subjectsPath}`);
    expect(res.ok).toBe(true);
    const text = await res.text();
    const after = (JSON.parse(text) as { items: Subject[] }).items.find((s) => s.id === before.id)!;
    expect(after.figures.rated).toBe(before.figures.rated + 1);
    expect(after.figures.poor).toBe(before.figures.poor + 1);
    expect(after.figures.satisfactionPct).toBe(
      Math.round((1000 * after.figures.good) / after.figures.rated) / 10,
    );
    expect(text).toContain(COMMENT);
    expect(text).not.toContain(resident.me.name);
    expect(text).not.toContain(resident.household.address);
  });

  await test.step("the community worker is told, sees the rating with its comment and makes it a request", async () => {
    const notes = await getJson<{ items: { kind: string; titleZh: string; link: string | null }[] }>(
      worker.api,
      "/api/me/notifications",
    );
    const told = notes.items.find((n) => n.kind === "rating.poor");
    expect(told?.titleZh).toBe(`居民差评场地：${SPACE}`);

    const staff = await staffPage(browser, baseURL, communityId);
    await staffSignIn(staff, worker.account.phone);
    await staff.getByTestId("menu-ratings").click();
    await expect(staff.getByTestId("ratings-staff-page")).toBeVisible();
    const subjectRow = staff.getByTestId(`staff-subject-${before.id}`);
    await expect(subjectRow).toContainText(`差评 ${before.figures.poor + 1}`);
    const row = staff.locator('[data-testid^="staff-rating-"]', { hasText: COMMENT });
    await expect(row).toContainText(SPACE);
    await expect(row).toContainText("差评");
    await expect(row).toContainText(resident.me.name);
    await screenshot(staff, "rate-space-staff");
    await row.getByRole("button", { name: "转为问题" }).click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: "确 定" })
      .or(staff.locator(".ant-popconfirm").getByRole("button", { name: "确定" }))
      .click();
    await expect(staff.getByText(/已转为诉求 #\d+/)).toBeVisible();
    await expect(row.getByRole("link", { name: /诉求 #\d+/ })).toBeVisible();
    await staff.context().close();
  });

  await resident.api.dispose();
  await worker.api.dispose();
});
