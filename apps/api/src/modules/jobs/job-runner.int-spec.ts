import { DataSource } from 'typeorm';
import type { TestDatabase } from '../../../../../test/setup/test-database';
import { createTestDatabase } from '../../../../../test/setup/test-database';
import { dataSourceOptions } from '../../database/data-source-options';
import { JobRunner } from './job-runner.service';

describe('JobRunner (PostgreSQL)', () => {
  let db: TestDatabase;
  let instanceA: DataSource;
  let instanceB: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // two "API instances": separate pools on one database
    instanceA = await new DataSource(dataSourceOptions(db.url, 3)).initialize();
    instanceB = await new DataSource(dataSourceOptions(db.url, 3)).initialize();
  });
  afterAll(async () => {
    await instanceA?.destroy();
    await instanceB?.destroy();
    await db?.drop();
  });

  const runsOf = async (name: string) => instanceA.query(`SELECT status, counts, error, duration_ms, tick FROM job_runs WHERE name = $1 ORDER BY started_at`, [name]);

  it('runs a tick once across two instances firing at the same moment', async () => {
    let executions = 0;
    const work = async () => {
      executions++;
      await new Promise((r) => setTimeout(r, 50));
      return { processed: 7 };
    };
    const now = new Date('2026-11-21T08:00:10Z');
    const outcomes = await Promise.all([new JobRunner(instanceA).runScheduled('tick-once', work, now), new JobRunner(instanceB).runScheduled('tick-once', work, new Date(now.getTime() + 900))]);
    expect(executions).toBe(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['skipped', 'succeeded']);
    const runs = await runsOf('tick-once');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { processed: 7 }, error: null });
    expect(runs[0].tick.toISOString()).toBe('2026-11-21T08:00:00.000Z');
    // a later instance on the same tick (clock skew) still does not run it again
    expect((await new JobRunner(instanceB).runScheduled('tick-once', work, now)).status).toBe('skipped');
    // the next tick runs
    expect((await new JobRunner(instanceB).runScheduled('tick-once', work, new Date(now.getTime() + 60_000))).status).toBe('succeeded');
    expect(executions).toBe(2);
  });

  it('never overlaps a slow run with a manual one', async () => {
    let release!: () => void;
    let running!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((r) => (running = r));
    const first = new JobRunner(instanceA).runNow('no-overlap', async () => {
      running();
      await slow;
      return { done: 1 };
    });
    await started; // the first run holds the lock and is working
    const second = await new JobRunner(instanceB).runNow('no-overlap', async () => ({ done: 1 }));
    expect(second.status).toBe('skipped');
    release();
    expect((await first).status).toBe('succeeded');
    expect((await new JobRunner(instanceB).runNow('no-overlap', async () => ({ done: 2 }))).status).toBe('succeeded');
  });

  it('records a failing run with its error and keeps going next time', async () => {
    const runner = new JobRunner(instanceA);
    const failed = await runner.runNow('flaky', async () => {
      throw new Error('router timed out');
    });
    expect(failed).toMatchObject({ status: 'failed', error: 'router timed out' });
    const runs = await runsOf('flaky');
    expect(runs[0]).toMatchObject({ status: 'failed', error: 'router timed out' });
    expect(runs[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect((await runner.runNow('flaky', async () => ({ ok: 1 }))).status).toBe('succeeded');
  });
});
