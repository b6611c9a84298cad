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

  it('runs more jobs at once than the pool has connections: a running job holds no connection of its own', async () => {
    // a pool of 2 and six jobs at one tick, each needing the pool for its work: with a
    // connection held per run (the old session advisory lock) every connection was held by a
    // run waiting for another one, and the instance hung for good
    const small = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    try {
      const runner = new JobRunner(small);
      const now = new Date('2026-11-21T09:00:00Z');
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          runner.runScheduled(
            `crowd-${i}`,
            async () => {
              const [{ n }] = await small.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM job_runs WHERE name = $1`, [`crowd-${i}`]);
              await small.transaction((m) => m.query(`SELECT pg_sleep(0.05)`));
              return { seen: n };
            },
            now,
          ),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('succeeded'));
      expect(outcomes.map((o) => o.counts.seen)).toEqual(Array(6).fill(1));
      expect(await small.query(`SELECT name FROM job_leases WHERE name LIKE 'crowd-%'`)).toEqual([]);
    } finally {
      await small.destroy();
    }
  }, 20_000);

  it("takes over a crashed instance's lease once it has run out, never a live one", async () => {
    await instanceA.query(
      `INSERT INTO job_leases (name, holder, acquired_at, expires_at) VALUES ('orphaned', 'gone:1:x', now() - interval '5 minutes', now() - interval '1 second'), ('held', 'alive:2:y', now(), now() + interval '1 minute')`,
    );
    expect((await new JobRunner(instanceB).runNow('orphaned', async () => ({ ok: 1 }))).status).toBe('succeeded');
    expect((await new JobRunner(instanceB).runNow('held', async () => ({ ok: 1 }))).status).toBe('skipped');
    expect(await instanceA.query(`SELECT name, holder FROM job_leases WHERE name IN ('orphaned', 'held')`)).toEqual([{ name: 'held', holder: 'alive:2:y' }]);
  });
});
