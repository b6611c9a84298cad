import { useId } from 'react';
import './chart.css';

export interface ChartDatum {
  /** Short axis label (e.g. "12 Mar", "Week 10", a plan name). */
  label: string;
  value: number;
  /** Text for the tooltip and the screen-reader table; defaults to `label: value`. */
  description?: string;
}

export interface ChartProps {
  /** Accessible name of the chart (also the data table's caption). */
  title: string;
  data: ChartDatum[];
  kind?: 'bar' | 'line';
  /** Formats values on the axis and in the tooltips (default: the number). */
  format?: (value: number) => string;
  height?: number;
}

const W = 640;
const PAD = { top: 12, right: 12, bottom: 44, left: 64 };

/** 0–max → a "nice" upper bound and tick step (1, 2, 2.5, 5 × 10^n). */
function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 0.25 };
  const raw = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  return { top: step * Math.ceil(max / step), step };
}

/**
 * A small dependency-free SVG bar or line chart. It scales to its container's width; the
 * numbers are also in a visually hidden table so screen readers get the values, and each
 * bar/point has a <title> tooltip.
 */
export function Chart({ title, data, kind = 'bar', format = (v) => String(v), height = 220 }: ChartProps) {
  const id = useId();
  const H = height;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const max = Math.max(0, ...data.map((d) => d.value));
  const { top, step } = niceScale(max);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const band = data.length ? innerW / data.length : innerW;
  const x = (i: number) => PAD.left + band * i + band / 2;
  const barW = Math.max(2, Math.min(48, band * 0.7));
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  // Thin out the x labels so they never overlap (about 56 user units per label).
  const every = Math.max(1, Math.ceil(data.length / Math.max(1, Math.floor(innerW / 56))));
  const describe = (d: ChartDatum) => d.description ?? `${d.label}: ${format(d.value)}`;

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="visually-hidden">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-labelledby={`${id}-title`} preserveAspectRatio="xMidYMid meet">
        <g className="chart-grid" aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
              <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart-tick">
                {format(t)}
              </text>
            </g>
          ))}
        </g>
        {kind === 'bar'
          ? data.map((d, i) => {
              const h = Math.max(d.value > 0 ? 1 : 0, (d.value / top) * innerH);
              return (
                <rect key={i} className="chart-bar" x={x(i) - barW / 2} y={PAD.top + innerH - h} width={barW} height={h} rx={2} data-value={d.value}>
                  <title>{describe(d)}</title>
                </rect>
              );
            })
          : null}
        {kind === 'line' && data.length > 0 ? (
          <>
            <polyline className="chart-line" fill="none" points={data.map((d, i) => `${x(i)},${y(d.value)}`).join(' ')} />
            {data.map((d, i) => (
              <circle key={i} className="chart-point" cx={x(i)} cy={y(d.value)} r={4} data-value={d.value}>
                <title>{describe(d)}</title>
              </circle>
            ))}
          </>
        ) : null}
        <g aria-hidden="true">
          <line className="chart-axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
          {data.map((d, i) =>
            i % every === 0 ? (
              <text key={i} x={x(i)} y={PAD.top + innerH + 16} textAnchor="middle" className="chart-label">
                {d.label.length > 12 ? d.label.slice(0, 11) + '…' : d.label}
              </text>
            ) : null,
          )}
        </g>
      </svg>
      {/* hidden by a div: a table ignores the 1px width and would widen a phone page */}
      <div className="visually-hidden">
        <table>
          <caption>{title} (values)</caption>
          <tbody>
            {data.map((d, i) => (
              <tr key={i}>
                <th scope="row">{d.label}</th>
                <td>{format(d.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
