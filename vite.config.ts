import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

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
// In development the API runs separately (`npm start`, port 5173); in production Fastify serves
// web/dist itself on the same origin, so the app only ever uses relative `/api/...` URLs.
const apiTarget = "http://127.0.0.1:5173";

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  plugins: [noServerCode(), react()],
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
