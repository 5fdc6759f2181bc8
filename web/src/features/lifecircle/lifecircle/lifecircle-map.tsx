// The life-circle map without internet tiles: the imported buildings drawn on a canvas, coloured by
// the walking minutes to one kind (5 / 10 / 15 minutes, beyond, none), and that kind's facilities as
// squares; on the console, the imported walkable ways thin and grey underneath; under everything, the
// kind's 5/10/15-minute isochrone bands (GeoJSON from the server) as translucent fills. Canvas 2D rather than a WebGL map library: 20,000 points draw in a few milliseconds on a
// phone, and nothing is fetched from a tile server. Tap a building to pick it; tap elsewhere to pick a
// point (the console's "add a facility here").
import { useEffect, useRef } from "react";
import type { Isochrones, MapData, Ways } from "./lifecircle-api";

export const BANDS = [
  { max: 5, color: "#1a7f37" },
  { max: 10, color: "#7cb305" },
  { max: 15, color: "#d48806" },
  { max: Number.POSITIVE_INFINITY, color: "#cf1322" },
] as const;
const NONE = "#8c8c8c";
/** The bands' fill: the band's colour, see-through so the ways and buildings show on top. */
export const BAND_ALPHA = 0.22;
const translucent = (hex: string, alpha: number) => {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
};

export const colorOf = (minutes: number | null) =>
  minutes == null ? NONE : (BANDS.find((b) => minutes <= b.max)?.color ?? NONE);

export function LifecircleMap(props: {
  data: MapData;
  /** the imported walkable ways, drawn thin and grey under the buildings */
  ways?: Ways | null;
  /** the kind's 5/10/15-minute bands, drawn translucent under the ways and buildings */
  isochrones?: Isochrones | null;
  height: number;
  selected?: number | null;
  point?: { lat: number; lon: number } | null;
  onPickBuilding?: (id: number) => void;
  onPickPoint?: (p: { lat: number; lon: number }) => void;
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const view = useRef<{
    toX: (lon: number) => number;
    toY: (lat: number) => number;
    w: number;
    h: number;
  } | null>(null);
  const { data, height, selected, point, ways, isochrones } = props;

  useEffect(() => {
    const canvas = ref.current;
    const bbox = data.bbox;
    if (!canvas || !bbox) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = height;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [s, west, n, e] = bbox as [number, number, number, number];
    const kx = Math.cos((((s + n) / 2) * Math.PI) / 180);
    const pad = 12;
    const scale = Math.min(
      (w - 2 * pad) / Math.max((e - west) * kx, 1e-9),
      (h - 2 * pad) / Math.max(n - s, 1e-9),
    );
    const ox = (w - (e - west) * kx * scale) / 2;
    const oy = (h - (n - s) * scale) / 2;
    const toX = (lon: number) => ox + (lon - west) * kx * scale;
    const toY = (lat: number) => oy + (n - lat) * scale;
    view.current = { toX, toY, w, h };
    ctx.fillStyle = "#f5f7fa";
    ctx.fillRect(0, 0, w, h);
    const bands = isochrones && isochrones.kind === data.kind ? isochrones.features : [];
    for (const f of bands) {
      const band = BANDS.find((b) => f.properties.toMinutes <= b.max) ?? BANDS[0];
      ctx.fillStyle = translucent(band.color, BAND_ALPHA);
      ctx.beginPath();
      for (const polygon of f.geometry.coordinates)
        for (const ring of polygon)
          ring.forEach(([lon, lat], i) => {
            const x = toX(lon as number);
            const y = toY(lat as number);
            if (i === 0) ctx.moveTo(x, y);
            else ctx.lineTo(x, y);
          });
      ctx.fill();
    }
    canvas.dataset.bands = String(bands.length);
    if (ways && ways.from.length > 0) {
      ctx.strokeStyle = "#c9ced6";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < ways.from.length; i++) {
        const a = ways.from[i] as number;
        const z = ways.to[i] as number;
        ctx.moveTo(toX(ways.lon[a] as number), toY(ways.lat[a] as number));
        ctx.lineTo(toX(ways.lon[z] as number), toY(ways.lat[z] as number));
      }
      ctx.stroke();
      canvas.dataset.ways = String(ways.from.length);
    }
    const b = data.buildings;
    const r = b.id.length > 5000 ? 1.6 : 3;
    for (let i = 0; i < b.id.length; i++) {
      ctx.fillStyle = colorOf(b.minutes[i] ?? null);
      ctx.fillRect(toX(b.lon[i] as number) - r, toY(b.lat[i] as number) - r, 2 * r, 2 * r);
    }
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#1d39c4";
    for (const f of data.facilities) {
      if (f.kind !== data.kind) continue;
      const x = toX(f.lon);
      const y = toY(f.lat);
      ctx.fillRect(x - 5, y - 5, 10, 10);
      ctx.strokeRect(x - 5, y - 5, 10, 10);
    }
    const sel = selected == null ? -1 : b.id.indexOf(selected);
    if (sel >= 0) {
      ctx.strokeStyle = "#000";
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(toX(b.lon[sel] as number), toY(b.lat[sel] as number), 9, 0, 2 * Math.PI);
      ctx.stroke();
    }
    if (point) {
      ctx.strokeStyle = "#1d39c4";
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(toX(point.lon), toY(point.lat), 8, 0, 2 * Math.PI);
      ctx.stroke();
    }
    canvas.dataset.renderMs = (performance.now() - t0).toFixed(1);
    canvas.dataset.buildings = String(b.id.length);
  }, [data, height, selected, point, ways, isochrones]);

  const onClick = (ev: React.MouseEvent<HTMLCanvasElement>) => {
    const v = view.current;
    const bbox = data.bbox;
    if (!v || !bbox) return;
    const rect = ev.currentTarget.getBoundingClientRect();
    const x = ev.clientX - rect.left;
    const y = ev.clientY - rect.top;
    const b = data.buildings;
    let best = -1;
    let bestD = 14 * 14;
    for (let i = 0; i < b.id.length; i++) {
      const d = (v.toX(b.lon[i] as number) - x) ** 2 + (v.toY(b.lat[i] as number) - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0 && props.onPickBuilding) props.onPickBuilding(b.id[best] as number);
    if (props.onPickPoint) {
      // the projection is linear in each axis: invert it through the box's corners
      const [s, west, n, e] = bbox as [number, number, number, number];
      const x0 = v.toX(west);
      const x1 = v.toX(e);
      const y0 = v.toY(n);
      const y1 = v.toY(s);
      props.onPickPoint({
        lat: y1 === y0 ? n : n - ((y - y0) / (y1 - y0)) * (n - s),
        lon: x1 === x0 ? west : west + ((x - x0) / (x1 - x0)) * (e - west),
      });
    }
  };

  return (
    <canvas
      ref={ref}
      className="lc-map"
      style={{ width: "100%", height: props.height, display: "block", touchAction: "manipulation" }}
      role="img"
      aria-label={props.label}
      data-testid="lifecircle-map"
      onClick={onClick}
    />
  );
}
