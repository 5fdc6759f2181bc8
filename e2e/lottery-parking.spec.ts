// Journey (Chinese UI, DOMAIN D8): Donglong's 省法院小区 draws 5 underground parking spaces among 12
// households. A community worker opens the lottery in the console (the server's secret shown once);
// eleven households apply through the API (registered, bound and verified as a person would be, too slow
// to drive through the pages eleven times) and the demo owner applies on a phone; the worker closes the
// applications, freezes and publishes the list, and draws on the big screen with the secret and a
// witness's dice; the owner sees the result and how to check it; a winner declines and the first of the
// waiting list takes the space and its number. The published export is checked here by the same rules
// `npm run verify:lottery` applies. No id is hard-coded.

import { execFileSync } from "node:child_process";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  noToasts,
  phonePage,
  pickOption,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const ESTATE = "省法院小区";
const PASSWORD = "Chewei-Yaohao-2026!";

/** The newest SMS code sent to a phone, from the built-in outbox (system admin only). */
async function codeFor(admin: APIRequestContext, phone: string): Promise<string> {
  let code = "";
  await expect
    .poll(
      async () => {
        const messages = await getJson<{ id: number; body: string }[]>(
          admin,
          `/api/admin/sms-outbox?phone=${phone}`,
        );
        code = /(\d{6})/.exec(messages.sort((a, b) => b.id - a.id)[0]?.body ?? "")?.[1] ?? "";
        return code ? "found" : "waiting";
      },
      { timeout: 15_000 },
    )
    .toBe("found");
  return code;
}

/** A neighbour who registers, asks to be bound and is verified into `householdId` by the worker. */
async function newApplicant(
  baseURL: string | undefined,
  admin: APIRequestContext,
  worker: APIRequestContext,
  communityId: number,
  householdId: number,
  i: number,
) {
  const api = await playwrightRequest.newContext({ baseURL });
  const phone = `199${String(Date.now() % 1e5).padStart(5, "0")}${String(i).padStart(3, "0")}`;
  const name = `${"赵钱孙李周吴郑王冯陈褚卫"[i % 12]}${"晓明丽华建国秀英志强桂芳"[i % 12]}`;
  await postJson(api, "/api/auth/code", { phone, purpose: "register" });
  await postJson(api, "/api/auth/register", {
    phone,
    password: PASSWORD,
    name,
    code: await codeFor(admin, phone),
  });
  const { residentId } = await postJson<{ residentId: number }>(api, "/api/me/residency", {
    communityId,
    name,
    claimedAddress: `${ESTATE}（车位摇号）`,
    relation: "owner",
  });
  await postJson(worker, `/api/communities/${communityId}/residents/${residentId}/verify`, {
    householdId,
    relation: "owner",
  });
  return { api, phone, name };
}

interface Export {
  applicants: { ticket: number; label: string }[];
  result: {
    order: number[];
    winners: { ticket: number; item: string | null }[];
    waitingList: number[];
  } | null;
  secret: string | null;
  applicantListHash: string;
}

test("parking spaces of 省法院小区: 12 households for 5 spaces, drawn in public, a winner declines and the next takes the space", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const admin = await apiAs(baseURL, accountsWithRole("system_admin")[0]!.phone);
  const title = `地下车位摇号 ${Date.now().toString().slice(-5)}`;

  const staff = await staffPage(browser, baseURL, communityId);
  let secret = "";
  await test.step("the worker opens the lottery for 5 numbered spaces; the secret is shown once", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.getByRole("menuitem", { name: "摇号" }).click();
    await expect(staff).toHaveURL(/\/staff\/lotteries$/);
    await expect(staff.getByTestId("lotteries-staff-page")).toBeVisible();
    await screenshot(staff, "lotteries-staff-list");
    await staff.getByTestId("new-lottery").click();
    await staff.getByTestId("lottery-title").fill(title);
    await pickOption(staff, staff.getByRole("combobox", { name: /小区/ }), ESTATE);
    await staff.getByTestId("lottery-places").fill("5");
    await staff.getByTestId("lottery-items").fill("B-01\nB-02\nB-03\nB-04\nB-05");
    await screenshot(staff, "lottery-new-form");
    await staff.getByTestId("lottery-submit").click();
    await expect(staff.getByTestId("new-secret")).toBeVisible();
    secret = ((await staff.getByTestId("new-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(staff, "lottery-secret-once");
    await staff.getByTestId("secret-saved").click();
    await expect(staff.getByTestId("new-secret")).toHaveCount(0);
    await expect(staff.locator("tr").filter({ hasText: title })).toContainText("报名中");
  });
  const lotteryId = Number(
    (await staff
      .locator("tr")
      .filter({ hasText: title })
      .getByRole("link", { name: title })
      .getAttribute("href"))!
      .split("/")
      .pop(),
  );
  const L = `/api/communities/${communityId}/lotteries/${lotteryId}`;

  const applicants: { api: APIRequestContext; name: string }[] = [];
  await test.step("eleven neighbours of the estate register, are verified and apply (API)", async () => {
    const tree = await getJson<{ estates: { id: number; name: string }[] }>(
      worker.api,
      `/api/communities/${communityId}/tree`,
    );
    const estate = tree.estates.find((e) => e.name === ESTATE)!;
    const homes = await getJson<{ items: { id: number }[] }>(
      worker.api,
      `/api/communities/${communityId}/households?estateId=${estate.id}&pageSize=60`,
    );
    const free = homes.items.map((h) => h.id).filter((id) => id !== owner.household.id);
    for (let i = 0; i < 11; i++) {
      const a = await newApplicant(baseURL, admin.api, worker.api, communityId, free[i * 3]!, i);
      await postJson(a.api, `${L}/applications`, {});
      applicants.push(a);
    }
    // one application per household: a second member of a household that applied is refused
    const again = await applicants[0]!.api.post(`${L}/applications`, { data: {} });
    expect(again.status()).toBe(409);
    expect((await again.json()).code).toBe("LOTTERY_APPLIED");
  });

  const phone = await phonePage(browser, baseURL);
  await test.step("the owner applies on the phone with the big button", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await expect(phone.getByTestId("go-lotteries")).toBeVisible();
    await phone.getByTestId("go-lotteries").click();
    await expect(phone).toHaveURL(/\/m\/lotteries$/);
    const card = phone.locator("article").filter({ hasText: title });
    await expect(card).toContainText("已有 11 份报名");
    await screenshot(phone, "lottery-my-list");
    await card.getByTestId("open-lottery").click();
    await expect(phone.getByTestId("lottery-page")).toBeVisible();
    const box = await phone.getByTestId("apply").boundingBox();
    expect(box?.height ?? 0, "the apply button is a big target").toBeGreaterThanOrEqual(44);
    await screenshot(phone, "lottery-board-open");
    await phone.getByTestId("apply").click();
    await phone.locator(".adm-dialog").getByRole("button", { name: "确定" }).click();
    await expect(phone.getByTestId("my-application")).toContainText("截止后冻结名单时会给您一个申请号");
    await screenshot(phone, "lottery-board-applied");
  });

  await test.step("the worker closes the applications and freezes the list; its fingerprint is published", async () => {
    await staff.locator("tr").filter({ hasText: title }).getByRole("link", { name: title }).click();
    await expect(staff.getByTestId("lottery-staff-page")).toBeVisible();
    await expect(staff.getByTestId("staff-lottery-state")).toHaveText("报名中");
    await screenshot(staff, "lottery-staff-open");
    await staff.getByTestId("close-applications").click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await expect(staff.getByTestId("staff-lottery-state")).toHaveText("已截止");
    await staff.getByTestId("freeze").click();
    await staff
      .locator(".ant-popconfirm")
      .getByRole("button", { name: /确\s*定|OK/ })
      .click();
    await expect(staff.getByTestId("staff-lottery-state")).toHaveText("名单已公布");
    await expect(staff.locator(".ant-table-row")).toHaveCount(12);
    // the list's search finds the owner by name
    await staff.getByPlaceholder("姓名、楼栋或门牌").fill(owner.me.name);
    await staff.keyboard.press("Enter");
    await expect(staff.locator(".ant-table-row")).toHaveCount(1);
    await screenshot(staff, "lottery-staff-frozen");
  });

  await test.step("the draw on the big screen: a wrong secret changes nothing, the right one draws once", async () => {
    await staff.getByTestId("to-draw").click();
    await expect(staff.getByTestId("lottery-draw-page")).toBeVisible();
    await screenshot(staff, "lottery-draw-screen");
    await staff.getByTestId("draw-secret").fill("这不是信封里的密钥");
    await staff.getByTestId("draw-input").fill("3 5 6 2");
    await staff.getByTestId("start-draw").click();
    await expect(staff.getByText("公布的密钥与开放申请时公布的承诺值不符")).toBeVisible();
    await noToasts(staff);
    await staff.getByTestId("draw-secret").fill(secret);
    await staff.getByTestId("start-draw").click();
    await expect(staff.getByTestId("draw-winners").locator("li")).toHaveCount(5, { timeout: 15_000 });
    await expect(staff.getByTestId("draw-waiting").locator("li")).toHaveCount(7);
    await expect(staff.getByTestId("draw-winners")).toContainText("B-05");
    await screenshot(staff, "lottery-draw-result");
  });

  const board = await getJson<{ export: Export; mine: { ticket: number } }>(owner.api, `${L}/board`);
  const e = board.export;
  await test.step("the owner sees the list, its fingerprint, the secret, the result and how to check", async () => {
    await phone.reload();
    await expect(phone.getByTestId("lottery-result")).toBeVisible();
    await expect(phone.getByTestId("revealed-secret")).toHaveText(secret);
    await expect(phone.getByTestId("list-hash")).toHaveText(e.applicantListHash);
    await expect(phone.getByTestId("applicant-list").locator("li")).toHaveCount(12);
    await expect(phone.getByTestId("winners").locator("li")).toHaveCount(5);
    await expect(phone.getByTestId("my-outcome")).toBeVisible();
    await expect(phone.getByText("怎样自己核对")).toBeVisible();
    await screenshot(phone, "lottery-board-drawn");
    const [download] = await Promise.all([
      phone.waitForEvent("download"),
      phone.getByTestId("download-export").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lottery-\d+-\d+\.json$/);
    // anyone can redo the draw from the file alone: npm run verify:lottery -- <file>
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "server/src/cli/verify-lottery.ts", (await download.path())!],
      { encoding: "utf8" },
    );
    expect(out).toContain("MATCH: the published result is reproduced");
  });

  await test.step("a winner declines; the first of the waiting list takes the space and its number", async () => {
    const first = e.result!.winners[0]!;
    const next = e.result!.waitingList[0]!;
    await staff.getByRole("link", { name: "回到摇号管理" }).click();
    await expect(staff.getByTestId("lottery-staff-page")).toBeVisible();
    await staff.goto(`/staff/lotteries/${lotteryId}?outcome=won`);
    await expect(staff.locator(".ant-table-row")).toHaveCount(5);
    await staff.getByTestId(`decline-${first.ticket}`).click();
    await staff
      .getByTestId("decline-reason")
      .locator("textarea")
      .or(staff.getByTestId("decline-reason"))
      .first()
      .fill("家里已经买了车位");
    await screenshot(staff, "lottery-decline");
    await staff.getByTestId("decline-ok").click();
    await expect(staff.getByText(`已登记放弃，名额给了候补 ${next} 号`)).toBeVisible();
    await expect(staff.locator(".ant-table-row").filter({ hasText: `${first.item}` })).toContainText("中签");
    await staff.goto(`/staff/lotteries/${lotteryId}?outcome=declined`);
    await expect(staff.locator(".ant-table-row")).toHaveCount(1);
    await screenshot(staff, "lottery-staff-declined");
    // the next one's own board says so
    const everyone = [{ api: owner.api }, ...applicants];
    let found = false;
    for (const a of everyone) {
      const b = await getJson<{ mine: { ticket: number; outcome: string; item: string | null } | null }>(
        a.api,
        `${L}/board`,
      );
      if (b.mine?.ticket === next) {
        expect(b.mine).toMatchObject({ outcome: "won", item: first.item });
        found = true;
      }
    }
    expect(found, "the first of the waiting list is one of the applicants").toBe(true);
  });

  await test.step("the published export still reproduces the draw (as npm run verify:lottery checks)", async () => {
    const after = await getJson<{ export: Export & { declines: { ticket: number; passedTo: number }[] } }>(
      owner.api,
      `${L}/board`,
    );
    expect(after.export.result).toEqual(e.result);
    expect(after.export.declines).toEqual([
      expect.objectContaining({ ticket: e.result!.winners[0]!.ticket, passedTo: e.result!.waitingList[0] }),
    ]);
    expect(new Set(after.export.result!.order).size).toBe(12);
  });
});
