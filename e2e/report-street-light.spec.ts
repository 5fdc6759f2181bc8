// Journey (Chinese UI, DOMAIN V1–V6): a resident reports a broken street light with a photo from
// the phone; the grid worker of that grid signs it and routes it to the property company with one
// tap each, right in the inbox; the property company's staff resolve it with a photo; the resident
// rates it 好评; the public board's figures change. The report stays private: publishing it is the
// resident's choice, asked plainly with a switch that is off, and a neighbour dispute is never public.
//
// The resident, the grid worker and the property staff come from the demo's account list; the
// community, grid and request ids are read from the API.
import { expect, test } from "@playwright/test";
import {
  communityFigures,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  phonePage,
  photoPng,
  requestIdOf,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

// every page shown was checked (axe, both modes, screenshots)
test.afterEach(() => expectEveryPageChecked());

test("a broken street light: reported with a photo, signed, routed, resolved, rated 好评, counted on the board", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const resident = await demoResident(baseURL);
  const { communityId, household } = resident;
  // the resident's address: estate, building, unit, room
  const [estateName, buildingName] = household.address.split(" ") as [string, string];
  const worker = await demoStaff(baseURL, "grid_worker", { communityId, gridId: household.gridId });
  const property = await demoStaff(baseURL, "property_staff", { communityId });
  const before = await communityFigures(resident.api, communityId);

  const phone = await phonePage(browser, baseURL);
  let requestId = 0;

  await test.step("the resident reports 路灯坏了 with a photo taken on the phone", async () => {
    await residentSignIn(phone, resident.account.phone);
    await phone.getByTestId("home-report").click();
    await expect(phone).toHaveURL(/\/m\/report$/);
    await expect(phone.getByTestId("report-page")).toBeVisible();

    // where first: 我家 until the category says otherwise
    await expect(phone.getByTestId("where-household")).toHaveAttribute("aria-pressed", "true");
    await expect(phone.getByTestId("place-household")).toHaveText(household.address);
    await phone.getByTestId("kind-problem").click();
    await expect(phone.getByTestId("kind-problem")).toHaveAttribute("aria-pressed", "true");
    await phone.getByTestId("category").getByText("公共设施", { exact: true }).click();
    // a street light is not in the flat: the place moves to 某栋楼, and the page says so
    await expect(phone.getByTestId("where-building")).toHaveAttribute("aria-pressed", "true");
    await expect(phone.getByTestId("where-note")).toBeVisible();

    // publishing is asked plainly, and off unless the resident turns it on
    const publish = phone.getByTestId("is-public");
    await expect(phone.getByText("公开到社区公示栏（隐去电话、身份证号和姓名）")).toBeVisible();
    await expect(publish).toBeVisible();
    await expect(publish).not.toHaveClass(/adm-switch-checked/);
    // a neighbour dispute is never public: no switch, it says so (large in elderly mode)
    await phone.getByTestId("category").getByText("邻里纠纷", { exact: true }).click();
    await expect(phone.getByTestId("never-public")).toHaveText("此类问题不公开");
    await expect(publish).toHaveCount(0);
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).toHaveClass(/linli-elderly/);
    const size = await phone
      .getByTestId("never-public")
      .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(size, "large text in elderly mode").toBeGreaterThanOrEqual(20);
    await screenshot(phone, "report-never-public-elderly");
    await phone.getByTestId("elderly-toggle").click();
    await expect(phone.locator("html")).not.toHaveClass(/linli-elderly/);
    await phone.getByTestId("category").getByText("公共设施", { exact: true }).click();
    await expect(publish).not.toHaveClass(/adm-switch-checked/);

    await phone.getByTestId("report-title").locator("input").fill("路灯坏了");
    await phone
      .getByTestId("report-description")
      .locator("textarea")
      .fill("楼下路灯晚上不亮，已经三天了，老人晚上出门看不清路。");

    // the camera input of the phone: a small real PNG
    await phone.getByTestId("photo-input").setInputFiles({
      name: "street-light.png",
      mimeType: "image/png",
      buffer: photoPng([255, 200, 40]),
    });
    await expect(phone.locator(".m-photo img")).toHaveCount(1);
    await expect(phone.getByText("已选 1 / 9 张")).toBeVisible();

    // location data is removed unless the resident asks to keep it
    await expect(phone.getByTestId("keep-location")).not.toHaveClass(/adm-checkbox-checked/);
    // the light is at the resident's own building: the estate (when there are several), then the building
    await expect(phone.getByTestId("where-building")).toHaveAttribute("aria-pressed", "true");
    const estate = phone
      .getByTestId("building-picker")
      .getByRole("button", { name: estateName, exact: true });
    if ((await estate.count()) > 0) await estate.click();
    const building = phone
      .getByTestId("building-choices")
      .getByRole("button", { name: buildingName, exact: true });
    await building.click();
    await expect(building).toHaveAttribute("aria-pressed", "true");
    await expect(phone.getByTestId("place-building")).toContainText(`${estateName} ${buildingName}`);
    // a building's name is never broken over two lines (360 px)
    const lines = await building.evaluate((b) => {
      const lineHeight = Number.parseFloat(getComputedStyle(b).lineHeight) || 24;
      const range = document.createRange();
      range.selectNodeContents(b);
      return Math.round(range.getBoundingClientRect().height / lineHeight);
    });
    expect(lines, "the building's name on one line").toBeLessThanOrEqual(1);
    await screenshot(phone, "street-light-report-form");

    await phone.getByTestId("report-submit").click();
    await expect(phone.getByTestId("report-done")).toBeVisible();
    await expect(phone.getByText("已提交")).toBeVisible();
    await expect(phone.getByTestId("report-done")).toContainText("未公开，只有社区工作人员和您能看到。");
    await phone.getByTestId("report-view").click();
    await expect(phone).toHaveURL(/\/m\/requests\/\d+\/\d+$/);
    requestId = requestIdOf(phone.url());
    // not published, so Open311 does not know it (404, as a request that does not exist)
    const open311 = await phone.request.get(
      `/open311/v2/requests/${requestId}.json?jurisdiction_id=${communityId}`,
    );
    expect(open311.status()).toBe(404);

    await expect(phone.getByTestId("request-title")).toHaveText("路灯坏了");
    await expect(phone.getByTestId("status-chip")).toHaveText("待签收");
    await expect(phone.getByTestId("countdown")).toContainText("签收 · 剩");
    await expect(phone.getByTestId("submit-photos").locator("img")).toHaveCount(1);
    await expect(phone.getByTestId("event-submitted")).toBeVisible();
    await screenshot(phone, "street-light-reported");
  });

  const staff = await staffPage(browser, baseURL, communityId);

  await test.step("the grid worker signs it and routes it to the property company from the inbox row", async () => {
    await staffSignIn(staff, worker.account.phone);
    // a grid worker starts at the inbox
    await expect(staff).toHaveURL(/\/staff\/inbox$/);
    const row = staff.getByTestId(`inbox-row-${requestId}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("路灯坏了");
    await expect(row).toContainText(`${estateName} ${buildingName}`);
    await expect(row.getByTestId("countdown")).toContainText("签收 · 剩");
    await expect(row.getByTestId("countdown")).toHaveAttribute("data-overdue", "false");
    await screenshot(staff, "inbox-before-sign");

    // one tap: 签收
    await row.getByTestId("sign").click();
    await expect(staff.getByText("已签收", { exact: true })).toBeVisible();
    await expect(row.getByTestId("sign")).toHaveCount(0);
    await expect(row).toContainText("办理中");
    await expect(row.getByTestId("countdown")).toContainText("办结 · 剩");

    // one tap opens the list, one tap routes
    await row.getByTestId("route-menu").click();
    await staff.getByRole("menuitem", { name: "物业公司" }).click();
    await expect(staff.getByText("已分派给物业公司")).toBeVisible();
    await expect(row).toContainText("→ 物业公司");
    await screenshot(staff, "inbox-routed-to-property");

    // the detail shows the property company by name, and the whole history so far
    await row.getByTestId("open-request").click();
    const drawer = staff.getByTestId("request-drawer");
    await expect(drawer).toBeVisible();
    await expect(drawer.getByTestId("drawer-history")).toContainText("网格员签收");
    await expect(drawer.getByTestId("drawer-history")).toContainText("转交办理");
    await expect(drawer.getByTestId("drawer-photos").locator("img")).toHaveCount(1);
    await screenshot(staff, "request-drawer-routed");
    await staff.keyboard.press("Escape");
  });

  await test.step("the property company's staff resolve it with a photo of the repaired light", async () => {
    await staff.context().clearCookies();
    await staffSignIn(staff, property.account.phone);
    await staff.goto("/staff/inbox");
    await expect(staff.getByText("待办结").first()).toBeVisible();
    const row = staff.getByTestId(`assigned-row-${requestId}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("物业公司");
    await row.getByTestId("resolve").click();
    const dialog = staff.getByRole("dialog");
    await expect(dialog).toContainText("办结：路灯坏了");
    await dialog.getByTestId("resolve-text").fill("已更换路灯灯泡并检查线路，恢复照明。");
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "street-light-fixed.png",
      mimeType: "image/png",
      buffer: photoPng([255, 255, 220]),
    });
    await expect(dialog.locator(".ant-upload-list-item")).toHaveCount(1);
    await screenshot(staff, "property-resolve-dialog");
    await dialog.getByTestId("resolve-submit").click();
    await expect(staff.getByText("已办结，等待居民评价")).toBeVisible();
    await expect(staff.getByTestId(`assigned-row-${requestId}`)).not.toContainText("办结 · 剩");
  });

  await test.step("the resident is told, sees the answer and its photo, and rates it 好评", async () => {
    // the message arrives live: the badge on 消息 counts it without reloading
    await expect(phone.locator('[data-testid="tab-/m/notifications"] .adm-badge')).toBeVisible({
      timeout: 15_000,
    });
    await expect(phone.getByTestId("status-chip")).toHaveText("待评价", { timeout: 15_000 });
    await expect(phone.getByTestId("resolution")).toContainText("已更换路灯灯泡");
    await expect(phone.getByTestId("resolve-photos").locator("img")).toHaveCount(1);
    await expect(phone.getByTestId("confirm-panel")).toBeVisible();
    await screenshot(phone, "street-light-resolved");

    await phone.getByTestId("rate-good").click();
    await expect(phone.getByTestId("rate-good")).toHaveAttribute("aria-pressed", "true");
    await phone.getByTestId("rating-comment").locator("textarea").fill("修得很快，谢谢物业！");
    await phone.getByTestId("confirm-submit").click();
    await expect(phone.getByTestId("status-chip")).toHaveText("已办结");
    await expect(phone.getByTestId("my-rating")).toContainText("好评");
    await expect(phone.getByTestId("confirm-panel")).toHaveCount(0);
    const history = phone.getByTestId("history");
    for (const step of ["提交", "网格员签收", "转交办理", "办结", "评价", "关闭"])
      await expect(history.getByText(step, { exact: true }).first()).toBeVisible();
    await screenshot(phone, "street-light-rated-good");

    await phone.getByTestId("tab-/m/notifications").click();
    await expect(phone.getByTestId("notifications-page")).toContainText(
      "您的诉求已办结，请确认并评价：路灯坏了",
    );
    await screenshot(phone, "street-light-messages");
  });

  await test.step("the public board counts it: received, solved and rated good all go up", async () => {
    // every change nudges the figures job (run ~3 s later); its minute schedule is only the backstop,
    // so a minute here means the nudge did not work
    await expect
      .poll(
        async () => {
          const f = await communityFigures(resident.api, communityId);
          return (
            f.received >= before.received + 1 &&
            f.solved >= before.solved + 1 &&
            f.ratedGood >= before.ratedGood + 1
          );
        },
        { message: "the board counts the street light", timeout: 60_000, intervals: [1_000, 2_000] },
      )
      .toBe(true);
    const after = await communityFigures(resident.api, communityId);

    await phone.goto("/m/board");
    await expect(phone.getByTestId("board-name")).toContainText(resident.communityName);
    await expect(phone.getByTestId("fig-received").locator(".m-stat-value")).toHaveText(
      String(after.received),
    );
    await expect(phone.getByTestId("fig-solved").locator(".m-stat-value")).toHaveText(String(after.solved));
    await expect(phone.getByTestId("fig-satisfaction").locator(".m-stat-sub")).toContainText(
      `好评 ${after.ratedGood}`,
    );
    await expect(phone.getByTestId("chart-daily")).toBeVisible();
    await screenshot(phone, "public-board-after-street-light");

    // the street: every community of the street side by side
    await phone.getByTestId("board-level").getByText("街道", { exact: true }).click();
    await expect(phone.getByTestId("chart-parts")).toBeVisible();
    await expect(phone.getByTestId("chart-parts").locator("table")).toContainText(
      resident.communityName.replace(/社区$/, ""),
    );
    await screenshot(phone, "public-board-street");
  });

  await resident.api.dispose();
  await worker.api.dispose();
  await property.api.dispose();
});
