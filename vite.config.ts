import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants as zlib } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import { VitePWA } from "vite-plugin-pwa";

const webRoot = fileURLToPath(new URL("./web", import.meta.url));
const serverRoot = fileURLToPath(new URL("./server/", import.meta.url));
// The web app reads the API's shapes from the server's zod schemas (`@contract/<section>/<module>/
// <module>.schema.ts`, the same alias as tsconfig.json's paths) by type only; see ARCHITECTURE.md.
const contractRoot = fileURLToPath(new URL("./server/src/modules", import.meta.url));

/** Fails the build when any server file (and with it zod, Kysely or Fastify) would reach the bundle. */
function noServerCode(): Plugin {
  return {
    name: "linli-no-server-code",
    enforce: "pre",
    load(id) {
      if (id.startsWith(serverRoot)) {
        this.error(`${id}: the web app may import the server's schemas only with \`import type\``);
      }
    },
  };
}
/**
 * The app shell the service worker precaches: what index.html loads, plus the resident pages a phone
 * needs without a connection (the frame, home, reporting, my requests, one request) with every chunk
 * and stylesheet they import. The staff console and the other pages are cached as they are visited
 * (runtime caching of /assets/), so a resident's phone never downloads the console.
 */
const SHELL_PAGES = [
  "app/resident-layout.tsx",
  "features/core/me/resident-home-page.tsx",
  "features/voice/requests/report-page.tsx",
  "features/voice/requests/my-requests-page.tsx",
  "features/voice/requests/request-page.tsx",
];
function appShell() {
  const files = new Set<string>();
  let outDir = "";
  const plugin: Plugin = {
    name: "linli-app-shell",
    apply: "build",
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    generateBundle(_, bundle) {
      files.clear();
      const add = (fileName: string) => {
        const chunk = bundle[fileName];
        if (!chunk || files.has(fileName)) return;
        files.add(fileName);
        if (chunk.type !== "chunk") return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const imported of chunk.imports) add(imported);
      };
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        const id = chunk.facadeModuleId?.split(path.sep).join("/") ?? "";
        if (chunk.isEntry || SHELL_PAGES.some((p) => id.endsWith(`/web/src/${p}`))) add(chunk.fileName);
      }
    },
  };
  /** Keeps, of the assets Workbox found, those of the shell (and anything index.html names). */
  const keepShell = <E extends { url: string }>(entries: E[]) => {
    const html = readFileSync(path.join(outDir, "index.html"), "utf8");
    const manifest = entries.filter(
      (e) => !e.url.startsWith("assets/") || files.has(e.url) || html.includes(`/${e.url}`),
    );
    return { manifest, warnings: [] };
  };
  return { plugin, keepShell };
}
const shell = appShell();

// In development the API runs separately (`npm start`, port 5173); in production Fastify serves
// web/dist itself on the same origin, so the app only ever uses relative `/api/...` URLs.
const apiTarget = "http://127.0.0.1:5173";

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  plugins: [
    noServerCode(),
    react(),
    shell.plugin,
    // a web app manifest (installable to the home screen) and a Workbox service worker; registered by
    // web/src/main.tsx (no inline script: the CSP forbids it). See ARCHITECTURE.md, "Phones".
    VitePWA({
      strategies: "generateSW",
      injectRegister: false,
      registerType: "autoUpdate",
      manifest: {
        id: "/m",
        name: "邻里 Linli",
        short_name: "邻里",
        description: "美好环境与幸福生活共同缔造 — 社区共建共治共享平台",
        lang: "zh-CN",
        start_url: "/m",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#ffffff",
        theme_color: "#c8102e",
        icons: [
          { src: "/pwa-192.png", sizes: "192x192", type: "image/png" },
          { src: "/pwa-512.png", sizes: "512x512", type: "image/png" },
          { src: "/pwa-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      includeAssets: ["favicon.svg", "apple-touch-icon.png"],
      workbox: {
        // index.html and the shell's assets; the icons and the manifest are added by the plugin
        globPatterns: ["index.html", "assets/*.{js,css}"],
        manifestTransforms: [async (entries) => shell.keepShell(entries)],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        // the new worker takes over at once: a new release reaches a phone on its next visit
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        // every page of the app opens from the precached index.html, online or not
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/open311\//],
        // forgets the resident's cached answers when someone signs in or out (a shared phone), and
        // keeps what the first page loaded before the worker took over (web/public/sw-linli.js)
        importScripts: ["/sw-linli.js"],
        runtimeCaching: [
          {
            // hashed names never change content: each kept once, for the pages not in the shell
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/assets/"),
            handler: "CacheFirst",
            options: {
              cacheName: "linli-assets",
              expiration: { maxEntries: 400, maxAgeSeconds: 90 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
          {
            // what the resident pages (/m…) read from the API, so that they open offline with what
            // was last seen: the network first, the copy after 4 s without an answer or offline.
            // Never the staff console's answers, never /api/auth/…, never the live notification
            // stream, never an answer marked no-store.
            urlPattern: ({ url, request, sameOrigin }) => {
              if (!sameOrigin || request.method !== "GET" || !url.pathname.startsWith("/api/")) return false;
              if (url.pathname.startsWith("/api/auth/") || url.pathname.endsWith("/stream")) return false;
              if (
                request.destination !== "" ||
                (request.headers.get("accept") ?? "").includes("text/event-stream")
              )
                return false;
              try {
                const from = new URL(request.referrer).pathname;
                return from === "/m" || from.startsWith("/m/");
              } catch {
                return false;
              }
            },
            handler: "NetworkFirst",
            options: {
              cacheName: "linli-resident-api",
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
              plugins: [
                {
                  cacheWillUpdate: async ({ response }) =>
                    /no-store|private, max-age=0/i.test(response.headers.get("cache-control") ?? "")
                      ? null
                      : response,
                },
              ],
            },
          },
        ],
      },
    }),
    // every text file of the build also as .br and .gz, sent by the server as the browser accepts
    // (server/src/app.ts, @fastify/static preCompressed): the best ratios, paid once at build time
    compression({
      include: /\.(html|css|js|mjs|json|svg|webmanifest|txt)$/,
      threshold: 512,
      algorithms: [
        defineAlgorithm("brotliCompress", { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm("gzip", { level: 9 }),
      ],
      logLevel: "silent",
    }),
  ],
  resolve: { alias: { "@contract": contractRoot } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The resident pages (antd-mobile) and the staff console (antd) are lazy routes, so they load
    // separately and a resident's phone never downloads the staff console.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: "127.0.0.1",
    port: 5174,
    strictPort: true,
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false },
      "/docs": { target: apiTarget, changeOrigin: false },
    },
  },
  preview: { host: "127.0.0.1", port: 5174 },
});
