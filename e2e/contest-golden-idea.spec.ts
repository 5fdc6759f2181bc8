// Journey (Chinese UI, DOMAIN D6, story b of issue 12): Donglong's secretary opens a 金点子大赛 in the
// console with three weighted criteria and names two judges (a community worker and the party-member
// resident); the demo owner submits an idea with a photo from the phone, five neighbours submit theirs
// (API: registered, bound and verified as a person would be — too slow to drive through the pages five
// times); the owner supports two ideas with the big 支持 button (a second support is refused by the
// server); the worker scores the six on the phone, one entry per screen, while the second judge scores
// through the API and sees neither the other's scores nor a ranking; the secretary closes the round,
// reads the ranking with each judge's sheet, exports the scores, publishes the result and adopts the
// winner (签约立项: one step from the ranking to a project that keeps the entry as its origin); the owner
// sees the result and the adopted idea. No id is hard-coded.

import {
  type APIRequestContext,
  expect,
  type Page,
  request as playwrightRequest,
  test,
} from "@playwright/test";
import {
  accountsWithRole,
  apiAs,
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  getJson,
  noToasts,
  phonePage,
  photoPng,
  pickOption,
  postJson,
  residentSignIn,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const PASSWORD = "Jindianzi-Dasai-2026!";

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
async function newNeighbour(
  baseURL: string | undefined,
  admin: APIRequestContext,
  worker: APIRequestContext,
  communityId: number,
  householdId: number,
  i: number,
) {
  const api = await playwrightRequest.newContext({ baseURL });
  const phone = `198${String(Date.now() % 1e5).padStart(5, "0")}${String(i).padStart(3, "0")}`;
  const name = `${"赵钱孙李周"[i % 5]}${"晓明丽华建国"[i % 6]}`;
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
    claimedAddress: "东龙社区（金点子大赛）",
    relation: "owner",
  });
  await postJson(worker, `/api/communities/${communityId}/residents/${residentId}/verify`, {
    householdId,
    relation: "owner",
  });
  return { api, name };
}

async function confirmPop(page: Page) {
  await page
    .locator(".ant-popconfirm:visible")
    .getByRole("button", { name: /确\s*定|OK/ })
    .click();
}

test("金点子大赛: two judges, three criteria, six ideas, support, blind scores, ranking, 签约立项", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(480_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const partyMember = await apiAs(baseURL, accountsWithRole("resident (party member)")[0]!.phone);
  const admin = await apiAs(baseURL, accountsWithRole("system_admin")[0]!.phone);
  const title = `多元共建客厅金点子 ${Date.now().toString().slice(-5)}`;

  const staff = await staffPage(browser, baseURL, communityId);
  let contestId = 0;
  await test.step("the secretary opens the call with three weighted criteria and names two judges", async () => {
    await staffSignIn(staff, secretary.account.phone);
    await staff.getByRole("menuitem", { name: "金点子与评选" }).click();
    await expect(staff).toHaveURL(/\/staff\/contests$/);
    await expect(staff.getByTestId("contests-staff-page")).toBeVisible();
    await screenshot(staff, "contests-staff-list");
    await staff.getByTestId("new-contest").click();
    await staff.getByTestId("contest-title").fill(title);
    await staff.getByTestId("contest-theme").fill("多元共建客厅怎样更好用？欢迎居民和下沉党员出点子。");
    await expect(staff.getByTestId("criterion-name-2")).toHaveValue("受益面");
    await screenshot(staff, "contest-new-form");
    await staff.getByTestId("contest-submit").click();
    await expect(staff).toHaveURL(/\/staff\/contests\/\d+$/);
    contestId = Number(new URL(staff.url()).pathname.split("/").pop());
    await expect(staff.getByTestId("contest-staff-page")).toBeVisible();
    await pickOption(staff, "judge-picker", worker.me.name, { search: worker.account.phone, keepOpen: true });
    await pickOption(staff, "judge-picker", partyMember.me.name, {
      search: accountsWithRole("resident (party member)")[0]!.phone,
      keepOpen: true,
    });
    await staff.keyboard.press("Escape");
    await staff.getByTestId("save-judges").click();
    await expect(staff.getByTestId("judge-progress-list").locator("li")).toHaveCount(2);
    await screenshot(staff, "contest-staff-judges");
  });
  const C = `/api/contests/${contestId}`;

  const phone = await phonePage(browser, baseURL);
  await test.step("the owner submits an idea with a photo from the phone", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-contests").click();
    await expect(phone).toHaveURL(/\/m\/contests$/);
    const card = phone.locator("article").filter({ hasText: title });
    await expect(card).toContainText("征集中");
    await screenshot(phone, "contests-my-list");
    await card.getByTestId("open-contest").click();
    await expect(phone.getByTestId("contest-page")).toBeVisible();
    await phone.getByTestId("entry-title").locator("input").fill("客厅门口加装扶手和休息椅");
    await phone
      .getByTestId("entry-summary")
      .locator("textarea")
      .fill("老人进出客厅要上三级台阶，加一段扶手，门口放两把椅子。");
    await phone.getByTestId("photo-input").setInputFiles({
      name: "handrail.png",
      mimeType: "image/png",
      buffer: photoPng([200, 120, 40]),
    });
    await expect(phone.locator(".m-contest-thumb img")).toHaveCount(1);
    await screenshot(phone, "contest-submit-form");
    const box = await phone.getByTestId("submit-entry").boundingBox();
    expect(box?.height ?? 0, "the submit button is a big target").toBeGreaterThanOrEqual(44);
    await phone.getByTestId("submit-entry").click();
    await expect(phone.locator("article").filter({ hasText: "客厅门口加装扶手" })).toBeVisible();
    await expect(phone.locator("article").filter({ hasText: "客厅门口加装扶手" }).locator("img")).toHaveCount(
      1,
    );
  });

  const ideas = ["共享工具箱", "四点半课堂", "楼道微心愿墙", "周末便民理发", "旧物交换角"];
  const neighbours: { api: APIRequestContext; name: string }[] = [];
  await test.step("five neighbours register, are verified and submit their ideas (API)", async () => {
    const homes = await getJson<{ items: { id: number }[] }>(
      worker.api,
      `/api/communities/${communityId}/households?pageSize=60`,
    );
    const free = homes.items.map((h) => h.id).filter((id) => id !== owner.household.id);
    for (let i = 0; i < 5; i++) {
      const n = await newNeighbour(baseURL, admin.api, worker.api, communityId, free[i * 5 + 3]!, i);
      await postJson(n.api, `${C}/entries`, { title: ideas[i], summary: "" });
      neighbours.push(n);
    }
  });
  const entries = (await getJson<{ items: { id: number; title: string }[] }>(owner.api, `${C}/entries`))
    .items;
  expect(entries).toHaveLength(6);
  const idOf = (t: string) => entries.find((e) => e.title.startsWith(t))!.id;

  await test.step("the owner supports two ideas; a second support of the same idea is refused", async () => {
    await phone.reload();
    const toolbox = phone.getByTestId(`entry-${idOf("共享工具箱")}`);
    await toolbox.getByTestId("support").click();
    await expect(toolbox.getByTestId("support")).toHaveText(/已支持/);
    await expect(toolbox.getByTestId("support-count")).toHaveText("1 人支持");
    await noToasts(phone);
    const handrail = phone.getByTestId(`entry-${idOf("客厅门口")}`);
    await handrail.getByTestId("support").click();
    await expect(handrail.getByTestId("support")).toHaveText(/已支持/);
    await screenshot(phone, "contest-entries-supported");
    const again = await owner.api.post(`${C}/entries/${idOf("共享工具箱")}/support`, { data: {} });
    expect(again.status()).toBe(409);
    expect((await again.json()).code).toBe("CONTEST_SUPPORTED");
    // the neighbours support too: the handrail three times, the toolbox once more
    await postJson(neighbours[0]!.api, `${C}/entries/${idOf("客厅门口")}/support`, {});
    await postJson(neighbours[1]!.api, `${C}/entries/${idOf("客厅门口")}/support`, {});
    await postJson(neighbours[2]!.api, `${C}/entries/${idOf("共享工具箱")}/support`, {});
  });

  // sheets on 可行性 (40), 创新性 (30), 受益面 (30): the handrail wins; 工具箱 and 四点半课堂 tie on
  // score and the toolbox goes first by its supports
  const sheets: Record<string, [number[], number[]]> = {
    客厅门口: [
      [9, 7, 9],
      [9, 8, 9],
    ],
    共享工具箱: [
      [8, 7, 7],
      [7, 8, 8],
    ],
    四点半课堂: [
      [7, 8, 8],
      [8, 7, 7],
    ],
    楼道微心愿墙: [
      [6, 6, 6],
      [6, 5, 6],
    ],
    周末便民理发: [
      [5, 5, 5],
      [5, 6, 5],
    ],
    旧物交换角: [
      [4, 5, 4],
      [5, 4, 4],
    ],
  };
  const judgePhone = await phonePage(browser, baseURL);
  await test.step("the worker scores the six on the phone, one entry per screen, with progress", async () => {
    await residentSignIn(judgePhone, worker.account.phone, "/m/contests");
    const card = judgePhone.locator("article").filter({ hasText: title });
    await screenshot(judgePhone, "contests-judge-list");
    await card.getByTestId("judge-contest").click();
    await expect(judgePhone.getByTestId("judge-page")).toBeVisible();
    await expect(judgePhone.getByTestId("judge-progress")).toHaveText("已评 0/6");
    for (let n = 0; n < 6; n++) {
      const entryTitle = (await judgePhone.getByTestId("judge-entry-title").textContent()) ?? "";
      const key = Object.keys(sheets).find((k) => entryTitle.startsWith(k))!;
      const target = sheets[key]![0];
      for (let i = 0; i < 3; i++) {
        const value = judgePhone.getByTestId(`criterion-${i}-value`);
        let now = Number(await value.textContent());
        while (now !== target[i]) {
          await judgePhone
            .getByTestId(now < target[i]! ? `criterion-${i}-plus` : `criterion-${i}-minus`)
            .click();
          now += now < target[i]! ? 1 : -1;
          await expect(value).toHaveText(String(now));
        }
      }
      if (n === 0) await screenshot(judgePhone, "contest-judge-screen");
      await judgePhone.getByTestId("save-score").click();
      await expect(judgePhone.getByTestId("judge-progress")).toHaveText(`已评 ${n + 1}/6`);
      await noToasts(judgePhone);
    }
    await expect(judgePhone.getByText("本轮作品已全部评完")).toBeVisible();
    await screenshot(judgePhone, "contest-judge-done");
    // a correction is an explicit change of one's own sheet
    await judgePhone.getByTestId("prev-entry").click();
    await expect(judgePhone.getByTestId("save-score")).toHaveText(/修改评分/);
  });

  await test.step("the second judge scores through the API, blind to the first; a second sheet is refused", async () => {
    const mine = await getJson<{ entries: { id: number; myScores: number[] | null }[] }>(
      partyMember.api,
      `${C}/rounds/1/judging`,
    );
    expect(mine.entries.every((e) => e.myScores === null)).toBe(true);
    const early = await partyMember.api.get(`${C}/rounds/1/ranking`);
    expect(early.status()).toBe(409);
    for (const [key, [, second]] of Object.entries(sheets))
      await postJson(partyMember.api, `${C}/rounds/1/scores`, { entryId: idOf(key), scores: second });
    const twice = await partyMember.api.post(`${C}/rounds/1/scores`, {
      data: { entryId: idOf("客厅门口"), scores: [1, 1, 1] },
    });
    expect(twice.status()).toBe(409);
    expect((await twice.json()).code).toBe("CONTEST_SCORED");
  });

  await test.step("the secretary closes the round, reads the ranking, exports, publishes and adopts the winner", async () => {
    await staff.reload();
    await expect(staff.getByTestId("judge-progress-list")).toContainText("已评 6/6");
    await staff.getByTestId("close-round").click();
    await confirmPop(staff);
    const table = staff.getByTestId("ranking-table");
    await expect(table.locator(".ant-table-row")).toHaveCount(6);
    const rows = table.locator(".ant-table-row");
    await expect(rows.nth(0)).toContainText("客厅门口加装扶手");
    await expect(rows.nth(1)).toContainText("共享工具箱");
    await expect(rows.nth(2)).toContainText("四点半课堂");
    await rows.nth(0).locator(".ant-table-row-expand-icon").click();
    await expect(staff.getByText(new RegExp(`${worker.me.name}：9 / 7 / 9`))).toBeVisible();
    await noToasts(staff);
    await screenshot(staff, "contest-staff-ranking");
    const [download] = await Promise.all([
      staff.waitForEvent("download"),
      staff.getByTestId("export-scores").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await noToasts(staff);
    await staff.getByTestId("publish-top").fill("3");
    await staff.getByTestId("publish").click();
    await expect(staff.getByTestId("contest-staff-page")).toContainText("已公布结果");
    await noToasts(staff);
    // 签约立项 in one step: the projects board's form opens with the entry as origin; saving adopts it
    const contestUrl = staff.url();
    await staff.getByTestId(`adopt-${idOf("客厅门口")}`).click();
    await expect(staff.getByTestId("project-from-entry")).toContainText(`#${idOf("客厅门口")}`);
    await expect(staff.getByTestId("project-create-form").getByLabel("项目名称")).toHaveValue(
      /客厅门口加装扶手/,
    );
    await screenshot(staff, "contest-adopt-form");
    await staff.getByTestId("project-create-ok").click();
    await expect(staff).toHaveURL(/\/staff\/projects\/\d+\/\d+$/);
    const projectUrl = staff.url();
    await expect(staff.getByText("大赛项目").first()).toBeVisible();
    await noToasts(staff);
    await screenshot(staff, "contest-adopted-project");
    await staff.goto(contestUrl);
    await expect(rows.nth(0)).toContainText("已签约立项");
    await staff.getByTestId(`project-of-${idOf("客厅门口")}`).click();
    await expect(staff).toHaveURL(projectUrl);
    await staff.goBack();
    await expect(rows.nth(0)).toContainText("已签约立项");
    await noToasts(staff);
    await screenshot(staff, "contest-staff-adopted");
  });

  await test.step("the owner reads the published result and the adopted idea", async () => {
    await phone.reload();
    await expect(phone.getByTestId("contest-state")).toHaveText("已公布结果");
    const results = phone.getByTestId("contest-results");
    await expect(results.locator("li").first()).toContainText("客厅门口加装扶手");
    await expect(results.locator("li").first()).toContainText("已签约立项");
    await expect(phone.getByTestId(`entry-${idOf("客厅门口")}`)).toContainText("已签约立项");
    await screenshot(phone, "contest-published");
  });
});
