import { createHash, randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { loadSessionActor } from "../access/actor.queries.ts";
import { reachOf } from "../access/authorize.ts";
import type { Actor } from "../access/reach.ts";
import type { Config } from "../config.ts";
import type { DB } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { dropCache, onCacheDropped } from "../events/caches.ts";
import type { App } from "./context.ts";

export const SESSION_COOKIE = "linli_session";

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

export async function createSession(db: Kysely<DB>, config: Config, userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("session")
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + config.sessionDays * 86400_000),
    })
    .execute();
  return token;
}

/** Secure whenever the request came over HTTPS (a trusted proxy may say so) or in production. */
export function isSecureCookie(config: Config, req: FastifyRequest): boolean {
  if (config.secureCookies !== "auto") return config.secureCookies === "always";
  return config.production || req.protocol === "https";
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureCookie(config, reply.request),
    path: "/",
    maxAge: config.sessionDays * 86400,
  });
}

export async function destroySession(db: Kysely<DB>, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.deleteFrom("session").where("id", "=", hashToken(token)).execute();
  // the session's id (the token's hash, never the token) tells every process to forget it
  await dropCache(db, "actors", hashToken(token));
}

// Callers are cached for a few seconds so that a burst of requests (a grid worker's inbox, a
// submission rush) costs no sign-in queries. Any change to who someone is — roles, residencies,
// preferences, sign-out — calls invalidateActors(db), which empties the cache of every process on the
// database (events/caches.ts: at once here, at commit through NOTIFY elsewhere).
const ACTOR_TTL_MS = 5_000;
const ACTOR_CACHE_MAX = 20_000;
const actorCache = new Map<string, { actor: Actor | null; until: number; generation: number }>();
let generation = 0;
onCacheDropped("actors", (sessionId) => {
  if (sessionId != null) {
    actorCache.delete(sessionId);
    return;
  }
  generation += 1;
  actorCache.clear();
});

/** Drops every cached caller, in this process now and in the others at commit (`db` given). */
export async function invalidateActors(db?: Kysely<DB>): Promise<void> {
  if (db) await dropCache(db, "actors");
  else {
    generation += 1;
    actorCache.clear();
  }
}

async function actorOfRequest(db: Kysely<DB>, req: FastifyRequest): Promise<Actor | null> {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  const id = hashToken(token);
  const now = Date.now();
  const hit = actorCache.get(id);
  if (hit && hit.until > now && hit.generation === generation) return hit.actor;
  const startedAt = generation;
  const session = await loadSessionActor(db, id);
  const valid = !!session && session.expiresAt > new Date();
  const actor = valid ? session.actor : null;
  const expiresAt = valid ? session.expiresAt.getTime() : now + ACTOR_TTL_MS;
  if (startedAt === generation) {
    if (actorCache.size >= ACTOR_CACHE_MAX) actorCache.clear();
    actorCache.set(id, { actor, until: Math.min(now + ACTOR_TTL_MS, expiresAt), generation });
  }
  return actor;
}

/** Loads the caller and enforces the route's declared access before validation and the handler. */
export function installAuthHook(app: App): void {
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (req) => {
    const access = req.routeOptions.config.access;
    if (!access) return; // static files and docs; every /api route declares access (checked at registration)
    req.actor = await actorOfRequest(app.db, req);
    if (access.kind === "public") return;
    if (!req.actor) throw new AppError("UNAUTHENTICATED");
    if (access.kind === "permission" && reachOf(req.actor, access.permission).roles.length === 0) {
      throw new AppError("FORBIDDEN");
    }
  });
}
