// `npm run bench -- bigscreen-memory [--minutes 30 --screen-rotate 3 --screen-refresh 10 --web-dist DIR]` (standalone also
// `--heap-diff`, `--split-every N`, `--gc-from-page`, `--baseline M`)
// (or `node --import tsx bench/bigscreen-memory.ts --minutes 30`): issue 17's big screen (数据大屏,
// /screen/:place) left running, as on an office wall, in Debian's Chromium (Playwright) at 1920×1080:
// its panels turning every `screen-rotate` seconds and its data refreshed every `screen-refresh`
// seconds (both much shorter than on a wall, to make a leak show sooner). Every minute the page's heap
// is measured after a full garbage collection (CDP HeapProfiler.collectGarbage, then
// Performance.getMetrics' JSHeapUsedSize) with its DOM node and event listener counts. It prints the
// table, the slope of the heap after GC (least squares, MB per 10 minutes, from the baseline minute on)
// and the verdict "flat" when the heap at the end is less than 5 % above the baseline minute's (minute
// 5; in a run of under 10 minutes, the middle minute). The built web app is served by a small static
// server of the bench's own; the API is answered by the bench (page.route): a street of 12 communities
// whose figures change on every refresh, requests by 8 categories, and 3 communities' life circles of
// 3,000 buildings each — so the figure is the browser's (React, ECharts, the data), not the server's.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Route } from "@playwright/test";
import { round } from "./stats.ts";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"];
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
};
/** the heap after GC may grow less than this from the baseline minute to the end */
const FLAT_GROWTH = 0.05;

function serveDist(dist: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
      file = path.join(dist, "index.html"); // the single-page app's fallback
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const FIGURE_KEYS = [
  "requests_received",
  "requests_solved",
  "requests_solved_on_time",
  "requests_rated",
  "requests_rated_good",
  "vol_services",
  "vol_minutes",
  "meeting_attendances",
  "meeting_residents",
  "topics_created",
  "votes_closed",
  "votes_passed",
] as const;

/** The API of a street of 12 communities; `n` (the count of answers so far) moves the figures. */
function syntheticApi() {
  let n = 0;
  const counts = (seed: number) =>
    Object.fromEntries(FIGURE_KEYS.map((k, i) => [k, ((seed * 31 + i * 17 + n * 7) % 400) + 10]));
  const rates = (seed: number) => ({
    solvedOnTimePct: ((seed * 13 + n) % 40) + 60,
    satisfactionPct: ((seed * 7 + n) % 30) + 70,
    volHours: ((seed * 11 + n) % 500) + 20,
    volHoursPerResident: Math.round((((seed * 5 + n) % 90) + 10) / 10) / 10,
  });
  const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`);
  const figures = () => {
    n++;
    return JSON.stringify({
      place: { level: "street", place: "street:1", name: "粮道街道" },
      period: "month",
      from: "2026-01-01",
      to: "2026-12-07",
      residents: 54_000 + n,
      figures: counts(1),
      rates: rates(1),
      series: months.map((bucket, i) => ({ bucket, figures: counts(i + 2) })),
      children: Array.from({ length: 12 }, (_, i) => ({
        place: { level: "community", place: `community:${i + 1}`, name: `第${i + 1}社区` },
        residents: 3000 + i * 250,
        figures: counts(i + 20),
        rates: rates(i + 20),
      })),
    });
  };
  const categories = () =>
    JSON.stringify({
      place: { level: "street", place: "street:1", name: "粮道街道" },
      from: "2026-12-01",
      to: "2026-12-07",
      total: 0,
      categories: ["供水", "照明", "环境卫生", "停车", "噪音", "绿化", "物业", "其他"].map((name, i) => ({
        code: `c${i}`,
        nameZh: name,
        nameEn: `Category ${i}`,
        count: ((i * 37 + n * 3) % 120) + 5,
      })),
    });
  const lifecircle = (id: number) =>
    JSON.stringify({
      communityId: id,
      network: {
        source: "synthetic",
        importedAt: "2026-12-06T00:00:00.000Z",
        computedAt: "2026-12-06T00:00:00.000Z",
        nodes: 6000,
        edges: 6000,
        largestPart: 6000,
        buildings: 3000,
        walkSpeed: 1,
      },
      kinds: ["便利店", "菜市场", "幼儿园", "社区卫生站", "养老驿站"].map((nameZh, i) => ({
        code: `k${i}`,
        nameZh,
        nameEn: `Kind ${i}`,
        targetMinutes: 10,
        required: true,
        facilities: 3,
        within: [0.4, 0.7, 0.9],
        withinTarget: 0.5 + i / 20,
        met: false,
      })),
      checklist: { required: 5, met: 2 },
      attribution: "© OpenStreetMap contributors",
    });
  const map = (id: number) => {
    const side = 55; // 3,025 buildings on a 1.2 km square, the communities side by side
    const step = 1200 / side / 111_320;
    const lat: number[] = [];
    const lon: number[] = [];
    const minutes: (number | null)[] = [];
    const ids: number[] = [];
    for (let i = 0; i < side * side; i++) {
      ids.push(i + 1);
      lat.push(30.55 + Math.floor(i / side) * step);
      lon.push(114.3 + (id - 1) * 0.013 + (i % side) * step);
      minutes.push(i % 97 === 0 ? null : ((i * 7919) % 250) / 10);
    }
    return JSON.stringify({
      kind: "k0",
      buildings: { id: ids, lat, lon, minutes },
      facilities: [0, 1, 2].map((f) => ({
        id: f + 1,
        kind: "k0",
        name: `便利店${f + 1}`,
        lat: 30.55 + f * 0.003,
        lon: 114.3 + (id - 1) * 0.013 + f * 0.003,
      })),
      bbox: null,
    });
  };
  return { figures, categories, lifecircle, map };
}

const ME = JSON.stringify({
  id: 1,
  name: "街道干部",
  phone: "139****0003",
  locale: "zh-CN",
  elderlyMode: false,
  elderlyModeChosen: false,
  roles: [
    {
      role: "street_official",
      scopeType: "street",
      scopeCommunityId: null,
      scopeId: 1,
      scopeName: "粮道街道",
      permissions: ["insight.read"],
    },
  ],
});

interface Sample {
  minute: number;
  heapMb: number;
  nodes: number;
  listeners: number;
}

/** The minute the verdict is measured from: `baseline` when given, else 5 (the middle minute of a run under 10). */
function baselineOf(opts: { minutes: number; baseline?: number | undefined }): number {
  if (opts.baseline != null && opts.baseline > 0 && opts.baseline < opts.minutes) return opts.baseline;
  return opts.minutes >= 10 ? 5 : Math.max(1, Math.floor(opts.minutes / 2));
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

export async function runBigscreenMemory(opts: {
  webDist: string;
  minutes: number;
  rotateSeconds: number;
  refreshSeconds: number;
  /** take a heap snapshot at the baseline minute and at the end, and print what grew by constructor */
  heapDiff?: boolean;
  /** the minute the verdict (and --heap-diff) is measured from, e.g. 30 of 60 to leave V8's warm-up out (default 5) */
  baseline?: number;
  /**
   * collect garbage from the page (Chromium started with --js-flags=--expose-gc, `gc()` evaluated) instead
   * of through DevTools' heap profiler, which is then never enabled (no --heap-diff or --split-every)
   */
  gcFromPage?: boolean;
  /** every this many minutes, a heap snapshot split into V8's compiled code, the embedder's (native) objects and the rest */
  splitEvery?: number;
  log: (m: string) => void;
}) {
  const dist = path.resolve(opts.webDist);
  if (!existsSync(path.join(dist, "index.html")))
    throw new Error(`${dist} holds no built web app: run vite build --outDir ${dist} first`);
  const api = syntheticApi();
  const server = await serveDist(dist);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (opts.gcFromPage && (opts.heapDiff || opts.splitEvery))
    throw new Error("--gc-from-page leaves the heap profiler off: it cannot take heap snapshots");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: opts.gcFromPage ? [...CHROMIUM_ARGS, "--js-flags=--expose-gc"] : CHROMIUM_ARGS,
  });
  const json = (route: Route, status: number, body: string) =>
    route.fulfill({ status, contentType: "application/json", body });
  const samples: Sample[] = [];
  const splits: { minute: number; codeMb: number; nativeMb: number; restMb: number }[] = [];
  const consoleTexts = new Map<string, number>();
  let answers = 0;
  try {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    const page = await context.newPage();
    // what the page writes to its console (kept by DevTools while the bench watches): counted by text
    page.on("console", (m) => {
      const key = `${m.type()}: ${m.text().slice(0, 120)}`;
      consoleTexts.set(key, (consoleTexts.get(key) ?? 0) + 1);
    });
    await page.route("**/api/**", (route) => {
      const u = new URL(route.request().url());
      answers++;
      if (u.pathname === "/api/me") return json(route, 200, ME);
      if (u.pathname === "/api/insight/figures") return json(route, 200, api.figures());
      if (u.pathname === "/api/insight/figures/categories") return json(route, 200, api.categories());
      const life = /^\/api\/communities\/(\d+)\/lifecircle(\/map)?$/.exec(u.pathname);
      // three of the twelve communities have a walking network
      if (life && Number(life[1]) <= 3)
        return json(route, 200, life[2] ? api.map(Number(life[1])) : api.lifecircle(Number(life[1])));
      if (life)
        return json(route, 404, '{"code":"NOT_FOUND","message_zh":"不存在","message_en":"Not found"}');
      return json(route, 204, "");
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    if (!opts.gcFromPage) await cdp.send("HeapProfiler.enable");
    const measure = async (minute: number) => {
      if (opts.gcFromPage) await page.evaluate(() => (globalThis as unknown as { gc: () => void }).gc());
      else await cdp.send("HeapProfiler.collectGarbage");
      const { metrics } = (await cdp.send("Performance.getMetrics")) as {
        metrics: { name: string; value: number }[];
      };
      const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
      const s = {
        minute,
        heapMb: round(m("JSHeapUsedSize") / 1_048_576, 2),
        nodes: m("Nodes"),
        listeners: m("JSEventListeners"),
      };
      samples.push(s);
      opts.log(
        `  minute ${String(minute).padStart(3)}: heap after GC ${s.heapMb.toFixed(2)} MB, ${s.nodes} DOM nodes, ${s.listeners} listeners`,
      );
    };
    const baselineAt = baselineOf(opts);
    let firstSnapshot: Map<string, { count: number; bytes: number }> | null = null;
    const snapshot = async () => {
      const chunks: string[] = [];
      const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
      cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
      await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
      return byConstructor(chunks.join(""));
    };
    await page.goto(`${base}/screen/street:1?rotate=${opts.rotateSeconds}&refresh=${opts.refreshSeconds}`);
    await page.waitForSelector('[data-testid="screen-panel-lifecircle"]', { timeout: 120_000 });
    await measure(0);
    const started = Date.now();
    for (let minute = 1; minute <= opts.minutes; minute++) {
      await page.waitForTimeout(Math.max(0, started + minute * 60_000 - Date.now()));
      await measure(minute);
      if (opts.heapDiff && minute === baselineAt) firstSnapshot = await snapshot();
      if (opts.splitEvery && minute % opts.splitEvery === 0) {
        const byType = (await snapshot()).entries();
        const split = { minute, codeMb: 0, nativeMb: 0, restMb: 0 };
        for (const [key, v] of byType) {
          const mb = v.bytes / 1_048_576;
          if (key.startsWith("code")) split.codeMb += mb;
          else if (key.startsWith("native")) split.nativeMb += mb;
          else split.restMb += mb;
        }
        splits.push({
          minute,
          codeMb: round(split.codeMb, 2),
          nativeMb: round(split.nativeMb, 2),
          restMb: round(split.restMb, 2),
        });
        opts.log(
          `  minute ${String(minute).padStart(3)}: snapshot: V8 compiled code ${round(split.codeMb, 2)} MB, native ${round(split.nativeMb, 2)} MB, everything else ${round(split.restMb, 2)} MB`,
        );
      }
    }
    if (opts.heapDiff && firstSnapshot) {
      const end = await snapshot();
      const grown = [...end.entries()]
        .map(([name, v]) => {
          const b = firstSnapshot!.get(name) ?? { count: 0, bytes: 0 };
          return { name, count: v.count - b.count, bytes: v.bytes - b.bytes };
        })
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 30);
      opts.log(
        `  heap snapshot, minute ${baselineAt} → ${opts.minutes}: what grew most (self size, by constructor)`,
      );
      for (const g of grown)
        opts.log(
          `    ${(g.bytes / 1024).toFixed(1).padStart(9)} KB  ${String(g.count).padStart(7)} objects  ${g.name}`,
        );
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }

  const baselineMinute = baselineOf(opts);
  const base0 = samples.find((s) => s.minute === baselineMinute) ?? samples[0]!;
  const last = samples.at(-1)!;
  const after = samples.filter((s) => s.minute >= baselineMinute);
  const mbPer10 = round(slope(after.map((s) => [s.minute, s.heapMb])) * 10, 3);
  const growth = base0.heapMb === 0 ? 0 : (last.heapMb - base0.heapMb) / base0.heapMb;
  const verdict = growth < FLAT_GROWTH ? "flat" : "growing";
  opts.log("");
  opts.log("  minute  heap after GC (MB)  DOM nodes  listeners");
  for (const s of samples)
    opts.log(
      `  ${String(s.minute).padStart(6)}  ${s.heapMb.toFixed(2).padStart(18)}  ${String(s.nodes).padStart(9)}  ${String(s.listeners).padStart(9)}`,
    );
  opts.log(
    `  slope from minute ${baselineMinute}: ${mbPer10} MB per 10 min; heap ${base0.heapMb} → ${last.heapMb} MB (${round(growth * 100, 1)} %): ${verdict}`,
  );
  const five = samples.find((s) => s.minute === 5);
  if (baselineMinute !== 5 && five && five.heapMb > 0)
    opts.log(
      `  (from minute 5, the default baseline: heap ${five.heapMb} → ${last.heapMb} MB, ${round(((last.heapMb - five.heapMb) / five.heapMb) * 100, 1)} %)`,
    );
  if (splits.length > 0) {
    opts.log("  minute  V8 compiled code (MB)  native (MB)  everything else (MB)");
    for (const x of splits)
      opts.log(
        `  ${String(x.minute).padStart(6)}  ${x.codeMb.toFixed(2).padStart(21)}  ${x.nativeMb.toFixed(2).padStart(11)}  ${x.restMb.toFixed(2).padStart(20)}`,
      );
  }
  if (consoleTexts.size > 0) {
    opts.log("  the page's console (count, type: text):");
    for (const [text, n] of [...consoleTexts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8))
      opts.log(`    ${String(n).padStart(6)}  ${text}`);
  }
  const line = {
    scenario: "bigscreen memory",
    figure: String(mbPer10),
    unit: `MB per 10 min, heap after GC from minute ${baselineMinute} to ${opts.minutes} (${verdict}: ${round(growth * 100, 1)} %, < ${FLAT_GROWTH * 100} % is flat)`,
    baseline: `heap ${base0.heapMb} → ${last.heapMb} MB; DOM nodes ${base0.nodes} → ${last.nodes}; listeners ${base0.listeners} → ${last.listeners}`,
    details: `1920×1080 Chromium, rotation ${opts.rotateSeconds} s, refresh ${opts.refreshSeconds} s, ${answers} API answers; the API answered by the bench; load average ${round(os.loadavg()[0] ?? 0, 2)} (2 cores)`,
  };
  return {
    lines: [line],
    results: { mbPer10Min: mbPer10, growthPct: round(growth * 100, 2), verdict, samples, splits },
  };
}

/** A V8 heap snapshot's objects counted and sized by type and constructor name. */
function byConstructor(json: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(json) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? "?";
    // objects, closures and the embedder's (native) objects by name; code by its kind of name only
    // (a function's name, or V8's "(…)" / "system / …" groups), the rest by type
    const raw = snap.strings[snap.nodes[i + nameAt]!] ?? "";
    const name =
      type === "object" || type === "closure" || type === "native"
        ? raw.slice(0, 80)
        : type === "code"
          ? /^(\(|system \/)/.test(raw)
            ? raw.replace(/ [0-9]+$/, "").slice(0, 60)
            : "(functions)"
          : "";
    const key = `${type}${name ? ` ${name}` : ""}`;
    const v = out.get(key) ?? { count: 0, bytes: 0 };
    v.count++;
    v.bytes += snap.nodes[i + sizeAt]!;
    out.set(key, v);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      "web-dist": { type: "string", default: "dist/web" },
      minutes: { type: "string", default: "30" },
      "screen-rotate": { type: "string", default: "3" },
      "screen-refresh": { type: "string", default: "10" },
      "heap-diff": { type: "boolean", default: false },
      "split-every": { type: "string", default: "0" },
      "gc-from-page": { type: "boolean", default: false },
      baseline: { type: "string", default: "0" },
    },
  });
  const r = await runBigscreenMemory({
    webDist: values["web-dist"],
    minutes: Number(values.minutes),
    rotateSeconds: Number(values["screen-rotate"]),
    refreshSeconds: Number(values["screen-refresh"]),
    heapDiff: values["heap-diff"],
    splitEvery: Number(values["split-every"]),
    gcFromPage: values["gc-from-page"],
    baseline: Number(values.baseline),
    log: (m) => console.log(m),
  });
  for (const l of r.lines) console.log(`${l.scenario}: ${l.figure} ${l.unit} (${l.baseline})`);
}
