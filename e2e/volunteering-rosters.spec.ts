// Journey (Chinese UI, DOMAIN T3–T4, issue 14): Donglong's community worker makes a weekly roster for the
// 聚邻空间 kept by 帮跑团 and puts two members on its first shifts; the demo owner asks on 我的值守 (360 px
// phone) for her teammate to take her shift, and the worker approves — the shift moves. Then the owner's
// need (送餐) gets ranked volunteer suggestions with reasons on the console, the worker assigns her
// teammate, who accepts on his phone. (Rosters are made on the staff console: a team leader who is a
// resident has no console yet, so the community worker makes it here.)
// Safe to retry on the same demo database: the roster's duty and the need's title carry a per-run tag.
import { expect, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  phonePage,
  pickOption,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const TAG = `${Date.now() % 1_000_000}`;
const DUTY = `聚邻空间开放 ${TAG}`;
const NEED = `腿脚不便需要送餐 ${TAG}`;

test("a weekly roster with a swap approved, and a need matched to a volunteer who accepts", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const familyAccount = accountsWithRole("resident (family)")[0]!;
  const family = await apiAs(baseURL, familyAccount.phone);
  const R = `/api/communities/${communityId}/volunteering/rosters`;

  const staff = await staffPage(browser, baseURL, communityId);
  let rosterId = 0;
  let firstShift = 0;
  await test.step("the worker makes a weekly roster and assigns two members", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto("/staff/volunteering/rosters");
    await expect(staff.getByTestId("rosters-page")).toBeVisible();
    await staff.getByTestId("roster-create").click();
    await pickOption(staff, "roster-team", "帮跑团");
    await staff.getByTestId("roster-subject").fill(DUTY);
    await staff.getByTestId("roster-place").fill("东龙社区聚邻空间");
    await screenshot(staff, "rosters-create");
    await staff.getByTestId("roster-create-ok").click();
    await expect(staff.getByText(/已生成 \d+ 个班次/)).toBeVisible();
    const list = await getJson<{ rosters: { id: number; subject: string }[] }>(worker.api, R);
    rosterId = list.rosters.find((r) => r.subject === DUTY)!.id;
    const detail = await getJson<{ shifts: { id: number; startsAt: string }[] }>(
      worker.api,
      `${R}/${rosterId}`,
    );
    const future = detail.shifts.filter((s) => new Date(s.startsAt).getTime() > Date.now());
    firstShift = future[0]!.id;
    await pickOption(staff, `assign-${firstShift}`, owner.me.name);
    await expect(staff.getByTestId(`on-${firstShift}-${owner.me.id}`)).toBeVisible();
    await pickOption(staff, `assign-${future[1]!.id}`, family.me.name);
    await expect(staff.getByTestId(`on-${future[1]!.id}-${family.me.id}`)).toBeVisible();
    await screenshot(staff, "rosters-assigned");
  });

  const phone = await phonePage(browser, baseURL);
  await test.step("the owner asks her teammate to take her shift (我的值守)", async () => {
    await residentSignIn(phone, owner.account.phone, "/m/volunteering/shifts");
    const mine = phone.getByTestId(`my-shift-${firstShift}`);
    await expect(mine).toContainText(DUTY);
    await screenshot(phone, "rosters-my-shifts");
    await phone.getByTestId(`swap-${firstShift}`).click();
    await phone.locator(".adm-action-sheet-button-item").filter({ hasText: family.me.name }).click();
    await expect(mine).toContainText(`换班待批：${family.me.name}`);
    await screenshot(phone, "rosters-swap-asked");
  });

  await test.step("the worker approves the swap: the shift moves to the teammate", async () => {
    await staff.reload();
    await pickOption(staff, "roster-select", DUTY);
    const swaps = staff.getByTestId("roster-swaps");
    await expect(swaps).toContainText(owner.me.name);
    await screenshot(staff, "rosters-swap-waiting");
    await swaps.locator("[data-testid^='swap-approve-']").first().click();
    await expect(staff.getByTestId(`on-${firstShift}-${family.me.id}`)).toBeVisible();
    await expect(staff.getByTestId(`on-${firstShift}-${owner.me.id}`)).toHaveCount(0);
    await screenshot(staff, "rosters-swap-approved");
  });

  let requestId = 0;
  await test.step("staff see the need's ranked suggestions with reasons and assign the teammate", async () => {
    requestId = (
      await postJson<{ id: number }>(owner.api, `/api/communities/${communityId}/requests`, {
        kind: "need",
        categoryCode: "mutual_help",
        title: NEED,
        place: { type: "household" },
      })
    ).id;
    await staff.goto("/staff/volunteering/matching");
    await staff.getByTestId(`suggest-${requestId}`).click();
    const card = staff.getByTestId("suggestions");
    await expect(card).toContainText(NEED);
    const pick = staff.getByTestId(`suggestion-${family.me.id}`);
    await expect(pick).toContainText(/近30天|近三天|技能对口|住在同一/);
    await expect(card).not.toContainText(owner.me.name); // never the submitter
    await screenshot(staff, "matching-suggestions");
    await staff.getByTestId(`assign-${family.me.id}`).click();
    await expect(staff.getByTestId(`need-status-${requestId}`)).toContainText("已指派");
  });

  await test.step("the teammate accepts on his phone", async () => {
    const mine = await getJson<{ assignments: { id: number; requestId: number }[] }>(
      family.api,
      "/api/me/need-assignments",
    );
    const a = mine.assignments.find((x) => x.requestId === requestId)!;
    const phone2 = await phonePage(browser, baseURL);
    await residentSignIn(phone2, familyAccount.phone, "/m/volunteering/assignments");
    await expect(phone2.getByTestId(`assignment-${a.id}`)).toContainText(NEED);
    await screenshot(phone2, "matching-my-assignments");
    await phone2.getByTestId(`accept-${a.id}`).click();
    await expect(phone2.getByTestId(`assignment-${a.id}`)).toContainText("已接受");
    await screenshot(phone2, "matching-accepted");
    await phone2.context().close();
    await staff.reload();
    await expect(staff.getByTestId(`need-status-${requestId}`)).toContainText("已接受");
    await screenshot(staff, "matching-staff-accepted");
  });
  await phone.context().close();
  await staff.context().close();
});
