import fastifyHelmet from "@fastify/helmet";
import type { FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import type { App } from "./context.ts";

/**
 * Security headers on every answer (pages, assets, API, /docs) through helmet. The content security
 * policy allows no inline script and no script from elsewhere: the built web app and Swagger UI load
 * only their own files. Styles may be inline because antd and antd-mobile write their CSS-in-JS into
 * <style> elements at run time (a nonce would need server-rendered pages). HSTS only over HTTPS.
 */
export async function installSecurityHeaders(app: App): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    // helmet's default would send HSTS over plain HTTP too; it is added below for HTTPS only
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    // the public board and Open311 are meant to be read by other sites' scripts too
    crossOriginResourcePolicy: { policy: "same-site" },
  });
  app.addHook("onSend", async (req, reply) => {
    if (req.protocol === "https")
      reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    // A hashed script or style under /assets/ is not a document: a policy, framing and referrer
    // headers do nothing there (a page's own headers govern what it loads), yet they were ~450 bytes
    // on each of a phone's ~70 first-visit requests. nosniff and CORP stay; so does HSTS.
    if (req.url.startsWith("/assets/")) for (const h of DOCUMENT_ONLY_HEADERS) reply.removeHeader(h);
  });
}

/** Helmet's headers that only a document (or a worker script, never under /assets/) acts on. */
const DOCUMENT_ONLY_HEADERS = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "origin-agent-cluster",
  "referrer-policy",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-frame-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
];

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a state-changing request that a browser says comes from another site (OWASP's "verify the
 * origin with standard headers" and Fetch Metadata), before authentication and body parsing. SameSite=Lax
 * alone let a cross-site multipart POST and a body-less sign-out through. A request without either
 * header is not from a browser page of another site (browsers send Origin on every cross-origin POST),
 * so scripts, Open311 clients and tests keep working. Open311 is exempt: its POST needs an api_key,
 * which another site cannot read, and third-party sites may post to it by design.
 */
export function installOriginCheck(app: App, config: Config): void {
  app.addHook("onRequest", async (req) => {
    if (!UNSAFE_METHODS.has(req.method)) return;
    if (req.url.startsWith("/open311/")) return;
    if (!isSameSite(req, config)) throw new AppError("CROSS_SITE");
  });
}

function isSameSite(req: FastifyRequest, config: Config): boolean {
  const fetchSite = req.headers["sec-fetch-site"];
  if (typeof fetchSite === "string") return fetchSite === "same-origin" || fetchSite === "none";
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (config.allowedOrigins.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host === req.host;
  } catch {
    return false; // "null" (a sandboxed frame or a file) and anything unparsable
  }
}
