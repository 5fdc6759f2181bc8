// Journey (Chinese UI, then English): the staff console around the inbox — a grid worker records
// a resident's problem heard at the door (代办) and finds it in the inbox and the filtered list; the
// community secretary changes a category's time limits and issues and revokes an Open311 key; the
// system administrator edits the working calendar; the inbox reads in English too.
import { expect, test } from "@playwright/test";
import dayjs from "dayjs";
import {
  closeDrawer,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  firstDemo,
  pickOption,
  postJson,
  requestIdOf,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("代办, filters, category limits, Open311 keys, the working calendar, and English", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const admin = await firstDemo(baseURL, "system_admin");
  const title = "楼道扶手松动（上门走访）";
  // names this run creates carry a tag, so a retried run (same demo database) finds its own rows
  const tag = Date.now().toString().slice(-5);
  const staff = await staffPage(browser, baseURL, communityId);
  let requestId = 0;

  await test.step("the grid worker records a problem heard on a door visit, for a registered resident", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.getByTestId("go-on-behalf").click();
    await expect(staff.getByTestId("on-behalf-page")).toBeVisible();
    await staff.getByText("上门走访", { exact: true }).click();
    await pickOption(staff, "resident-select", resident.me.name, { search: resident.me.name });
    // the resident's household is filled in
    await expect(staff.getByTestId("household-select")).toContainText(household.address);
    await pickOption(staff, "category-select", "安全隐患");
    await staff.getByTestId("on-behalf-title").fill(title);
    await screenshot(staff, "on-behalf-form");
    await staff.getByTestId("on-behalf-submit").click();
    await expect(staff.getByText(/已登记，编号 \d+/).first()).toBeVisible();
    await staff.getByRole("button", { name: /查\s?看/ }).click();
    await expect(staff).toHaveURL(/\/staff\/requests\/\d+\/\d+$/);
    requestId = requestIdOf(staff.url());
    const drawer = staff.getByTestId("request-drawer");
    await expect(drawer).toContainText(title);
    await expect(drawer).toContainText("上门走访");
    await expect(drawer.getByTestId("drawer-history")).toContainText("由工作人员代办（上门走访）");
    await screenshot(staff, "on-behalf-recorded");
    await closeDrawer(staff);
  });

  await test.step("it is in the inbox, marked with its channel, and in the filtered list", async () => {
    await staff.getByRole("menuitem", { name: /工单/ }).click();
    const row = staff.getByTestId(`inbox-row-${requestId}`);
    await expect(row).toContainText(title);
    await expect(row).toContainText("上门走访");

    await staff.getByRole("menuitem", { name: /诉求列表/ }).click();
    const filters = staff.getByTestId("request-filters");
    await pickOption(staff, filters.locator(".ant-select").nth(0), "待签收");
    await pickOption(staff, filters.locator(".ant-select").nth(1), "问题");
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();
    await screenshot(staff, "requests-filtered");
    await staff.getByTestId("filter-overdue").click();
    await expect(staff.getByTestId(`request-row-${requestId}`)).toHaveCount(0);
  });

  await test.step("the console as staff know it: a grouped menu, a breadcrumb, a keyword and a date search", async () => {
    // the side menu is grouped by the sections of the work
    const menu = staff.getByRole("navigation", { name: "工作台菜单" });
    for (const group of ["民声民意", "人·房·组织", "设置与审计"]) await expect(menu).toContainText(group);
    await staff.getByRole("menuitem", { name: /诉求列表/ }).click();
    const crumb = staff.getByTestId("staff-breadcrumb");
    await expect(crumb).toContainText("工作台");
    await expect(crumb).toContainText("民声民意");
    await expect(crumb).toContainText("诉求列表");

    // a keyword, searched on the server and kept in the address
    const filters = staff.getByTestId("request-filters");
    // the earlier filters (待签收, 问题, 只看超期) are cleared first, as staff would
    await filters.getByRole("button", { name: /清空筛选/ }).click();
    await expect(staff).not.toHaveURL(/overdue=/);
    await filters.getByLabel(/关键词/).fill("扶手松动");
    await filters.getByRole("button", { name: /搜\s?索/ }).click();
    await expect(staff).toHaveURL(/[?&]q=/);
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();
    // only rows with the keyword are left (a retried run may have recorded the same problem before)
    await expect(staff.locator(".ant-table-row").filter({ hasNotText: "扶手松动" })).toHaveCount(0);

    // submitted today: found within today, not before
    const today = dayjs().format("YYYY-MM-DD");
    const yesterday = dayjs().subtract(1, "day").format("YYYY-MM-DD");
    const pickDays = async (from: string, to: string) => {
      const start = filters.getByPlaceholder("开始日期");
      await start.click();
      await start.fill(from);
      await start.press("Enter");
      const end = filters.getByPlaceholder("结束日期");
      await end.fill(to);
      await end.press("Enter");
      await expect(staff).toHaveURL(new RegExp(`from=${from}.*to=${to}`));
    };
    await pickDays(today, today);
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();
    await screenshot(staff, "requests-keyword-and-days");
    await pickDays(yesterday, yesterday);
    await expect(staff.getByTestId(`request-row-${requestId}`)).toHaveCount(0);
    // the search survives a reload (it is in the address)
    await staff.reload();
    await expect(filters.getByPlaceholder("开始日期")).toHaveValue(yesterday);
    await staff.getByRole("button", { name: "清空筛选" }).click();
    await expect(staff).not.toHaveURL(/[?&]q=/);
    await expect(staff.getByTestId(`request-row-${requestId}`)).toBeVisible();

    // column settings: a column hidden stays hidden for this list
    await staff.getByTestId("column-settings").click();
    await staff.getByTestId("columns-requests").getByText("评价", { exact: true }).click();
    await expect(staff.locator(".ant-table-thead")).not.toContainText("评价");
    await staff.getByTestId("column-settings").click();
  });

  await test.step("批量签收: the grid worker signs for two new reports at once from the inbox", async () => {
    const ids: number[] = [];
    for (const t of ["楼道声控灯不亮（批量一）", "垃圾桶满了没人清（批量二）"]) {
      const { id } = await postJson<{ id: number }>(
        resident.api,
        `/api/communities/${communityId}/requests`,
        {
          kind: "problem",
          categoryCode: "environment",
          title: t,
          place: { type: "household" },
        },
      );
      ids.push(id);
    }
    await staff.getByRole("menuitem", { name: /工单/ }).click();
    await expect(staff.getByTestId("staff-breadcrumb")).toContainText("工单");
    for (const id of ids) {
      const row = staff.getByTestId(`inbox-row-${id}`);
      await expect(row).toContainText("待签收");
      await row.getByRole("checkbox").check();
    }
    const bar = staff.getByTestId("selection-bar");
    await expect(bar).toContainText("已选 2 项");
    await screenshot(staff, "inbox-batch-selected");
    await bar.getByTestId("batch-sign").click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /签\s?收/ })
      .click();
    await expect(staff.locator(".ant-message-notice").filter({ hasText: "已签收 2 条" })).toBeVisible();
    for (const id of ids) await expect(staff.getByTestId(`inbox-row-${id}`)).toContainText("办理中");
    await expect(staff.getByTestId("selection-bar")).toHaveCount(0);
  });

  await test.step("the same problem reported again by the resident is merged into the first", async () => {
    const { id: duplicateId } = await postJson<{ id: number }>(
      resident.api,
      `/api/communities/${communityId}/requests`,
      { kind: "problem", categoryCode: "safety", title: "楼道扶手松了", place: { type: "household" } },
    );
    await staff.getByRole("menuitem", { name: /工单/ }).click();
    const row = staff.getByTestId(`inbox-row-${duplicateId}`);
    await expect(row).toBeVisible();
    await row.getByTestId("open-request").click();
    const drawer = staff.getByTestId("request-drawer");
    const duplicates = drawer.getByTestId("duplicates");
    await expect(duplicates).toContainText(`#${requestId} ${title}`);
    await duplicates.scrollIntoViewIfNeeded();
    await screenshot(staff, "request-duplicates");
    await duplicates
      .locator(".ant-list-item")
      .filter({ hasText: `#${requestId} ${title}` })
      .getByRole("button", { name: "合并到这条" })
      .click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s?定/ })
      .click();
    await expect(
      staff.locator(".ant-message-notice").filter({ hasText: `已合并到 #${requestId}` }),
    ).toBeVisible();
    await expect(drawer.locator(".ant-drawer-extra")).toContainText("已合并");
    await closeDrawer(staff);
    await expect(staff.getByTestId(`inbox-row-${duplicateId}`)).toHaveCount(0);
  });

  await test.step("the inbox reads in English too", async () => {
    await staff.getByRole("menuitem", { name: /工单/ }).click();
    await staff.getByTestId("language-switch").click();
    await expect(staff.getByRole("heading", { name: "Inbox" })).toBeVisible();
    const row = staff.getByTestId(`inbox-row-${requestId}`);
    await expect(row).toContainText("Door visit");
    await expect(row.getByTestId("countdown")).toContainText("left");
    await screenshot(staff, "inbox-english");
    await staff.getByTestId("language-switch").click();
    await expect(staff.getByRole("heading", { name: "工单" })).toBeVisible();
  });

  await test.step("the overdue list of the community", async () => {
    await staff.getByRole("menuitem", { name: /超期清单/ }).click();
    await expect(staff.getByTestId("overdue-page")).toContainText("超期合计");
    await screenshot(staff, "overdue");
  });

  await test.step("the secretary shortens a category's time to solve", async () => {
    await staff.context().clearCookies();
    await staffSignIn(staff, secretary.account.phone);
    await staff.getByRole("menuitem", { name: /诉求类别/ }).click();
    await expect(staff.getByTestId("categories-page")).toBeVisible();
    await staff.getByTestId("edit-category-parking").click();
    const dialog = staff.getByRole("dialog");
    const solve = dialog.getByLabel("办结时限");
    await solve.fill("4");
    await dialog.getByRole("button", { name: /确\s?定/ }).click();
    await expect(staff.getByText("已保存").first()).toBeVisible();
    await expect(staff.getByRole("row").filter({ hasText: "停车" })).toContainText("4");
    await screenshot(staff, "categories");
  });

  await test.step("neighbour disputes are never public; the secretary marks another category so", async () => {
    await expect(staff.getByTestId("never-public-neighbour_dispute")).toHaveText("不公开");
    const dialog = staff.getByRole("dialog");
    if ((await staff.getByTestId("never-public-renovation").count()) > 0) {
      // a retried run marked it before: the secretary unmarks it first
      await staff.getByTestId("edit-category-renovation").click();
      await dialog.getByTestId("never-public-switch").click();
      await dialog.getByRole("button", { name: /确\s?定/ }).click();
      await expect(dialog).toHaveCount(0);
    }
    await expect(staff.getByTestId("never-public-renovation")).toHaveCount(0);
    await staff.getByTestId("edit-category-renovation").click();
    const never = dialog.getByTestId("never-public-switch");
    await expect(never).not.toHaveClass(/ant-switch-checked/);
    await never.click();
    await expect(never).toHaveClass(/ant-switch-checked/);
    await screenshot(staff, "category-never-public");
    await dialog.getByRole("button", { name: /确\s?定/ }).click();
    await expect(staff.getByText("已保存").first()).toBeVisible();
    await expect(staff.getByTestId("never-public-renovation")).toHaveText("不公开");
  });

  await test.step("the secretary issues an Open311 key, shown once, and revokes it", async () => {
    await staff.getByRole("menuitem", { name: /Open311/ }).click();
    await staff.getByTestId("create-key").click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByLabel("使用方").fill(`区12345平台 ${tag}`);
    await dialog.getByRole("button", { name: /创\s?建/ }).click();
    const created = staff.getByRole("dialog").filter({ hasText: "密钥已创建" });
    await expect(created).toContainText("只显示这一次");
    const key = ((await created.getByTestId("new-key").textContent()) ?? "").trim();
    expect(key.length).toBeGreaterThan(16);
    await screenshot(staff, "open311-key-created");
    await created.getByRole("button", { name: "我已保存" }).click();
    const row = staff.locator(".ant-table-row").filter({ hasText: `区12345平台 ${tag}` });
    await expect(row).toContainText("有效");
    // only the prefix stays visible
    await expect(staff.getByTestId("open311-page")).not.toContainText(key);
    await row.getByRole("button", { name: /停\s?用/ }).click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s?定/ })
      .click();
    await expect(row).toContainText("已停用");
    await screenshot(staff, "open311-keys");
  });

  await test.step("the secretary records a co-building unit's offer as a resource", async () => {
    await staff.getByRole("menuitem", { name: /资源对接/ }).click();
    await staff.getByRole("button", { name: "登记资源" }).click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByText("场地", { exact: true }).click();
    await dialog.getByLabel("资源").fill(`周末开放会议室 ${tag}`);
    await dialog.getByRole("button", { name: /确\s?定/ }).click();
    await expect(staff.locator(".ant-table-row").filter({ hasText: `周末开放会议室 ${tag}` })).toBeVisible();
    await screenshot(staff, "resources");
  });

  await test.step("the system administrator adds and removes a day of the working calendar", async () => {
    await staff.context().clearCookies();
    await staffSignIn(staff, admin.account.phone);
    await staff.goto("/staff/calendar");
    await expect(staff.getByTestId("calendar-page")).toBeVisible();
    // a day two years ahead, so no deadline of this run moves
    const year = dayjs().year() + 2;
    const day = `${year}-06-15`;
    await pickOption(
      staff,
      staff.locator(".ant-page-header, [data-testid=calendar-page]").locator(".ant-select").first(),
      String(year),
    );
    await staff.getByPlaceholder("日期").fill(day);
    await staff.getByPlaceholder("日期").press("Enter");
    await staff.getByPlaceholder("例如：春节，或 春节调休上班").fill("社区测试假日");
    await staff.getByRole("button", { name: "保存这一天" }).click();
    await expect(staff.getByText(`已保存 ${day}`)).toBeVisible();
    const row = staff.locator(".ant-table-row").filter({ hasText: day });
    await expect(row).toContainText("社区测试假日");
    await screenshot(staff, "working-calendar");
    await row.getByRole("button").last().click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s?定/ })
      .click();
    await expect(staff.locator(".ant-table-row").filter({ hasText: day })).toHaveCount(0);
  });

  await staff.context().close();
  for (const c of [resident, worker, secretary, admin]) await c.api.dispose();
});
