// Journey (issue 15, C5 幸福敲门): 张荣清 of 矿山路社区 lives alone and has not checked in by his time today
// (the demo sets it just before it loads); the care-sweep job (every minute) raises his missed check-in
// to his building head and his grid worker. The building head finds the notice in the console, marks it
// 已上门, records the visit from the care record — health, gas and electricity, a need found — and the
// alert closes; then 老张 taps 我很好 on his phone's home page. Retry-safe: a retried run finds the alert
// already answered and the check-in made, and checks what they left.
import { expect, test } from "@playwright/test";
import {
  apiAs,
  expectEveryPageChecked,
  getJson,
  phonePage,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const HEAD = "13900000040";
const ZHANG = "13900000041";

interface Alert {
  id: number;
  residentId: number;
  name: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

test("a resident living alone misses the check-in; the building head is alerted, visits and records it; 我很好", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const head = await apiAs(baseURL, HEAD);
  const communityId = head.me.roles.find((g) => g.role === "building_head")!.scopeCommunityId!;
  const zhang = await apiAs(baseURL, ZHANG);
  const residentId = (
    await getJson<{ residencies: { communityId: number; residentId: number }[] }>(zhang.api, "/api/me")
  ).residencies.find((r) => r.communityId === communityId)!.residentId;
  const tag = `E2E-${Date.now().toString(36)}`;
  const record = () =>
    getJson<{ visits: { notes: string }[]; alerts: Alert[]; today: string }>(
      head.api,
      `/api/communities/${communityId}/care/residents/${residentId}`,
    );

  await test.step("the sweep raises one missed check-in for 老张 (within a minute of the start)", async () => {
    await expect
      .poll(async () => (await record()).alerts.length, { timeout: 120_000, intervals: [2_000] })
      .toBeGreaterThan(0);
  });
  const answered = (await record()).alerts[0]!.closedAt != null;

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the building head sees the alert on the care dashboard and marks it 已上门", async () => {
    await staffSignIn(staff, HEAD);
    await staff.getByRole("menuitem", { name: /关爱走访/ }).click();
    await expect(staff.getByTestId("care-staff-page")).toBeVisible();
    await expect(staff.locator(".ant-spin-spinning")).toHaveCount(0);
    if (!answered) {
      const alert = staff.getByTestId(`care-alert-${residentId}`);
      await expect(alert).toContainText("张荣清");
      await expect(alert).toContainText("未报平安");
      await screenshot(staff, "care-dashboard-alert");
      await alert.getByTestId("ack-visited").click();
      await expect(alert).toContainText("已上门");
    }
    await screenshot(staff, "care-dashboard");
  });

  await test.step("the building head records the visit: the need becomes a private request, the alert closes", async () => {
    await staff.goto(`/staff/care/${communityId}/residents/${residentId}`);
    await expect(staff.getByTestId("care-record-page")).toBeVisible();
    await expect(staff.getByTestId("visit-form")).toBeVisible();
    await staff.getByText("一般", { exact: true }).click();
    await staff.getByTestId("visit-notes").fill(`敲门未应，联系后上门：昨日摔跤，额头擦伤已处理 ${tag}`);
    await staff.getByTestId("visit-needs").fill("需要有人陪同复诊");
    await screenshot(staff, "care-visit-form");
    await staff.getByTestId("visit-save").click();
    await expect(staff.getByText(/走访已记录/).first()).toBeVisible();
    await expect(staff.getByText(tag).first()).toBeVisible();
    await screenshot(staff, "care-record");
    const after = await record();
    expect(after.alerts[0]!.closedAt).not.toBeNull();
  });
  await staff.context().close();

  await test.step("老张 taps 我很好 on the home page", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, ZHANG);
    const ok = phone.getByTestId("care-ok");
    await expect(ok.or(phone.getByTestId("care-done"))).toBeVisible();
    if (await ok.isVisible()) {
      await screenshot(phone, "care-home-button");
      await ok.click();
    }
    await expect(phone.getByTestId("care-done")).toBeVisible();
    await screenshot(phone, "care-home-checked-in");
    await phone.context().close();
  });
  for (const c of [head, zhang]) await c.api.dispose();
});
