import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL("./web", import.meta.url));
// In development the API runs separately (`npm start`, port 5173); in production Fastify serves
// web/dist itself on the same origin, so the app only ever uses relative `/api/...` URLs.
const apiTarget = "http://127.0.0.1:5173";

export default defineConfig({
  root: webRoot,
  publicDir: "public",
  plugins: [react()],
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
