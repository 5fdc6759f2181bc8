import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Kysely } from "kysely";
import type { Actor } from "../access/reach.ts";
import type { Permission } from "../access/registry.ts";
import type { Config } from "../config.ts";
import type { DatabaseKind } from "../db/database.ts";
import type { DB } from "../db/schema.ts";

/** What a route declares about its callers; the auth hook enforces it before the handler runs. */
export type Access =
  | { kind: "public" }
  | { kind: "signed_in" }
  | { kind: "permission"; permission: Permission };

export const PUBLIC: Access = { kind: "public" };
export const SIGNED_IN: Access = { kind: "signed_in" };
export const needs = (permission: Permission): Access => ({ kind: "permission", permission });

declare module "fastify" {
  interface FastifyInstance {
    db: Kysely<DB>;
    dbKind: DatabaseKind;
    config: Config;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
