import { useId } from 'react';
import './dashboard.css';

export interface BarDatum {
  label: string;
  value: number;
  /** Text for the bar's tooltip and the accessible table, e.g. "KES 1,200". */
  display?: string;
}

/**
 * A hand-rolled SVG bar chart (no chart library). The numbers are also given as a visually
 * hidden table, so screen readers get the data rather than a picture.
 */
export function BarChart({ data, title, height = 160, formatAxis = (n) => String(n) }: { data: BarDatum[]; title: string; height?: number; formatAxis?: (n: number) => string }) {
  const id = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  const width = 600;
  const pad = { top: 8, right: 4, bottom: 20, left: 48 };
  const inner = { w: width - pad.left - pad.right, h: height - pad.top - pad.bottom };
  const step = inner.w / Math.max(1, data.length);
  const barW = Math.max(2, step * 0.7);
  const ticks = [0, max / 2, max];
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-hidden="true" preserveAspectRatio="none">
        {ticks.map((t) => {
          const y = pad.top + inner.h - (t / max) * inner.h;
          return (
            <g key={t}>
              <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} className="chart-grid" />
              <text x={pad.left - 6} y={y + 4} textAnchor="end" className="chart-axis">
                {formatAxis(t)}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          const h = (d.value / max) * inner.h;
          const x = pad.left + i * step + (step - barW) / 2;
          return (
            <rect key={d.label} x={x} y={pad.top + inner.h - h} width={barW} height={Math.max(h, d.value > 0 ? 1 : 0)} rx={1.5} className="chart-bar">
              <title>{`${d.label}: ${d.display ?? d.value}`}</title>
            </rect>
          );
        })}
        {data.length > 0 ? (
          <>
            <text x={pad.left} y={height - 4} className="chart-axis">
              {data[0]!.label}
            </text>
            <text x={width - pad.right} y={height - 4} textAnchor="end" className="chart-axis">
              {data[data.length - 1]!.label}
            </text>
          </>
        ) : null}
      </svg>
      {/* hidden by a div: a table ignores the 1px width and would widen a phone page */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <th scope="row">{d.label}</th>
                <td>{d.display ?? d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Horizontal proportion bars (e.g. vouchers by status), labelled with their counts. */
export function ProportionBars({ items, title }: { items: { label: string; value: number; tone?: 'success' | 'warning' | 'danger' | 'info' | 'neutral' }[]; title: string }) {
  const total = items.reduce((n, i) => n + i.value, 0);
  return (
    <div className="proportions" role="list" aria-label={title}>
      {items.map((i) => (
        <div key={i.label} className="proportion" role="listitem">
          <span className="proportion-label">{i.label}</span>
          <span className="proportion-track" aria-hidden="true">
            <span className={`proportion-fill tone-${i.tone ?? 'info'}`} style={{ width: total ? `${(i.value / total) * 100}%` : '0%' }} />
          </span>
          <span className="proportion-value">{i.value.toLocaleString('en-KE')}</span>
        </div>
      ))}
    </div>
  );
}
