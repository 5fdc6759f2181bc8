// The state of a staff list — its filters, keyword, dates, page — lives in the URL (Ant Design Pro's
// convention), so a list can be bookmarked, shared, reloaded and returned to with Back. A change of
// filter starts again at the first page; paging replaces the history entry for filters and pushes one
// for pages, so Back walks through the pages seen.
import { useCallback, useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";

export type ParamValue = string | number | boolean | null | undefined;

/** Params that are the list's position rather than its filters (dropped when a filter changes). */
const POSITION = ["page", "c"];

export function useListParams() {
  const [params, setParams] = useSearchParams();

  const str = useCallback((k: string) => params.get(k) || undefined, [params]);
  const num = useCallback(
    (k: string) => {
      const v = Number(params.get(k));
      return Number.isInteger(v) && v > 0 ? v : undefined;
    },
    [params],
  );
  const bool = useCallback((k: string) => params.get(k) === "1" || undefined, [params]);

  /** Sets (or, for null/undefined/""/false, removes) params; a filter change goes back to page 1. */
  const set = useCallback(
    (patch: Record<string, ParamValue>, opts: { position?: boolean } = {}) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!opts.position) for (const k of POSITION) next.delete(k);
          for (const [k, v] of Object.entries(patch)) {
            if (v == null || v === "" || v === false) next.delete(k);
            else next.set(k, v === true ? "1" : String(v));
          }
          return next;
        },
        { replace: !opts.position },
      ),
    [setParams],
  );

  /** Removes every param but those named. */
  const reset = useCallback(
    (keep: string[] = []) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams();
          for (const k of keep) {
            const v = prev.get(k);
            if (v != null) next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return { params, str, num, bool, set, reset };
}

export type ListParams = ReturnType<typeof useListParams>;

/** Page-numbered lists (households, residents, audit): page and pageSize in the URL. */
export function usePageParams(list: ListParams, defaultSize = 20) {
  const page = list.num("page") ?? 1;
  const pageSize = list.num("pageSize") ?? defaultSize;
  return {
    page,
    pageSize,
    onChange: (p: number, size: number) =>
      list.set({ page: p > 1 ? p : null, pageSize: size !== defaultSize ? size : null }, { position: true }),
  };
}

/**
 * Keyset-paged lists (requests, inbox, claims): the cursors of the pages before this one are kept in
 * the URL as `c=<cursor>,<cursor>,…`, so the page shown survives a reload and Back, and "previous"
 * needs no offset query on the server.
 */
export function useCursorParams(list: ListParams) {
  const raw = list.str("c");
  const stack = useMemo(() => (raw ? raw.split(",").filter(Boolean) : []), [raw]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length + 1,
    next: (nextCursor: string | number) =>
      list.set({ c: [...stack, String(nextCursor)].join(",") }, { position: true }),
    prev: () => list.set({ c: stack.slice(0, -1).join(",") || null }, { position: true }),
  };
}

/** Selected row ids, forgotten when the list's search or page (its URL) changes. */
export function useSelection(list: ListParams) {
  const position = list.params.toString();
  const [selection, setSelection] = useState<{ at: string; ids: number[] }>({ at: position, ids: [] });
  const ids = selection.at === position ? selection.ids : [];
  return {
    ids,
    set: (next: number[]) => setSelection({ at: position, ids: next }),
    clear: () => setSelection({ at: position, ids: [] }),
  };
}

/**
 * For lists the server sends whole (or a page of): the keyword (`q`: every word must appear in the
 * row's text) and the days (`from`/`to`, YYYY-MM-DD, local time, both ends included) from the URL.
 */
export function filterRows<T>(
  rows: readonly T[],
  list: ListParams,
  by: { text: (r: T) => string; date?: (r: T) => string | null | undefined },
): T[] {
  const words = (list.str("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const from = list.str("from");
  const to = list.str("to");
  return rows.filter((r) => {
    if (words.length > 0) {
      const text = by.text(r).toLowerCase();
      if (!words.every((w) => text.includes(w))) return false;
    }
    if (by.date && (from || to)) {
      const at = by.date(r);
      if (!at) return false;
      const day = localDay(at);
      if (from && day < from) return false;
      if (to && day > to) return false;
    }
    return true;
  });
}

const pad = (n: number) => String(n).padStart(2, "0");
/** The local calendar day (YYYY-MM-DD) of an ISO time, or the day itself. */
function localDay(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** antd Table pagination kept in the URL (page, pageSize), for lists paged in the browser. */
export function tablePagination(
  list: ListParams,
  opts: { defaultSize?: number; total?: (n: number) => string } = {},
) {
  const size = opts.defaultSize ?? 20;
  return {
    current: list.num("page") ?? 1,
    pageSize: list.num("pageSize") ?? size,
    showSizeChanger: true,
    hideOnSinglePage: false,
    ...(opts.total ? { showTotal: opts.total } : {}),
    onChange: (p: number, s: number) =>
      list.set({ page: p > 1 ? p : null, pageSize: s !== size ? s : null }, { position: true }),
  };
}
