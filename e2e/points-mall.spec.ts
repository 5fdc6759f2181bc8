// Journey (issue 14, the points mall S4): a resident with points opens 积分商城 from the home screen,
// exchanges a bag of rice (兑换 → 确认) and gets a pickup code with its QR; the merchant (the co-building
// unit's representative whose item it is) enters the code in the console and hands it out; then two
// residents race for the last item on their phones — one gets it, the other sees "已兑完" and keeps the
// points. Points come from an award under a standard version this journey adopts (no cap), names carry a
// per-run tag, so a retry on the same demo database finds its own items and does not depend on being first.
import { expect, type Page, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
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

/** /api/me names each residency's register id (MeBody in voice-helpers.ts leaves it out). */
const residentIdOf = (r: object) => (r as { residentId: number }).residentId;

interface Shop {
  balance: number | null;
  items: { id: number; name: string; stock: number }[];
}

test("a resident exchanges rice, the merchant hands it out; two residents race for the last item", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const tag = Date.now().toString().slice(-6);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const family = await apiAs(baseURL, accountsWithRole("resident (family)")[0]!.phone);
  const familyResidency = family.me.residencies.find(
    (r) => r.communityId === communityId && r.status === "verified",
  );
  expect(familyResidency, "the demo family member lives in the same community").toBeTruthy();
  const ownerResidency = owner.me.residencies.find(
    (r) => r.communityId === communityId && r.status === "verified",
  )!;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const merchantAccount = accountsWithRole("unit_representative")[0]!;
  const merchant = await apiAs(baseURL, merchantAccount.phone);
  const orgId = merchant.me.roles.find((g) => g.role === "unit_representative")!.scopeId!;
  const C = `/api/communities/${communityId}`;

  // points for both residents: a standard item without a cap, awarded by the community worker
  const topics = await getJson<{ items: { id: number }[] }>(secretary.api, `${C}/topics`);
  const standard = await postJson<{ items: { id: number; code: string }[] }>(
    secretary.api,
    `${C}/points/standards`,
    {
      adoptedVia: { kind: "topic", id: topics.items[0]!.id },
      adoptedOn: "2026-12-01",
      yearEndRule: "carry_over",
      items: [
        {
          code: "clean_up",
          nameZh: "参加环境整治",
          nameEn: "Clean-up day",
          category: "environment",
          points: 10,
          capPoints: 40,
          capPeriod: "month",
          evidenceRequired: true,
        },
        {
          code: "mall_helper",
          nameZh: "爱心超市值守",
          nameEn: "Mall duty",
          category: "volunteering",
          points: 50,
        },
      ],
    },
  );
  await postJson(worker.api, `${C}/points/awards`, {
    itemId: standard.items.find((i) => i.code === "mall_helper")!.id,
    residentIds: [residentIdOf(ownerResidency), residentIdOf(familyResidency!)],
    evidence: `爱心超市值守 ${tag}`,
    idempotencyKey: `e2e-mall-${tag}`,
  });

  // the merchant lists its rice and the last bottle of oil, each with its donation
  const listed = async (name: string, price: number, quantity: number) => {
    const item = await postJson<{ id: number }>(merchant.api, `${C}/mall/items`, {
      name,
      orgId,
      pricePoints: price,
      unitValueFen: 3500,
      pickupPlace: "党群服务中心爱心超市",
    });
    await postJson(merchant.api, `${C}/mall/items/${item.id}/donations`, {
      donorKind: "organisation",
      donorOrgId: orgId,
      donorName: "共建单位",
      quantity,
      valueFen: quantity * 3500,
    });
    return item.id;
  };
  const rice = await listed(`爱心大米 ${tag}`, 30, 3);
  const oil = await listed(`最后一桶油 ${tag}`, 20, 1);

  const phone = await phonePage(browser, baseURL);
  let code = "";
  await test.step("the resident opens 积分商城 from home, taps 兑换, confirms, and gets a code with a QR", async () => {
    await residentSignIn(phone, owner.account.phone);
    await phone.getByTestId("go-mall").click();
    await expect(phone.getByTestId("mall-page")).toBeVisible();
    await expect(phone.getByTestId(`mall-item-${rice}`)).toContainText("30 积分");
    await screenshot(phone, "mall-shop");
    await phone.getByTestId(`mall-buy-${rice}`).click();
    await expect(phone.getByRole("dialog")).toContainText("用 30 积分兑换");
    await screenshot(phone, "mall-confirm");
    await phone.getByRole("button", { name: "确认兑换" }).click();
    await expect(phone.getByText("兑换成功")).toBeVisible();
    code = ((await phone.getByTestId("mall-code-digits").textContent()) ?? "").trim();
    expect(code).toMatch(/^\d{6}$/);
    await expect(phone.getByRole("img", { name: new RegExp(code) })).toBeVisible();
    await screenshot(phone, "mall-code");
    await phone.getByTestId("go-my-exchanges").click();
    await expect(phone.getByTestId("my-exchanges-page")).toContainText(code);
    await screenshot(phone, "mall-my-exchanges");
  });

  await test.step("the merchant enters the code in the console and hands the rice out, once", async () => {
    const staff = await staffPage(browser, baseURL, communityId);
    await staffSignIn(staff, merchantAccount.phone);
    await staff.goto("/staff/mall?tab=pickups");
    await expect(staff.getByTestId("mall-staff-page")).toBeVisible();
    await staff.getByTestId("pickup-code").fill(code);
    await screenshot(staff, "mall-pickup-code");
    await staff.getByTestId("pickup-submit").click();
    await expect(staff.getByTestId("pickup-result")).toContainText(`已领取：爱心大米 ${tag}`);
    await screenshot(staff, "mall-picked-up");
    // the same code again is refused
    await staff.getByTestId("pickup-code").fill(code);
    await staff.getByTestId("pickup-submit").click();
    await expect(staff.getByTestId("pickup-result")).toContainText("已经领取过");
    await staff.goto("/staff/mall");
    await expect(staff.getByTestId(`mall-item-row-${rice}`)).toBeVisible();
    await screenshot(staff, "mall-items");
    await staff.context().close();
  });

  await test.step("two residents race for the last bottle of oil: one gets it, the other sees 已兑完 and keeps the points", async () => {
    const other = await phonePage(browser, baseURL);
    await residentSignIn(other, accountsWithRole("resident (family)")[0]!.phone);
    const open = async (p: Page, name: string) => {
      await p.goto("/m/mall");
      await expect(p.getByTestId(`mall-item-${oil}`)).toContainText("剩 1 件");
      await screenshot(p, name);
    };
    await open(phone, "mall-race-owner");
    await open(other, "mall-race-family");
    const before = await Promise.all(
      [owner.api, family.api].map(async (a) => (await getJson<Shop>(a, `${C}/mall/shop`)).balance!),
    );
    await Promise.all([phone, other].map((p) => p.getByTestId(`mall-buy-${oil}`).click()));
    await Promise.all([phone, other].map((p) => p.getByRole("button", { name: "确认兑换" }).click()));
    const outcome = async (p: Page) => {
      const won = p.getByText("兑换成功");
      const lost = p.getByTestId("mall-error");
      await expect(won.or(lost)).toBeVisible();
      return (await won.isVisible()) ? "won" : "lost";
    };
    const results = await Promise.all([outcome(phone), outcome(other)]);
    expect([...results].sort()).toEqual(["lost", "won"]);
    const lostIndex = results.indexOf("lost");
    const lostPage = lostIndex === 0 ? phone : other;
    const wonPage = lostIndex === 0 ? other : phone;
    await expect(lostPage.getByTestId("mall-error")).toContainText("已兑完");
    await screenshot(lostPage, "mall-sold-out");
    await screenshot(wonPage, "mall-race-won");
    const after = await Promise.all(
      [owner.api, family.api].map(async (a) => (await getJson<Shop>(a, `${C}/mall/shop`)).balance!),
    );
    expect(after[lostIndex]).toBe(before[lostIndex]);
    expect(after[1 - lostIndex]).toBe(before[1 - lostIndex]! - 20);
    await other.context().close();
  });
});
