// Issue 9, "fast on a phone": the built web app goes out precompressed (brotli or gzip, as the browser
// accepts, with Vary: Accept-Encoding), hashed assets are kept a year as immutable while index.html and
// the service worker are revalidated on every visit, and API JSON over 1 KB is compressed on the fly.
// Against a small fixture of a built web app (the files a Vite build with vite-plugin-compression2
// and vite-plugin-pwa writes), through the real app on a real database.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticCacheControl } from "../src/app.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

const INDEX = `<!doctype html><html lang="zh-CN"><head><title>邻里 Linli</title>
<script type="module" crossorigin src="/assets/index-AbCd1234.js"></script>
<link rel="manifest" href="/manifest.webmanifest"></head><body><div id="root"></div></body></html>`;
const SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `邻里 ${i}`))};\n`;
const IMMUTABLE = "public, max-age=31536000, immutable";

let dist: string;
let t: TestApp;

/** A file and, like the build, its .br and .gz beside it. */
function writePrecompressed(file: string, content: string) {
  writeFileSync(file, content);
  writeFileSync(`${file}.br`, brotliCompressSync(content));
  writeFileSync(`${file}.gz`, gzipSync(content));
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), "linli-dist-"));
  mkdirSync(path.join(dist, "assets"));
  writePrecompressed(path.join(dist, "index.html"), INDEX);
  writePrecompressed(path.join(dist, "assets/index-AbCd1234.js"), SCRIPT);
  writePrecompressed(path.join(dist, "sw.js"), `importScripts("/sw-linli.js");\n${SCRIPT}`);
  writeFileSync(path.join(dist, "workbox-1a2b3c4d.js"), SCRIPT);
  writeFileSync(
    path.join(dist, "manifest.webmanifest"),
    JSON.stringify({ name: "邻里 Linli", start_url: "/m" }),
  );
  writeFileSync(path.join(dist, "pwa-192.png"), Buffer.from("89504e470d0a1a0a", "hex"));
  t = await createTestApp({ webDist: dist });
});

afterAll(async () => {
  await t?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: "GET", url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

describe("the built web app", () => {
  it("sends a hashed asset precompressed in the encoding the browser prefers, kept a year as immutable", async () => {
    const br = await get("/assets/index-AbCd1234.js", "gzip, deflate, br");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["cache-control"]).toBe(IMMUTABLE);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 2);

    const gz = await get("/assets/index-AbCd1234.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers["cache-control"]).toBe(IMMUTABLE);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get("/assets/index-AbCd1234.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["cache-control"]).toBe(IMMUTABLE);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(SCRIPT);
  });

  it("sends an asset only the headers a script or style acts on; a page keeps the whole policy", async () => {
    const asset = await get("/assets/index-AbCd1234.js", "br");
    expect(asset.headers["x-content-type-options"]).toBe("nosniff");
    expect(asset.headers["cross-origin-resource-policy"]).toBe("same-site");
    for (const h of [
      "content-security-policy",
      "x-frame-options",
      "referrer-policy",
      "cross-origin-opener-policy",
    ])
      expect(asset.headers[h], h).toBeUndefined();
    const page = await get("/m", "br");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(page.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("revalidates index.html on every visit, also when a page's address falls back to it", async () => {
    for (const url of ["/index.html", "/m", "/m/requests", "/staff/inbox"]) {
      const res = await get(url, "br, gzip");
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.headers["content-encoding"], url).toBe("br");
      expect(res.headers["content-type"], url).toMatch(/text\/html/);
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it("revalidates the service worker and the manifest; the worker's hashed runtime is immutable", async () => {
    const sw = await get("/sw.js", "br");
    expect(sw.headers["cache-control"]).toBe("no-cache");
    expect(sw.headers["content-encoding"]).toBe("br");
    const manifest = await get("/manifest.webmanifest", "br");
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers["cache-control"]).toBe("no-cache");
    expect(manifest.headers["content-type"]).toMatch(/manifest\+json/);
    const runtime = await get("/workbox-1a2b3c4d.js", "br");
    expect(runtime.headers["cache-control"]).toBe(IMMUTABLE);
    // no .br beside it: compressed on the fly instead
    expect(runtime.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(runtime.rawPayload).toString()).toBe(SCRIPT);
  });

  it("leaves an image as it is (already compressed)", async () => {
    const png = await get("/pwa-192.png", "br, gzip");
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-encoding"]).toBeUndefined();
    expect(png.headers["cache-control"]).toBe("no-cache");
  });

  it("tells hashed files from the rest by path", () => {
    const at = (rel: string) => staticCacheControl(dist, path.join(dist, rel));
    expect(at("assets/app-Xy12_ab-.js.br")).toBe(IMMUTABLE);
    expect(at("workbox-0a1b2c3d.js")).toBe(IMMUTABLE);
    expect(at("index.html")).toBe("no-cache");
    expect(at("sw.js")).toBe("no-cache");
    expect(at("sw-linli.js")).toBe("no-cache");
    expect(at("workbox-window.js")).toBe("no-cache");
  });
});

describe("API answers", () => {
  it("compresses JSON over 1 KB as the client accepts, and not below 1 KB", async () => {
    // enough communities for the public divisions list to pass 1 KB
    const district = await t.db
      .insertInto("district")
      .values({ code: `C${Date.now()}`, name: "压缩测试区" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const street = await t.db
      .insertInto("street")
      .values({ district_id: district.id, name: "压缩测试街道" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("community")
      .values(
        Array.from({ length: 60 }, (_, i) => ({ street_id: street.id, name: `第${i}社区`, reported: "{}" })),
      )
      .execute();

    const plain = await get("/api/places/divisions");
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Buffer.byteLength(plain.body)).toBeGreaterThan(1024);

    const br = await get("/api/places/divisions", "gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(JSON.parse(plain.body));

    const gz = await get("/api/places/divisions", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(JSON.parse(plain.body));

    const small = await get("/api/health", "br, gzip");
    expect(small.statusCode).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
  });

  it("does not inflate a compressed request body (no zip bombs through the API)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      payload: gzipSync(JSON.stringify({ phone: "13900000000", password: "x" })),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});
