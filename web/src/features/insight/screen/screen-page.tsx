// 数据大屏 (E2): the figures of a street or community for the wall of an office — 1920×1080 scaled to
// the window, dark, its panels turning every `rotate` seconds (URL ?rotate=, default 20) and its data
// refreshed every `refresh` seconds (?refresh=, default 60), ECharts throughout (canvas). Every panel
// stays mounted (the hidden ones invisible), so each chart is made once and only given new options;
// the clock, rotation and refresh timers are cleared and the charts disposed when the page goes.
// Staff only, with the figures' place rules (the server answers 403 outside one's places).
import { type CSSProperties, type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useParams, useSearchParams } from "react-router-dom";
import { ApiError, describeError } from "../../../shared/api/client";
import { useMe } from "../../../shared/api/session";
import { type Language, setLanguage } from "../../../shared/i18n/i18n";
import { type ChartOption, EChart, loadECharts } from "../../../shared/ui/lazy-echart";
import { type Categories, type Figures, type LifeData, useScreenData } from "./screen-data";
import "./screen.css";

loadECharts().catch(() => {});

const W = 1920;
const H = 1080;
const PANELS = ["overview", "ranking", "categories", "lifecircle"] as const;
type Panel = (typeof PANELS)[number];
const PLACE = /^(district|street|community):\d{1,9}$|^grid:\d{1,9}:\d{1,9}$/;

const TEXT = "#e8f1ff";
const MUTED = "#a9bdd8";
const LINE = "#24406b";
const PALETTE = ["#4fc3f7", "#69f0ae", "#ffd54f", "#ff8a65", "#b39ddb", "#4dd0e1", "#f48fb1", "#aed581"];
const BANDS = ["#69f0ae", "#d4e157", "#ffb74d", "#ef5350"] as const;

const intParam = (v: string | null, def: number, min: number, max: number) => {
  const n = Number(v);
  return Number.isFinite(n) && v != null && v !== "" ? Math.min(max, Math.max(min, Math.round(n))) : def;
};

/** The route: checks the sign-in (to the staff sign-in and back) and the place in the address. */
export function BigScreenPage() {
  const { t } = useTranslation();
  const { placeKey = "" } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const me = useMe();
  const lang = params.get("lang");
  useEffect(() => {
    if (lang === "en" || lang === "zh-CN") setLanguage(lang as Language, false);
  }, [lang]);

  if (me.isPending) return <Frame>{t("screen.loading")}</Frame>;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/staff/sign-in?next=${next}`} replace />;
  }
  if (!PLACE.test(placeKey)) return <Frame>{t("screen.badPlace")}</Frame>;
  return (
    <BigScreen
      place={placeKey}
      rotate={intParam(params.get("rotate"), 20, 3, 3600)}
      refresh={intParam(params.get("refresh"), 60, 5, 3600)}
      kind={params.get("kind")}
    />
  );
}

/** The window's background with the 1920×1080 stage scaled into it (kept on window resize). */
function Frame(props: { children: ReactNode }) {
  const [box, setBox] = useState(() => ({ w: window.innerWidth, h: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setBox({ w: window.innerWidth, h: window.innerHeight });
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  const scale = Math.min(box.w / W, box.h / H);
  const style: CSSProperties = {
    width: W,
    height: H,
    transform: `scale(${scale})`,
    left: Math.max(0, (box.w - W * scale) / 2),
    top: Math.max(0, (box.h - H * scale) / 2),
  };
  return (
    <main className="bigscreen" data-testid="screen">
      <div className="bigscreen-stage" style={style}>
        {props.children}
      </div>
    </main>
  );
}

function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time className="bigscreen-clock" dateTime={now.toISOString()}>
      {now.toLocaleString(i18n.language === "en" ? "en-GB" : "zh-CN", { hour12: false })}
    </time>
  );
}

function BigScreen(props: { place: string; rotate: number; refresh: number; kind: string | null }) {
  const { t } = useTranslation();
  const data = useScreenData(props.place, props.refresh, props.kind);
  const [active, setActive] = useState(0);
  // a panel picked by hand stays its full time: the turning restarts from it
  const [picks, setPicks] = useState(0);
  const ready = data.figures != null;
  // turning, from when the first figures are shown; cleared when the page goes
  useEffect(() => {
    if (!ready || picks < 0) return;
    const timer = window.setInterval(() => setActive((a) => (a + 1) % PANELS.length), props.rotate * 1000);
    return () => window.clearInterval(timer);
  }, [props.rotate, ready, picks]);

  const f = data.figures;
  const forbidden =
    data.error instanceof ApiError && (data.error.status === 403 || data.error.status === 404);
  return (
    <Frame>
      <header className="bigscreen-header">
        <h1>{t("screen.title", { place: f?.place.name ?? "" })}</h1>
        <nav aria-label={t("screen.panels")} className="bigscreen-dots">
          {PANELS.map((p, i) => (
            <button
              key={p}
              type="button"
              aria-current={i === active ? "true" : undefined}
              aria-label={t("screen.goTo", { name: t(`screen.panel.${p}`) })}
              onClick={() => {
                setActive(i);
                setPicks((n) => n + 1);
              }}
            >
              {t(`screen.panel.${p}`)}
            </button>
          ))}
        </nav>
        <Clock />
      </header>
      <p className="bigscreen-status" role="status" data-testid="screen-status">
        {data.error
          ? forbidden
            ? t("screen.noAccess")
            : t("screen.failed", { error: describeError(data.error) })
          : data.loadedAt
            ? t("screen.updated", { time: data.loadedAt.toLocaleTimeString("zh-CN", { hour12: false }) })
            : t("screen.loading")}
      </p>
      {f &&
        PANELS.map((p, i) => (
          <section
            key={p}
            className={`bigscreen-panel${i === active ? " is-active" : ""}`}
            data-testid={`screen-panel-${p}`}
            data-active={i === active ? "true" : "false"}
            aria-label={t(`screen.panel.${p}`)}
          >
            <PanelBody panel={p} figures={f} categories={data.categories} life={data.life} />
          </section>
        ))}
    </Frame>
  );
}

function PanelBody(props: {
  panel: Panel;
  figures: Figures;
  categories: Categories | null;
  life: LifeData | null;
}) {
  if (props.panel === "overview") return <Overview f={props.figures} />;
  if (props.panel === "ranking") return <Ranking f={props.figures} />;
  if (props.panel === "categories") return <CategoriesPanel c={props.categories} />;
  return <LifecirclePanel life={props.life} />;
}

const pct = (v: number | null) => (v == null ? "—" : `${v}%`);
const num = (v: number | null) => (v == null ? "—" : v.toLocaleString("zh-CN"));

function axisStyle(): Pick<ChartOption, "textStyle"> {
  return { textStyle: { color: TEXT, fontSize: 18 } };
}

const TREND = [
  ["received", "requests_received"],
  ["solved", "requests_solved"],
  ["volServices", "vol_services"],
  ["meetings", "meeting_attendances"],
] as const;

function Overview(props: { f: Figures }) {
  const { t } = useTranslation();
  const { f } = props;
  const stats: [string, string][] = [
    [t("screen.stat.residents"), num(f.residents)],
    [t("screen.stat.received"), num(f.figures.requests_received)],
    [t("screen.stat.solved"), num(f.figures.requests_solved)],
    [t("screen.stat.onTime"), pct(f.rates.solvedOnTimePct)],
    [t("screen.stat.satisfaction"), pct(f.rates.satisfactionPct)],
    [t("screen.stat.volHours"), f.figures.vol_minutes == null ? "—" : num(f.rates.volHours)],
    [t("screen.stat.meetings"), num(f.figures.meeting_attendances)],
    [t("screen.stat.votes"), num(f.figures.votes_closed)],
  ];
  const option = useMemo(
    (): ChartOption => ({
      ...axisStyle(),
      color: PALETTE,
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { color: TEXT, fontSize: 20 } },
      grid: { left: 70, right: 40, top: 60, bottom: 50 },
      xAxis: {
        type: "category",
        data: f.series.map((s) => s.bucket),
        axisLabel: { color: MUTED, fontSize: 18 },
        axisLine: { lineStyle: { color: LINE } },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        axisLabel: { color: MUTED, fontSize: 18 },
        splitLine: { lineStyle: { color: LINE } },
      },
      series: TREND.map(([name, key]) => ({
        type: "line",
        name: t(`screen.series.${name}`),
        symbolSize: 8,
        lineStyle: { width: 3 },
        data: f.series.map((s) => s.figures[key]),
      })),
    }),
    [f, t],
  );
  return (
    <div className="bigscreen-overview">
      <p className="bigscreen-caption">
        {t("screen.period12")}：{f.from} ~ {f.to}
      </p>
      <dl className="bigscreen-stats" data-testid="screen-stats">
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("screen.trend")}</h2>
      <EChart
        renderer="canvas"
        option={option}
        height={560}
        ariaLabel={t("screen.trendLabel", {
          place: f.place.name,
          figures: TREND.map(([n]) => t(`screen.series.${n}`)).join("、"),
        })}
      />
    </div>
  );
}

function barOption(
  names: string[],
  values: (number | null)[],
  labels: string[],
  color: string,
  max?: number,
): ChartOption {
  // the first place on top
  const rev = <T,>(a: T[]) => [...a].reverse();
  return {
    ...axisStyle(),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 20, right: 220, top: 10, bottom: 30, containLabel: true },
    xAxis: {
      type: "value",
      max,
      axisLabel: { color: MUTED, fontSize: 16 },
      splitLine: { lineStyle: { color: LINE } },
    },
    yAxis: {
      type: "category",
      data: rev(names),
      axisLabel: { color: TEXT, fontSize: 18 },
      axisLine: { lineStyle: { color: LINE } },
    },
    series: [
      {
        type: "bar",
        data: rev(values).map((v) => v ?? 0),
        barMaxWidth: 28,
        itemStyle: { color },
        label: {
          show: true,
          position: "right",
          color: TEXT,
          fontSize: 16,
          formatter: (p: { dataIndex: number }) => rev(labels)[p.dataIndex] ?? "",
        },
      },
    ],
  };
}

function Ranking(props: { f: Figures }) {
  const { t } = useTranslation();
  const { f } = props;
  const { byOnTime, byHours, onTimeLabels, hoursLabels, onTime, hours } = useMemo(() => {
    const byOnTime = [...f.children].sort(
      (a, b) => (b.rates.solvedOnTimePct ?? -1) - (a.rates.solvedOnTimePct ?? -1),
    );
    const byHours = [...f.children].sort(
      (a, b) => (b.rates.volHoursPerResident ?? -1) - (a.rates.volHoursPerResident ?? -1),
    );
    const onTimeLabels = byOnTime.map(
      (c) =>
        `${pct(c.rates.solvedOnTimePct)}  ${num(c.figures.requests_solved_on_time)}/${num(c.figures.requests_solved)}`,
    );
    const hoursLabels = byHours.map(
      (c) => `${num(c.rates.volHoursPerResident)}  ${t("screen.residentsOf", { n: c.residents })}`,
    );
    return {
      byOnTime,
      byHours,
      onTimeLabels,
      hoursLabels,
      onTime: barOption(
        byOnTime.map((c) => c.place.name),
        byOnTime.map((c) => c.rates.solvedOnTimePct),
        onTimeLabels,
        PALETTE[1]!,
        100,
      ),
      hours: barOption(
        byHours.map((c) => c.place.name),
        byHours.map((c) => c.rates.volHoursPerResident),
        hoursLabels,
        PALETTE[0]!,
      ),
    };
  }, [f, t]);
  if (f.children.length === 0) return <p className="bigscreen-empty">{t("screen.noChildren")}</p>;
  const height = 880;
  return (
    <div className="bigscreen-two">
      <div>
        <h2>{t("screen.onTimeRanking")}</h2>
        <EChart
          renderer="canvas"
          option={onTime}
          height={height}
          ariaLabel={t("screen.rankingLabel", {
            title: t("screen.onTimeRanking"),
            items: byOnTime.map((c, i) => `${c.place.name} ${onTimeLabels[i]}`).join("；"),
          })}
        />
      </div>
      <div>
        <h2>{t("screen.hoursRanking")}</h2>
        <EChart
          renderer="canvas"
          option={hours}
          height={height}
          ariaLabel={t("screen.rankingLabel", {
            title: t("screen.hoursRanking"),
            items: byHours.map((c, i) => `${c.place.name} ${hoursLabels[i]}`).join("；"),
          })}
        />
      </div>
    </div>
  );
}

function CategoriesPanel(props: { c: Categories | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const c = props.c;
  const items = useMemo(
    () => (c?.categories ?? []).map((x) => ({ name: en ? x.nameEn : x.nameZh, value: x.count })),
    [c, en],
  );
  const pie = useMemo(
    (): ChartOption => ({
      ...axisStyle(),
      color: PALETTE,
      tooltip: { trigger: "item" },
      series: [
        {
          type: "pie",
          radius: ["35%", "70%"],
          data: items,
          label: { color: TEXT, fontSize: 20, formatter: "{b}\n{c}（{d}%）" },
          labelLine: { lineStyle: { color: MUTED } },
        },
      ],
    }),
    [items],
  );
  const bars = useMemo(
    () =>
      barOption(
        items.map((x) => x.name),
        items.map((x) => x.value),
        items.map((x) => String(x.value)),
        PALETTE[2]!,
      ),
    [items],
  );
  if (!c) return null;
  return (
    <div>
      <h2>{t("screen.categoriesTitle", { from: c.from, to: c.to, total: c.total })}</h2>
      {items.length === 0 ? (
        <p className="bigscreen-empty">{t("screen.noCategories")}</p>
      ) : (
        <div className="bigscreen-two">
          <EChart
            renderer="canvas"
            option={pie}
            height={820}
            ariaLabel={t("screen.categoriesLabel", {
              items: items.map((x) => `${x.name} ${x.value}`).join("；"),
            })}
          />
          <EChart
            renderer="canvas"
            option={bars}
            height={820}
            ariaLabel={t("screen.categoriesLabel", {
              items: items.map((x) => `${x.name} ${x.value}`).join("；"),
            })}
          />
        </div>
      )}
    </div>
  );
}

const MAP_W = 1100;
const MAP_H = 840;

function LifecirclePanel(props: { life: LifeData | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const life = props.life;
  const circles = life?.circles ?? [];
  const first = circles[0];
  const kindCode = first?.map.kind ?? null;
  const kindName = first?.lifecircle.kinds.find((k) => k.code === kindCode);
  const kind = kindName ? (en ? kindName.nameEn : kindName.nameZh) : "";

  const map = useMemo((): ChartOption | null => {
    if (circles.length === 0) return null;
    const bands: [number, number][][] = [[], [], [], []];
    const facilities: [number, number][] = [];
    let south = 90;
    let north = -90;
    let west = 180;
    let east = -180;
    for (const { map: m } of circles) {
      const b = m.buildings;
      for (let i = 0; i < b.id.length; i++) {
        const lat = b.lat[i]!;
        const lon = b.lon[i]!;
        const min = b.minutes[i];
        const band = min == null ? 3 : min <= 5 ? 0 : min <= 10 ? 1 : min <= 15 ? 2 : 3;
        bands[band]!.push([lon, lat]);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
        west = Math.min(west, lon);
        east = Math.max(east, lon);
      }
      for (const fa of m.facilities) facilities.push([fa.lon, fa.lat]);
    }
    if (south > north) return null;
    // the same metres per pixel across and up: widen the shorter side around the middle
    const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
    let spanX = Math.max((east - west) * cos, 1e-4);
    let spanY = Math.max(north - south, 1e-4);
    if (spanX / spanY > MAP_W / MAP_H) spanY = (spanX * MAP_H) / MAP_W;
    else spanX = (spanY * MAP_W) / MAP_H;
    const midX = (west + east) / 2;
    const midY = (south + north) / 2;
    const pad = 1.06;
    const names = [t("screen.band.b5"), t("screen.band.b10"), t("screen.band.b15"), t("screen.band.far")];
    return {
      ...axisStyle(),
      legend: { top: 0, textStyle: { color: TEXT, fontSize: 18 } },
      grid: { left: 0, right: 0, top: 40, bottom: 0 },
      xAxis: {
        type: "value",
        show: false,
        min: midX - (spanX * pad) / 2 / cos,
        max: midX + (spanX * pad) / 2 / cos,
      },
      yAxis: { type: "value", show: false, min: midY - (spanY * pad) / 2, max: midY + (spanY * pad) / 2 },
      series: [
        ...bands.map((data, i) => ({
          type: "scatter" as const,
          name: names[i],
          data,
          symbolSize: 5,
          large: true,
          itemStyle: { color: BANDS[i] },
          silent: true,
        })),
        {
          type: "scatter" as const,
          name: t("screen.band.facility"),
          data: facilities,
          symbol: "diamond",
          symbolSize: 14,
          itemStyle: { color: "#ffffff", borderColor: "#4fc3f7", borderWidth: 2 },
        },
      ],
    };
  }, [circles, t]);

  const coverage = useMemo(() => {
    // per kind: buildings within its target over all communities (weighted by their buildings)
    const sums = new Map<string, { name: string; within: number; total: number }>();
    for (const { lifecircle: l } of circles) {
      const n = l.network?.buildings ?? 0;
      for (const k of l.kinds) {
        const s = sums.get(k.code) ?? { name: en ? k.nameEn : k.nameZh, within: 0, total: 0 };
        s.within += k.withinTarget * n;
        s.total += n;
        sums.set(k.code, s);
      }
    }
    const rows = [...sums.values()].map((s) => ({
      name: s.name,
      pct: s.total === 0 ? 0 : Math.round((1000 * s.within) / s.total) / 10,
    }));
    return rows;
  }, [circles, en]);
  const coverageOption = useMemo(
    () =>
      barOption(
        coverage.map((r) => r.name),
        coverage.map((r) => r.pct),
        coverage.map((r) => `${r.pct}%`),
        PALETTE[5]!,
        100,
      ),
    [coverage],
  );

  if (!life) return null;
  if (life.district) return <p className="bigscreen-empty">{t("screen.mapDistrict")}</p>;
  if (!map) return <p className="bigscreen-empty">{t("screen.mapNone")}</p>;
  const buildings = circles.reduce((n, c) => n + c.map.buildings.id.length, 0);
  const facilities = circles.reduce((n, c) => n + c.map.facilities.length, 0);
  return (
    <div className="bigscreen-life">
      <div>
        <h2>{t("screen.mapTitle", { kind })}</h2>
        <EChart
          renderer="canvas"
          option={map}
          height={MAP_H}
          style={{ width: MAP_W }}
          ariaLabel={t("screen.mapLabel", { buildings, facilities })}
        />
        <p className="bigscreen-caption">{t("screen.osm")}</p>
      </div>
      <div>
        <h2>{t("screen.coverageTitle")}</h2>
        <EChart
          renderer="canvas"
          option={coverageOption}
          height={MAP_H}
          ariaLabel={t("screen.coverageLabel", {
            items: coverage.map((r) => `${r.name} ${r.pct}%`).join("；"),
          })}
        />
      </div>
    </div>
  );
}
