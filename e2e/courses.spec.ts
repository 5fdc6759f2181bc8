// Journey (Chinese UI, DOMAIN C3, issue 15): a weekly course with one seat and a waiting list. The community
// worker creates a daily calligraphy course in the staff console (新建课程: one seat, this week); the demo owner
// enrols from the home screen in two taps (课程活动 → 报名) and holds the seat; the family member taps 排队候补
// and is 候补第 1 位; the owner cancels in 我的课程 and the family member is promoted in the same transaction
// (已报名); the worker ticks the family member present at today's session (名单与考勤) and the statistics tab
// shows the attendance rate. Safe to retry on the same demo database: each run makes its own course.
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

const TAG = `${Date.now() % 1_000_000}`;
const TITLE = `书法课${TAG}`;
const day = (offset: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

interface Course {
  id: number;
  title: string;
  enrolled: number;
  waiting: number;
  mine: { status: string; waitingPosition: number | null; enrolmentId: number } | null;
}
interface Roster {
  sessions: { id: number; startsAt: string; present: number[] }[];
  enrolments: { id: number; name: string; status: string; waitingPosition: number | null }[];
}

test("a course with one seat: the owner enrols, the family member waits, a cancellation promotes them, staff mark attendance", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const family = await apiAs(baseURL, accountsWithRole("resident (family)")[0]!.phone);
  const familyPhone = accountsWithRole("resident (family)")[0]!.phone;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const base = `/api/communities/${communityId}/courses`;
  const findCourse = async (api = worker.api) => {
    const list = await getJson<{ items: Course[] }>(api, `${base}?q=${encodeURIComponent(TITLE)}`);
    return list.items.find((c) => c.title === TITLE);
  };

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the worker creates a daily course with one seat for this week", async () => {
    await staffSignIn(staff, worker.account.phone);
    await staff.goto("/staff/courses");
    await staff.getByTestId("course-new").click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByLabel("课程名称").fill(TITLE);
    await dialog.getByLabel("老师姓名").fill("王老师");
    await dialog.getByLabel("地点", { exact: true }).fill("党群服务中心二楼活动室");
    await dialog.getByLabel(/^重复规则/).fill("FREQ=DAILY");
    await dialog.getByLabel("开始时间").fill("00:10");
    await dialog.getByLabel("名额").fill("1");
    await dialog.getByLabel("学期开始").fill(day(0));
    await dialog.getByLabel("学期结束").fill(day(6));
    await screenshot(staff, "courses-new");
    await dialog.getByRole("button", { name: /确\s*定|OK/ }).click();
    await expect(staff.getByText(/已建课程，共 \d+ 次课/)).toBeVisible();
    expect(await findCourse()).toBeTruthy();
  });
  const course = (await findCourse())!;

  const phone = await phonePage(browser, baseURL);
  await test.step("the owner enrols from the home screen in two taps and holds the seat", async () => {
    await residentSignIn(phone, owner.account.phone, "/m");
    await phone.getByTestId("go-courses").click(); // 1
    const card = phone.getByTestId(`course-${course.id}`);
    await expect(card).toContainText(TITLE);
    await expect(card).toContainText("名额 0/1");
    await screenshot(phone, "courses-list");
    await phone.getByTestId(`course-enrol-${course.id}`).click(); // 2
    await expect(phone.getByTestId(`course-status-${course.id}`)).toHaveText("已报名");
  });

  const other = await phonePage(browser, baseURL);
  await test.step("the family member finds it full and joins the waiting list", async () => {
    await residentSignIn(other, familyPhone, "/m/courses");
    await expect(other.getByTestId(`course-enrol-${course.id}`)).toHaveText(/排队候补/);
    await other.getByTestId(`course-enrol-${course.id}`).click();
    await expect(other.getByTestId(`course-status-${course.id}`)).toHaveText("候补第 1 位");
    await screenshot(other, "courses-waiting");
  });

  await test.step("the owner cancels in 我的课程; the family member is promoted", async () => {
    await phone.getByTestId("courses-go-mine").click();
    await expect(phone.getByTestId(`my-course-${course.id}`)).toContainText("已报名");
    await screenshot(phone, "courses-mine");
    await phone.getByTestId(`my-course-${course.id}`).getByRole("button", { name: "取消报名" }).click();
    await phone.getByRole("button", { name: "确定" }).click();
    await expect(phone.getByTestId(`my-course-${course.id}`)).toHaveCount(0);
    const mine = (await findCourse(family.api))!;
    expect(mine.mine?.status).toBe("enrolled");
    await other.reload();
    await expect(other.getByTestId(`course-status-${course.id}`)).toHaveText("已报名");
    await phone.context().close();
    await other.context().close();
  });

  await test.step("the worker marks the family member present at today's session; the rate shows", async () => {
    const roster = await getJson<Roster>(worker.api, `${base}/${course.id}/roster`);
    const seat = roster.enrolments.find((e) => e.status === "enrolled")!;
    expect(seat).toBeTruthy();
    await staff.goto(`/staff/courses?q=${encodeURIComponent(TITLE)}`);
    await staff.getByTestId(`course-open-${course.id}`).click();
    const panel = staff.getByTestId("course-roster");
    await expect(panel).toContainText(TITLE);
    await panel.locator(`tr[data-row-key="${seat.id}"] input[type="checkbox"]`).check();
    await screenshot(staff, "courses-roster");
    await staff.getByTestId("course-mark").click();
    await expect(staff.getByText("已记考勤：1/1 人到场")).toBeVisible();
    const after = await getJson<Roster>(worker.api, `${base}/${course.id}/roster`);
    expect(after.sessions.some((s) => s.present.includes(seat.id))).toBe(true);
    await staff.goto(`/staff/courses?tab=stats&q=${encodeURIComponent(TITLE)}`);
    const row = staff.locator(`tr[data-row-key="${course.id}"]`);
    await expect(row).toContainText("1/1");
    await expect(row).toContainText("100%");
    await screenshot(staff, "courses-stats");
  });
  await staff.context().close();
});
