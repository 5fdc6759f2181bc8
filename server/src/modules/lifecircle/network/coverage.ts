// From walking distances to what a community reads: minutes per building and kind, the share of
// buildings inside the 5/10/15-minute circles (GB 50180-2018), the complete-community checklist and the
// gap list (a building whose nearest facility of a required kind is beyond the kind's target).
import type { FacilityKind } from "./kinds.js";

/** Elderly-aware default (1.0 m/s); 1.2 m/s is the usual adult design speed. */
export const DEFAULT_WALK_SPEED = 1.0;
export const CIRCLES = [5, 10, 15] as const;

export function minutesOf(meters: number, speed = DEFAULT_WALK_SPEED): number {
  return meters / speed / 60;
}

export interface KindCoverage {
  code: string;
  /** facilities of the kind on the network */
  facilities: number;
  /** share of the buildings within 5, 10 and 15 minutes (0..1) */
  within: [number, number, number];
  withinTarget: number;
  /** every building reaches one within the target */
  met: boolean;
}

export interface Gap {
  building: number;
  kind: string;
  /** Infinity when none is reachable */
  minutes: number;
  targetMinutes: number;
}

export function coverage(
  kinds: readonly FacilityKind[],
  facilityCounts: readonly number[],
  meters: readonly Float64Array[],
  buildings: ArrayLike<number>,
  speed = DEFAULT_WALK_SPEED,
): { kinds: KindCoverage[]; gaps: Gap[] } {
  const out: KindCoverage[] = [];
  const gaps: Gap[] = [];
  const n = buildings.length;
  kinds.forEach((kind, k) => {
    const m = meters[k] as Float64Array;
    const counts = [0, 0, 0];
    let inTarget = 0;
    for (let i = 0; i < n; i++) {
      const b = buildings[i] as number;
      const min = minutesOf(m[b] as number, speed);
      for (let c = 0; c < 3; c++) if (min <= (CIRCLES[c] as number)) counts[c]++;
      if (min <= kind.targetMinutes) inTarget++;
      else if (kind.required)
        gaps.push({ building: b, kind: kind.code, minutes: min, targetMinutes: kind.targetMinutes });
    }
    const share = (x: number) => (n === 0 ? 0 : x / n);
    out.push({
      code: kind.code,
      facilities: facilityCounts[k] ?? 0,
      within: [share(counts[0] ?? 0), share(counts[1] ?? 0), share(counts[2] ?? 0)],
      withinTarget: share(inTarget),
      met: n > 0 && inTarget === n,
    });
  });
  return { kinds: out, gaps };
}
