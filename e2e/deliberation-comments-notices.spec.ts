// Journey (Chinese UI, issue 10 item 8c; DOMAIN X and D7): the Donglong secretary publishes a notice
// for the demo resident's building; the resident, on a 360 px phone, finds it on the home page and
// opens it (the read receipt counts 1) and comments; a second comment containing a listed word is
// held (its author sees 待审核, a neighbour does not see it); a neighbour reports the first comment,
// the secretary hides it with a reason in 评论审核; the author sees it hidden with the reason and is
// notified. No id is hard-coded.
import { expect, test } from "@playwright/test";
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

const TITLE = "电梯年检停梯通知";
const BODY = "本周四9:00—12:00电梯年度检验，期间停梯，请合理安排出行。行动不便的老人可联系网格员帮忙。";
const FIRST = "收到，谢谢提醒！希望检验完贴个合格证在电梯里。";
const HELD = "上次说修好又没修好，物业就是骗子";
const REASON = "含对他人的不实指责，请文明发言";

interface Thread {
  items: { id: number; body: string | null; status: string; replies: unknown[] }[];
}
interface Receipts {
  read: number;
  unread: number;
}

test.afterEach(() => expectEveryPageChecked());

test("a targeted notice is read and discussed; a held comment and a hidden one", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(360_000);
  const resident = await demoResident(baseURL);
  const { communityId } = resident;
  const household = (
    await getJson<{ household: { id: number; estateName: string; buildingName: string } }[]>(
      resident.api,
      "/api/me/households",
    )
  ).find((h) => h.household.id === resident.household.id)!.household;
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const neighbour = await apiAs(baseURL, accountsWithRole("resident (family)")[0]!.phone);
  const place = `${household.estateName} ${household.buildingName}`;
  let noticeId = 0;

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the secretary publishes a notice for the resident's building", async () => {
    await staffSignIn(staff, secretary.account.phone);
    await staff.getByTestId("menu-notices").click();
    await expect(staff.getByTestId("notices-staff")).toBeVisible();
    await staff.getByTestId("notice-new").click();
    const modal = staff.locator(".ant-modal");
    await modal.getByTestId("notice-title-input").fill(TITLE);
    await modal.getByTestId("notice-body-input").fill(BODY);
    await modal.getByRole("combobox", { name: "范围" }).click();
    await staff.keyboard.type(place);
    await staff.locator(".ant-select-item-option", { hasText: place }).first().click();
    // the list fades out after the choice: checked once it is gone (axe would see a half-faded list)
    await expect(staff.locator(".ant-select-dropdown:visible")).toHaveCount(0);
    await expect(modal.getByTestId("notice-place")).toContainText(household.buildingName);
    await screenshot(staff, "notice-write");
    await modal.getByTestId("notice-publish").click();
    await expect(modal).toHaveCount(0);
    const row = staff.locator("tr", { hasText: TITLE });
    await expect(row).toContainText("发布中");
    await expect(row).toContainText("已读 0");
    const list = await getJson<{ items: { id: number; title: string }[] }>(
      secretary.api,
      `/api/communities/${communityId}/notices?q=${encodeURIComponent(TITLE)}`,
    );
    noticeId = list.items[0]!.id;
    await screenshot(staff, "notices-staff");
  });

  const phone = await phonePage(browser, baseURL);
  await test.step("the resident sees it on the home page and opens it: one read", async () => {
    await residentSignIn(phone, resident.account.phone, "/m");
    const section = phone.getByTestId("home-notices");
    await expect(section).toContainText("社区公告");
    await expect(section).toContainText(TITLE);
    await screenshot(phone, "notices-home");
    await section.getByText(TITLE).click();
    await expect(phone).toHaveURL(new RegExp(`/m/notices/${communityId}/${noticeId}$`));
    await expect(phone.getByTestId("notice-title")).toHaveText(TITLE);
    await expect(phone.getByTestId("notice-body")).toContainText("电梯年度检验");
    await expect
      .poll(
        async () =>
          (
            await getJson<Receipts>(
              secretary.api,
              `/api/communities/${communityId}/notices/${noticeId}/receipts`,
            )
          ).read,
      )
      .toBe(1);
    await screenshot(phone, "notice-resident");
  });

  await test.step("the resident comments; a second comment with a listed word is held (待审核)", async () => {
    const input = phone.getByTestId("comment-input").locator("textarea");
    await input.fill(FIRST);
    await phone.getByTestId("comment-send").click();
    await expect(phone.getByTestId("comment-thread")).toContainText(FIRST);
    // the box empties once the first is sent: only then write the second (else it would be emptied)
    await expect(input).toHaveValue("");
    await expect(phone.getByTestId("comment-send")).not.toHaveClass(/adm-button-loading/);
    await input.fill(HELD);
    await phone.getByTestId("comment-send").click();
    const held = phone.locator('[data-status="held"]', { hasText: HELD });
    await expect(held.getByTestId("comment-held")).toHaveText("待审核");
    await held.scrollIntoViewIfNeeded();
    await screenshot(phone, "notice-comment-held");
  });

  let firstId = 0;
  await test.step("a neighbour does not see the held comment, and reports the first", async () => {
    const thread = await getJson<Thread>(
      neighbour.api,
      `/api/communities/${communityId}/comments?subjectKind=notice&subjectId=${noticeId}`,
    );
    expect(thread.items.map((c) => c.body)).toEqual([FIRST]);
    firstId = thread.items[0]!.id;
    const reported = await postJson<{ already: boolean }>(
      neighbour.api,
      `/api/communities/${communityId}/comments/${firstId}/report`,
      { reason: "不实信息" },
    );
    expect(reported.already).toBe(false);
  });

  await test.step("the secretary sees both in 评论审核 and hides the reported one with a reason", async () => {
    await staff.getByTestId("menu-comments").click();
    await expect(staff.getByTestId("comments-staff")).toBeVisible();
    await expect(staff.locator("tr", { hasText: HELD })).toContainText("含“骗子”");
    await screenshot(staff, "comments-queue-held");
    await staff.getByRole("tab", { name: "被举报" }).click();
    const row = staff.locator("tr", { hasText: FIRST });
    await expect(row).toContainText("1 人举报");
    await row.getByTestId(`hide-${firstId}`).click();
    await staff.getByTestId("hide-reason").fill(REASON);
    await screenshot(staff, "comments-hide");
    await staff.getByTestId("hide-confirm").click();
    await expect(staff.locator("tr", { hasText: FIRST })).toHaveCount(0);
    await staff.getByRole("tab", { name: "已隐藏" }).click();
    await expect(staff.locator("tr", { hasText: FIRST })).toContainText(REASON);
  });

  await test.step("the read receipts say 已读 1 with the unread to follow up", async () => {
    await staff.getByTestId("menu-notices").click();
    const row = staff.locator("tr", { hasText: TITLE });
    await expect(row).toContainText("已读 1");
    await row.getByTestId(`receipts-${noticeId}`).click();
    await expect(staff.getByTestId("receipts-figures")).toContainText("已读 1 / 未读");
    await screenshot(staff, "notice-receipts");
    await staff.context().close();
  });

  await test.step("the author sees the comment hidden with the reason, and is notified", async () => {
    await phone.reload();
    const hidden = phone.locator('[data-status="hidden"]', { hasText: FIRST });
    await expect(hidden.getByTestId("comment-hidden")).toHaveText("已隐藏");
    await expect(hidden.getByTestId("comment-hidden-reason")).toContainText(REASON);
    await hidden.scrollIntoViewIfNeeded();
    await screenshot(phone, "notice-comment-hidden");
    await phone.goto("/m/notifications");
    await expect(phone.getByText("您的评论已被隐藏").first()).toBeVisible();
    await screenshot(phone, "notice-comment-notified");
  });

  await test.step("my notices, and the public notices anyone may read", async () => {
    await phone.goto("/m/notices");
    await expect(phone.getByTestId("my-notices")).toContainText(TITLE);
    await screenshot(phone, "notices-mine");
    await phone.getByTestId("go-public-notices").click();
    await expect(phone.getByTestId("public-notices")).toContainText("架空层");
    await expect(phone.getByTestId("public-notices")).not.toContainText(TITLE);
    await screenshot(phone, "notices-public");
    await phone.context().close();
    const res = await fetch(`${baseURL}/api/communities/${communityId}/public-notices`);
    const text = await res.text();
    expect(text).not.toContain(resident.me.name);
  });

  await resident.api.dispose();
  await secretary.api.dispose();
  await neighbour.api.dispose();
});
