// Every page a journey shows is checked as its users meet it (issue 9): axe-core with the WCAG 2.1 A/AA
// rules finds no critical and no serious violation, a resident page is checked and photographed in
// both modes (normal and 长辈模式) at the phone's width, a console page at the desktop's; and at the
// end of each journey every page its browsers stayed on must have been checked (a page visited but
// never checked fails the journey, so a new page cannot slip past the rules).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { expect, type Frame, type Page } from "@playwright/test";
import type { AxeResults, RunOptions } from "axe-core";

const OUT = process.env.LINLI_E2E_OUT ?? "test-results";
export const SCREENS = `${OUT}/screens`;
// one file per worker process (each keeps its own list): axe-findings-<pid>.json
const FINDINGS = `${OUT}/axe-findings-${process.pid}.json`;

/** The rule sets axe runs: WCAG 2.0/2.1, levels A and AA. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** A route as a pattern: numeric segments stand for any id (`/m/requests/:id`). */
export function routeOf(url: string): string {
  const { pathname } = new URL(url);
  return pathname.replace(/\/\d+(?=\/|$)/g, "/:id").replace(/\/$/, "") || "/";
}

interface Tracked {
  /** Routes the page navigated to. */
  visited: Set<string>;
  checked: Set<string>;
}
const tracked = new Map<Page, Tracked>();

/** Routes that only send the browser on (never shown): not asked to be checked. */
const REDIRECT_ONLY = new Set(["/", "/staff"]);

/** Records every route a page navigates to (the check at the end asks that each was checked). */
export function trackPages(page: Page): Page {
  const t: Tracked = { visited: new Set(), checked: new Set() };
  tracked.set(page, t);
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame() || !frame.url().startsWith("http")) return;
    const route = routeOf(frame.url());
    if (!REDIRECT_ONLY.has(route)) t.visited.add(route);
  });
  return page;
}

/**
 * A finding fails the journey. LINLI_AXE=report lists the findings in test-results/axe-findings-<pid>.json
 * and lets the journey go on instead (to survey a new page before fixing it).
 */
const ENFORCE = process.env.LINLI_AXE !== "report";
const findings: { page: string; url: string; violations: string[] }[] = [];

/** axe-core's own script, put once into each frame of a page that lacks it (a navigation drops it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The part of axe-core's browser API the runner calls. */
interface AxeInPage {
  utils: {
    getFrameContexts: (context: unknown) => { frameSelector: unknown; frameContext: unknown }[];
    shadowSelect: (selector: unknown) => Element | null;
  };
  runPartial: (context: unknown, options: RunOptions) => Promise<unknown>;
  finishRun: (partials: unknown[], options: RunOptions) => Promise<AxeResults>;
}
// written out in each function the browser runs (they are sent as source, without this module)
type AxeWindow = Window & { axe: AxeInPage };

/** Each frame's partial result, depth first, `null` for a frame that could not be read (axe's order). */
async function runPartials(frame: Frame, context: unknown, options: RunOptions): Promise<unknown[]> {
  if (!(await frame.evaluate(() => "axe" in window))) await frame.evaluate(AXE_SOURCE);
  const children = await frame.evaluate(
    (c) => (window as unknown as AxeWindow).axe.utils.getFrameContexts(c),
    context,
  );
  const own = await frame.evaluate(([c, o]) => (window as unknown as AxeWindow).axe.runPartial(c, o), [
    context,
    options,
  ] as const);
  const all: unknown[] = [own];
  for (const { frameSelector, frameContext } of children) {
    const child = await frame
      .evaluateHandle((s) => (window as unknown as AxeWindow).axe.utils.shadowSelect(s), frameSelector)
      .then((h) => h.asElement()?.contentFrame() ?? null)
      .catch(() => null);
    all.push(...(child ? await runPartials(child, frameContext, options).catch(() => [null]) : [null]));
  }
  return all;
}

/**
 * axe-core on the page as it is now, the way @axe-core/playwright runs it (`axe.runPartial` in every
 * frame, then `axe.finishRun`), without its per-call costs: the wrapper put the 560 KB script into
 * every frame again and opened a blank page for `finishRun` on each call, ~1.1 s of a check whose
 * axe work takes 50-100 ms (measured on the sign-in pages). `finishRun` runs in the page itself (the
 * app's own, which does not tamper with axe). Only violations are gathered (`resultTypes`): only
 * they are read.
 */
export async function runAxe(page: Page, runOptions: RunOptions): Promise<AxeResults> {
  const options: RunOptions = { ...runOptions, resultTypes: ["violations"] };
  const partials = await runPartials(page.mainFrame(), { include: [], exclude: [] }, options);
  return page.evaluate(([p, o]) => (window as unknown as AxeWindow).axe.finishRun(p, o), [
    partials,
    options,
  ] as const);
}

/** Axe's critical and serious findings on the page as it is now. */
async function seriousViolations(page: Page) {
  const result = await runAxe(page, { runOnly: { type: "tag", values: AXE_TAGS } });
  return result.violations.filter((v) => v.impact === "critical" || v.impact === "serious");
}

/**
 * What axe's answer depends on, as one string: the whole document (markup, attributes, the style
 * elements antd writes), the window's size and scroll, what the pointer hovers, what has the focus
 * and what the form fields hold. The same state gives the same answer.
 */
async function pageState(page: Page): Promise<string> {
  const state = await page.evaluate(() => {
    const where = (e: Element | null) => {
      const steps: number[] = [];
      for (let x = e; x?.parentElement; x = x.parentElement)
        steps.push([...x.parentElement.children].indexOf(x));
      return steps.join(".");
    };
    return [
      document.documentElement.outerHTML,
      window.innerWidth,
      window.innerHeight,
      window.scrollX,
      window.scrollY,
      [...document.querySelectorAll(":hover")].map(where).join("|"),
      where(document.activeElement),
      [...document.querySelectorAll<HTMLInputElement>("input, textarea, select")]
        .map((e) => e.value)
        .join("\u0000"),
    ].join("\u0001");
  });
  return createHash("sha256").update(state).digest("hex");
}

/**
 * States of a page that axe has passed in this worker: a journey's sign-in pages look exactly like
 * the last journey's, and are not measured again (their pictures are still taken).
 */
const passed = new Set<string>();

/** Axe on the page as it is now: no critical or serious violation. */
export async function expectAccessible(page: Page, label: string) {
  const state = await pageState(page);
  if (passed.has(state)) return;
  let bad = await seriousViolations(page);
  // only a state passed at the first look is remembered (a second look sees a later state)
  if (!bad.length) passed.add(state);
  if (bad.length) {
    // A dialog still fading in (antd-mobile animates in script, not CSS) reads as low contrast for a
    // moment: look again once it has settled. A finding that stays is reported from the second look.
    await page.waitForTimeout(800);
    bad = await seriousViolations(page);
  }
  const report = bad.map(
    (v) =>
      `${v.impact} ${v.id} (${v.help}) × ${v.nodes.length}: ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`)
        .join(" | ")}`,
  );
  if (ENFORCE) expect(report, `axe: critical or serious violations on ${label} (${page.url()})`).toEqual([]);
  else if (report.length) {
    findings.push({ page: label, url: routeOf(page.url()), violations: report });
    mkdirSync(path.dirname(FINDINGS), { recursive: true });
    writeFileSync(FINDINGS, JSON.stringify(findings, null, 2));
  }
}

const isResidentPage = (page: Page) => /^\/m(\/|$)/.test(new URL(page.url()).pathname);

async function elderlyOn(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.classList.contains("linli-elderly"));
}

/**
 * Shows the page in the other mode for the check by the class the mode sets on <html> (elderly.css
 * hangs off it), without the header's toggle: the journey's own state (the device's and the
 * account's choice, an open sheet over the toggle) stays as the journey left it.
 */
export async function setElderly(page: Page, on: boolean) {
  if ((await elderlyOn(page)) === on) return;
  await page.evaluate((v) => {
    document.documentElement.classList.toggle("linli-elderly", v);
  }, on);
  await expect(page.locator("html")).toHaveClass(on ? /linli-elderly/ : /^(?!.*linli-elderly)/);
}

/** A full-page screenshot: the window made as tall as the page, so the sticky bars sit at the bottom. */
async function shoot(page: Page, name: string) {
  const size = page.viewportSize();
  for (let i = 0; size && i < 4; i++) {
    const [inner, height] = await page.evaluate(() => [
      window.innerHeight,
      document.documentElement.scrollHeight,
    ]);
    if (height <= inner) break;
    await page.setViewportSize({ width: size.width, height });
  }
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/**
 * Checks the page as shown now and keeps its picture: a resident page in both modes (`name`,
 * `name-elderly`; the mode it was in is restored), a console page once.
 */
export async function checkPage(page: Page, name: string) {
  const t = tracked.get(page);
  if (isResidentPage(page)) {
    const was = await elderlyOn(page);
    for (const on of [false, true]) {
      await setElderly(page, on);
      await expectAccessible(page, `${name}${on ? " (长辈模式)" : ""}`);
      await shoot(page, on ? `${name}-elderly` : name);
    }
    await setElderly(page, was);
  } else {
    // /docs is Swagger UI, the developers' API reference, not a page of the product: its markup is
    // upstream's (a known image-alt and label finding); it is photographed, not held to the rules
    if (routeOf(page.url()) !== "/docs") await expectAccessible(page, name);
    await shoot(page, name);
  }
  t?.checked.add(routeOf(page.url()));
}

/** Every route a tracked page went to was checked: each journey calls this in its afterEach. */
export function expectEveryPageChecked() {
  const missing: string[] = [];
  for (const t of tracked.values())
    for (const route of t.visited) if (!t.checked.has(route)) missing.push(route);
  tracked.clear();
  if (!ENFORCE) {
    if (missing.length) findings.push({ page: "not checked", url: missing.join(" "), violations: [] });
    return;
  }
  expect(missing, "pages a journey showed without checkPage (axe and the screenshots)").toEqual([]);
}
