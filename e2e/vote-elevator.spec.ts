// Journey (Chinese UI, DOMAIN D5, issue 11): an elevator vote (加装电梯, 民法典第二百七十八条第七项) for
// the demo owner's building — a community worker sets it up and opens it (the electorate frozen from
// the register), the owner votes on the phone (360 px, one question per screen with big 同意/反对/弃权
// buttons, a check screen, a receipt code), then changes the ballot; the progress counts one ballot for
// the owner however often it changed, and a paper ballot for the same owner is refused. No id is
// hard-coded. In the console the worker watches the progress, enters a neighbour's paper ballot by
// keyboard, and the community secretary checks it before it counts; closing publishes the result.
// (Setting a vote up has no console form yet: the worker does it through the API.)
import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import {
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

test("an elevator vote: set up and opened by staff, cast and changed by the owner on the phone", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const owner = await demoResident(baseURL);
  const { communityId } = owner;
  const worker = await demoStaff(baseURL, "community_worker", { communityId });
  const C = `/api/communities/${communityId}`;
  const detail = await getJson<{ estateName: string; buildingName: string }>(
    worker.api,
    `${C}/households/${owner.household.id}`,
  );
  const tree = await getJson<{
    estates: { id: number; name: string; buildings: { id: number; name: string }[] }[];
  }>(worker.api, `${C}/tree`);
  const estate = tree.estates.find((e) => e.name === detail.estateName)!;
  const building = estate.buildings.find((b) => b.name === detail.buildingName)!;
  const title = `${building.name}加装电梯 ${Date.now().toString().slice(-5)}`;

  let voteId = 0;
  await test.step("the worker sets up the vote for the building's owners and opens it", async () => {
    const vote = await postJson<{ id: number }>(worker.api, `${C}/votes`, {
      title,
      estateId: estate.id,
      buildingIds: [building.id],
      matter: 7,
      questions: [{ text: `同意${building.name}加装电梯` }, { text: "同意按楼层系数分摊费用" }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    voteId = vote.id;
    const opened = await postJson<{ state: string; figures: { electorate: { heads: number } } }>(
      worker.api,
      `${C}/votes/${voteId}/open`,
      {},
    );
    expect(opened.state).toBe("open");
    expect(opened.figures.electorate.heads).toBeGreaterThan(0);
  });

  let ownerVoterNo = 0;
  let desk: Page | undefined;
  const page = await phonePage(browser, baseURL);
  await test.step("the owner votes on the phone, one question per screen, and checks before casting", async () => {
    await residentSignIn(page, owner.account.phone, `/m/votes/${communityId}/${voteId}`);
    await expect(page.getByTestId("vote-ballot-page")).toContainText(title);
    await expect(page.getByText("第 1/2 项")).toBeVisible();
    await expect(page.getByTestId("vote-question")).toHaveCount(1);
    const box = await page.getByTestId("choice-Y").boundingBox();
    expect(box?.height ?? 0, "the choices are big targets").toBeGreaterThanOrEqual(44);
    await screenshot(page, "vote-question-1");
    // a choice is needed before moving on
    await page.getByTestId("vote-next").click();
    await expect(page.getByRole("alert")).toContainText("请选择同意、反对或弃权");
    await page.getByTestId("choice-Y").click();
    await expect(page.getByTestId("choice-Y")).toHaveAttribute("aria-pressed", "true");
    await page.getByTestId("vote-next").click();
    await expect(page.getByText("第 2/2 项")).toBeVisible();
    await page.getByTestId("choice-A").click();
    await page.getByTestId("vote-next").click();
    await expect(page.getByTestId("vote-review")).toBeVisible();
    await expect(page.getByTestId("review-0")).toHaveText("同意");
    await expect(page.getByTestId("review-1")).toHaveText("弃权");
    await screenshot(page, "vote-review");
    await page.getByTestId("vote-submit").click();
    await expect(page.getByTestId("vote-done")).toContainText("投票成功");
    await expect(page.getByTestId("vote-receipt")).toContainText("回执码");
    await screenshot(page, "vote-receipt");
  });

  await test.step("the owner changes the ballot before the close: still one ballot", async () => {
    await page.reload();
    await expect(page.getByTestId("vote-mine")).toContainText("您已投票（线上）");
    await screenshot(page, "vote-mine");
    await page.getByTestId("vote-change").click();
    await page.getByTestId("choice-N").click();
    await page.getByTestId("vote-next").click();
    await page.getByTestId("vote-next").click();
    await expect(page.getByTestId("review-0")).toHaveText("反对");
    await page.getByTestId("vote-submit").click();
    await expect(page.getByTestId("vote-done")).toContainText("已改票");
    const receipt = /回执码 (\S+)/.exec((await page.getByTestId("vote-receipt").textContent()) ?? "")![1]!;
    const progress = await getJson<{ figures: { participating: { heads: number } } }>(
      worker.api,
      `${C}/votes/${voteId}/progress`,
    );
    expect(progress.figures.participating.heads).toBe(1);
    // 我的投票: the owner finds the vote as 已投票 with the (new) receipt
    await page.getByTestId("go-my-votes").click();
    const mine = page.getByTestId(`my-vote-${voteId}`);
    await expect(mine.getByTestId("my-vote-status")).toHaveText("已投票");
    await expect(mine.getByTestId("my-vote-receipt")).toContainText(`线上 · 回执码 ${receipt}`);
    await screenshot(page, "my-votes");
  });

  await test.step("in the console: progress, a neighbour's paper ballot by keyboard, checked by a second person", async () => {
    const secretary = await demoStaff(baseURL, "community_secretary", { communityId });
    const console = await staffPage(browser, baseURL, communityId);
    desk = console;
    await staffSignIn(console, worker.account.phone);
    await console.goto("/staff/votes");
    await expect(console.getByTestId("votes-staff-page")).toContainText(title);
    await screenshot(console, "votes-staff-list");
    await console.getByRole("link", { name: title }).click();
    await expect(console.getByTestId("vote-figures")).toContainText("1 / ");
    const progress = await getJson<{ notVoted: { voterNo: number }[] }>(
      worker.api,
      `${C}/votes/${voteId}/progress`,
    );
    const electorate = await getJson<{ items: { voterNo: number }[] }>(
      owner.api,
      `${C}/votes/${voteId}/electorate`,
    );
    ownerVoterNo = electorate.items.find(
      (i) => !progress.notVoted.some((n) => n.voterNo === i.voterNo),
    )!.voterNo;
    const neighbour = progress.notVoted[0];
    expect(neighbour, "someone in the building has not voted yet").toBeTruthy();
    await expect(console.getByTestId("vote-not-voted")).toContainText("某");
    await screenshot(console, "vote-staff-desk");
    await console.getByLabel("业主编号").fill(String(neighbour!.voterNo));
    await console.getByTestId("paper-sheet").fill("E2E-P-1");
    await console.getByTestId("paper-choices").fill("yy");
    await console.getByTestId("paper-choices").press("Enter");
    await expect(console.getByText(/已录入，票 \d+/)).toBeVisible();
    await expect(console.getByTestId("vote-figures")).toContainText("待核对纸质票");
    const ballotId = Number(
      /票 (\d+)/.exec((await console.getByText(/已录入，票 \d+/).textContent()) ?? "")![1],
    );
    // the one who entered it may not check it
    const own = await worker.api.post(`${C}/votes/${voteId}/paper-ballots/${ballotId}/confirm`, { data: {} });
    expect(own.status()).toBe(403);
    await postJson(secretary.api, `${C}/votes/${voteId}/paper-ballots/${ballotId}/confirm`, {});
    await console.reload();
    await expect(console.getByTestId("vote-figures")).toContainText("2 / ");
    await screenshot(console, "vote-staff-desk-after-paper");

    // an owner abroad votes through a proxy (受托人) under a 委托书: entered, then checked by another
    const absent = progress.notVoted[1];
    expect(absent, "a second owner has not voted yet").toBeTruthy();
    const proxied = await postJson<{ ballotId: number; channel: string; counted: boolean }>(
      worker.api,
      `${C}/votes/${voteId}/paper-ballots`,
      {
        voterNo: absent!.voterNo,
        sheetNo: "E2E-W-1",
        choices: ["Y", "N"],
        proxy: { fileId: "weituoshu-e2e-1", holderName: "王受托", holderIdTail: "1234" },
      },
    );
    expect(proxied.channel).toBe("proxy");
    expect(proxied.counted).toBe(false);
    await postJson(secretary.api, `${C}/votes/${voteId}/paper-ballots/${proxied.ballotId}/confirm`, {});
    await console.reload();
    await expect(console.getByTestId("vote-figures")).toContainText("3 / ");
  });

  await test.step("a paper ballot for the owner who voted online is refused", async () => {
    const res = await worker.api.post(`${C}/votes/${voteId}/paper-ballots`, {
      data: { voterNo: ownerVoterNo, sheetNo: "E2E-1", choices: ["Y", "Y"] },
    });
    expect(res.status()).toBe(409);
    expect((await res.json()).code).toBe("VOTE_VOTED_ONLINE");
  });

  await test.step("the worker sets up another vote in the console, opens it, and closes the first one", async () => {
    const page = desk!;
    await page.goto("/staff/votes");
    await page.getByTestId("vote-new").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("表决", { exact: true }).fill(`${title} 续聘物业`);
    await dialog.getByLabel("小区").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: estate.name })
      .first()
      .click();
    await dialog.getByLabel("事项").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "4 选聘" })
      .first()
      .click();
    await dialog.getByLabel("表决问题").fill("同意续聘现物业服务企业");
    // the matter list fades out after the pick: axe must see the form, not a half-faded list
    await expect(page.locator(".ant-select-dropdown:visible")).toHaveCount(0);
    await screenshot(page, "vote-staff-setup");
    await dialog.getByRole("button", { name: "保存为草稿" }).click();
    await expect(page.getByTestId("vote-staff-page")).toContainText("草稿");
    await page.getByTestId("vote-open").click();
    await expect(page.getByTestId("vote-figures")).toBeVisible();
    await screenshot(page, "vote-staff-opened");
    await page.goto(`/staff/votes/${voteId}`);
    await page.getByTestId("vote-close").click();
    await expect(page.getByTestId("vote-staff-page")).toContainText("已计票");
    await screenshot(page, "vote-staff-closed");
  });

  await test.step("the result is published to the owners; verify:vote recomputes it from the export alone", async () => {
    const notices = await getJson<{ items: { title: string }[] }>(owner.api, "/api/me/notices");
    expect(notices.items.map((n) => n.title)).toContain(`表决结果：${title}`.slice(0, 80));
    const page = desk!;
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出表决票" }).click(),
    ]);
    const electorate = await getJson<{ items: { voterNo: number }[] }>(
      owner.api,
      `${C}/votes/${voteId}/electorate`,
    );
    // npm run verify:vote -- <file>: its own reading of the law, from the file alone
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "scripts/verify-vote.ts", (await download.path())!],
      {
        encoding: "utf8",
      },
    );
    expect(out).toContain(`名册 electorate: ${electorate.items.length} owners`);
    expect(out).toContain("OK: the export's figures are recomputed exactly");

    // the organisers' Excel of the ballots: masked names, channel, sheet number, who confirmed
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("vote-ballots-xlsx").click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe("表决票");
    const rows: string[][] = [];
    sheet.eachRow((r) => {
      const cells: string[] = [];
      r.eachCell({ includeEmpty: true }, (c) => cells.push(String(c.text)));
      rows.push(cells);
    });
    expect(rows[0]![4]).toContain("渠道");
    const ballots = rows.filter((r) => /^\d+$/.test(r[0] ?? ""));
    expect(ballots).toHaveLength(3);
    expect(ballots.map((r) => r[4]).sort()).toEqual(["委托投票", "纸质票", "线上"].sort());
    const paper = ballots.find((r) => r[5] === "E2E-P-1")!;
    expect(paper[8]).toBe("是");
    expect(paper[7]).not.toBe("待核对");
    expect(ballots.every((r) => /^(\p{Script=Han}某、?)+$|^建设单位$/u.test(r[1]!))).toBe(true);
  });

  await test.step("我的投票 shows the closed vote with its result", async () => {
    await page.goto("/m/votes");
    const mine = page.getByTestId(`my-vote-${voteId}`);
    await expect(mine.getByTestId("my-vote-result")).toContainText("表决结果");
    await expect(mine.getByTestId("my-vote-status")).toHaveText("已投票");
    await screenshot(page, "my-votes-closed");
  });
});
