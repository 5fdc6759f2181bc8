// Journey (Chinese UI, DOMAIN V7, issue 9): 东龙's community secretary sets where the community is on
// the Open311 page (its centre and a radius); a city platform's POST with a point 5 km away is then
// refused with the spec's error array, and one inside the community is taken. No id is hard-coded.
import { expect, test } from "@playwright/test";
import {
  demoResident,
  demoStaff,
  expectEveryPageChecked,
  postJson,
  screenshot,
  staffPage,
  staffSignIn,
} from "./voice-helpers.ts";

test.afterEach(() => expectEveryPageChecked());

const CENTRE = { lat: 30.5459, lng: 114.3421 };

test("the secretary sets the community's area; an Open311 point 5 km away is refused, one inside taken", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const { communityId, api: residentApi } = await demoResident(baseURL);
  await residentApi.dispose();
  const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
  const key = await postJson<{ key: string; jurisdictionId: string }>(
    secretary.api,
    `/api/communities/${communityId}/open311-keys`,
    { name: "市级平台（范围测试）" },
  );
  const post = (lat: number, long: number) =>
    secretary.api.post("/open311/v2/requests.json", {
      form: {
        api_key: key.key,
        jurisdiction_id: key.jurisdictionId,
        service_code: "public_facilities",
        lat: String(lat),
        long: String(long),
        description: "路灯不亮（范围测试）",
      },
    });

  const staff = await staffPage(browser, baseURL, communityId);
  await test.step("the secretary enters the centre and a radius on the Open311 page", async () => {
    await staffSignIn(staff, secretary.account.phone);
    await staff.goto("/staff/open311");
    const card = staff.getByTestId("open311-area");
    await expect(card.getByTestId("open311-area-state")).toContainText("还没有设置社区范围");
    await card.getByLabel("纬度").fill(String(CENTRE.lat));
    await card.getByLabel("经度").fill(String(CENTRE.lng));
    await card.getByLabel("半径").fill("800");
    await card.getByTestId("save-area").click();
    await expect(card.getByTestId("open311-area-state")).toContainText("半径 800 米");
    await expect(card.getByTestId("open311-area-state")).toContainText("500 米余量");
    await screenshot(staff, "open311-area-set");
  });

  await test.step("a point 5 km away is refused with the spec's error array; one 1 km away is taken", async () => {
    const far = await post(CENTRE.lat + 0.045, CENTRE.lng);
    expect(far.status()).toBe(400);
    const errors = (await far.json()) as { code: number; description: string }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe(400);
    expect(errors[0]!.description).toMatch(/离东龙社区中心 5\.0 公里.*outside the community/);
    const near = await post(CENTRE.lat + 0.009, CENTRE.lng);
    expect(near.status(), await near.text()).toBe(200);
    const [created] = (await near.json()) as { service_request_id: string; service_notice: string }[];
    expect(created!.service_request_id).toMatch(/^\d+$/);
    expect(created!.service_notice).toContain("前签收");
  });

  await secretary.api.dispose();
});
