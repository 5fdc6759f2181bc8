// Journey (Chinese UI, DOMAIN C2, issue 15): Donglong's 聚邻空间. The demo owner books tomorrow's first free
// hour from the home screen (场地预约 → 预约 → the hour → 同意公约并预约: the purpose and the number of people
// are filled in); it waits for approval; the community worker approves it in the bookings list (batch
// selection); a second, overlapping booking of the same hour is refused by the database (409, 这个时段已被
// 预约); the owner sees 已通过 in 我的预约. Safe to retry on the same demo database: each run takes the first
// hour still free and tags its purpose.
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

test.afterEach(() => expectEveryPageChecked());

const TAG = `${Date.now() % 1_000_000}`;
const PURPOSE = `楼栋议事会${TAG}`;
const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);

interface Booking {
  id: number;
  spaceId: number;
  status: string;
  day: string;
  from: string;
  to: string;
  details: { purpose: string; conventionVersion: number } | null;
}

test("a resident books 聚邻空间, staff approve, an overlapping booking is refused, the resident sees 已通过", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });

  const phone = await phonePage(browser, baseURL);
  let booking: Booking | undefined;
  await test.step("the owner books tomorrow's first free hour of 聚邻空间 in three taps", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-spaces").click();
    await expect(phone.getByTestId("space-聚邻空间")).toBeVisible();
    await screenshot(phone, "spaces-list");
    await phone.getByTestId("space-open-聚邻空间").click(); // 1
    await phone.getByText("明天", { exact: true }).click();
    const slot = phone.locator('[data-testid^="space-slot-"]').first();
    await expect(slot).toBeVisible();
    await slot.click(); // 2
    await phone.getByLabel("用途").fill(PURPOSE);
    await screenshot(phone, "spaces-confirm");
    await phone.getByTestId("space-book").click(); // 3
    await expect(phone.getByTestId("space-done")).toContainText("等待社区审核");
    await screenshot(phone, "spaces-done");
    const mine = await getJson<{ bookings: Booking[] }>(owner.api, "/api/me/spaces");
    booking = mine.bookings.find((b) => b.details?.purpose === PURPOSE);
    expect(booking?.status).toBe("pending");
    expect(booking?.day).toBe(tomorrow);
  });

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the worker approves it in the bookings list", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto(`/staff/spaces?status=pending&q=${encodeURIComponent(PURPOSE)}`);
    const row = staff.locator(`tr[data-row-key="${booking!.id}"]`);
    await expect(row).toContainText(PURPOSE);
    await screenshot(staff, "spaces-bookings");
    await row.locator('input[type="checkbox"]').check();
    await staff.getByTestId("spaces-approve").click();
    await staff.goto(`/staff/spaces?q=${encodeURIComponent(PURPOSE)}`);
    await expect(staff.locator(`tr[data-row-key="${booking!.id}"]`)).toContainText("已通过");
    await screenshot(staff, "spaces-approved");
  });

  await test.step("an overlapping booking of the same hour is refused by the database", async () => {
    const res = await owner.api.post(`/api/communities/${communityId}/spaces/${booking!.spaceId}/bookings`, {
      data: {
        day: booking!.day,
        from: booking!.from,
        to: booking!.to,
        purpose: `重复预约${TAG}`,
        attendees: 3,
        conventionVersion: booking!.details!.conventionVersion,
      },
    });
    expect(res.status()).toBe(409);
    const body = await res.json();
    expect(body.code).toBe("SPACE_BOOKING_OVERLAP");
    expect(body.message_zh).toContain("已被预约");
  });

  await test.step("the owner sees 已通过 in 我的预约", async () => {
    await phone.goto("/m/spaces/mine");
    await expect(phone.getByTestId(`space-booking-${booking!.id}`)).toContainText("已通过");
    await screenshot(phone, "spaces-mine");
    await phone.context().close();
  });
  await staff.context().close();
});
