// Journey (Chinese UI, DOMAIN T2, issue 14): Donglong's community worker publishes a volunteer activity;
// the demo resident finds it from the home screen and signs up in three taps (志愿活动 → the activity →
// 报名) on a 360 px phone; the organiser's screen shows the rotating QR code and the resident opens its
// address to check in; the organiser checks the resident out and certifies 2 hours; the resident sees the
// hours in 我的志愿 and the 20 points they earned in 我的积分 (the standard's 10 points per certified hour,
// earned by the points-earned consumer), issues and downloads the certificate; a stranger (no sign-in)
// checks it by its code.
// Safe to retry on the same demo database: the activity's title carries a unique tag.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const TAG = `${Date.now() % 1_000_000}`;
const TITLE = `帮跑团送餐 ${TAG}`;

test("a resident signs up, checks in by the code, gets 2 certified hours and a certificate anyone can check", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const created = await postJson<{ id: number }>(
    worker.api,
    `/api/communities/${communityId}/volunteering/activities`,
    {
      title: TITLE,
      place: "东龙社区幸福食堂",
      description: "11点取餐，送到老人家中",
      startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
      capacity: 5,
      skills: ["送餐"],
    },
  );
  const activityId = created.id;
  // the residents adopt a standard with points per certified hour (a new version on a retry is harmless)
  const topic = await postJson<{ id: number }>(worker.api, `/api/communities/${communityId}/topics`, {
    title: `志愿服务积分办法 ${TAG}`,
    tier: "community",
  });
  await postJson(worker.api, `/api/communities/${communityId}/points/standards`, {
    adoptedVia: { kind: "topic", id: topic.id },
    adoptedOn: new Date().toISOString().slice(0, 10),
    yearEndRule: "carry_over",
    items: [
      {
        code: "volunteer_hour",
        nameZh: "志愿服务（每小时）",
        nameEn: "Volunteering (per hour)",
        category: "volunteering",
        points: 10,
        source: "volunteer_hours",
      },
    ],
  });
  const pointsNow = async () =>
    (
      await getJson<{ accounts: { communityId: number; balance: number }[] }>(owner.api, "/api/me/points")
    ).accounts.find((a) => a.communityId === communityId)?.balance ?? 0;
  const pointsBefore = await pointsNow();

  const phone = await phonePage(browser, baseURL);
  await test.step("the resident signs up in three taps from the home screen", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-volunteering").click(); // 1
    await expect(phone.getByTestId(`vol-activity-${activityId}`)).toContainText(TITLE);
    await screenshot(phone, "volunteering-list");
    await phone.getByTestId(`vol-activity-${activityId}`).click(); // 2
    await expect(phone.getByTestId("vol-activity-page")).toContainText(TITLE);
    await screenshot(phone, "volunteering-activity");
    const button = phone.getByTestId("vol-sign-up");
    expect((await button.boundingBox())?.height ?? 0, "a big button").toBeGreaterThanOrEqual(44);
    await button.click(); // 3
    await expect(phone.getByTestId("vol-my-status")).toHaveAttribute("data-status", "signed");
    await screenshot(phone, "volunteering-signed-up");
  });

  const staff = await staffPage(browser, baseURL, communityId);
  let qrPath = "";
  await test.step("the organiser's screen shows the rotating QR code", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto(`/staff/volunteering?q=${encodeURIComponent(TAG)}&when=all`);
    await expect(staff.getByTestId(`vol-row-${activityId}`)).toContainText(TITLE);
    await screenshot(staff, "volunteering-staff-list");
    await staff.getByTestId(`vol-row-${activityId}`).click();
    const qr = staff.getByTestId("vol-check-qr");
    await expect(qr).toBeVisible();
    await expect(staff.getByTestId("vol-check-code")).toHaveText(/^\d{6}$/);
    await screenshot(staff, "volunteering-check-screen");
    const url = new URL((await qr.getAttribute("data-check-url"))!);
    qrPath = url.pathname + url.search;
    expect(qrPath).toMatch(
      new RegExp(`^/m/volunteering/${activityId}/check\\?community=${communityId}&c=\\d{6}$`),
    );
  });

  await test.step("the resident opens the QR code's address and is checked in", async () => {
    await phone.goto(qrPath);
    await expect(phone.getByTestId("vol-check-result")).toHaveAttribute("data-action", "in");
    await expect(phone.getByText("签到成功")).toBeVisible();
    await screenshot(phone, "volunteering-checked-in");
  });

  await test.step("the organiser checks the resident out and certifies 2 hours", async () => {
    await staff.reload();
    const row = staff.getByTestId(`vol-att-${owner.me.id}`);
    await expect(row).toBeVisible();
    await staff.getByRole("checkbox", { name: owner.me.name }).check();
    await staff.getByTestId("vol-tick-out").click();
    await expect(staff.getByText(/已处理 1 人/)).toBeVisible();
    await staff.getByRole("checkbox", { name: owner.me.name }).check();
    await staff.getByRole("spinbutton", { name: /认定分钟数/ }).fill("120");
    await screenshot(staff, "volunteering-certify");
    await staff.getByTestId("vol-certify").click();
    await expect(staff.getByText("已认定 1 人")).toBeVisible();
    await expect(staff.getByTestId(`vol-minutes-${owner.me.id}`)).toHaveText("2小时");
    await screenshot(staff, "volunteering-certified");
  });

  let code = "";
  await test.step("the resident sees the hours and downloads the certificate", async () => {
    await phone.goto("/m/volunteering/mine");
    const service = phone.locator("[data-testid^='vol-service-']").filter({ hasText: TITLE });
    await expect(service).toContainText("2小时");
    await screenshot(phone, "volunteering-mine");
    // the certified hours earned points by themselves (the outbox's consumer, within seconds)
    await expect.poll(pointsNow, { timeout: 30_000 }).toBe(pointsBefore + 20);
    await phone.goto("/m/points");
    await expect(phone.getByTestId(`points-balance-${communityId}`)).toContainText(String(pointsBefore + 20));
    await expect(phone.getByTestId("points-entries")).toContainText("志愿服务（每小时）");
    await expect(phone.getByTestId("points-entries")).toContainText("+20");
    await screenshot(phone, "volunteering-points-earned");
    await phone.goto("/m/volunteering/mine");
    await phone.getByTestId("vol-issue").click();
    await expect(phone.getByText(/证明已开具，核验码/)).toBeVisible();
    const record = await getJson<{ records: { communityId: number; certificates: { code: string }[] }[] }>(
      owner.api,
      "/api/me/volunteering",
    );
    code = record.records.find((r) => r.communityId === communityId)!.certificates[0]!.code;
    const cert = phone.getByTestId(`vol-certificate-${code}`);
    await expect(cert).toBeVisible();
    await screenshot(phone, "volunteering-certificate");
    const [download] = await Promise.all([
      phone.waitForEvent("download"),
      cert.getByTestId("vol-download").click(),
    ]);
    expect(download.suggestedFilename()).toBe(`volunteer-certificate-${code}.pdf`);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");
    await phone.context().close();
  });

  await test.step("a stranger checks the certificate by its code, without signing in", async () => {
    const stranger = await phonePage(browser, baseURL);
    await stranger.goto(`/verify/volunteer/${code}`);
    await expect(stranger.getByText("核验通过：此证明真实有效")).toBeVisible();
    await expect(stranger.getByTestId("vol-verify-name")).toHaveText(owner.me.name);
    await expect(stranger.getByTestId("vol-verify-page")).toContainText(TITLE);
    await expect(stranger.getByTestId("vol-verify-page")).not.toContainText(owner.account.phone);
    await screenshot(stranger, "volunteering-verify");
    await stranger.context().close();
  });
  await staff.context().close();
});
