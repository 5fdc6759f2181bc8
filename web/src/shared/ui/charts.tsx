// Small SVG charts (grouped bars, lines) for the public board. ECharts is not installed in this
// workspace, so these draw the same two charts with plain SVG: no dependency, phone-sized, and
// larger text in elderly mode. Each chart also carries its numbers as a screen-reader table.
import { useElderlyMode } from "../elderly/elderly-mode";

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const W = 360;

/** Roughly how wide a label is drawn: Chinese characters a full em, others about 0.6 em. */
function textWidth(s: string, font: number): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) && ch !== "≤" ? font : font * 0.6;
  return w;
}

/** The label cut to fit `width`, with an ellipsis when cut. */
function fitLabel(label: string, width: number, font: number): string {
  if (textWidth(label, font) <= width) return label;
  let out = "";
  for (const ch of label) {
    if (textWidth(`${out}${ch}…`, font) > width) break;
    out += ch;
  }
  return `${out}…`;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function Legend(props: { series: Series[]; fontSize: number }) {
  return (
    <div className="chart-legend" style={{ fontSize: props.fontSize }}>
      {props.series.map((s) => (
        <span key={s.name}>
          <i style={{ background: s.color }} />
          {s.name}
        </span>
      ))}
    </div>
  );
}

function DataTable(props: { labels: string[]; series: Series[]; caption: string }) {
  return (
    <table className="sr-only">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th />
          {props.series.map((s) => (
            <th key={s.name}>{s.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.labels.map((l, i) => (
          <tr key={l}>
            <th>{l}</th>
            {props.series.map((s) => (
              <td key={s.name}>{s.values[i]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Grouped vertical bars: one group per label (a grid, a community), one bar per series. */
export function BarChart(props: { labels: string[]; series: Series[]; title: string; testId?: string }) {
  const large = useElderlyMode();
  const font = large ? 15 : 11;
  const top = font + 8;
  const bottom = font * 2 + 12;
  const left = 8;
  const plotH = large ? 190 : 160;
  const H = top + plotH + bottom;
  const max = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const n = Math.max(1, props.labels.length);
  const groupW = (W - left * 2) / n;
  const barW = Math.min(28, (groupW * 0.75) / Math.max(1, props.series.length));
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title} width="100%">
        {[0, 0.5, 1].map((f) => (
          <line
            key={f}
            x1={left}
            x2={W - left}
            y1={top + plotH * (1 - f)}
            y2={top + plotH * (1 - f)}
            stroke={f === 0 ? "#8c8c8c" : "#e8e8e8"}
          />
        ))}
        {props.labels.map((label, i) => {
          const x0 = left + groupW * i + (groupW - barW * props.series.length) / 2;
          const short = fitLabel(label, groupW - 2, font);
          return (
            <g key={label}>
              {props.series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const h = (v / max) * plotH;
                return (
                  <g key={s.name}>
                    <rect
                      x={x0 + k * barW}
                      y={top + plotH - h}
                      width={barW - 2}
                      height={h}
                      fill={s.color}
                      rx={2}
                    />
                    <text
                      x={x0 + k * barW + (barW - 2) / 2}
                      y={top + plotH - h - 4}
                      fontSize={font}
                      textAnchor="middle"
                      fill="#262626"
                    >
                      {v}
                    </text>
                  </g>
                );
              })}
              <text
                x={left + groupW * i + groupW / 2}
                y={top + plotH + font + 6}
                fontSize={font}
                textAnchor="middle"
                fill="#262626"
              >
                {short}
                <title>{label}</title>
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={props.series} fontSize={font + 1} />
      <DataTable labels={props.labels} series={props.series} caption={props.title} />
    </figure>
  );
}

/** Lines over days (or any ordered labels), with dots and the first and last label written out. */
export function LineChart(props: { labels: string[]; series: Series[]; title: string; testId?: string }) {
  const large = useElderlyMode();
  const font = large ? 15 : 11;
  const top = 12;
  const left = font * 2.2;
  const right = 10;
  const plotH = large ? 180 : 150;
  const bottom = font + 14;
  const H = top + plotH + bottom;
  const max = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const n = props.labels.length;
  const x = (i: number) =>
    n <= 1 ? left + (W - left - right) / 2 : left + ((W - left - right) * i) / (n - 1);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max];
  const shown = n <= 1 ? [0] : n <= 4 ? props.labels.map((_, i) => i) : [0, Math.floor((n - 1) / 2), n - 1];
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title} width="100%">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#8c8c8c" : "#e8e8e8"} />
            <text x={left - 4} y={y(v) + font / 3} fontSize={font} textAnchor="end" fill="#595959">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {props.series.map((s) => (
          <g key={s.name}>
            {n > 1 && (
              <polyline
                fill="none"
                stroke={s.color}
                strokeWidth={large ? 3 : 2}
                points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
              />
            )}
            {s.values.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one dot per day, in order
              <circle key={i} cx={x(i)} cy={y(v)} r={large ? 4 : 3} fill={s.color} />
            ))}
          </g>
        ))}
        {shown.map((i) => (
          <text
            key={i}
            x={x(i)}
            y={top + plotH + font + 8}
            fontSize={font}
            textAnchor={n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle"}
            fill="#262626"
          >
            {props.labels[i]}
          </text>
        ))}
      </svg>
      <Legend series={props.series} fontSize={font + 1} />
      <DataTable labels={props.labels} series={props.series} caption={props.title} />
    </figure>
  );
}
