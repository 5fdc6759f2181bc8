// `npm run bench -- web-load`: issue 9's "fast on a phone" — the web app as a phone on a slow mobile
// network meets it. The web app is built (or `--web-dist` is used), the real server starts on the
// embedded demo database (as `npm run start:e2e` does, on a port of its own), the demo resident and a
// grid worker sign in through the API, and Debian's Chromium, driven by Playwright, loads each page
// with Chromium's own network emulation over CDP (Network.emulateNetworkConditions: 1.6 Mbps down,
// 750 kbps up, 150 ms round trip):
//  - first load: a new browser profile, the HTTP cache disabled (Network.setCacheDisabled), so nothing
//    is cached and no service worker is installed yet;
//  - repeat visit: the same profile a moment later, caches warm (HTTP cache and, where the app has
//    one, its service worker).
// For each: the time from navigation start until the page's main content is visible (a test id of the
// page, seen by a MutationObserver in the page) and until the load event, and the bytes transferred
// (CDP Network.loadingFinished encodedDataLength summed: headers and bodies as they went over the wire,
// so compressed where compressed), counted until the network is quiet. Median of `runs` runs each.
// What a service worker downloads after the load (its precache) is not part of the page's requests
// (it is a worker of its own, not under the page's emulation): it is counted apart from the
// service worker's own requests.
// `--web-root DIR` measures another checkout (e.g. an export of an earlier commit, for a "before").
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { chromium } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../server/src/demo/demo-accounts.ts";
import { median, round } from "./stats.ts";

/** The phone network of issue 9's budget: 1.6 Mbps down, 750 kbps up, 150 ms round trip. */
export const PHONE_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};

interface PageSpec {
  name: string;
  path: string;
  who: "resident" | "staff";
  /** CSS selector of the page's main content: visible = the page is usable. */
  content: string;
  /** Issue 9's budget for the first load (ms, bytes). */
  budget?: { ms: number; bytes?: number };
}

const PAGES: PageSpec[] = [
  {
    name: "/m",
    path: "/m",
    who: "resident",
    content: '[data-testid="hello"]',
    budget: { ms: 2500, bytes: 250_000 },
  },
  {
    name: "/m/report",
    path: "/m/report",
    who: "resident",
    content: '[data-testid="report-page"] textarea, [data-testid="report-page"] [data-testid="kind"]',
  },
  {
    name: "/m/board",
    path: "/m/board",
    who: "resident",
    content: '[data-testid="board-figures"]',
    budget: { ms: 4000 },
  },
  {
    name: "/staff/inbox",
    path: "/staff/inbox",
    who: "staff",
    // the table's rows (or its placeholder); an empty inbox drew no table before issue 9
    content: '[data-testid="inbox"] .ant-table-tbody > tr, [data-testid="inbox"] .ant-empty',
  },
];

/** Chromium's flags as in playwright.config.ts (Debian's /usr/bin/chromium; no downloads). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LoadMeasure {
  /** navigation start → main content visible (ms) */
  contentMs: number | null;
  /** navigation start → load event end (ms) */
  loadMs: number | null;
  /** bytes over the wire until the network was quiet */
  bytes: number;
  requests: number;
  /** bytes the page's requests had transferred when its content became visible and it had loaded */
  bytesAtLoad: number;
}

export interface PageResult {
  page: string;
  runs: { first: LoadMeasure; repeat: LoadMeasure; serviceWorkerBytes: number }[];
  median: {
    firstContentMs: number;
    firstLoadMs: number;
    firstBytes: number;
    firstRequests: number;
    repeatContentMs: number;
    repeatLoadMs: number;
    repeatBytes: number;
    serviceWorkerBytes: number;
  };
  errors: string[];
}

interface Line {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}
type Target = { target: string; measured: string; pass: boolean | null };

export interface WebLoadOptions {
  /** The checkout whose server and web app are measured. */
  root: string;
  /** A built web app; when absent, `root`'s is built into a temporary folder first. */
  webDist?: string;
  runs: number;
  /** Only these pages (their paths); all when empty. */
  pages: string[];
  /** Flags for the server's node (as `npm start`). */
  serverNodeOptions: string[];
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, "w");
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}:\n${tail(logFile)}`)),
    );
  });
}

const tail = (file: string, lines = 30) => {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
};

async function buildWeb(opts: WebLoadOptions): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), "linli-web-load-dist-"));
  opts.registerCleanup(async () => rmSync(out, { recursive: true, force: true }));
  opts.log(`web-load: building the web app of ${opts.root} into ${out}`);
  // vite on this process's node (the pinned Node 24), not on whatever node its bin script finds
  await run(
    process.execPath,
    [path.join(opts.root, "node_modules/vite/bin/vite.js"), "build", "--outDir", out, "--emptyOutDir"],
    opts.root,
    path.join(os.tmpdir(), `linli-web-load-build-${process.pid}.log`),
  );
  return out;
}

async function startDemoServer(opts: WebLoadOptions, webDist: string) {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `linli-web-load-server-${process.pid}.log`);
  const fd = openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    LINLI_PGLITE_DIR: "memory://",
    LINLI_WEB_DIST: webDist,
  };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    [...opts.serverNodeOptions, "--import", "tsx", "server/src/main.ts", "--demo"],
    { cwd: opts.root, env, stdio: ["ignore", fd, fd] },
  );
  closeSync(fd);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  opts.registerCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const gone = await Promise.race([
      new Promise<boolean>((r) => child.once("exit", () => r(true))),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!gone) child.kill("SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (exited) throw new Error(`the demo server ${exited} before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the demo server did not answer within 240 s:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, logFile };
}

async function signIn(url: string, role: "resident (owner)" | "grid_worker"): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`the demo has no ${role} account`);
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone: account.phone, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${account.phone} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("linli_session="));
  if (!cookie) throw new Error(`sign-in of ${account.phone} set no session cookie`);
  return cookie.slice("linli_session=".length);
}

/**
 * In the page, before any of its scripts: the moment the main content first has a box. A string, not
 * a function: tsx compiles this file with esbuild's keepNames, whose helper the page would not have.
 */
function watchContent(selector: string): string {
  return `(() => {
    const observer = new MutationObserver(() => {
      if (window.__linliContentAt !== undefined) return;
      // any match with a box: a table's first row is its hidden measuring row
      const shown = [...document.querySelectorAll(${JSON.stringify(selector)})].some(
        (el) => el.getBoundingClientRect().height > 0,
      );
      if (shown) {
        window.__linliContentAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })();`;
}

/** One navigation under the phone network: its times and the bytes of the page's own requests. */
async function measureLoad(
  context: BrowserContext,
  page: Page,
  url: string,
  cacheDisabled: boolean,
): Promise<LoadMeasure> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled });
  let bytes = 0;
  let requests = 0;
  let inFlight = 0;
  let lastActivity = Date.now();
  cdp.on("Network.requestWillBeSent", () => {
    inFlight++;
    lastActivity = Date.now();
  });
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests++;
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  });
  cdp.on("Network.loadingFailed", () => {
    inFlight = Math.max(0, inFlight - 1);
    lastActivity = Date.now();
  });
  await page.goto(url, { waitUntil: "load", timeout: 90_000 });
  await page.waitForFunction(
    () => (window as { __linliContentAt?: number }).__linliContentAt !== undefined,
    null,
    {
      timeout: 60_000,
      polling: 50,
    },
  );
  const bytesAtLoad = bytes;
  // quiet: nothing in flight for 1 s (lazy chunks, the page's API calls), at most 20 s
  const quietBy = Date.now() + 20_000;
  while (Date.now() < quietBy && (inFlight > 0 || Date.now() - lastActivity < 1000))
    await new Promise((r) => setTimeout(r, 100));
  const times = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return {
      content: (window as { __linliContentAt?: number }).__linliContentAt ?? null,
      load: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
    };
  });
  await cdp.detach();
  return { contentMs: times.content, loadMs: times.load, bytes, requests, bytesAtLoad };
}

async function measurePage(
  browser: Browser,
  baseUrl: string,
  spec: PageSpec,
  session: string,
): Promise<{ first: LoadMeasure; repeat: LoadMeasure; serviceWorkerBytes: number }> {
  const context = await browser.newContext({
    viewport: spec.who === "resident" ? { width: 360, height: 780 } : { width: 1440, height: 900 },
    deviceScaleFactor: spec.who === "resident" ? 2 : 1,
    isMobile: spec.who === "resident",
    hasTouch: spec.who === "resident",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    serviceWorkers: "allow",
  });
  try {
    await context.addCookies([{ name: "linli_session", value: session, url: baseUrl }]);
    await context.addInitScript({ content: watchContent(spec.content) });
    // what a service worker fetches (its precache) goes outside the page's requests
    let serviceWorkerBytes = 0;
    context.on("requestfinished", (req) => {
      if (!req.serviceWorker()) return;
      void req
        .sizes()
        .then((s) => {
          serviceWorkerBytes += s.responseBodySize + s.responseHeadersSize;
        })
        .catch(() => {});
    });
    const page = await context.newPage();
    const first = await measureLoad(context, page, baseUrl + spec.path, true);
    // a service worker, if the app has one, has had the quiet second to install; let it finish
    await page
      .evaluate(async () => {
        if (!("serviceWorker" in navigator)) return;
        const reg = await navigator.serviceWorker.getRegistration();
        if (!reg) return;
        await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 15_000))]);
      })
      .catch(() => {});
    await page.close();
    const again = await context.newPage();
    const repeat = await measureLoad(context, again, baseUrl + spec.path, false);
    return { first, repeat, serviceWorkerBytes };
  } finally {
    await context.close();
  }
}

export async function runWebLoadScenario(
  opts: WebLoadOptions,
): Promise<{ lines: Line[]; targets: Target[]; results: Record<string, unknown> }> {
  const { log } = opts;
  const webDist = opts.webDist ? path.resolve(opts.webDist) : await buildWeb(opts);
  if (!existsSync(path.join(webDist, "index.html"))) throw new Error(`${webDist} holds no built web app`);
  log(`web-load: starting the demo server (embedded database) with ${webDist}`);
  const server = await startDemoServer(opts, webDist);
  const sessions = {
    resident: await signIn(server.url, "resident (owner)"),
    staff: await signIn(server.url, "grid_worker"),
  };
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  opts.registerCleanup(() => browser.close());
  const pages: PageResult[] = [];
  try {
    for (const spec of PAGES.filter((p) => opts.pages.length === 0 || opts.pages.includes(p.path))) {
      const runs: PageResult["runs"] = [];
      const errors: string[] = [];
      for (let i = 1; i <= opts.runs; i++) {
        try {
          const r = await measurePage(browser, server.url, spec, sessions[spec.who]);
          runs.push(r);
          log(
            `web-load: ${spec.name} run ${i}/${opts.runs}: first load content ${round(r.first.contentMs ?? Number.NaN, 0)} ms, ` +
              `load ${round(r.first.loadMs ?? Number.NaN, 0)} ms, ${round(r.first.bytes / 1000, 1)} KB in ${r.first.requests} requests; ` +
              `repeat content ${round(r.repeat.contentMs ?? Number.NaN, 0)} ms, ${round(r.repeat.bytes / 1000, 1)} KB; ` +
              `service worker ${round(r.serviceWorkerBytes / 1000, 1)} KB`,
          );
        } catch (e) {
          errors.push(`run ${i}: ${(e as Error).message.split("\n")[0]}`);
          log(`web-load: ${spec.name} run ${i} failed: ${(e as Error).message}`);
        }
      }
      const m = (f: (r: PageResult["runs"][number]) => number | null) =>
        runs.length ? median(runs.map((r) => f(r) ?? Number.NaN)) : Number.NaN;
      pages.push({
        page: spec.name,
        runs,
        errors,
        median: {
          firstContentMs: m((r) => r.first.contentMs),
          firstLoadMs: m((r) => r.first.loadMs),
          firstBytes: m((r) => r.first.bytes),
          firstRequests: m((r) => r.first.requests),
          repeatContentMs: m((r) => r.repeat.contentMs),
          repeatLoadMs: m((r) => r.repeat.loadMs),
          repeatBytes: m((r) => r.repeat.bytes),
          serviceWorkerBytes: m((r) => r.serviceWorkerBytes),
        },
      });
    }
  } finally {
    await browser.close();
  }

  const lines: Line[] = [];
  const targets: Target[] = [];
  const kb = (b: number) => round(b / 1000, 1);
  for (const p of pages) {
    const md = p.median;
    const spec = PAGES.find((s) => s.path === p.page)!;
    lines.push({
      scenario: `web-load ${p.page}`,
      figure: String(round(md.firstContentMs, 0)),
      unit: "ms to content, first load",
      baseline: `load event ${round(md.firstLoadMs, 0)} ms, ${kb(md.firstBytes)} KB in ${md.firstRequests} requests; repeat visit ${round(md.repeatContentMs, 0)} ms, ${kb(md.repeatBytes)} KB`,
      details:
        `1.6 Mbps/750 kbps/150 ms RTT, median of ${p.runs.length}; service worker after load ${kb(md.serviceWorkerBytes)} KB; ` +
        `first loads (ms to content) ${p.runs.map((r) => round(r.first.contentMs ?? Number.NaN, 0)).join(" / ")}` +
        (p.errors.length ? ` — FAILED: ${p.errors.join("; ")}` : ""),
    });
    if (spec.budget) {
      const slowest = Math.max(md.firstContentMs, md.firstLoadMs);
      targets.push({
        target: `${p.page} first load < ${spec.budget.ms / 1000} s (content visible and load event) on 1.6 Mbps, 150 ms RTT`,
        measured: `content ${round(md.firstContentMs, 0)} ms, load ${round(md.firstLoadMs, 0)} ms`,
        pass: p.errors.length === 0 && slowest < spec.budget.ms,
      });
      if (spec.budget.bytes)
        targets.push({
          target: `${p.page} first load < ${spec.budget.bytes / 1000} KB transferred`,
          measured: `${kb(md.firstBytes)} KB`,
          pass: p.errors.length === 0 && md.firstBytes < spec.budget.bytes,
        });
    }
  }
  return {
    lines,
    targets,
    results: { "web-load": { webDist, root: opts.root, network: PHONE_NETWORK, pages } },
  };
}
