import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import '@/components/ui/chart.css';
import { errorMessage } from '@/lib/api-error';
import { routerHistoryQuery, useRefreshRouter, type HistoryRange, type RouterHistory as History, type RouterLiveFigures } from '../api/router-history';
import './router-history.css';

const RANGES: HistoryRange[] = ['6h', '24h', '48h', '7d', '30d', '90d'];

const timeFmt = new Intl.DateTimeFormat('en-KE', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Africa/Nairobi' });
const dayFmt = new Intl.DateTimeFormat('en-KE', { day: 'numeric', month: 'short', timeZone: 'Africa/Nairobi' });
const fullFmt = new Intl.DateTimeFormat('en-KE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Africa/Nairobi' });

/** 1234567 → "1.2 Mbit/s" */
function formatBps(bps: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

const percent = (v: number) => `${Math.round(v)}%`;
const count = (v: number) => (v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1));

interface Series {
  label: string;
  tone: 'a' | 'b' | 'a-max' | 'b-max';
  points: Array<{ at: number; value: number | null }>;
}

/** 0–max → a round upper bound and tick step (1, 2, 2.5, 5 × 10^n). */
function niceTop(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 0.5 };
  const raw = max / 3;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  return { top: step * Math.ceil(max / step), step };
}

/** The element's width in CSS pixels (the chart is drawn at that size so its text stays readable on a phone). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.round(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * A time-series line chart in plain SVG: x is time over [from, to), a gap longer than one and a
 * half steps (the router was not read) breaks the line. The values are also in a visually hidden
 * table for screen readers.
 */
function TimeChart({
  title,
  series,
  from,
  to,
  stepMs,
  format,
  fixedTop,
}: {
  title: string;
  series: Series[];
  from: number;
  to: number;
  stepMs: number;
  format: (v: number) => string;
  fixedTop?: number;
}) {
  const id = useId();
  const [ref, width] = useWidth<HTMLDivElement>(600);
  const height = 170;
  const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  const { top, step } = fixedTop ? { top: fixedTop, step: fixedTop / 2 } : niceTop(max);
  // room on the left for the longest tick label (about 7 px a character at 12 px)
  const pad = { top: 10, right: 10, bottom: 24, left: 12 + 7 * Math.max(format(top).length, format(step).length) };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = (t: number) => pad.left + ((t - from) / Math.max(1, to - from)) * innerW;
  const y = (v: number) => pad.top + innerH - (Math.min(v, top) / top) * innerH;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  const dayScale = to - from > 48 * 3_600_000;
  const tickCount = width < 420 ? 3 : 5;
  const xTicks = Array.from({ length: tickCount }, (_, i) => from + ((to - from) * i) / (tickCount - 1));
  const paths = series.map((s) => {
    let d = '';
    let last: number | null = null;
    for (const p of s.points) {
      if (p.value === null) {
        last = null;
        continue;
      }
      d += `${last === null || p.at - last > stepMs * 1.5 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`;
      last = p.at;
    }
    return d;
  });
  const latest = series[0]?.points.at(-1);
  return (
    <figure className="chart history-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="history-chart-title">
        <span>{title}</span>
        {latest && latest.value !== null ? <span className="history-chart-latest">{format(latest.value)}</span> : null}
      </figcaption>
      {series.length > 1 ? (
        <ul className="history-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.label}>
              <span className={`history-swatch history-${s.tone}`} /> {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <div ref={ref}>
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="chart-svg" role="img" aria-labelledby={`${id}-title`}>
          <g aria-hidden="true">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="history-gridline" />
                <text x={pad.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart-tick">
                  {format(t)}
                </text>
              </g>
            ))}
          </g>
          {paths.map((d, i) => (d ? <path key={series[i]!.label} d={d} className={`history-line history-${series[i]!.tone}`} fill="none" /> : null))}
          <g aria-hidden="true">
            <line className="chart-axis" x1={pad.left} x2={width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} />
            {xTicks.map((t, i) => (
              <text key={t} x={x(t)} y={height - 6} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'} className="chart-label">
                {(dayScale ? dayFmt : timeFmt).format(new Date(t))}
              </text>
            ))}
          </g>
        </svg>
      </div>
      <div className="visually-hidden">
        <table>
          <caption>{title} (values)</caption>
          <tbody>
            {(series[0]?.points ?? []).slice(-60).map((p, k, shown) => {
              const i = (series[0]?.points.length ?? 0) - shown.length + k;
              return (
                <tr key={p.at}>
                  <th scope="row">{fullFmt.format(new Date(p.at))}</th>
                  {series.map((s) => {
                    const value = s.points[i]?.value;
                    return <td key={s.label}>{value === null || value === undefined ? '—' : `${s.label}: ${format(value)}`}</td>;
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function LiveFigures({ live }: { live: RouterLiveFigures }) {
  if (live.status !== 'online') {
    return (
      <Alert tone="warning" title={`Router is ${live.status}`}>
        {live.error ?? 'It could not be read just now.'}
      </Alert>
    );
  }
  return (
    <dl className="history-live" aria-label="Live figures">
      <div>
        <dt>CPU</dt>
        <dd>{live.cpuLoad === null ? '—' : percent(live.cpuLoad)}</dd>
      </div>
      <div>
        <dt>Memory used</dt>
        <dd>{live.memoryUsedPercent === null ? '—' : percent(live.memoryUsedPercent)}</dd>
      </div>
      <div>
        <dt>Sessions</dt>
        <dd>{live.activeSessions ?? '—'}</dd>
      </div>
      {live.interfaces.slice(0, 3).map((i) => (
        <div key={i.name}>
          <dt>{i.name}</dt>
          <dd>
            ↓ {formatBps(i.rxBps)} · ↑ {formatBps(i.txBps)}
          </dd>
        </div>
      ))}
      <div className="history-live-at">
        <dt>Read at</dt>
        <dd>{timeFmt.format(new Date(live.at))}</dd>
      </div>
    </dl>
  );
}

function Charts({ data }: { data: History }) {
  const [picked, setPicked] = useState<string | null>(null);
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const stepMs = data.stepSeconds * 1000;
  const hourly = data.resolution === 'hour';
  const times = (seconds: number[]) => seconds.map((t) => t * 1000);
  const zip = (at: number[], values: Array<number | null> | null): Series['points'] => at.map((t, i) => ({ at: t, value: values?.[i] ?? null }));
  const h = data.health;
  const healthAt = times(h.at);
  const health = (label: string, avg: Array<number | null>, max: Array<number | null> | null): Series[] =>
    hourly
      ? [
          { label: `${label}, hourly average`, tone: 'a', points: zip(healthAt, avg) },
          { label: `${label}, highest minute`, tone: 'a-max', points: zip(healthAt, max) },
        ]
      : [{ label, tone: 'a', points: zip(healthAt, avg) }];
  const iface = data.interfaces.find((i) => i.name === picked) ?? data.interfaces[0];
  const ifaceAt = iface ? times(iface.at) : [];
  const traffic: Series[] = iface
    ? [
        { label: 'In (received)', tone: 'a', points: zip(ifaceAt, iface.rxBps) },
        { label: 'Out (sent)', tone: 'b', points: zip(ifaceAt, iface.txBps) },
        ...(hourly ? [{ label: 'In, highest minute', tone: 'a-max' as const, points: zip(ifaceAt, iface.rxBpsMax) }] : []),
      ]
    : [];
  const span = `${hourly ? 'hourly' : 'per minute'}, ${fullFmt.format(new Date(from))} – ${fullFmt.format(new Date(to))}`;
  if (h.at.length === 0 && data.interfaces.length === 0) {
    return <p className="muted history-empty">No readings in this range yet. The router is read once a minute while it is online; hourly figures start after the first full hour.</p>;
  }
  return (
    <>
      <p className="muted history-span">{span}</p>
      <div className="history-grid">
        <TimeChart title="CPU load" series={health('CPU', h.cpuLoad, h.cpuLoadMax)} from={from} to={to} stepMs={stepMs} format={percent} fixedTop={100} />
        <TimeChart title="Memory used" series={health('Memory', h.memoryUsedPercent, h.memoryUsedPercentMax)} from={from} to={to} stepMs={stepMs} format={percent} fixedTop={100} />
        <TimeChart title="Active sessions" series={health('Sessions', h.activeSessions, h.activeSessionsMax)} from={from} to={to} stepMs={stepMs} format={count} />
        <div className="history-traffic">
          {data.interfaces.length > 1 ? (
            <label className="history-iface">
              <span>Interface</span>
              <select className="input" value={iface?.name ?? ''} onChange={(e) => setPicked(e.target.value)}>
                {data.interfaces.map((i) => (
                  <option key={i.name} value={i.name}>
                    {i.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {iface ? (
            <TimeChart title={`Traffic on ${iface.name}${hourly ? ' (hourly average)' : ''}`} series={traffic} from={from} to={to} stepMs={stepMs} format={formatBps} />
          ) : (
            <p className="muted">No interface carried traffic in this range.</p>
          )}
        </div>
      </div>
    </>
  );
}

/** The router page's history (docs/monitoring.md): CPU, memory, sessions and traffic over a chosen range, and a refresh of the live figures. */
export function RouterHistory({ id }: { id: string }) {
  const [range, setRange] = useState<HistoryRange>('24h');
  const query = useQuery(routerHistoryQuery(id, range));
  const refresh = useRefreshRouter(id);
  return (
    <Card
      title="History"
      className="router-history"
      actions={
        <Button variant="secondary" size="sm" onClick={() => refresh.mutate()} loading={refresh.isPending}>
          Refresh now
        </Button>
      }
    >
      {refresh.data ? <LiveFigures live={refresh.data} /> : null}
      {refresh.isError ? (
        <Alert tone="danger" title="Could not read the router">
          {errorMessage(refresh.error)}
        </Alert>
      ) : null}
      <div className="segmented history-ranges" role="group" aria-label="Range">
        {RANGES.map((r) => (
          <button key={r} type="button" className="segmented-item" aria-pressed={range === r} onClick={() => setRange(r)}>
            {r}
          </button>
        ))}
      </div>
      {query.isPending ? <LoadingState label="Loading history…" /> : null}
      {query.isError ? <ErrorState title="Could not load the history" error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? <Charts data={query.data} /> : null}
    </Card>
  );
}
