// Journey (issue 17 item 2, insight E2): a street official opens the street's big screen (数据大屏) at
// 1920×1080 with a short rotation: the overview shows the street's figures (its verified residents as
// the figures API counts them), the panels turn by themselves to the ranking of its communities with
// their denominators, then requests by category and the life circle map; each panel is checked with
// axe on the dark theme; a place outside the official's reach shows no figures; the screen scales
// down to a 360 px window. Read-only, so a retried run meets the same screen.
import { expect, test } from "@playwright/test";
import {
  apiAs,
  expectEveryPageChecked,
  getJson,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

test("a street official opens the big screen and its panels turn by themselves", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const phone = "13900000003"; // 刘晓燕, street official of 粮道街道
  const { api, me } = await apiAs(baseURL, phone);
  const grant = me.roles.find((g) => g.role === "street_official")!;
  const place = `street:${grant.scopeId}`;
  const street = await getJson<{
    place: { name: string };
    residents: number;
    children: { place: { place: string; name: string }; residents: number }[];
  }>(api, `/api/insight/figures?place=${place}&period=month`);
  const communityId = Number(street.children[0]!.place.place.split(":")[1]);

  const staff = await staffPage(browser, baseURL, communityId);
  await staff.setViewportSize({ width: 1920, height: 1080 });
  await staffSignIn(staff, phone);

  await test.step("the overview: the street's figures and its trend", async () => {
    await staff.goto(`/screen/${place}?rotate=5&refresh=30`);
    await expect(staff.getByRole("heading", { level: 1 })).toHaveText(`${street.place.name}数据大屏`);
    const overview = staff.getByTestId("screen-panel-overview");
    await expect(overview).toHaveAttribute("data-active", "true");
    await expect(staff.getByTestId("screen-stats")).toContainText(street.residents.toLocaleString("zh-CN"));
    await expect(overview.getByRole("img", { name: /近 12 个月趋势/ })).toBeVisible();
    await expect(staff.getByTestId("screen-status")).toContainText("数据更新于");
    await screenshot(staff, "bigscreen-overview");
  });

  await test.step("the panels turn: the ranking of the communities with their residents", async () => {
    const ranking = staff.getByTestId("screen-panel-ranking");
    await expect(ranking).toHaveAttribute("data-active", "true", { timeout: 30_000 });
    await expect(staff.getByTestId("screen-panel-overview")).toHaveAttribute("data-active", "false");
    const community = street.children[0]!;
    const chart = ranking.getByRole("img", { name: /人均志愿时长/ });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute(
      "aria-label",
      new RegExp(`${community.place.name} .*居民 ${community.residents}`),
    );
    await screenshot(staff, "bigscreen-ranking");
  });

  await test.step("requests by category, then the life circle map", async () => {
    const categories = staff.getByTestId("screen-panel-categories");
    await expect(categories).toHaveAttribute("data-active", "true", { timeout: 30_000 });
    await expect(categories.getByRole("heading", { name: /本月诉求分类/ })).toBeVisible();
    await screenshot(staff, "bigscreen-categories");
    // picked by hand: the life circle panel
    await staff.getByRole("button", { name: "切换到：生活圈" }).click();
    const life = staff.getByTestId("screen-panel-lifecircle");
    await expect(life).toHaveAttribute("data-active", "true");
    // the demo's 东龙社区 has a walking network (monaco.osm.pbf): its buildings are on the map
    await expect(life.getByRole("img", { name: /生活圈地图：\d+ 栋住宅楼/ })).toBeVisible();
    await screenshot(staff, "bigscreen-lifecircle");
  });

  await test.step("the screen fits a 360 px window", async () => {
    await staff.setViewportSize({ width: 360, height: 780 });
    await expect(staff.getByTestId("screen")).toBeVisible();
    await screenshot(staff, "bigscreen-360");
  });

  await test.step("a place outside the official's reach shows no figures", async () => {
    await staff.setViewportSize({ width: 1920, height: 1080 });
    await staff.goto("/screen/street:999999999");
    await expect(staff.getByTestId("screen-status")).toHaveText("您的角色不能查看这个地点的数据");
    await expect(staff.getByTestId("screen-panel-overview")).toHaveCount(0);
    await screenshot(staff, "bigscreen-out-of-reach");
  });
  await api.dispose();
});
