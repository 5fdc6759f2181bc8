// Journey (Chinese UI, DOMAIN V6, issue 9): anyone opens the public board of 绿洲社区 from a shared
// link, on a 360 px phone and on a 1440 px desktop. The board shows problems solved and micro-wishes
// fulfilled as two separate figures (the article's "解决急难愁盼问题181件" and "兑现群众微心愿148个",
// which the demo reproduces), explains 中位数 and 90% in plain words behind a button that the keyboard
// opens, and on the desktop lays its cards and charts out in a grid instead of a phone column.
// No id is hard-coded: the community is found by name through the API.
import { type Browser, expect, type Page, request as playwrightRequest, test } from "@playwright/test";
import { trackPages } from "./page-checks.ts";
import {
  expectEveryPageChecked,
  getJson,
  phonePage,
  screenshot,
  watchSecurityPolicy,
} from "./voice-helpers.ts";

interface Division {
  streets: { id: number; name: string; communities: { id: number; name: string }[] }[];
}
interface Figures {
  received: number;
  solved: number;
  problemsSolved: number;
  wishes: number;
  wishesFulfilled: number;
  medianSolveHours: number | null;
  p90SolveHours: number | null;
}

const COMMUNITY = "绿洲社区";

test.afterEach(() => expectEveryPageChecked());

async function desktopPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  return trackPages(watchSecurityPolicy(await context.newPage()));
}

/** The first visit may offer the elderly mode (one big choice): this journey keeps the standard one. */
async function standardMode(page: Page) {
  const standard = page.getByTestId("mode-choice-standard");
  if (await standard.isVisible().catch(() => false)) await standard.click();
}

/** The top edges of some elements, rounded, to tell a row from a column. */
const topsOf = (page: Page, testIds: string[]) =>
  Promise.all(testIds.map(async (id) => Math.round((await page.getByTestId(id).boundingBox())!.y)));

test("the public board: problems solved and micro-wishes fulfilled apart, 中位数 and 90% explained, phone and desktop", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const api = await playwrightRequest.newContext({ baseURL });
  const divisions = await getJson<Division[]>(api, "/api/places/divisions");
  const community = divisions
    .flatMap((d) => d.streets)
    .flatMap((s) => s.communities)
    .find((c) => c.name === COMMUNITY);
  expect(community, `the demo has ${COMMUNITY}`).toBeTruthy();
  const figures = await getJson<Figures>(api, `/api/board/figures?level=community&id=${community!.id}`);
  // the demo writes the article's history: 181 problems solved, 148 micro-wishes fulfilled
  expect(figures.problemsSolved).toBeGreaterThanOrEqual(181);
  expect(figures.wishesFulfilled).toBeGreaterThanOrEqual(148);
  expect(figures.medianSolveHours).not.toBeNull();
  const link = `/m/board?community=${community!.id}`;

  const phone = await phonePage(browser, baseURL);
  await test.step("on a 360 px phone: the two figures apart, and 中位数 explained from the keyboard", async () => {
    await phone.goto(link);
    await expect(phone.getByTestId("board-name")).toContainText(COMMUNITY);
    await standardMode(phone);
    await expect(phone.getByTestId("fig-problems-solved").locator(".m-stat-value")).toHaveText(
      `${figures.problemsSolved} 件`,
    );
    await expect(phone.getByTestId("fig-problems-solved")).toContainText("解决问题");
    await expect(phone.getByTestId("fig-wishes").locator(".m-stat-value")).toHaveText(
      `${figures.wishesFulfilled} 个`,
    );
    await expect(phone.getByTestId("fig-wishes")).toContainText("兑现微心愿");
    await expect(phone.getByTestId("fig-solved").locator(".m-stat-value")).toHaveText(String(figures.solved));

    // the help is a button named for what it explains: focused, opened with Enter, announced as expanded
    const button = phone.getByRole("button", { name: "中位数是什么意思" });
    await expect(button).toContainText("什么意思");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(phone.getByTestId("help-median")).toBeHidden();
    await button.focus();
    await phone.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    const help = phone.getByTestId("help-median");
    await expect(help).toBeVisible();
    await expect(help).toContainText("一半的诉求在");
    await expect(help).toContainText("内办结");
    // opened, the explanation takes the phone's whole row
    const card = (await phone.getByTestId("fig-median").boundingBox())!;
    expect(card.width).toBeGreaterThan(300);
    // the phone column: two figures to a row, nothing wider than the screen
    const [a, b] = await topsOf(phone, ["fig-problems-solved", "fig-wishes"]);
    expect(a).toBe(b);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(phone, "public-board-phone");
  });

  const desktop = await desktopPage(browser, baseURL);
  await test.step("on a 1440 px desktop: a grid of cards and charts; 90% explained", async () => {
    await desktop.goto(link);
    await expect(desktop.getByTestId("board-name")).toContainText(COMMUNITY);
    await standardMode(desktop);
    await expect(desktop.getByTestId("fig-problems-solved").locator(".m-stat-value")).toHaveText(
      `${figures.problemsSolved} 件`,
    );
    await expect(desktop.getByTestId("fig-wishes").locator(".m-stat-value")).toHaveText(
      `${figures.wishesFulfilled} 个`,
    );
    await expect(desktop.getByTestId("chart-daily")).toBeVisible();
    // four figures to a row, and the board uses the width of the screen, not a 640 px column
    const row = await topsOf(desktop, [
      "fig-received",
      "fig-signed-on-time",
      "fig-solved",
      "fig-solved-on-time",
    ]);
    expect(new Set(row).size, `one row: ${row}`).toBe(1);
    const width = (await desktop.getByTestId("board-figures").boundingBox())!.width;
    expect(width).toBeGreaterThan(1000);
    // the cards sit side by side: the spaces' satisfaction next to volunteering and points
    const [subjects, participation] = await Promise.all(
      [desktop.getByTestId("board-subjects"), desktop.getByTestId("board-participation")].map(async (l) =>
        Math.round((await l.boundingBox())!.y),
      ),
    );
    expect(subjects).toBe(participation);
    await expect(desktop.getByTestId("fig-volunteers")).toBeVisible();
    await expect(desktop.getByTestId("fig-points")).toBeVisible();

    await desktop.getByTestId("help-p90-button").click();
    await expect(desktop.getByTestId("help-p90")).toContainText("每 10 件诉求里有 9 件");
    await desktop.getByTestId("help-median-button").click();
    await expect(desktop.getByTestId("help-median")).toContainText("一半的诉求在");
    await screenshot(desktop, "public-board-desktop");
  });

  await test.step("on the desktop, the street: every community side by side", async () => {
    await desktop.getByTestId("board-level").getByText("街道", { exact: true }).click();
    await expect(desktop.getByTestId("chart-parts")).toBeVisible();
    await expect(desktop.getByTestId("chart-parts").locator("table")).toContainText(
      COMMUNITY.replace(/社区$/, ""),
    );
    await expect(desktop.getByTestId("chart-parts").locator("table")).toContainText("解决问题");
    await screenshot(desktop, "public-board-desktop-street");
  });

  await api.dispose();
});
