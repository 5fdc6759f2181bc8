// The production shape on loopback, for the browser journey through nginx (playwright.proxy.config.ts):
// a throw-away PostgreSQL cluster, the app started by its real entry point with LINLI_WORKERS=2 and the
// demo data, and Debian's nginx (as the current user, in a temporary prefix, with a self-signed
// certificate made now by openssl) running deploy/nginx/linli.conf itself — only the listen ports, the
// certificate, the upstream's port and a source address are rewritten. nginx reaches the app from
// 127.0.0.2 (proxy_bind) while the browser comes from 127.0.0.1, so the journey can tell the address
// the app believes (X-Forwarded-For) from the proxy's own.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startThrowawayCluster } from "../../server/test/postgres-cluster.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NGINX = "/usr/sbin/nginx";
/** The address nginx connects to the app from: the one LINLI_TRUST_PROXY names. */
export const PROXY_SOURCE = "127.0.0.2";

export interface ProxyStack {
  /** The proxy's HTTPS address, e.g. https://127.0.0.1:5196 */
  httpsUrl: string;
  /** The plain-HTTP side, which only redirects. */
  httpUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface StackPorts {
  https: number;
  app: number;
  http: number;
}

/** deploy/nginx/linli.conf with this machine's ports, certificate and upstream; each edit must apply once. */
export function renderSiteConfig(ports: StackPorts, cert: string, key: string): string {
  let conf = readFileSync(path.join(ROOT, "deploy/nginx/linli.conf"), "utf8");
  const edits: [RegExp, string][] = [
    [/^\s*listen \[::\]:80;\n/m, ""],
    [/^\s*listen \[::\]:443 ssl http2;\n/m, ""],
    [/listen 80;/, `listen 127.0.0.1:${ports.http};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`],
    [/server 127\.0\.0\.1:5173;/, `server 127.0.0.1:${ports.app};`],
    [/ssl_certificate \S+;/, `ssl_certificate ${cert};`],
    [/ssl_certificate_key \S+;/, `ssl_certificate_key ${key};`],
    [/proxy_http_version 1\.1;/, `proxy_http_version 1.1;\n    proxy_bind ${PROXY_SOURCE};`],
  ];
  for (const [pattern, replacement] of edits) {
    const found = conf.match(new RegExp(pattern.source, `${pattern.flags}g`))?.length ?? 0;
    if (found !== 1)
      throw new Error(`deploy/nginx/linli.conf changed: ${pattern} matches ${found} times, not once`);
    conf = conf.replace(pattern, replacement);
  }
  return conf;
}

/** The nginx main configuration around the site file: everything in the prefix, in the foreground. */
function mainConfig(prefix: string, site: string): string {
  const asRoot = process.getuid?.() === 0;
  return [
    // as root the workers need a user; as anyone else nginx runs as that user and ignores `user`
    asRoot ? "user nobody nogroup;" : "",
    "daemon off;",
    "worker_processes 1;",
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    "events { worker_connections 256; }",
    "http {",
    `  access_log ${prefix}/access.log;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${prefix}/${t};`),
    `  include ${site};`,
    "}",
    "",
  ].join("\n");
}

function getHttps(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

async function until(what: string, ms: number, ok: () => Promise<boolean> | boolean, log: () => string) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exited(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve();
    else p.once("exit", () => resolve());
  });
}

export async function startProxyStack(ports: StackPorts): Promise<ProxyStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "linli-proxy-"));
  const cluster = await startThrowawayCluster();
  let app: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  let appLog = "";
  let nginxLog = "";

  const stop = async () => {
    // nginx: a fast stop; the app: SIGTERM to the primary, which drains both workers
    if (nginx && nginx.exitCode === null) {
      nginx.kill("SIGTERM");
      await exited(nginx);
    }
    if (app && app.exitCode === null && app.signalCode === null) {
      const timer = setTimeout(() => app?.kill("SIGKILL"), 40_000);
      app.kill("SIGTERM");
      await exited(app);
      clearTimeout(timer);
    }
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const databaseUrl = new URL(cluster.adminUrl);
    databaseUrl.pathname = "/linli_proxy";
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE linli_proxy");
    await admin.end();

    app = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts", "--demo"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        HOST: "127.0.0.1",
        PORT: String(ports.app),
        LOG_LEVEL: "warn",
        LINLI_WORKERS: "2",
        LINLI_TRUST_PROXY: PROXY_SOURCE,
        // a retried journey reports again as the same resident
        LINLI_SUBMISSION_LIMITS: "100,300,1000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    app.stdout!.on("data", (b) => (appLog += b));
    app.stderr!.on("data", (b) => (appLog += b));

    // meanwhile: the certificate (for 127.0.0.1) and nginx's configuration, checked by nginx -t
    const cert = path.join(dir, "cert.pem");
    const key = path.join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
        ...["-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
        ...["-addext", "subjectAltName=IP:127.0.0.1"],
      ],
      { stdio: "pipe" },
    );
    const site = path.join(dir, "linli.conf");
    writeFileSync(site, renderSiteConfig(ports, cert, key));
    const main = path.join(dir, "nginx.conf");
    writeFileSync(main, mainConfig(dir, site));
    execFileSync(NGINX, ["-t", "-q", "-p", dir, "-c", main], { stdio: "pipe" });

    await until(
      "the app's two processes were not listening",
      150_000,
      () => {
        if (app!.exitCode !== null) throw new Error(`the app exited:\n${appLog}`);
        return appLog.includes("2 processes");
      },
      () => appLog,
    );

    nginx = spawn(NGINX, ["-p", dir, "-c", main], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stdout!.on("data", (b) => (nginxLog += b));
    nginx.stderr!.on("data", (b) => (nginxLog += b));
    const httpsUrl = `https://127.0.0.1:${ports.https}`;
    await until(
      "nginx did not answer the app's health over HTTPS",
      20_000,
      async () => {
        if (nginx!.exitCode !== null) throw new Error(`nginx exited:\n${nginxLog}`);
        return (await getHttps(`${httpsUrl}/api/health`).catch(() => 0)) === 200;
      },
      () => `${nginxLog}\n${readFileSync(path.join(dir, "error.log"), "utf8")}`,
    );
    return { httpsUrl, httpUrl: `http://127.0.0.1:${ports.http}`, databaseUrl: databaseUrl.toString(), stop };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
