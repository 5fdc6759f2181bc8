import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyReply, LogController } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import { openDatabase } from "./db/database.ts";
import { ERRORS } from "./errors.ts";
import { listenForCacheDrops } from "./events/caches.ts";
import { CONSUMERS } from "./events/catalogue.ts";
import { communityChanged } from "./events/changes.ts";
import { dispatchSoon } from "./events/dispatch-soon.ts";
import { drainEvents } from "./events/dispatcher.ts";
import { registerEventRoutes } from "./events/events.routes.ts";
import { listenForEvents } from "./events/listener.ts";
import type { Access, App } from "./http/context.ts";
import { errorBody, installErrorHandler } from "./http/errors.ts";
import { isPatchBody } from "./http/patch.ts";
import { installReadRouting } from "./http/read-routing.ts";
import { installOriginCheck, installSecurityHeaders } from "./http/security.ts";
import { installAuthHook } from "./http/session.ts";
import { jobsRunHere } from "./jobs/nudge.ts";
import { stopJobs } from "./jobs/queue.ts";
import { registerAuditRoutes } from "./modules/core/audit/audit.routes.ts";
import { registerAuthRoutes } from "./modules/core/auth/auth.routes.ts";
import { registerCalendarRoutes } from "./modules/core/calendar/calendar.routes.ts";
import { registerHealthRoutes } from "./modules/core/health/health.routes.ts";
import { registerImportRoutes } from "./modules/core/imports/imports.routes.ts";
import { registerNotificationRoutes } from "./modules/core/notifications/notifications.routes.ts";
import { listenForNotifications } from "./modules/core/notifications/notifications.service.ts";
import { registerOrganisationRoutes } from "./modules/core/organisations/organisations.routes.ts";
import { registerPeopleRoutes } from "./modules/core/people/people.routes.ts";
import { registerPlacesRoutes } from "./modules/core/places/places.routes.ts";
import { registerPrivacyRoutes } from "./modules/core/privacy/privacy.routes.ts";
import { registerCommentRoutes } from "./modules/deliberation/comments/comments.routes.ts";
import { registerLotteryRoutes } from "./modules/deliberation/lotteries/lotteries.routes.ts";
import { registerMeetingRoutes } from "./modules/deliberation/meetings/meetings.routes.ts";
import { registerNoticeRoutes } from "./modules/deliberation/notices/notices.routes.ts";
import { registerSurveyRoutes } from "./modules/deliberation/surveys/surveys.routes.ts";
import { registerTopicRoutes } from "./modules/deliberation/topics/topics.routes.ts";
import { registerVoteRoutes } from "./modules/deliberation/votes/votes.routes.ts";
import { registerInsightRoutes } from "./modules/insight/figures/figures.routes.ts";
import { registerInsightReportRoutes } from "./modules/insight/reports/reports.routes.ts";
import { registerLifecircleRoutes } from "./modules/lifecircle/network/network.routes.ts";
import { registerMallRoutes } from "./modules/points/mall/mall.routes.ts";
import { registerPointsRoutes } from "./modules/points/points/points.routes.ts";
import { registerContestRoutes } from "./modules/projects/contests/contests.routes.ts";
import { registerProjectRoutes } from "./modules/projects/projects/projects.routes.ts";
import { registerCanteenRoutes } from "./modules/services/canteen/canteen.routes.ts";
import { registerCareRoutes } from "./modules/services/care/care.routes.ts";
import { registerCoursesRoutes } from "./modules/services/courses/courses.routes.ts";
import { registerGardenRoutes } from "./modules/services/garden/garden.routes.ts";
import { registerSpacesRoutes } from "./modules/services/spaces/spaces.routes.ts";
import { registerClaimRoutes } from "./modules/voice/claims/claims.routes.ts";
import { registerDeadlineRoutes } from "./modules/voice/deadlines/deadlines.routes.ts";
import { registerFiguresRoutes } from "./modules/voice/figures/figures.routes.ts";
import { open311Plugin, registerOpen311KeyRoutes } from "./modules/voice/open311/open311.routes.ts";
import { registerOpinionRoutes } from "./modules/voice/opinions/opinions.routes.ts";
import { registerRatingRoutes } from "./modules/voice/ratings/ratings.routes.ts";
import { registerRequestRoutes } from "./modules/voice/requests/requests.routes.ts";
import { registerMatchingRoutes } from "./modules/volunteering/matching/matching.routes.ts";
import { registerRosterRoutes } from "./modules/volunteering/rosters/rosters.routes.ts";
import { registerVolunteeringRoutes } from "./modules/volunteering/volunteering/volunteering.routes.ts";

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
}

export const MAX_JSON_BODY = 256 * 1024;
const LOG_REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "api_key",
  "*.api_key",
  "idNumber",
  "*.idNumber",
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
];
export const MAX_UPLOAD = 30 * 1024 * 1024;

export async function buildApp(
  config: Config,
  database: Database,
  opts: { logger?: boolean; logStream?: { write(line: string): void } } = {},
) {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: config.logLevel,
          // defence in depth: nothing logs these today, and a later `log.info({ body })` must not either
          redact: { paths: LOG_REDACT, censor: "[redacted]" },
          ...(opts.logStream ? { stream: opts.logStream } : {}),
        }
      : false,
    // one access-log line per request (below) instead of Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_JSON_BODY,
    // a request that arrives while the server drains (main.ts) is answered, not refused with 503
    return503OnClosing: false,
    // X-Forwarded-* only from the proxies a setting names: anyone else could choose their own address
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // the router refuses a malformed percent-escape and a path parameter over 100 characters before
    // any hook runs; without this it answers in its own English-only body
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        const d = ERRORS.INTERNAL;
        return reply.status(500).send(errorBody("INTERNAL", d.zh, d.en));
      }
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      return reply
        .status(status)
        .send(
          errorBody(
            "BAD_REQUEST",
            tooLong ? "网址中的参数太长" : "网址格式不正确",
            tooLong ? "A parameter in the address is too long" : "The address is malformed",
          ),
        );
    },
  }).withTypeProvider<ZodTypeProvider>() as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", database.db);
  app.decorate("dbKind", database.kind);
  app.decorate("config", config);

  // Every API route must say who may call it; a route without a declaration fails at start.
  const routeTable: RouteEntry[] = [];
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access`);
    if ([route.method].flat().includes("PATCH") && !isPatchBody(route.schema?.body))
      throw new Error(`route PATCH ${route.url}: build its body with patchBody() (http/patch.ts)`);
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      routeTable.push({ method, url: route.url, access });
    }
  });
  app.decorate("routeTable", routeTable);

  await installSecurityHeaders(app);
  installOriginCheck(app, config);
  // Answers over 1 KB compressed as the client accepts (brotli, else gzip; Vary: Accept-Encoding), at
  // the plugin's fast brotli level. Not event streams (the notifications' SSE), not images or
  // spreadsheets (already compressed), not what is sent precompressed (the built web app, below).
  // Registered before the routes: it hooks each route as it is added. Request bodies are not inflated.
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ["br", "gzip"],
    globalDecompression: false,
  });
  await app.register(fastifyCookie);
  // heavy reads on a standby when one is configured (LINLI_READ_DATABASE_URL), a writer's own session on
  // the primary until the standby has its write (http/read-routing.ts)
  const standby =
    config.readDatabaseUrl && database.kind === "postgres"
      ? await openDatabase({ databaseUrl: config.readDatabaseUrl, poolSize: 10 })
      : null;
  if (standby) app.addHook("onClose", async () => standby.close());
  installReadRouting(app, config, standby?.db ?? null);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Linli 邻里 API",
        description:
          "Community co-governance platform. Errors carry a code and messages in Chinese and English.",
        version: "0.1.0",
      },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "linli_session" } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  // the path without its query string: queries carry search terms (names, phone tails) and API keys
  app.addHook("onResponse", async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        path: req.url.split("?", 1)[0],
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  installErrorHandler(app);
  installAuthHook(app);
  // the job queue (started by main.ts) stops with the app, before the database closes
  app.addHook("onClose", async () => stopJobs());
  // events committed by any process on the database: drop the caches of their communities, and run
  // the consumers now (when this process runs the queue; one drain at a time, bursts coalesce)
  const dispatcher = dispatchSoon(
    () => drainEvents(database.db, CONSUMERS),
    (err) => app.log.warn({ err }, "event dispatch failed; the schedule runs it again"),
  );
  const stopListening = await listenForEvents(database, (events) => {
    for (const id of new Set(events.map((e) => e.communityId))) communityChanged(id);
    if (jobsRunHere()) dispatcher.poke();
  });
  app.addHook("onClose", async () => {
    await stopListening();
    await dispatcher.stop();
  });
  // notifications committed by any process: the recipients' live streams read what is new
  const stopNotifications = await listenForNotifications(database);
  app.addHook("onClose", async () => stopNotifications());
  // per-process caches dropped by any process (events/caches.ts)
  const stopCacheDrops = await listenForCacheDrops(database);
  app.addHook("onClose", async () => stopCacheDrops());

  await app.register(
    async (api) => {
      const a = api as App;
      registerHealthRoutes(a);
      registerAuthRoutes(a);
      registerEventRoutes(a);
      registerPlacesRoutes(a);
      registerPeopleRoutes(a);
      registerOrganisationRoutes(a);
      registerPrivacyRoutes(a);
      registerAuditRoutes(a);
      registerImportRoutes(a);
      registerCalendarRoutes(a);
      registerRequestRoutes(a);
      registerClaimRoutes(a);
      registerNotificationRoutes(a);
      registerDeadlineRoutes(a);
      registerFiguresRoutes(a);
      registerOpen311KeyRoutes(a);
      registerOpinionRoutes(a);
      registerRatingRoutes(a);
      registerCommentRoutes(a);
      registerNoticeRoutes(a);
      registerTopicRoutes(a);
      registerSurveyRoutes(a);
      registerLotteryRoutes(a);
      registerMeetingRoutes(a);
      registerVoteRoutes(a);
      registerContestRoutes(a);
      registerPointsRoutes(a);
      registerMallRoutes(a);
      registerProjectRoutes(a);
      registerLifecircleRoutes(a);
      registerVolunteeringRoutes(a);
      registerCareRoutes(a);
      registerRosterRoutes(a);
      registerMatchingRoutes(a);
      registerCanteenRoutes(a);
      registerSpacesRoutes(a);
      registerInsightRoutes(a);
      registerInsightReportRoutes(a);
      registerCoursesRoutes(a);
      registerGardenRoutes(a);
    },
    { prefix: "/api" },
  );
  // Open311 GeoReport v2 lives outside /api, with the spec's own error format (its own plugin)
  await app.register(open311Plugin, { prefix: "/open311/v2" });

  const hasWeb = existsSync(config.webDist);
  // The built web app: each file precompressed at build time (vite.config.ts: .br and .gz beside it)
  // and sent in the encoding the client accepts. Files whose names carry a content hash (/assets/, the
  // service worker's workbox runtime) are kept a year as immutable; index.html, the service worker and
  // the manifest are revalidated on every visit, so a new release is picked up at once.
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) =>
        reply.header("cache-control", staticCacheControl(config.webDist, filePath)),
    });
  app.setNotFoundHandler((req, reply) => {
    // the web app routes in the browser: unknown non-API pages get index.html
    if (hasWeb && req.method === "GET" && !req.url.startsWith("/api/")) return reply.sendFile("index.html");
    const d = ERRORS.NOT_FOUND;
    return reply
      .status(404)
      .send(errorBody("NOT_FOUND", d.zh, `${d.en}: ${req.method} ${req.url.split("?")[0]}`));
  });
  return app;
}

/** Cache-Control of a file of the built web app: immutable when its name carries a content hash. */
export function staticCacheControl(webDist: string, filePath: string): string {
  const rel = path.relative(webDist, filePath).split(path.sep).join("/");
  return rel.startsWith("assets/") || /^workbox-[0-9a-f]{8}\.js(\.br|\.gz)?$/.test(rel)
    ? "public, max-age=31536000, immutable"
    : "no-cache";
}

declare module "fastify" {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}
