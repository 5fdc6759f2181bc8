// Notifications (issue item 9): my list with the unread count, marking read, channel preferences,
// and the live stream (server-sent events) on a real listening server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createUser, sessionCookie, type TestApp } from "../../../../test/test-app.ts";
import { listenerCount, notify } from "./notifications.service.ts";

let t: TestApp;
type Person = { id: number; phone: string; cookie: string };
let me: Person;
let neighbour: Person;

async function person(name: string): Promise<Person> {
  const u = await createUser(t.db, name);
  return { ...u, cookie: await sessionCookie(t, u.id) };
}

/** Notifies like a module does: inside a transaction; live streams hear of it at commit (NOTIFY). */
async function send(userIds: number[], title: string) {
  const created = await t.db.transaction().execute((trx) =>
    notify(trx, {
      userIds,
      communityId: null,
      kind: "test.note",
      titleZh: title,
      titleEn: `EN ${title}`,
      bodyZh: "内容",
      bodyEn: "body",
      link: "/m/requests/1/2",
    }),
  );
  return created;
}

const call = (method: "GET" | "POST" | "PUT", url: string, p: Person | null, payload?: object) =>
  t.app.inject({ method, url, payload, headers: p ? { cookie: p.cookie } : {} });

beforeAll(async () => {
  t = await createTestApp();
  me = await person("我");
  neighbour = await person("邻居");
});
afterAll(async () => {
  await t?.close();
});

describe("my notifications", () => {
  it("lists mine only, newest first, in pages, with the unread count", async () => {
    for (let i = 1; i <= 5; i++) await send([me.id], `通知${i}`);
    await send([neighbour.id], "邻居的通知");
    const first = await call("GET", "/api/me/notifications?limit=3", me);
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((n: any) => n.title)).toEqual(["通知5", "通知4", "通知3"]);
    expect(page1.unreadCount).toBe(5);
    expect(page1.items[0]).toMatchObject({
      titleEn: "EN 通知5",
      body: "内容",
      readAt: null,
      link: "/m/requests/1/2",
    });
    const page2 = (await call("GET", `/api/me/notifications?limit=3&before=${page1.nextBefore}`, me)).json();
    expect(page2.items.map((n: any) => n.title)).toEqual(["通知2", "通知1"]);
    expect(page2.nextBefore).toBeNull();
    expect((await call("GET", "/api/me/notifications", null)).statusCode).toBe(401);
  });

  it("marks one read (only my own), then all", async () => {
    const list = (await call("GET", "/api/me/notifications", me)).json();
    const id = list.items[0].id;
    const read = await call("POST", `/api/me/notifications/${id}/read`, me);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ unreadCount: 4 });
    // again: still read, same count
    expect((await call("POST", `/api/me/notifications/${id}/read`, me)).json()).toEqual({ unreadCount: 4 });
    const theirs = (await call("GET", "/api/me/notifications", neighbour)).json().items[0].id;
    expect((await call("POST", `/api/me/notifications/${theirs}/read`, me)).statusCode).toBe(404);
    expect((await call("GET", "/api/me/notifications", neighbour)).json().unreadCount).toBe(1);
    const unread = (await call("GET", "/api/me/notifications?unreadOnly=true", me)).json();
    expect(unread.items).toHaveLength(4);
    expect((await call("POST", "/api/me/notifications/read-all", me)).json()).toEqual({ unreadCount: 0 });
    expect((await call("GET", "/api/me/notifications", me)).json().unreadCount).toBe(0);
  });

  it("keeps channel preferences, and notify follows them", async () => {
    expect((await call("GET", "/api/me/notification-preferences", me)).json()).toEqual({
      inApp: true,
      sms: true,
    });
    const put = await call("PUT", "/api/me/notification-preferences", me, { inApp: false, sms: true });
    expect(put.statusCode, put.body).toBe(200);
    expect((await call("GET", "/api/me/notification-preferences", me)).json()).toEqual({
      inApp: false,
      sms: true,
    });
    expect((await call("PUT", "/api/me/notification-preferences", me, { inApp: true })).statusCode).toBe(400);
    expect(
      (await call("PUT", "/api/me/notification-preferences", me, { inApp: 1, sms: true })).statusCode,
    ).toBe(400);
    const before = (await call("GET", "/api/me/notifications", me)).json().items.length;
    await send([me.id], "只发短信");
    expect((await call("GET", "/api/me/notifications", me)).json().items.length).toBe(before);
    const sms = await t.db.selectFrom("sms_outbox").select("body").where("phone", "=", me.phone).execute();
    expect(sms.map((s) => s.body)).toContain("【邻里】只发短信：内容");
    await call("PUT", "/api/me/notification-preferences", me, { inApp: true, sms: false });
  });
});

describe("live stream", () => {
  let base: string;
  beforeAll(async () => {
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });

  /** Opens the stream and returns a reader of its events. */
  async function open(p: Person, headers: Record<string, string> = {}) {
    const ac = new AbortController();
    const res = await fetch(`${base}/api/me/notifications/stream`, {
      headers: { cookie: p.cookie, ...headers },
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    return {
      res,
      /** Reads until `count` notification events arrived; returns their data. */
      async events(count: number) {
        const out: any[] = [];
        while (out.length < count) {
          const chunk = await reader.read();
          if (chunk.done) break;
          buffer += decoder.decode(chunk.value, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.includes("event: notification")) {
              const data = block.split("\n").find((l) => l.startsWith("data: "))!;
              const id = block.split("\n").find((l) => l.startsWith("id: "))!;
              out.push({ id: Number(id.slice(4)), ...JSON.parse(data.slice(6)) });
            }
            end = buffer.indexOf("\n\n");
          }
        }
        return out;
      },
      close: () => ac.abort(),
    };
  }

  async function until(cond: () => boolean) {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  }

  it("streams my new notifications as events, not my neighbour's, and cleans up on disconnect", async () => {
    const listeners = listenerCount();
    const stream = await open(me);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await until(() => listenerCount() === listeners + 1);
    await send([neighbour.id], "不是给我的");
    const [mine] = await send([me.id], "新通知");
    const events = await stream.events(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: mine!.id, title: "新通知", kind: "test.note" });
    stream.close();
    await until(() => listenerCount() === listeners);
  });

  it("resumes after Last-Event-ID with what was missed", async () => {
    const [a] = await send([me.id], "断线前");
    await send([me.id], "断线期间一");
    await send([me.id], "断线期间二");
    const stream = await open(me, { "last-event-id": String(a!.id) });
    const events = await stream.events(2);
    expect(events.map((e) => e.title)).toEqual(["断线期间一", "断线期间二"]);
    stream.close();
  });

  it("answers 401 without a session, and maxSeconds=0 ends the stream at once", async () => {
    expect((await fetch(`${base}/api/me/notifications/stream`)).status).toBe(401);
    const res = await call("GET", "/api/me/notifications/stream?maxSeconds=0", me);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(res.body).toBe("");
  });

  it("lets the server close while a stream is open", async () => {
    const stream = await open(me);
    await until(() => listenerCount() > 0);
    await t.app.close();
    await until(() => listenerCount() === 0);
    stream.close();
  });
});
