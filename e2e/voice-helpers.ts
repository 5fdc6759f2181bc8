// Shared steps of the resident-voice journeys (report, claim, rate): demo accounts from the demo's
// own list, sign-in through the pages, phone and desktop browsers, screenshots, a small real PNG.
// Nothing here knows a database id: every id is read from the API.
import { crc32, deflateSync } from "node:zlib";
import {
  type APIRequestContext,
  type Browser,
  expect,
  type Locator,
  type Page,
  request as playwrightRequest,
} from "@playwright/test";
import { DEMO_ACCOUNTS, type DemoAccountSpec } from "../server/src/demo/demo-accounts.ts";
import { checkPage, trackPages } from "./page-checks.ts";

export const DEMO_PASSWORD = process.env.LINLI_DEMO_PASSWORD ?? "linli-demo-2026";
export { expectEveryPageChecked, SCREENS } from "./page-checks.ts";

/** The narrow phone the resident pages must read well on (issue 9: 360 px). */
const PHONE_VIEWPORT = { width: 360, height: 780 };

export interface Grant {
  role: string;
  scopeType: string;
  scopeCommunityId: number | null;
  scopeId: number | null;
  scopeName: string | null;
}

export interface MeBody {
  id: number;
  name: string;
  roles: Grant[];
  residencies: { communityId: number; communityName: string; householdId: number | null; status: string }[];
}

export function accountsWithRole(role: DemoAccountSpec["role"]): DemoAccountSpec[] {
  const found = DEMO_ACCOUNTS.filter((a) => a.role === role);
  if (found.length === 0) throw new Error(`the demo has no ${role} account`);
  return found;
}

/** An API client signed in as the account (its cookie jar is its own). */
export async function apiAs(baseURL: string | undefined, phone: string) {
  const api = await playwrightRequest.newContext({ baseURL });
  const res = await api.post("/api/auth/sign-in", { data: { phone, password: DEMO_PASSWORD } });
  expect(res.ok(), `sign-in of ${phone}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return { api, me: (await res.json()) as MeBody };
}

export async function getJson<T>(api: APIRequestContext, path: string): Promise<T> {
  const res = await api.get(path);
  expect(res.ok(), `GET ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

export async function postJson<T>(api: APIRequestContext, path: string, data: unknown): Promise<T> {
  const res = await api.post(path, { data });
  expect(res.ok(), `POST ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

/** The first demo account holding the role, signed in. */
export async function firstDemo(baseURL: string | undefined, role: DemoAccountSpec["role"]) {
  const account = accountsWithRole(role)[0]!;
  const { api, me } = await apiAs(baseURL, account.phone);
  return { account, api, me };
}

/** The demo resident (owner) bound in Donglong, their community and household (grid, address). */
export async function demoResident(baseURL: string | undefined) {
  const account = accountsWithRole("resident (owner)")[0]!;
  const { api, me } = await apiAs(baseURL, account.phone);
  const residency = me.residencies.find((r) => r.status === "verified");
  expect(residency, "the demo owner is a verified resident").toBeTruthy();
  const households = await getJson<
    {
      communityId?: number;
      household: { id: number; address: string; gridId: number | null; gridName: string | null };
    }[]
  >(api, "/api/me/households");
  const household = households.find(
    (h) => (h.communityId ?? residency!.communityId) === residency!.communityId,
  )!.household;
  expect(household.gridId, "the demo household lies in a grid").toBeTruthy();
  return {
    account,
    api,
    me,
    communityId: residency!.communityId,
    communityName: residency!.communityName,
    household,
  };
}

/** The demo account holding `role` whose grant is about this community (and grid, when given). */
export async function demoStaff(
  baseURL: string | undefined,
  role: DemoAccountSpec["role"],
  where: { communityId: number; gridId?: number | null },
) {
  for (const account of accountsWithRole(role)) {
    const { api, me } = await apiAs(baseURL, account.phone);
    const fits = me.roles.some(
      (g) =>
        g.role === role &&
        (g.scopeCommunityId ?? (g.scopeType === "community" ? g.scopeId : null)) === where.communityId &&
        (where.gridId == null || g.scopeType !== "grid" || g.scopeId === where.gridId),
    );
    if (fits) return { account, api, me };
    await api.dispose();
  }
  throw new Error(`no demo ${role} works in community ${where.communityId}`);
}

/**
 * What the browser refused under the content security policy, per page: every journey's screenshot()
 * fails when a page broke the policy (an inline script, a script or style from elsewhere), so that a
 * stricter header or a new library cannot break a page unnoticed.
 */
const cspViolations = new WeakMap<Page, string[]>();

export function watchSecurityPolicy(page: Page): Page {
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
  return page;
}

export function expectNoPolicyViolations(page: Page) {
  expect(cspViolations.get(page) ?? [], `content security policy violations on ${page.url()}`).toEqual([]);
}

export async function phonePage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  return trackPages(watchSecurityPolicy(await context.newPage()));
}

/** A desktop browser for the staff console, working on the given community from the start. */
export async function staffPage(
  browser: Browser,
  baseURL: string | undefined,
  communityId: number,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  await context.addInitScript((id) => {
    localStorage.setItem("linli.staff.community", String(id));
  }, communityId);
  return trackPages(watchSecurityPolicy(await context.newPage()));
}

/** Signs in on the resident pages (password) and lands on `next`. */
export async function residentSignIn(page: Page, phone: string, next = "/m") {
  await page.goto(`/m/sign-in?next=${encodeURIComponent(next)}`);
  await expect(page.getByTestId("phone")).toBeVisible();
  await checkPage(page, "resident-sign-in");
  await page.getByTestId("phone").locator("input").fill(phone);
  await page.getByTestId("password").locator("input").fill(DEMO_PASSWORD);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  // the home page the resident lands on is shown, if only for a moment: checked like any other
  if (next === "/m") {
    await expect(page.getByTestId("hello")).toBeVisible();
    await noToasts(page);
    await checkPage(page, "resident-home-signed-in");
  }
}

export async function staffSignIn(page: Page, phone: string) {
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff\/sign-in/);
  await expect(page.getByTestId("staff-phone")).toBeVisible();
  await checkPage(page, "staff-sign-in");
  await page.getByTestId("staff-phone").fill(phone);
  await page.getByTestId("staff-password").fill(DEMO_PASSWORD);
  await page.getByTestId("staff-sign-in").click();
  await expect(page.getByTestId("staff-shell")).toBeVisible();
  // the page the console opens on (the inbox, for most roles) is shown: checked like any other
  await expect(page.locator(".ant-spin-spinning")).toHaveCount(0);
  await checkPage(page, "staff-landing");
}

/**
 * Picks an option of an antd Select (its test id, or the select itself), typing `search` first if
 * given. A single select's list fades out after the choice: wait until it is gone (half-faded options
 * are not what a person reads, and axe would measure their contrast mid-fade); a multiple select's
 * list stays open for the next choice (`keepOpen`).
 */
export async function pickOption(
  page: Page,
  select: string | Locator,
  option: string | RegExp,
  opts: { search?: string; keepOpen?: boolean } = {},
) {
  const box = typeof select === "string" ? page.getByTestId(select) : select;
  await box.click();
  if (opts.search) await (typeof select === "string" ? box.locator("input") : box).fill(opts.search);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: option })
    .first()
    .click();
  if (opts.keepOpen) return;
  const open = page.locator(".ant-select-dropdown:visible");
  try {
    await expect(open).toHaveCount(0, { timeout: 5_000 });
  } catch {
    // a searched list can be replaced by the search's answer under the click, which then hits a row that
    // is gone and chooses nothing (seen once in CI): choose again from the list as it is now
    // (and only while the list still shows it: the list may have closed meanwhile, the first click
    // having chosen late, and a click on an option that is gone waits out the whole action timeout)
    const again = open.locator(".ant-select-item-option").filter({ hasText: option }).first();
    if (await again.isVisible()) await again.click({ timeout: 5_000 }).catch(() => undefined);
    await expect(open).toHaveCount(0);
  }
}

/** Waits until passing toasts and messages are gone (they cover what is under them). */
export async function noToasts(page: Page) {
  const toasts = page.locator(".adm-toast-main:visible, .ant-message-notice:visible");
  // antd keeps a message while the pointer rests on it (as after clicking a button under it): a person
  // would move on, so the pointer goes to the corner first
  const size = page.viewportSize();
  if (size && (await toasts.count()) > 0) await page.mouse.move(size.width - 2, size.height - 2);
  await expect(toasts).toHaveCount(0, {
    timeout: 10_000,
  });
}

/**
 * Closes the staff console's request drawer. A success message at the top of the page can lie over
 * the drawer's close button, and antd keeps a message open while the pointer is over it: so wait for
 * messages to go first, or the click would wait on the message and the message on the pointer.
 */
export async function closeDrawer(page: Page) {
  await noToasts(page);
  await page.getByTestId("request-drawer").locator(".ant-drawer-close").click();
}

/**
 * The page as shown now, checked and kept (page-checks.ts: axe, both modes on a resident page,
 * full-page screenshots), once passing toasts are gone and if it broke no content security rule.
 */
export async function screenshot(page: Page, name: string) {
  expectNoPolicyViolations(page);
  await noToasts(page);
  await checkPage(page, name);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/**
 * A small, valid PNG (the server decodes every photo in full): `size`×`size` pixels, a dark sky
 * over a grey pole with a lamp of the given colour — enough to tell the photos apart.
 */
export function photoPng(lamp: [number, number, number], size = 48): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      let px: [number, number, number] = [30, 40, 80];
      const pole = Math.abs(x - size / 2) <= 1 && y > size / 4;
      const head = Math.abs(x - size / 2) <= 5 && Math.abs(y - size / 4) <= 3;
      if (pole) px = [120, 120, 120];
      if (head) px = lamp;
      row.set(px, 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(Buffer.concat(rows))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export interface BoardFigures {
  received: number;
  signed: number;
  solved: number;
  rated: number;
  ratedGood: number;
  ratedPoor: number;
  wishes: number;
  wishesFulfilled: number;
  satisfactionPct: number | null;
}

export const communityFigures = (api: APIRequestContext, communityId: number) =>
  getJson<BoardFigures>(api, `/api/board/figures?level=community&id=${communityId}`);

/** The request id at the end of a resident or staff request address. */
export function requestIdOf(url: string): number {
  const m = /\/requests\/\d+\/(\d+)/.exec(url);
  expect(m, `a request address: ${url}`).toBeTruthy();
  return Number(m![1]);
}
