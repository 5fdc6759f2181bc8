import { z } from "zod";
import { requireActor } from "../../../access/authorize.ts";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { createSession, destroySession, SESSION_COOKIE, setSessionCookie } from "../../../http/session.ts";
import { presentSmsMessage } from "./auth.present.ts";
import { ZMe, ZPreferences, ZRegister, ZRequestCode, ZSignIn } from "./auth.schema.ts";
import { me, meOf, registerUser, requestCode, setPreferences, signIn, smsOutbox } from "./auth.service.ts";

const ZOk = z.object({ ok: z.literal(true) });

export function registerAuthRoutes(app: App): void {
  const tags = ["auth"];
  app.post(
    "/auth/code",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Send a one-time sign-in or registration code by SMS",
        body: ZRequestCode,
        response: { 200: ZOk, ...errorResponses },
      },
    },
    async (req) => {
      await requestCode(app.db, req.body.phone, req.body.purpose, (m) => req.log.info(m));
      return { ok: true as const };
    },
  );

  app.post(
    "/auth/register",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "A resident registers with phone, password and the SMS code",
        body: ZRegister,
        response: { 200: ZMe, ...errorResponses },
      },
    },
    async (req, reply) => {
      const userId = await registerUser(app.db, req.body, req.ip, { demo: app.config.demo });
      setSessionCookie(reply, app.config, await createSession(app.db, app.config, userId));
      return meOf(app.db, userId);
    },
  );

  app.post(
    "/auth/sign-in",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Sign in with phone + password or phone + SMS code",
        body: ZSignIn,
        response: { 200: ZMe, ...errorResponses },
      },
    },
    async (req, reply) => {
      const userId = await signIn(app.db, req.body, req.ip);
      setSessionCookie(reply, app.config, await createSession(app.db, app.config, userId));
      return meOf(app.db, userId);
    },
  );

  app.post(
    "/auth/sign-out",
    { config: { access: PUBLIC }, schema: { tags, summary: "End the session", response: { 200: ZOk } } },
    async (req, reply) => {
      await destroySession(app.db, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.get(
    "/me",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The signed-in person, their roles and households",
        response: { 200: ZMe, ...errorResponses },
      },
    },
    async (req) => me(app.db, requireActor(req.actor)),
  );

  app.patch(
    "/me/preferences",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Language and elderly mode (remembered)",
        body: ZPreferences,
        response: { 200: ZMe, ...errorResponses },
      },
    },
    async (req) => setPreferences(app.db, req.actor, req.body),
  );

  app.get(
    "/admin/sms-outbox",
    {
      config: { access: needs("sms.outbox.read") },
      schema: {
        tags: ["system"],
        summary: "Messages written by the built-in SMS adapter (development and tests)",
        querystring: z.object({
          phone: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: {
          200: z.array(
            z.object({ id: z.number(), phone: z.string(), body: z.string(), createdAt: z.date() }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const rows = await smsOutbox(app.db, req.query.phone, req.query.limit);
      return rows.map(presentSmsMessage);
    },
  );
}
