// The big screen's data (the server's zod schemas are the source of truth): the place's figures over 12
// months (GET /insight/figures), its requests by category this month (GET /insight/figures/categories)
// and the life circle of its communities (the lifecircle feature's public API: GET
// /communities/:id/lifecircle and …/lifecircle/map). Loaded at once and again every `refresh` seconds;
// each load aborts the one before, the timer is cleared and the last load aborted on unmount, and
// every load replaces the state (nothing is appended), so a screen left on all day holds one copy; a
// community's map is fetched again only when its walking times were recomputed.
import type { ZCategories, ZFigures } from "@contract/insight/figures/figures.schema";
import type { ZLifecircle, ZMapData } from "@contract/lifecircle/network/network.schema";
import { useEffect, useState } from "react";
import { ApiError, withQuery } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";

export type Figures = Reply<typeof ZFigures>;
export type Categories = Reply<typeof ZCategories>;
export type Lifecircle = Reply<typeof ZLifecircle>;
export type MapData = Reply<typeof ZMapData>;

export interface LifeData {
  /** communities whose walking network is imported */
  circles: { communityId: number; lifecircle: Lifecircle; map: MapData }[];
  /** the place is a district: no map */
  district: boolean;
  /** the facility kind the maps were drawn for */
  kind: string | null;
}

export interface ScreenData {
  figures: Figures | null;
  categories: Categories | null;
  life: LifeData | null;
  error: unknown;
  loadedAt: Date | null;
}

/** At most this many communities are drawn on the map (a street has fewer). */
const MAX_MAP_COMMUNITIES = 24;
/** The life circle changes rarely: it is looked at every this many refreshes (its maps only when recomputed). */
const LIFE_EVERY = 10;

async function getJson<T>(path: string, query: Record<string, string> | undefined, signal: AbortSignal) {
  const res = await fetch(withQuery(`/api${path}`, query), {
    headers: { Accept: "application/json" },
    credentials: "include",
    signal,
  });
  const data = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiError(res.status, (data ?? {}) as Record<string, unknown>);
  return data as T;
}

/** The communities of the place: itself, the grid's, or the street's communities (its children). */
function communitiesOf(f: Figures): number[] | null {
  const [level, id] = f.place.place.split(":");
  if (level === "community" || level === "grid") return [Number(id)];
  if (level === "street")
    return f.children.map((c) => Number(c.place.place.split(":")[1])).slice(0, MAX_MAP_COMMUNITIES);
  return null;
}

/**
 * The life circle of the place's communities. A community's map (thousands of buildings) is fetched
 * again only when its readings were recomputed (network.computedAt) or the kind changed; when nothing
 * changed at all the same object is given back, so the screen keeps one copy and redraws nothing.
 */
async function loadLife(
  f: Figures,
  kind: string | null,
  signal: AbortSignal,
  before: LifeData | null,
): Promise<LifeData> {
  const ids = communitiesOf(f);
  if (!ids) return before?.district ? before : { circles: [], district: true, kind };
  const sameKind = before != null && !before.district && before.kind === kind;
  const prior = new Map(sameKind ? before.circles.map((c) => [c.communityId, c]) : []);
  const circles = await Promise.all(
    ids.map(async (communityId) => {
      const base = `/communities/${communityId}/lifecircle`;
      try {
        const lifecircle = await getJson<Lifecircle>(base, undefined, signal);
        if (!lifecircle.network) return null;
        const old = prior.get(communityId);
        if (old && old.lifecircle.network?.computedAt === lifecircle.network.computedAt)
          return JSON.stringify(old.lifecircle) === JSON.stringify(lifecircle) ? old : { ...old, lifecircle };
        const map = await getJson<MapData>(`${base}/map`, kind ? { kind } : undefined, signal);
        return { communityId, lifecircle, map };
      } catch (err) {
        if (signal.aborted) throw err;
        return null; // a community without a life circle is left off the map
      }
    }),
  );
  const kept = circles.filter((c) => c != null);
  if (sameKind && kept.length === before.circles.length && kept.every((c, i) => c === before.circles[i]))
    return before;
  return { circles: kept, district: false, kind };
}

export function useScreenData(place: string, refreshSeconds: number, kind: string | null): ScreenData {
  const [data, setData] = useState<ScreenData>({
    figures: null,
    categories: null,
    life: null,
    error: null,
    loadedAt: null,
  });

  useEffect(() => {
    let current: AbortController | null = null;
    let life: LifeData | null = null;
    let loads = 0;
    const load = async () => {
      current?.abort();
      const ctrl = new AbortController();
      current = ctrl;
      try {
        const [figures, categories] = await Promise.all([
          getJson<Figures>("/insight/figures", { place, period: "month" }, ctrl.signal),
          getJson<Categories>("/insight/figures/categories", { place }, ctrl.signal),
        ]);
        if (life == null || loads % LIFE_EVERY === 0) life = await loadLife(figures, kind, ctrl.signal, life);
        loads++;
        if (!ctrl.signal.aborted) setData({ figures, categories, life, error: null, loadedAt: new Date() });
      } catch (error) {
        if (!ctrl.signal.aborted) setData((d) => ({ ...d, error }));
      } finally {
        if (current === ctrl) current = null;
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), refreshSeconds * 1000);
    return () => {
      window.clearInterval(timer);
      current?.abort();
    };
  }, [place, refreshSeconds, kind]);

  return data;
}
