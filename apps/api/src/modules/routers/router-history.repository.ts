import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CounterReading, InterfaceRate } from './router-history.rates';

export interface HealthSample {
  cpuLoad: number | null;
  memoryUsedPercent: number | null;
  activeSessions: number | null;
}

/** One router's health over a range as parallel arrays (one entry a minute or hour, oldest first); the max arrays only at hour resolution. */
export interface HealthSeries {
  at: number[];
  cpuLoad: Array<number | null>;
  memoryUsedPercent: Array<number | null>;
  activeSessions: Array<number | null>;
  cpuLoadMax: Array<number | null> | null;
  memoryUsedPercentMax: Array<number | null> | null;
  activeSessionsMax: Array<number | null> | null;
}

/** One interface's traffic over a range as parallel arrays. */
export interface TrafficSeries {
  name: string;
  at: number[];
  rxBps: number[];
  txBps: number[];
  rxBpsMax: number[] | null;
  txBpsMax: number[] | null;
}

/** Rows deleted per statement by retention: each batch is a short transaction, never one long lock. */
const DELETE_BATCH = 50_000;

/**
 * Puts parallel arrays in the order of `at` when they are not already (a safety net: the queries
 * fold them from time-ordered rows, but the time order of an aggregate's input is PostgreSQL's
 * practice, not its promise).
 */
function inTimeOrder<T extends { at: number[] }>(series: T, keys: Array<keyof T>): T {
  const at = series.at;
  if (at.every((t, i) => i === 0 || t >= at[i - 1])) return series;
  const order = at.map((_, i) => i).sort((a, b) => at[a] - at[b]);
  const out = { ...series };
  for (const key of ['at', ...keys] as Array<keyof T>) {
    const values = series[key] as unknown;
    if (Array.isArray(values)) out[key] = order.map((i) => values[i] as unknown) as T[keyof T];
  }
  return out;
}

/**
 * Router history storage (docs/monitoring.md): minute samples, hourly rollups and the interface
 * counters that are the base of the next minute's rates. Reads are (router_id, at) primary-key
 * range scans; rollup and retention are set-based statements over the `at` BRIN indexes.
 */
@Injectable()
export class RouterHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async counters(routerId: string): Promise<Map<string, CounterReading>> {
    const rows: Array<{ interface: string; at: Date; rx_bytes: string; tx_bytes: string }> = await this.dataSource.query(
      `SELECT interface, at, rx_bytes, tx_bytes FROM router_interface_counters WHERE router_id = $1`,
      [routerId],
    );
    return new Map(rows.map((r) => [r.interface, { rxBytes: Number(r.rx_bytes), txBytes: Number(r.tx_bytes), at: r.at }]));
  }

  /**
   * Stores one minute: the health sample (a second reading in the same minute replaces it), the
   * interfaces' rates, and the counters as the next base (interfaces the router no longer
   * reports are forgotten).
   */
  async record(routerId: string, minute: Date, sample: HealthSample | null, rates: InterfaceRate[], counters: Map<string, CounterReading>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (sample) {
        await m.query(
          `INSERT INTO router_samples (router_id, at, cpu_load, memory_used_percent, active_sessions) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (router_id, at) DO UPDATE SET cpu_load = EXCLUDED.cpu_load, memory_used_percent = EXCLUDED.memory_used_percent, active_sessions = EXCLUDED.active_sessions`,
          [routerId, minute, sample.cpuLoad, sample.memoryUsedPercent, sample.activeSessions],
        );
      }
      if (rates.length) {
        await m.query(
          `INSERT INTO router_interface_samples (router_id, at, interface, rx_bps, tx_bps)
           SELECT $1, $2, * FROM unnest($3::varchar[], $4::bigint[], $5::bigint[])
           ON CONFLICT (router_id, at, interface) DO UPDATE SET rx_bps = EXCLUDED.rx_bps, tx_bps = EXCLUDED.tx_bps`,
          [routerId, minute, rates.map((r) => r.name), rates.map((r) => r.rxBps), rates.map((r) => r.txBps)],
        );
      }
      const names = [...counters.keys()];
      await m.query(`DELETE FROM router_interface_counters WHERE router_id = $1 AND NOT (interface = ANY($2::varchar[]))`, [routerId, names]);
      if (names.length) {
        const values = [...counters.values()];
        await m.query(
          `INSERT INTO router_interface_counters (router_id, interface, at, rx_bytes, tx_bytes)
           SELECT $1, * FROM unnest($2::varchar[], $3::timestamptz[], $4::bigint[], $5::bigint[])
           ON CONFLICT (router_id, interface) DO UPDATE SET at = EXCLUDED.at, rx_bytes = EXCLUDED.rx_bytes, tx_bytes = EXCLUDED.tx_bytes`,
          [routerId, names, values.map((v) => v.at), values.map((v) => v.rxBytes), values.map((v) => v.txBytes)],
        );
      }
    });
  }

  /**
   * The chart's health series of one router in [from, to): one primary-key range scan, folded
   * into arrays by PostgreSQL (times as epoch seconds) so a 48-hour answer is one row, not 2,880.
   * The arrays are built from the scan's own order (a sorted subquery, as the PostgreSQL manual
   * suggests for aggregates): an ORDER BY inside each array_agg would sort once per column. They
   * come back as JSON, which the driver parses natively, rather than as PostgreSQL array text.
   */
  async health(routerId: string, resolution: 'minute' | 'hour', from: Date, to: Date): Promise<HealthSeries> {
    const [row]: Array<Record<string, Array<number | null> | null>> =
      resolution === 'minute'
        ? await this.dataSource.query(
            `SELECT to_json(array_agg(extract(epoch FROM at)::int)) AS at, to_json(array_agg(cpu_load)) AS cpu_load, to_json(array_agg(memory_used_percent)) AS memory_used_percent, to_json(array_agg(active_sessions)) AS active_sessions
               FROM (SELECT * FROM router_samples WHERE router_id = $1 AND at >= $2 AND at < $3 ORDER BY at) s`,
            [routerId, from, to],
          )
        : await this.dataSource.query(
            `SELECT to_json(array_agg(extract(epoch FROM at)::int)) AS at,
                    to_json(array_agg(round(cpu_load_avg::numeric, 1)::float8)) AS cpu_load, to_json(array_agg(cpu_load_max)) AS cpu_load_max,
                    to_json(array_agg(round(memory_used_percent_avg::numeric, 1)::float8)) AS memory_used_percent, to_json(array_agg(memory_used_percent_max)) AS memory_used_percent_max,
                    to_json(array_agg(round(active_sessions_avg::numeric, 1)::float8)) AS active_sessions, to_json(array_agg(active_sessions_max)) AS active_sessions_max
               FROM (SELECT * FROM router_samples_hourly WHERE router_id = $1 AND at >= $2 AND at < $3 ORDER BY at) s`,
            [routerId, from, to],
          );
    const hourly = resolution === 'hour';
    const list = (key: string) => row?.[key] ?? [];
    const series: HealthSeries = {
      at: list('at') as number[],
      cpuLoad: list('cpu_load'),
      memoryUsedPercent: list('memory_used_percent'),
      activeSessions: list('active_sessions'),
      cpuLoadMax: hourly ? list('cpu_load_max') : null,
      memoryUsedPercentMax: hourly ? list('memory_used_percent_max') : null,
      activeSessionsMax: hourly ? list('active_sessions_max') : null,
    };
    return inTimeOrder(series, ['cpuLoad', 'memoryUsedPercent', 'activeSessions', 'cpuLoadMax', 'memoryUsedPercentMax', 'activeSessionsMax']);
  }

  /**
   * The chart's traffic series of one router in [from, to), one row per interface (rates as
   * float8: exact below 2^53). The subquery is sorted by interface and time so the grouping
   * reads it in that order and each array stays in time order (a GROUP BY on rows sorted only by
   * time may re-sort them by interface, which does not keep the time order).
   */
  async traffic(routerId: string, resolution: 'minute' | 'hour', from: Date, to: Date): Promise<TrafficSeries[]> {
    const rows: Array<{ name: string; at: number[]; rx: number[]; tx: number[]; rx_max: number[] | null; tx_max: number[] | null }> =
      resolution === 'minute'
        ? await this.dataSource.query(
            `SELECT interface AS name, to_json(array_agg(extract(epoch FROM at)::int)) AS at, to_json(array_agg(rx_bps::float8)) AS rx, to_json(array_agg(tx_bps::float8)) AS tx, NULL AS rx_max, NULL AS tx_max
               FROM (SELECT * FROM router_interface_samples WHERE router_id = $1 AND at >= $2 AND at < $3 ORDER BY interface, at) s GROUP BY interface`,
            [routerId, from, to],
          )
        : await this.dataSource.query(
            `SELECT interface AS name, to_json(array_agg(extract(epoch FROM at)::int)) AS at, to_json(array_agg(rx_bps_avg::float8)) AS rx, to_json(array_agg(tx_bps_avg::float8)) AS tx,
                    to_json(array_agg(rx_bps_max::float8)) AS rx_max, to_json(array_agg(tx_bps_max::float8)) AS tx_max
               FROM (SELECT * FROM router_interface_samples_hourly WHERE router_id = $1 AND at >= $2 AND at < $3 ORDER BY interface, at) s GROUP BY interface`,
            [routerId, from, to],
          );
    return rows.map((r) => inTimeOrder({ name: r.name, at: r.at, rxBps: r.rx, txBps: r.tx, rxBpsMax: r.rx_max, txBpsMax: r.tx_max }, ['rxBps', 'txBps', 'rxBpsMax', 'txBpsMax']));
  }

  /**
   * Rolls the minute samples of the hour starting at `hour` up into hourly rows (average and
   * maximum), for every router at once. Idempotent: re-rolling an hour replaces its rows. An
   * interface's average is over the minutes the router was sampled in that hour (a minute
   * without a traffic row counts as zero), not only the minutes it carried traffic.
   */
  async rollupHour(hour: Date): Promise<{ routers: number; interfaces: number }> {
    const end = new Date(hour.getTime() + 3_600_000);
    const health: unknown[] = await this.dataSource.query(
      `INSERT INTO router_samples_hourly (router_id, at, cpu_load_avg, cpu_load_max, memory_used_percent_avg, memory_used_percent_max, active_sessions_avg, active_sessions_max)
       SELECT router_id, $1, avg(cpu_load), max(cpu_load), avg(memory_used_percent), max(memory_used_percent), avg(active_sessions), max(active_sessions)
         FROM router_samples WHERE at >= $1 AND at < $2 GROUP BY router_id
       ON CONFLICT (router_id, at) DO UPDATE SET cpu_load_avg = EXCLUDED.cpu_load_avg, cpu_load_max = EXCLUDED.cpu_load_max,
         memory_used_percent_avg = EXCLUDED.memory_used_percent_avg, memory_used_percent_max = EXCLUDED.memory_used_percent_max,
         active_sessions_avg = EXCLUDED.active_sessions_avg, active_sessions_max = EXCLUDED.active_sessions_max
       RETURNING 1`,
      [hour, end],
    );
    const traffic: unknown[] = await this.dataSource.query(
      `WITH minutes AS (SELECT router_id, count(*) AS n FROM router_samples WHERE at >= $1 AND at < $2 GROUP BY router_id)
       INSERT INTO router_interface_samples_hourly (router_id, at, interface, rx_bps_avg, rx_bps_max, tx_bps_avg, tx_bps_max)
       SELECT s.router_id, $1, s.interface,
              round(sum(s.rx_bps) / greatest(coalesce(max(m.n), 0), count(*))), max(s.rx_bps),
              round(sum(s.tx_bps) / greatest(coalesce(max(m.n), 0), count(*))), max(s.tx_bps)
         FROM router_interface_samples s LEFT JOIN minutes m ON m.router_id = s.router_id
        WHERE s.at >= $1 AND s.at < $2 GROUP BY s.router_id, s.interface
       ON CONFLICT (router_id, at, interface) DO UPDATE SET rx_bps_avg = EXCLUDED.rx_bps_avg, rx_bps_max = EXCLUDED.rx_bps_max,
         tx_bps_avg = EXCLUDED.tx_bps_avg, tx_bps_max = EXCLUDED.tx_bps_max
       RETURNING 1`,
      [hour, end],
    );
    return { routers: health.length, interfaces: traffic.length };
  }

  /** Deletes rows of `table` older than `before`, DELETE_BATCH at a time; returns how many. */
  async deleteOlder(table: 'router_samples' | 'router_interface_samples' | 'router_samples_hourly' | 'router_interface_samples_hourly', before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown, number]>(`DELETE FROM ${table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE at < $1 LIMIT ${DELETE_BATCH}))`, [before]);
      deleted += count;
      if (count < DELETE_BATCH) return deleted;
    }
  }
}
