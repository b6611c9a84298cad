import { AuditJobs } from '../../apps/api/src/modules/audit/audit.jobs';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/** The audit-retention job, through its cron trigger, the advisory lock and job_runs. */
describe('audit-log retention job', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'true', AUDIT_RETENTION_DAYS: '30' });
  });
  afterAll(() => t?.close());

  it('deletes entries older than the retention window, keeps the rest, and records the run once per tick', async () => {
    await t.dataSource.query(
      `INSERT INTO audit_logs (action, created_at)
       SELECT 'test.old', now() - interval '31 days' - (g || ' minutes')::interval FROM generate_series(1, 1200) g
       UNION ALL SELECT 'test.recent', now() - interval '29 days' FROM generate_series(1, 5)`,
    );
    const job = t.app.get(AuditJobs);
    await Promise.all([job.onTick(), job.onTick()]);

    const remaining = await t.dataSource.query(`SELECT action, count(*)::int AS n FROM audit_logs WHERE action LIKE 'test.%' GROUP BY action`);
    expect(remaining).toEqual([{ action: 'test.recent', n: 5 }]);
    const runs = await t.dataSource.query(`SELECT status, counts, finished_at FROM job_runs WHERE name = 'audit-retention'`);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { deleted: 1200 } });
    expect(runs[0].finished_at).not.toBeNull();
  });
});
