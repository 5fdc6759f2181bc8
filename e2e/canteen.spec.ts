// Journey (Chinese UI, DOMAIN C1, issue 15): Donglong's 幸福食堂. The community worker registers the demo
// owner's 68-year-old mother in their household (a resident without a phone of her own, as many are); the
// owner orders her lunch for delivery from the home screen in three taps (幸福食堂 → 订午餐 → 送到家) and the
// price shown and charged is the 65岁以上 rule's 10 yuan; the worker assigns the delivery on the orders board
// to a 帮跑团 volunteer (the demo owner is one), who marks it delivered in 我的送餐; the worker opens the
// month's subsidy report and sees the split (居民自付 / 社区补贴 / 食堂让利 / 政府补贴) adding up to the cost.
// Safe to retry on the same demo database: the mother's name carries a per-run tag, and a new resident
// orders once whatever ran before.
import { expect, test } from "@playwright/test";
import {
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
const NAME = `王奶奶${TAG}`;
const beijing = (plusDays = 0) => new Date(Date.now() + 8 * 3_600_000 + plusDays * 86_400_000);

test("a 68-year-old's lunch is ordered for delivery at 10 yuan, delivered by 帮跑团, and shows in the subsidy report", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const born = beijing(-10);
  born.setUTCFullYear(born.getUTCFullYear() - 68);
  await postJson(worker.api, `/api/communities/${communityId}/residents`, {
    householdId: owner.household.id,
    name: NAME,
    relation: "family",
    gender: "female",
    birthDate: born.toISOString().slice(0, 10),
  });
  // today's lunch closes at 10:00 Beijing time: after that the journey orders tomorrow's
  const orderTomorrow = beijing().getUTCHours() >= 10;
  const day = beijing(orderTomorrow ? 1 : 0)
    .toISOString()
    .slice(0, 10);

  const phone = await phonePage(browser, baseURL);
  let orderId = 0;
  await test.step("the owner orders her lunch for delivery in three taps; 10 yuan under the 65+ rule", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-canteen").click(); // 1
    await expect(phone.getByTestId("canteen-page")).toBeVisible();
    if (orderTomorrow) await phone.getByText("明天", { exact: true }).click();
    await phone.getByText(NAME, { exact: true }).click(); // whom for (the default is oneself)
    await expect(phone.getByTestId("canteen-menu-lunch").getByTestId("canteen-price")).toContainText(
      "您付 10.00 元",
    );
    await expect(phone.getByTestId("canteen-menu-lunch")).toContainText("65岁以上老人");
    await screenshot(phone, "canteen-menu");
    const button = phone.getByTestId("canteen-order-lunch");
    expect((await button.boundingBox())?.height ?? 0, "a big button").toBeGreaterThanOrEqual(44);
    await button.click(); // 2
    await screenshot(phone, "canteen-how");
    await phone.getByTestId("canteen-mode-delivery").click(); // 3
    await expect(phone.getByTestId("canteen-done")).toContainText("您付 10.00 元");
    await screenshot(phone, "canteen-done");
    const mine = await getJson<{
      orders: { id: number; residentName: string; residentFen: number; day: string }[];
    }>(owner.api, "/api/me/canteen");
    const order = mine.orders.find((o) => o.residentName === NAME && o.day === day)!;
    expect(order.residentFen).toBe(1000);
    orderId = order.id;
  });

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the worker assigns the delivery to a 帮跑团 volunteer on the orders board", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto(`/staff/canteen?day=${day}&mode=delivery&q=${encodeURIComponent(NAME)}`);
    await expect(staff.getByTestId("canteen-staff-page")).toContainText(NAME);
    await screenshot(staff, "canteen-board");
    await pickOption(staff, `canteen-assign-${orderId}`, new RegExp(`${owner.me.name}（帮跑团）`));
    await expect(staff.getByTestId(`canteen-assign-${orderId}`)).toContainText(owner.me.name);
    await screenshot(staff, "canteen-assigned");
  });

  await test.step("the volunteer marks it delivered in 我的送餐", async () => {
    await phone.goto("/m/canteen/mine");
    await expect(phone.getByTestId("canteen-deliveries")).toContainText(NAME);
    await screenshot(phone, "canteen-my-deliveries");
    await phone.getByTestId(`canteen-deliver-${orderId}`).click();
    await expect(phone.getByTestId(`canteen-order-row-${orderId}`).first()).toContainText("已送达");
    await screenshot(phone, "canteen-delivered");
    await phone.context().close();
  });

  await test.step("the worker opens the month's subsidy report and sees the split", async () => {
    const month = day.slice(0, 7);
    await staff.goto(`/staff/canteen?tab=report&month=${month}`);
    const report = staff.getByTestId("canteen-report");
    await expect(report).toContainText("65岁以上老人");
    await expect(staff.getByTestId("canteen-report-title")).toContainText("助餐补贴月报");
    const r = await getJson<{
      total: {
        costFen: number;
        residentFen: number;
        communityFen: number;
        discountFen: number;
        subsidyFen: number;
      };
    }>(worker.api, `/api/communities/${communityId}/canteen/report?month=${month}`);
    expect(r.total.residentFen + r.total.communityFen + r.total.discountFen + r.total.subsidyFen).toBe(
      r.total.costFen,
    );
    await expect(staff.getByTestId("canteen-total-cost")).toHaveText((r.total.costFen / 100).toFixed(2));
    await expect(staff.getByTestId("canteen-total-subsidy")).toHaveText(
      (r.total.subsidyFen / 100).toFixed(2),
    );
    await screenshot(staff, "canteen-report");
  });
  await staff.context().close();
});
