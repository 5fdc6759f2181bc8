// Reports written without a connection (issue 9): kept on the phone in IndexedDB, photos included,
// and sent when the connection returns — at the next start of the app, when the browser says it is
// online again, or when the resident taps 立即发送. Each report carries the key the phone gave it
// (clientKey, a UUID); the server keeps the first request per person and key, so a report sent twice
// (a reload while it was on its way, an answer lost) arrives once.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createStore, del, get, keys, set } from "idb-keyval";
import { useEffect } from "react";
import { ApiError, NetworkError } from "../../../shared/api/client";
import { type SubmitInput, type Submitted, submitRequest } from "./requests-api";

/** Photos of one waiting report, together; larger reports wait on the page for a connection. */
export const MAX_QUEUED_PHOTO_BYTES = 15 * 1024 * 1024;

export interface QueuedPhoto {
  name: string;
  type: string;
  lastModified: number;
  blob: Blob;
}

export interface QueuedReport {
  /** the clientKey sent with it */
  key: string;
  /** who wrote it: sent only while they are the one signed in on this phone */
  userId: number;
  communityId: number;
  input: SubmitInput & { clientKey: string };
  photos: QueuedPhoto[];
  savedAt: string;
  /** the server refused it (bad input, no longer a resident): it stays until the resident removes it */
  refused?: { zh: string; en: string };
}

const store = () => createStore("linli-reports", "waiting");
export const QUEUED_KEY = ["me", "queued-reports"] as const;

/** A new key for a report: the browser's UUID (secure origins and localhost), else a random v4. */
export function newClientKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Not sent for want of a connection, a session or a moment's patience (rather than refused for what
 * it says): keep it and try again later.
 */
export function isOfflineError(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof TypeError) return true; // fetch itself failed
  // signed out meanwhile, the hourly limit, a proxy or a server restarting: not the report's fault
  return err instanceof ApiError && (err.status === 401 || err.status === 429 || err.status >= 500);
}

export function photosTooLarge(photos: File[]): boolean {
  return photos.reduce((n, p) => n + p.size, 0) > MAX_QUEUED_PHOTO_BYTES;
}

/** Keeps a report on the phone until it can be sent. */
export async function queueReport(
  userId: number,
  communityId: number,
  input: SubmitInput & { clientKey: string },
  photos: File[],
): Promise<QueuedReport> {
  const report: QueuedReport = {
    key: input.clientKey,
    userId,
    communityId,
    input,
    photos: photos.map((p) => ({ name: p.name, type: p.type, lastModified: p.lastModified, blob: p })),
    savedAt: new Date().toISOString(),
  };
  await set(report.key, report, store());
  return report;
}

/** The reports this person left waiting on this phone, oldest first. */
export async function queuedReports(userId: number): Promise<QueuedReport[]> {
  const s = store();
  const all = await Promise.all((await keys<string>(s)).map((k) => get<QueuedReport>(k, s)));
  return all
    .filter((r): r is QueuedReport => !!r && r.userId === userId)
    .sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

export const removeQueued = (key: string) => del(key, store());

let sending: Promise<Submitted[]> | null = null;

/**
 * Sends the waiting reports, oldest first, one at a time; stops at the first that finds no
 * connection. A report the server refuses is kept, marked, for the resident to see. Returns what
 * arrived. One sending at a time: a second call while one runs waits for it.
 */
export function sendQueuedReports(userId: number): Promise<Submitted[]> {
  if (!sending)
    sending = (async () => {
      const sent: Submitted[] = [];
      for (const r of await queuedReports(userId)) {
        if (r.refused) continue;
        try {
          const files = r.photos.map(
            (p) => new File([p.blob], p.name, { type: p.type, lastModified: p.lastModified }),
          );
          sent.push(await submitRequest(r.communityId, r.input, files));
          await removeQueued(r.key);
        } catch (err) {
          if (isOfflineError(err)) break;
          const refused =
            err instanceof ApiError
              ? { zh: err.messageZh || err.message, en: err.messageEn || err.message }
              : { zh: String(err), en: String(err) };
          await set(r.key, { ...r, refused }, store());
        }
      }
      return sent;
    })().finally(() => {
      sending = null;
    });
  return sending;
}

/** The reports waiting on this phone (for 我的反映), refreshed when they change. */
export function useQueuedReports(userId: number | null) {
  return useQuery({
    queryKey: [...QUEUED_KEY, userId],
    queryFn: () => queuedReports(userId!),
    enabled: userId != null,
    staleTime: 0,
    networkMode: "always",
  });
}

/**
 * Sends the waiting reports when the app starts signed in and whenever the browser comes back online;
 * the lists that show them are refreshed after. Mounted once, in the resident pages' frame.
 */
export function useSendQueuedReports(userId: number | null) {
  const qc = useQueryClient();
  useEffect(() => {
    if (userId == null) return;
    const flush = () => {
      if (!navigator.onLine) return;
      void sendQueuedReports(userId)
        .then((sent) => {
          void qc.invalidateQueries({ queryKey: QUEUED_KEY });
          if (sent.length > 0) void qc.invalidateQueries({ queryKey: ["me", "requests"] });
        })
        .catch(() => {
          // IndexedDB unavailable (private mode): nothing waits here
        });
    };
    flush();
    window.addEventListener("online", flush);
    // a server that did not answer (502, a dropped connection) while the phone stayed online: try again
    const every = window.setInterval(flush, 30_000);
    return () => {
      window.removeEventListener("online", flush);
      window.clearInterval(every);
    };
  }, [userId, qc]);
}
