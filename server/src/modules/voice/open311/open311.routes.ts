import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../../../errors.ts";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZArea, ZCreatedKey, ZCreateKey, ZKey, ZKeyParams, ZSetArea } from "./open311.schema.ts";
import {
  areaOf,
  createKey,
  createServiceRequest,
  discoveryOf,
  jurisdictionOf,
  listKeysOf,
  Open311Error,
  type Open311ErrorItem,
  open311Error,
  requestOf,
  requestsOf,
  revokeKeyOf,
  serviceDefinitionOf,
  servicesOf,
  setAreaOf,
} from "./open311.service.ts";
import { toXml, XML_ITEMS } from "./open311.xml.ts";

type Format = "json" | "xml";
const CONTENT_TYPE: Record<Format, string> = {
  // GeoReport v2 "Format Support": these exact content types, UTF-8 everywhere
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};
/** Form posts are small: the longest field is a 4,000-character description. */
const MAX_FORM_BODY = 64 * 1024;

/** The format a request asked for, by the extension of its last path segment (json by default). */
function formatOf(url: string): Format {
  return url.split("?")[0]!.toLowerCase().endsWith(".xml") ? "xml" : "json";
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  const body = format === "json" ? JSON.stringify(value) : toXml(root, value as never, XML_ITEMS);
  return reply.status(status).type(CONTENT_TYPE[format]).send(body);
}

function sendErrors(reply: FastifyReply, format: Format, status: number, errors: Open311ErrorItem[]) {
  return send(reply, format, "errors", errors, status);
}

/** "abc.json" → ["abc", "json"]; anything else is not a GeoReport resource. */
function splitResource(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw open311Error(404, `找不到 ${file}`, `${file} was not found; use .json or .xml`);
  return [m[1]!, m[2] as Format];
}

/** application/x-www-form-urlencoded, as GeoReport v2 clients POST; repeated fields become arrays. */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Open311 GeoReport v2 at /open311/v2 (registered with that prefix in app.ts). Outside /api, so it
 * answers with the spec's own shapes: errors are an array of {code, description} in the asked format,
 * from an error handler and a not-found handler scoped to this plugin. Every route still declares its
 * access: all are public; the POST checks its api_key itself.
 */
export async function open311Plugin(app: App): Promise<void> {
  const tags = ["open311"];
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: MAX_FORM_BODY },
    (_req, body, done) => done(null, parseForm(body as string)),
  );

  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    const format = formatOf(req.url);
    if (err instanceof Open311Error) return sendErrors(reply, format, err.status, err.errors);
    if (err instanceof AppError) {
      // spec: 404 for what does not exist, 403 for the api_key, 400 for anything else
      const status = err.status === 404 || err.status === 403 ? err.status : err.status >= 500 ? 500 : 400;
      if (status === 500) req.log.error(err);
      return sendErrors(reply, format, status, [{ code: status, description: `${err.zh} (${err.en})` }]);
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const what =
        status === 413
          ? "提交的内容太大 (The request is too large)"
          : status === 415
            ? "不支持的内容类型，请用 application/x-www-form-urlencoded 或 JSON (Unsupported content type: send application/x-www-form-urlencoded or JSON)"
            : `请求格式不正确 (The request is malformed: ${err.message})`;
      return sendErrors(reply, format, 400, [{ code: 400, description: what }]);
    }
    req.log.error(err);
    return sendErrors(reply, format, 500, [
      { code: 500, description: "服务器内部错误 (Internal server error)" },
    ]);
  });

  app.setNotFoundHandler((req, reply) =>
    sendErrors(reply, formatOf(req.url), 404, [
      {
        code: 404,
        description: `找不到该资源 (No such GeoReport v2 resource: ${req.method} ${req.url.split("?")[0]})`,
      },
    ]),
  );

  // public data: dashboards in a browser may read it from another origin
  app.addHook("onSend", async (req, reply) => {
    if (req.method === "GET") reply.header("access-control-allow-origin", "*");
  });

  const query = (req: FastifyRequest) => asRecord(req.query);
  const endpointUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}/open311/v2`;

  for (const format of ["json", "xml"] as const) {
    app.get(
      `/discovery.${format}`,
      {
        config: { access: PUBLIC },
        schema: { tags, summary: `Service Discovery (${format})` },
      },
      async (req, reply) => send(reply, format, "discovery", await discoveryOf(app.db, endpointUrl(req))),
    );

    app.get(
      `/services.${format}`,
      {
        config: { access: PUBLIC },
        schema: { tags, summary: `GET Service List (${format}): the community's request categories` },
      },
      async (req, reply) => {
        const j = await jurisdictionOf(app.db, query(req).jurisdiction_id);
        return send(reply, format, "services", await servicesOf(app.db, j));
      },
    );

    app.get(
      `/requests.${format}`,
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: `GET Service Requests (${format}): public requests, last 90 days or 1000 by default`,
        },
      },
      async (req, reply) => {
        const j = await jurisdictionOf(app.db, query(req).jurisdiction_id);
        return send(reply, format, "service_requests", await requestsOf(app.db, j, query(req)));
      },
    );

    app.post(
      `/requests.${format}`,
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: `POST Service Request (${format}) with api_key; form-encoded per the spec, or JSON`,
          consumes: ["application/x-www-form-urlencoded", "application/json"],
        },
      },
      async (req, reply) => {
        const created = await createServiceRequest(app.db, app.config, asRecord(req.body), query(req));
        return send(reply, format, "service_requests", created);
      },
    );
  }

  app.get(
    "/services/:file",
    {
      config: { access: PUBLIC },
      schema: { tags, summary: "GET Service Definition: /services/{service_code}.json or .xml" },
    },
    async (req, reply) => {
      const [code, format] = splitResource((req.params as { file: string }).file);
      const j = await jurisdictionOf(app.db, query(req).jurisdiction_id);
      return send(reply, format, "service_definition", await serviceDefinitionOf(app.db, j, code));
    },
  );

  app.get(
    "/requests/:file",
    {
      config: { access: PUBLIC },
      schema: { tags, summary: "GET Service Request: /requests/{service_request_id}.json or .xml" },
    },
    async (req, reply) => {
      const [id, format] = splitResource((req.params as { file: string }).file);
      const j = await jurisdictionOf(app.db, query(req).jurisdiction_id);
      // the spec answers one request as a list of one (service_requests > request)
      return send(reply, format, "service_requests", [await requestOf(app.db, j, id)]);
    },
  );
}

/** Staff console, under /api: the community's Open311 API keys (open311.keys). */
export function registerOpen311KeyRoutes(app: App): void {
  const tags = ["open311"];

  app.get(
    "/communities/:communityId/open311-keys",
    {
      config: { access: needs("open311.keys") },
      schema: {
        tags,
        summary: "The community's Open311 API keys (prefix only; the key itself is never shown again)",
        params: ZCommunityParams,
        response: { 200: z.array(ZKey), ...errorResponses },
      },
    },
    async (req) => listKeysOf(app.db, req.actor, req.params.communityId),
  );

  app.post(
    "/communities/:communityId/open311-keys",
    {
      config: { access: needs("open311.keys") },
      schema: {
        tags,
        summary: "Create an Open311 API key for the community: the key is in this answer only; audited",
        params: ZCommunityParams,
        body: ZCreateKey,
        response: { 200: ZCreatedKey, ...errorResponses },
      },
    },
    async (req) => createKey(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    "/communities/:communityId/open311-keys/:keyId/revoke",
    {
      config: { access: needs("open311.keys") },
      schema: {
        tags,
        summary: "Revoke an Open311 API key (its client can no longer submit); audited",
        params: ZKeyParams,
        response: { 200: ZKey, ...errorResponses },
      },
    },
    async (req) => revokeKeyOf(app.db, req.actor, req.params.communityId, req.params.keyId),
  );

  app.get(
    "/communities/:communityId/open311-area",
    {
      config: { access: needs("open311.keys") },
      schema: {
        tags,
        summary:
          "Where the community accepts Open311 points: a centre and a radius (null until set; then only points outside China are refused)",
        params: ZCommunityParams,
        response: { 200: ZArea, ...errorResponses },
      },
    },
    async (req) => areaOf(app.db, req.actor, req.params.communityId),
  );

  app.put(
    "/communities/:communityId/open311-area",
    {
      config: { access: needs("open311.keys") },
      schema: {
        tags,
        summary:
          "Set where the community accepts Open311 points: POSTs with lat/long farther than the radius plus 500 m are refused; audited",
        params: ZCommunityParams,
        body: ZSetArea,
        response: { 200: ZArea, ...errorResponses },
      },
    },
    async (req) => setAreaOf(app.db, req.actor, req.params.communityId, req.body),
  );
}
