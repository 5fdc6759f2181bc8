// Playwright globalSetup of playwright.proxy.config.ts: starts PostgreSQL, the app (two processes) and
// nginx in front (stack.ts), hands the journey the database's address, and stops all of it afterwards.
import { proxyPorts } from "../../playwright.proxy.config.ts";
import { startProxyStack } from "./stack.ts";

export default async function globalSetup() {
  const stack = await startProxyStack(proxyPorts);
  process.env.LINLI_PROXY_DATABASE_URL = stack.databaseUrl;
  return () => stack.stop();
}
