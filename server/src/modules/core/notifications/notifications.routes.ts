import type { ServerResponse } from "node:http";
import { requireActor } from "../../../access/authorize.ts";
import { type App, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { presentNotification } from "./notifications.present.ts";
import {
  ZListQuery,
  ZNotificationList,
  ZNotificationParams,
  ZPreferences,
  ZStreamQuery,
  ZUnread,
} from "./notifications.schema.ts";
import {
  channelsOf,
  chooseChannels,
  markAllRead,
  markRead,
  myNotifications,
  type NotificationRow,
  onNotification,
  streamStart,
} from "./notifications.service.ts";

/** Heartbeat of the live stream: a comment line keeps proxies and the browser from timing out. */
export const HEARTBEAT_MS = 25_000;

export function registerNotificationRoutes(app: App): void {
  const tags = ["notifications"];

  app.get(
    "/me/notifications",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My notifications, newest first, with the number unread",
        querystring: ZListQuery,
        response: { 200: ZNotificationList, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const { rows, unread } = await myNotifications(app.db, actor.userId, req.query);
      return {
        items: rows.map((r) => presentNotification(r, actor.locale)),
        unreadCount: unread,
        nextBefore: rows.length === req.query.limit ? Number(rows.at(-1)!.id) : null,
      };
    },
  );

  app.post(
    "/me/notifications/:notificationId/read",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Mark one of my notifications read",
        params: ZNotificationParams,
        response: { 200: ZUnread, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return { unreadCount: await markRead(app.db, actor.userId, req.params.notificationId) };
    },
  );

  app.post(
    "/me/notifications/read-all",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Mark all my notifications read",
        response: { 200: ZUnread, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      await markAllRead(app.db, actor.userId);
      return { unreadCount: 0 };
    },
  );

  app.get(
    "/me/notification-preferences",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My notification channels (both on unless I turned one off)",
        response: { 200: ZPreferences, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return channelsOf(app.db, actor.userId);
    },
  );

  app.put(
    "/me/notification-preferences",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Choose my notification channels: in-app and/or SMS",
        body: ZPreferences,
        response: { 200: ZPreferences, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return chooseChannels(app.db, actor.userId, req.body);
    },
  );

  // Live updates (server-sent events). onNotification fires when a transaction that notified the person
  // has committed, in any server process on the database (NOTIFY); the stream then reads what it has not
  // sent yet. Ids come from a sequence, so one committed late can be lower than one already sent: the
  // stream remembers what it sent rather than only the highest id.
  const streams = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const res of streams) res.end();
    streams.clear();
  });

  app.get(
    "/me/notifications/stream",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Live stream of my new notifications (text/event-stream)",
        description:
          "Server-sent events: `event: notification` with the notification as JSON (`id:` is its id, so a " +
          "reconnecting EventSource sends Last-Event-ID and gets what it missed); a comment line every 25 s " +
          "as a heartbeat. The server ends the stream after maxSeconds; EventSource reconnects.",
        querystring: ZStreamQuery,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const userId = actor.userId;
      const lastEventId = Number(req.headers["last-event-id"]);
      const resumed = Number.isInteger(lastEventId) && lastEventId > 0;
      // where the stream starts, read before it listens, so that nothing committed meanwhile is missed
      const stream = await streamStart(app.db, userId, resumed ? lastEventId : null);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "x-accel-buffering": "no",
      });
      if (req.query.maxSeconds === 0) {
        res.end();
        return;
      }
      streams.add(res);
      // writes go one after another, in the order the notifications were published
      let chain: Promise<void> = Promise.resolve();
      let closed = false;
      const send = (rows: NotificationRow[]) => {
        for (const r of rows) {
          if (closed) return;
          res.write(
            `id: ${r.id}\nevent: notification\ndata: ${JSON.stringify(presentNotification(r, actor.locale))}\n\n`,
          );
        }
      };
      const enqueue = (work: () => Promise<void>) => {
        chain = chain.then(work).catch((err) => req.log.warn({ err }, "notification stream write failed"));
      };
      res.write("retry: 5000\n\n");
      const sent = new Set<number>();
      const sendOnce = (rows: NotificationRow[]) => {
        send(rows.filter((r) => !sent.has(r.id)));
        for (const r of rows) sent.add(r.id);
      };
      const sendNew = async () => sendOnce(await stream.newest());
      if (resumed) enqueue(async () => sendOnce(await stream.missed()));
      const unsubscribe = onNotification((to) => {
        if (to !== userId || closed) return;
        enqueue(sendNew);
      });
      const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), HEARTBEAT_MS);
      const limit = setTimeout(() => res.end(), req.query.maxSeconds * 1000);
      const cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(limit);
        streams.delete(res);
      };
      res.on("close", cleanup);
      res.on("finish", cleanup);
    },
  );
}
