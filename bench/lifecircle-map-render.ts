// `npm run bench -- lifecircle-map-render` (or `node --import tsx bench/lifecircle-map-render.ts
// --web-dist DIR --buildings 20000 --runs 5`): issue 13's map page on a phone — the resident page
// 从我家步行到… (/m/lifecircle) opened on a 360 × 740 viewport in Debian's Chromium (Playwright) with
// `buildings` residential buildings, measured from navigation start until the canvas has drawn them all
// (its data-buildings attribute, seen by polling in the page), and the canvas's own draw time
// (data-render-ms). The built web app is served by a small static server of the bench's own; the API is
// answered by the bench (page.route): a synthetic community of `buildings` points on a 3 km square with
// minutes spread over the bands, and 5/10/15-minute bands — the page's own fetches, nothing else. So the
// figure is the browser's work (download of the app from localhost, parsing, React, JSON, the draw), not
// the server's or the network's. A new browser context per run (no cache); the median of `runs`.
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Route } from "@playwright/test";
import { median, round } from "./stats.ts";

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

/** The API the page asks for, answered with a synthetic community of n buildings. */
function syntheticApi(n: number) {
  const lat0 = 30.55;
  const lon0 = 114.3;
  const side = Math.ceil(Math.sqrt(n));
  const step = 3000 / side / 111_320; // a 3 km square
  const lat: number[] = [];
  const lon: number[] = [];
  const minutes: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    lat.push(Math.round((lat0 + Math.floor(i / side) * step) * 1e6) / 1e6);
    lon.push(Math.round((lon0 + (i % side) * step) * 1e6) / 1e6);
    minutes.push(i % 97 === 0 ? null : Math.round(((i * 7919) % 250) / 10) / 1);
  }
  const bbox = [lat0, lon0, lat0 + side * step, lon0 + side * step];
  const kind = {
    code: "convenience",
    nameZh: "便利店",
    nameEn: "Convenience store",
    targetMinutes: 5,
    required: true,
    facilities: 12,
    within: [0.4, 0.7, 0.9],
    withinTarget: 0.4,
    met: false,
  };
  const ring = (s: number, w: number, nn: number, e: number) => [
    [
      [w, s],
      [e, s],
      [e, nn],
      [w, nn],
      [w, s],
    ],
  ];
  const third = (bbox[2]! - bbox[0]!) / 3;
  return {
    figures: {
      communityId: 1,
      network: {
        source: "synthetic",
        importedAt: "2026-12-06T00:00:00.000Z",
        computedAt: "2026-12-06T00:00:00.000Z",
        nodes: n * 2,
        edges: n * 2,
        largestPart: n * 2,
        buildings: n,
        walkSpeed: 1,
      },
      kinds: [kind],
      checklist: { required: 12, met: 0 },
      attribution: "© OpenStreetMap contributors",
    },
    map: {
      kind: "convenience",
      buildings: { id: Array.from({ length: n }, (_, i) => i + 1), lat, lon, minutes },
      facilities: [],
      bbox,
    },
    isochrones: {
      type: "FeatureCollection",
      kind: "convenience",
      walkSpeed: 1,
      cellMeters: 40,
      features: [5, 10, 15].map((m, i) => ({
        type: "Feature",
        properties: { fromMinutes: i * 5, toMinutes: m },
        geometry: {
          type: "MultiPolygon",
          coordinates: [ring(bbox[0]! + i * third, bbox[1]!, bbox[0]! + (i + 1) * third, bbox[3]!)],
        },
      })),
      attribution: "© OpenStreetMap contributors",
    },
  };
}

export async function runLifecircleMapRender(opts: {
  webDist: string;
  buildings: number;
  runs: number;
  log: (m: string) => void;
}) {
  const dist = path.resolve(opts.webDist);
  if (!existsSync(path.join(dist, "index.html")))
    throw new Error(`${dist} holds no built web app: run vite build --outDir ${dist} first`);
  const api = syntheticApi(opts.buildings);
  const bodies = {
    figures: JSON.stringify(api.figures),
    map: JSON.stringify(api.map),
    isochrones: JSON.stringify(api.isochrones),
  };
  const server = await serveDist(dist);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const json = (route: Route, status: number, body: string) =>
    route.fulfill({ status, contentType: "application/json", body });
  const total: number[] = [];
  const draw: number[] = [];
  try {
    for (let r = 0; r < opts.runs; r++) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: "zh-CN",
      });
      const page = await context.newPage();
      await page.route("**/api/**", (route) => {
        const u = new URL(route.request().url());
        if (/\/lifecircle\/map$/.test(u.pathname)) return json(route, 200, bodies.map);
        if (/\/lifecircle\/isochrones$/.test(u.pathname)) return json(route, 200, bodies.isochrones);
        if (/\/lifecircle$/.test(u.pathname)) return json(route, 200, bodies.figures);
        if (/\/lifecircle\/my-building$/.test(u.pathname)) return json(route, 200, '{"lcBuildingId":null}');
        return json(
          route,
          401,
          '{"code":"UNAUTHENTICATED","message":"请先登录","message_zh":"请先登录","message_en":"Please sign in first"}',
        );
      });
      await page.goto(`${base}/m/lifecircle?community=1`);
      const handle = await page.waitForFunction(
        (n) => {
          const c = document.querySelector('[data-testid="lifecircle-map"]') as HTMLCanvasElement | null;
          return c && c.dataset.buildings === String(n)
            ? { at: performance.now(), draw: Number(c.dataset.renderMs) }
            : null;
        },
        opts.buildings,
        { timeout: 120_000, polling: 10 },
      );
      const m = (await handle.jsonValue()) as { at: number; draw: number };
      total.push(m.at);
      draw.push(m.draw);
      opts.log(`  run ${r + 1}: first render ${round(m.at)} ms from navigation, draw ${round(m.draw)} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const line = {
    scenario: "lifecircle map render",
    figure: String(round(median(total), 0)),
    unit: `ms median from navigation to ${opts.buildings} buildings drawn, 360 px phone, Chromium`,
    baseline: `canvas draw median ${round(median(draw))} ms; runs ${total.map((x) => round(x, 0)).join(", ")} ms`,
    details: `${opts.runs} runs, a new context each; the API answered by the bench; load average ${round(os.loadavg()[0] ?? 0, 2)} (2 cores)`,
  };
  return { lines: [line], results: { firstRenderMs: round(median(total)), drawMs: round(median(draw)) } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      "web-dist": { type: "string", default: "dist/web" },
      buildings: { type: "string", default: "20000" },
      runs: { type: "string", default: "5" },
    },
  });
  const r = await runLifecircleMapRender({
    webDist: values["web-dist"],
    buildings: Number(values.buildings),
    runs: Number(values.runs),
    log: (m) => console.log(m),
  });
  for (const l of r.lines) console.log(`${l.scenario}: ${l.figure} ${l.unit} (${l.baseline})`);
}
