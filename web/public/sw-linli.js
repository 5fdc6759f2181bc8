// Loaded by the Workbox service worker (vite.config.ts, importScripts) before its own routes.
// 1. A phone may be shared: when anyone signs in, signs out or registers, the resident pages' cached
//    API answers are forgotten, so the next person never sees the last one's data offline; after a
//    sign-in or registration the new person's own answer (/api/me, which the page takes from the
//    sign-in's answer instead of asking) is kept at once, so the pages know them offline too.
// 2. The first visit's page loaded before this worker took over, so its files and answers went
//    past it: the page (web/src/main.tsx) then sends the addresses it loaded, and they are kept —
//    files under /assets/ (from the browser's HTTP cache: nothing is downloaded twice), and the
//    resident pages' API answers (read once more), by the same rules as vite.config.ts' routes.
const ASSETS = "linli-assets";
const RESIDENT_API = "linli-resident-api";
const ACCOUNT_CHANGE = /^\/api\/auth\/(sign-in|sign-out|register)$/;

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (
    event.request.method !== "POST" ||
    url.origin !== self.location.origin ||
    !ACCOUNT_CHANGE.test(url.pathname)
  )
    return;
  event.respondWith(
    (async () => {
      await caches.delete(RESIDENT_API);
      const res = await fetch(event.request);
      if (res.ok && !url.pathname.endsWith("/sign-out"))
        event.waitUntil(keepAnswer(await caches.open(RESIDENT_API), `${self.location.origin}/api/me`));
      return res;
    })(),
  );
});

/** Reads a resident page's API answer afresh and keeps it, unless it may not be kept. */
async function keepAnswer(cache, href) {
  if (await cache.match(href)) return;
  const res = await fetch(href, { credentials: "same-origin", headers: { accept: "application/json" } });
  const cacheControl = res.headers.get("cache-control") || "";
  const json = (res.headers.get("content-type") || "").includes("json");
  if (res.status === 200 && json && !/no-store/i.test(cacheControl)) await cache.put(href, res);
}

function residentApi(url) {
  return (
    url.origin === self.location.origin &&
    url.pathname.startsWith("/api/") &&
    !url.pathname.startsWith("/api/auth/") &&
    !url.pathname.endsWith("/stream")
  );
}

async function keepSeen(urls, fromResidentPage) {
  const assets = await caches.open(ASSETS);
  const api = await caches.open(RESIDENT_API);
  await Promise.all(
    urls.map(async (href) => {
      let url;
      try {
        url = new URL(href, self.location.origin);
      } catch {
        return;
      }
      if (url.origin === self.location.origin && url.pathname.startsWith("/assets/")) {
        if (await assets.match(url.href)) return;
        const res = await fetch(url.href);
        if (res.status === 200) await assets.put(url.href, res);
      } else if (fromResidentPage && residentApi(url)) {
        await keepAnswer(api, url.href);
      }
    }),
  );
}

self.addEventListener("message", (event) => {
  const data = event.data;
  if (data?.type !== "LINLI_KEEP_SEEN" || !Array.isArray(data.urls)) return;
  let from = "";
  try {
    from = new URL(event.source?.url || "").pathname;
  } catch {
    from = "";
  }
  const fromResidentPage = from === "/m" || from.startsWith("/m/");
  event.waitUntil(keepSeen(data.urls.filter((u) => typeof u === "string").slice(0, 200), fromResidentPage));
});
