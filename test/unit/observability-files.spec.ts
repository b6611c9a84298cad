import * as fs from 'node:fs';
import * as path from 'node:path';
import { Histogram, Summary } from 'prom-client';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import type { LiveUpdatesBus } from '../../apps/api/src/common/live-updates/live-updates-bus';
import { Metrics } from '../../apps/api/src/common/metrics/metrics';
import { MetricsService } from '../../apps/api/src/modules/health/metrics.service';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The series names the API exports: every registered metric, with a histogram's `_bucket`, `_sum` and `_count`. */
function exportedSeries(): Set<string> {
  const metrics = new Metrics();
  // registers the database gauges; nothing is read from the (absent) database until a scrape
  new MetricsService(metrics, {} as DataSource, { state: () => ({ listening: true, reconnects: 0, lastError: null }) } as unknown as LiveUpdatesBus);
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const name = (metric as unknown as { name: string }).name;
    names.add(name);
    if (metric instanceof Histogram) ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    if (metric instanceof Summary) ['_sum', '_count'].forEach((suffix) => names.add(name + suffix));
  }
  return names;
}

const metricNames = (expr: string) => [...expr.matchAll(/\b(wavu_[a-z0-9_]+)\b/g)].map((m) => m[1]);

/** GitHub's anchor of a Markdown heading. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

/** deploy/grafana and deploy/prometheus are documented, not run here: they must not drift from what the API exports. */
describe('Grafana dashboard and Prometheus rules', () => {
  const exported = exportedSeries();
  const rules = parse(read('deploy/prometheus/alerts.yml')) as {
    groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: { severity: string }; annotations: Record<string, string> }[] }[];
  };
  const alerts = rules.groups.flatMap((g) => g.rules);
  const dashboard = JSON.parse(read('deploy/grafana/wavu-dashboard.json')) as { uid: string; panels: { id: number; type: string; title: string; targets?: { expr: string }[] }[] };
  const dashboardExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('the exported metrics include every one an operator alerts on', () => {
    for (const name of [
      'wavu_http_requests_total',
      'wavu_http_request_duration_seconds_bucket',
      'wavu_webhooks_total',
      'wavu_daraja_request_duration_seconds_bucket',
      'wavu_stk_push_to_callback_seconds_bucket',
      'wavu_outbox_backlog',
      'wavu_outbox_dead_letters',
      'wavu_routers',
      'wavu_job_run_duration_seconds_bucket',
      'wavu_job_runs_total',
      'wavu_queue_jobs',
      'wavu_live_updates_listening',
    ])
      expect([name, exported.has(name)]).toEqual([name, true]);
  });

  it('every alert rule names only exported metrics, has a severity and a runbook section in docs/operations.md', () => {
    const headings = new Set([...read('docs/operations.md').matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1])));
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    for (const rule of alerts) {
      const names = metricNames(rule.expr);
      expect([rule.alert, names.length > 0 || /\bup\{/.test(rule.expr)]).toEqual([rule.alert, true]);
      for (const name of names) expect([rule.alert, name, exported.has(name)]).toEqual([rule.alert, name, true]);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toEqual(expect.any(String));
      const [file, section] = rule.annotations.runbook.split('#');
      expect([rule.alert, file, headings.has(section)]).toEqual([rule.alert, 'docs/operations.md', true]);
    }
  });

  it('every dashboard panel queries only exported metrics, and the dashboard shows each alerting signal', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(dashboardExprs.length).toBeGreaterThan(10);
    for (const expr of dashboardExprs) for (const name of metricNames(expr)) expect([name, exported.has(name)]).toEqual([name, true]);
    const shown = new Set(dashboardExprs.flatMap(metricNames));
    for (const rule of alerts)
      for (const name of metricNames(rule.expr)) expect([rule.alert, name, shown.has(name.replace(/_(bucket|sum|count)$/, '_bucket')) || shown.has(name)]).toEqual([rule.alert, name, true]);
  });

  it('the scrape example loads the rules file and scrapes /metrics with the bearer token', () => {
    const config = parse(read('deploy/prometheus/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; metrics_path: string; authorization: { type: string } }[] };
    expect(config.rule_files).toEqual(['alerts.yml']);
    const job = config.scrape_configs.find((c) => c.job_name === 'wavu-api')!;
    expect(job).toMatchObject({ metrics_path: '/metrics', authorization: { type: 'Bearer' } });
    // WavuInstanceDown watches this job's `up`
    expect(alerts.find((a) => a.alert === 'WavuInstanceDown')!.expr).toContain('job="wavu-api"');
  });
});
