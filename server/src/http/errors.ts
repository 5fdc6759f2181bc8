import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, ERRORS, type ErrorCode } from "../errors.ts";

export const ZErrorBody = z
  .object({
    code: z.string(),
    message: z.string().describe("Chinese and English, for people"),
    message_zh: z.string(),
    message_en: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: "Error" });

export function errorBody(code: string, zh: string, en: string, details?: unknown) {
  return { code, message: `${zh} (${en})`, message_zh: zh, message_en: en, details };
}

/** Responses every protected route may return, for the OpenAPI document. */
export const errorResponses = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
} as const;

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorBody(err.code, err.zh, err.en, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || (err.validationContext ?? "body"),
        message: v.message ?? "invalid",
      }));
      const def = ERRORS.VALIDATION;
      const fields = details.map((d) => `${d.field} (${d.message})`).join("; ");
      return reply
        .status(400)
        .send(errorBody("VALIDATION", `${def.zh}：${fields}`, `${def.en}: ${fields}`, details));
    }
    const constraint = constraintError(err);
    if (constraint)
      return reply.status(constraint.status).send(errorBody(constraint.code, constraint.zh, constraint.en));
    if (isDatabaseUnavailable(err)) {
      // a failover or a restart of PostgreSQL: a clear 503 the client may retry, not a 500
      req.log.warn(
        { err: { code: (err as { code?: unknown }).code, message: err.message } },
        "database unavailable",
      );
      const d = ERRORS.DATABASE_UNAVAILABLE;
      return reply
        .status(503)
        .header("retry-after", "5")
        .send(errorBody("DATABASE_UNAVAILABLE", d.zh, d.en));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const d = ERRORS.TOO_LARGE;
      return reply.status(413).send(errorBody("TOO_LARGE", d.zh, d.en));
    }
    if (status === 415) {
      const d = ERRORS.UNSUPPORTED_FILE;
      return reply.status(415).send(errorBody("UNSUPPORTED_FILE", d.zh, d.en));
    }
    if (status === 429) {
      const d = ERRORS.TOO_MANY;
      return reply.status(429).send(errorBody("TOO_MANY", d.zh, d.en));
    }
    if (status >= 400 && status < 500) {
      const d = ERRORS.BAD_REQUEST;
      return reply.status(status).send(errorBody("BAD_REQUEST", d.zh, `${d.en}: ${err.message}`));
    }
    req.log.error(err);
    const d = ERRORS.INTERNAL;
    return reply.status(500).send(errorBody("INTERNAL", d.zh, d.en));
  });
}

// Network errors of the socket to PostgreSQL
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
// node-postgres and pg-pool errors without a code
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error",
  "Connection terminated due to connection timeout",
];

/**
 * True for errors that mean "the database cannot be reached right now" rather than a bad query:
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up), 25006
 * (a read-only standby not yet promoted), socket errors, and the pool's and the multi-host
 * client's timeouts (db/multi-host.ts).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  if (!e || typeof e !== "object") return false;
  const code = typeof e.code === "string" ? e.code : "";
  if (code === "DATABASE_UNAVAILABLE" || NETWORK_CODES.has(code)) return true;
  if (/^08[0-9A-Z]{3}$/.test(code) || ["57P01", "57P02", "57P03", "25006"].includes(code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/**
 * A request that breaks a database constraint (a duplicate name, a reference to a row that does not
 * exist in this community, a value out of range) is the caller's mistake, not a server fault: the
 * statement was rolled back, so answer with a 4xx instead of 500.
 */
function constraintError(err: unknown): { status: number; code: ErrorCode; zh: string; en: string } | null {
  const e = err as { code?: unknown; severity?: unknown; message?: unknown };
  // PostgreSQL (node-postgres and PGlite) errors carry a 5-character SQLSTATE and a severity.
  if (typeof e?.code !== "string" || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined) return null;
  const sqlstate = e.code;
  if (sqlstate === "23505")
    return { status: 409, code: "CONFLICT", zh: ERRORS.CONFLICT.zh, en: ERRORS.CONFLICT.en };
  if (sqlstate === "23503") {
    // on delete: the row is still referenced; on insert/update: the referenced row does not exist
    if (String(e.message).includes("still referenced")) {
      return {
        status: 409,
        code: "CONFLICT",
        zh: "该对象仍被其他数据引用",
        en: "This is still referenced by other data",
      };
    }
    return {
      status: 404,
      code: "NOT_FOUND",
      zh: "引用的对象不存在",
      en: "A referenced object does not exist",
    };
  }
  // not-null, check constraints and data exceptions (value too long, out of range, bad format)
  if (sqlstate === "23502" || sqlstate === "23514" || sqlstate.startsWith("22")) {
    return { status: 400, code: "VALIDATION", zh: ERRORS.VALIDATION.zh, en: ERRORS.VALIDATION.en };
  }
  return null;
}
