// Journey (Chinese UI, DOMAIN D3, issue 10's 8a): Donglong's community worker plans a weekly series of
// 意见征集会 on the 架空层 renovation; the sign-in screen shows the rotating QR code and 6-digit code; a
// resident on a phone (360 px) opens the QR code's address and is signed in; a second resident types the
// 6-digit code on /m/meetings; the worker ticks the name of a third who has no phone; the worker writes
// the minutes and a resolution; the attendance figures show 3. No id is hard-coded.
import { expect, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
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

test.afterEach(() => expectEveryPageChecked());

const TITLE = `架空层改造意见征集会 ${Date.now() % 100000}`;

test("a series of opinion meetings: sign-in by QR code, by the 6-digit code and by ticking; minutes, a resolution and the figures", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const family = accountsWithRole("resident (family)")[0]!;
  // a verified resident of the community without an account (no phone to sign in with)
  const people = await getJson<{ items: { id: number; name: string }[] }>(
    worker.api,
    `/api/communities/${communityId}/residents?status=verified&pageSize=50`,
  );
  const known = new Set([
    owner.account.name,
    family.name,
    ...accountsWithRole("resident (party member)").map((a) => a.name),
  ]);
  const third = people.items.find((p) => !known.has(p.name))!;
  expect(third, "the demo has residents without accounts").toBeTruthy();

  const staff = await staffPage(browser, baseURL, communityId);
  let meetingId = 0;

  await test.step("the worker plans a weekly series of 4 opinion meetings", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto("/staff/meetings");
    await expect(staff.getByTestId("meetings-staff-page")).toBeVisible();
    await expect(staff.locator("[data-testid^='meeting-row-']").first()).toBeVisible();
    await screenshot(staff, "meetings-staff-list");
    await staff.getByTestId("plan-meeting").click();
    await staff.getByTestId("meeting-title").fill(TITLE);
    await staff.getByTestId("meeting-venue").fill("省法院小区架空层");
    await staff.getByTestId("meeting-agenda").fill("收集居民对架空层改造的意见");
    await staff.getByTestId("meeting-repeat").getByText("每周").click();
    await staff.getByLabel("次数").fill("4");
    await screenshot(staff, "meetings-plan-series");
    await staff.getByTestId("meeting-save").click();
    await expect(staff.getByText("已安排 4 场会议")).toBeVisible();
    const list = await getJson<{ items: { id: number; title: string; seriesId: number | null }[] }>(
      worker.api,
      `/api/communities/${communityId}/meetings?when=upcoming&q=${encodeURIComponent(TITLE)}`,
    );
    expect(list.items).toHaveLength(4);
    expect(new Set(list.items.map((m) => m.seriesId)).size).toBe(1);
    meetingId = list.items[0]!.id;
    // the invitation of the third resident (the worker picks names the same way in the form)
    const res = await worker.api.patch(
      `/api/communities/${communityId}/meetings/${meetingId}?apply=following`,
      {
        data: { invitedResidentIds: [third.id] },
      },
    );
    expect(res.ok(), await res.text()).toBeTruthy();
  });

  let qrPath = "";
  await test.step("the sign-in screen shows the QR code and the 6-digit code", async () => {
    await staff.goto(`/staff/meetings/${meetingId}`);
    await expect(staff.getByTestId("meeting-detail-page")).toContainText(TITLE);
    await screenshot(staff, "meetings-detail");
    await staff.getByTestId("open-sign-in-screen").click();
    const qr = staff.getByTestId("sign-in-qr");
    await expect(qr).toBeVisible();
    await expect(staff.getByTestId("sign-in-code")).toHaveText(/^\d{6}$/);
    await expect(staff.getByTestId("sign-in-count")).toContainText("0");
    await screenshot(staff, "meetings-sign-in-screen");
    const url = new URL((await qr.getAttribute("data-sign-in-url"))!);
    qrPath = url.pathname + url.search;
    expect(qrPath).toMatch(
      new RegExp(`^/m/meetings/${meetingId}/sign-in\\?community=${communityId}&c=\\d{6}$`),
    );
  });

  await test.step("a resident opens the QR code's address on the phone and is signed in", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, owner.account.phone, "/m/meetings");
    await expect(phone.getByTestId(`my-meeting-${meetingId}`)).toContainText(TITLE);
    await screenshot(phone, "meetings-resident-list");
    await phone.goto(qrPath);
    await expect(phone.getByTestId("sign-in-result")).toHaveAttribute("data-status", "signed_in");
    await expect(phone.getByText("签到成功")).toBeVisible();
    await screenshot(phone, "meetings-resident-signed-in");
    await phone.context().close();
  });

  await test.step("a second resident types the 6-digit code", async () => {
    const phone = await phonePage(browser, baseURL);
    await residentSignIn(phone, family.phone, "/m/meetings");
    await expect(phone.getByTestId(`my-meeting-${meetingId}`)).toContainText(TITLE);
    await screenshot(phone, "meetings-resident-list-2");
    const button = phone.getByTestId(`sign-in-${meetingId}`);
    expect((await button.boundingBox())?.height ?? 0, "a big button").toBeGreaterThanOrEqual(44);
    await button.click();
    await expect(phone.getByTestId("meeting-sign-in-page")).toBeVisible();
    await screenshot(phone, "meetings-type-code");
    const code = (await staff.getByTestId("sign-in-code").textContent())!.trim();
    await phone.locator('[data-testid="code-input"] input, input[data-testid="code-input"]').fill(code);
    await phone.getByTestId("code-submit").click();
    await expect(phone.getByTestId("sign-in-result")).toHaveAttribute("data-status", "signed_in");
    await screenshot(phone, "meetings-code-signed-in");
    await phone.context().close();
    await expect(staff.getByTestId("sign-in-count")).toContainText("2", { timeout: 15_000 });
  });

  await test.step("the worker ticks the third resident, writes the minutes and a resolution; the figures show 3", async () => {
    await staff.goto(`/staff/meetings/${meetingId}`);
    await staff.getByTestId(`tick-${third.id}`).click();
    await staff.getByTestId("tick-submit").click();
    await expect(staff.getByText(`${third.name}：签到成功`)).toBeVisible();
    await expect(staff.getByTestId("figure-attended")).toContainText("3");
    await staff.getByTestId("minutes-input").fill("居民对架空层的功能分区和开放时间提出意见。");
    await staff.getByTestId("add-resolution").click();
    await staff.getByTestId("resolution-0").fill("架空层改造为公共休闲空间");
    await staff.getByTestId("minutes-save").click();
    await expect(staff.getByText("已保存")).toBeVisible();
    const detail = await getJson<{
      resolutions: string[];
      figures: { attended: number; byMethod: Record<string, number> };
    }>(worker.api, `/api/communities/${communityId}/meetings/${meetingId}`);
    expect(detail.resolutions).toEqual(["架空层改造为公共休闲空间"]);
    expect(detail.figures.attended).toBe(3);
    expect(detail.figures.byMethod).toMatchObject({ scan: 1, code: 1, ticked: 1 });
    await expect(staff.getByTestId("meeting-figures")).toContainText("3");
    await screenshot(staff, "meetings-minutes-figures");
  });

  await test.step("the worker moves the series to the 议事亭: this meeting and the later ones", async () => {
    await staff.getByTestId("edit-meeting").click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByLabel("具体地点").fill("议事亭");
    await dialog.getByText("同时修改本系列之后的会议").click();
    await screenshot(staff, "meetings-edit-series");
    await dialog.getByRole("button", { name: /确\s*定/ }).click();
    await expect(staff.getByText("已修改 4 场会议")).toBeVisible();
    const list = await getJson<{ items: { place: { venue: string } }[] }>(
      worker.api,
      `/api/communities/${communityId}/meetings?q=${encodeURIComponent(TITLE)}`,
    );
    expect(list.items.map((m) => m.place.venue)).toEqual(["议事亭", "议事亭", "议事亭", "议事亭"]);
  });

  await test.step("the resident reads the minutes and the resolution on the phone", async () => {
    const phone = await phonePage(browser, baseURL);
    // from the home page's entry, as a resident finds it
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-meetings").click();
    await expect(phone).toHaveURL(/\/m\/meetings$/);
    const card = phone.getByTestId(`my-meeting-${meetingId}`);
    await expect(card).toContainText("已签到");
    await card.getByTestId(`open-minutes-${meetingId}`).click();
    await expect(card.getByTestId(`minutes-${meetingId}`)).toContainText("架空层改造为公共休闲空间");
    await card.scrollIntoViewIfNeeded();
    await screenshot(phone, "meetings-resident-minutes");
    await phone.context().close();
  });

  // the repeat of a sign-in stores nothing
  const again = await apiAs(baseURL, owner.account.phone);
  const code = qrPath.split("c=")[1]!;
  const res = await again.api.post(`/api/communities/${communityId}/meetings/${meetingId}/sign-in`, {
    data: { code, via: "scan" },
  });
  if (res.ok()) expect((await res.json()).status).toBe("already");
  else expect((await res.json()).code).toBe("SIGN_IN_CODE_EXPIRED");
});

// A residents' meeting (居民会议, Organic Law Art. 9): the worker chooses one representative per household and
// freezes the roll, which opens sign-in; the console says 应到 … 户，实到 0 户，未过半数 and refuses to
// take a vote; the resident reads the same line on the phone.
test("a residents' meeting: the roll frozen by household, the quorum in words on the console and the phone", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const title = `居民会议 ${Date.now() % 100000}`;
  const res = await worker.api.post(`/api/communities/${communityId}/meetings`, {
    data: {
      kind: "residents",
      title,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      venue: "党群服务中心",
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const meetingId = (await res.json()).id as number;

  const staff = await staffPage(browser, baseURL, communityId);
  await staffSignIn(staff, worker.account.phone);
  await staff.goto(`/staff/meetings/${meetingId}`);
  const panel = staff.getByTestId("residents-meeting");
  await expect(panel).toContainText("居民会议");
  await expect(staff.getByTestId("open-sign-in-screen")).toHaveCount(0);
  await panel.getByText("每户派代表").click();
  await panel.getByRole("button", { name: "冻结应到名单并开放签到" }).click();
  await expect(staff.getByTestId("quorum-line")).toContainText(/应到 \d+ 户，实到 0 户，未过半数/);
  await expect(panel).toContainText("会议未过半数，不能记录表决");
  await expect(staff.getByTestId("open-sign-in-screen")).toBeVisible();
  await screenshot(staff, "meetings-residents-quorum");

  const phone = await phonePage(browser, baseURL);
  await residentSignIn(phone, owner.account.phone, "/m/meetings");
  const card = phone.getByTestId(`my-meeting-${meetingId}`);
  await expect(card).toContainText(title);
  await card.getByTestId(`open-minutes-${meetingId}`).click();
  await expect(card.getByTestId(`residents-meeting-${meetingId}`)).toContainText(/应到 \d+ 户，实到 0 户/);
  await card.scrollIntoViewIfNeeded();
  await screenshot(phone, "meetings-resident-quorum");
  await phone.context().close();
});
