import { loadConfig } from '../../config/load-config';
import type { TestApp } from '../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../test/setup/test-app';
import { JobQueue } from './job-queue.service';

/**
 * The durable queue against PostgreSQL (docs/architecture.md "Background work"): a queue of our
 * own on the test app's database, with the expiry and maintenance of the multi-instance test.
 */
describe('JobQueue', () => {
  let t: TestApp;
  let queue: JobQueue;
  const runs: { key: string; attempt: number }[] = [];
  const exhausted: { key: string; reason: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', DATABASE_URL: t.db.url, JOBS_QUEUE_EXPIRE_SECONDS: '3', JOBS_QUEUE_MAINTENANCE_SECONDS: '1', JOBS_QUEUE_POLL_MS: '100' });
    queue = new JobQueue(config, t.dataSource);
    queue.define<{ key: string; fail?: boolean }>('test-work', {
      concurrency: 1,
      run: async (job) => {
        runs.push({ key: job.data.key, attempt: job.retryCount + 1 });
        if (job.data.fail) throw new Error(`refused ${job.data.key}`);
      },
      exhausted: async (data, reason) => void exhausted.push({ key: data.key, reason }),
    });
    await queue.onApplicationBootstrap();
  });
  afterAll(async () => {
    await queue?.beforeApplicationShutdown();
    await t?.close();
  });

  it('runs a job once its transaction commits; a rolled-back send leaves no job', async () => {
    await t.dataSource
      .transaction(async (manager) => {
        await queue.send(manager, 'test-work', { key: 'rolled-back' }, 'rolled-back');
        throw new Error('the request failed');
      })
      .catch(() => undefined);
    expect(await queue.pending(['test-work'], 'rolled-back')).toBe(0);

    await t.dataSource.transaction((manager) => queue.send(manager, 'test-work', { key: 'one' }, 'one'));
    queue.notify('test-work');
    await queue.settled(['test-work'], 'one', 30_000);
    expect(runs.filter((r) => r.key === 'one' || r.key === 'rolled-back')).toEqual([{ key: 'one', attempt: 1 }]);
  });

  it('keeps one waiting job per key', async () => {
    const sent = await t.dataSource.transaction(async (manager) => [
      await queue.send(manager, 'test-work', { key: 'twice' }, 'twice'),
      await queue.send(manager, 'test-work', { key: 'twice' }, 'twice'),
    ]);
    expect(sent).toEqual([true, false]);
    queue.notify('test-work');
    await queue.settled(['test-work'], 'twice', 30_000);
    expect(runs.filter((r) => r.key === 'twice')).toHaveLength(1);
  });

  it('retries a job that throws, then hands it to exhausted with the reason and counts it failed', async () => {
    const before = (await queue.queueStats()).find((s) => s.queue === 'test-work')!;
    await t.dataSource.transaction((manager) => queue.send(manager, 'test-work', { key: 'bad', fail: true }, 'bad'));
    queue.notify('test-work');
    await queue.settled(['test-work'], 'bad', 60_000);
    expect(runs.filter((r) => r.key === 'bad').map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(exhausted).toEqual([{ key: 'bad', reason: 'refused bad' }]);
    const after = (await queue.queueStats()).find((s) => s.queue === 'test-work')!;
    expect(after).toEqual({ queue: 'test-work', queued: 0, active: 0, failedLast24h: before.failedLast24h + 1, oldestQueuedAt: null });
  });
});
