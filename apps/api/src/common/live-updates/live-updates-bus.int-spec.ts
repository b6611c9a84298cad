import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { TestDatabase } from '../../../../../test/setup/test-database';
import { createTestDatabase } from '../../../../../test/setup/test-database';
import { dataSourceOptions } from '../../database/data-source-options';
import type { LiveUpdate } from './live-updates-bus';
import { LIVE_UPDATES_CHANNEL, LiveUpdatesBus } from './live-updates-bus';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settled = (providerId: string, paymentId: string): LiveUpdate => ({
  type: 'payment.settled',
  providerId,
  data: { paymentId, amount: 50, currency: 'KES', planName: '1 hour', phoneMasked: '2547••••123', at: new Date().toISOString() },
});

describe('LiveUpdatesBus over LISTEN/NOTIFY (PostgreSQL)', () => {
  let db: TestDatabase;
  let poolA: DataSource;
  let poolB: DataSource;
  let busA: LiveUpdatesBus;
  let busB: LiveUpdatesBus;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    // two "API instances": separate pools and buses on one database
    poolA = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    poolB = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    busA = new LiveUpdatesBus(poolA, { minMs: 50, maxMs: 400 });
    // B waits a second before reconnecting: a window in which the test sees it not listening
    busB = new LiveUpdatesBus(poolB, { minMs: 1000, maxMs: 2000 });
    await Promise.all([busA.onModuleInit(), busB.onModuleInit()]);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await busA?.onModuleDestroy();
    await busB?.onModuleDestroy();
    await admin?.end();
    await poolA?.destroy();
    await poolB?.destroy();
    await db?.drop();
  });

  it('delivers an event published on one instance once to each instance, filtered per provider', async () => {
    expect(busA.state()).toMatchObject({ listening: true, reconnects: 0 });
    const onA: LiveUpdate[] = [];
    const onB: LiveUpdate[] = [];
    const otherTenantOnB: LiveUpdate[] = [];
    const everyoneOnB: LiveUpdate[] = [];
    const subs = [
      busA.stream({ providerId: 'p-1' }).subscribe((e) => onA.push(e)),
      busB.stream({ providerId: 'p-1' }).subscribe((e) => onB.push(e)),
      busB.stream({ providerId: 'p-2' }).subscribe((e) => otherTenantOnB.push(e)),
      busB.stream({ allProviders: true }).subscribe((e) => everyoneOnB.push(e)),
    ];
    try {
      busA.publish(settled('p-1', 'pay-1'));
      busB.publish(settled('p-1', 'pay-2'));
      busA.publish(settled('p-3', 'pay-3'));
      await waitFor(() => onA.length >= 2 && onB.length >= 2 && everyoneOnB.length >= 3, 'both instances to hear both events');
      // a later event as a marker: everything before it has been delivered
      busB.publish(settled('p-9', 'marker'));
      await waitFor(() => everyoneOnB.some((e) => e.type === 'payment.settled' && e.data.paymentId === 'marker'), 'the marker');
      const ids = (events: LiveUpdate[]) => events.map((e) => (e.type === 'payment.settled' ? e.data.paymentId : e.type));
      // once each (not locally and again through NOTIFY); the order holds per sending instance only
      expect(ids(onA).sort()).toEqual(['pay-1', 'pay-2']);
      expect(ids(onB).sort()).toEqual(['pay-1', 'pay-2']);
      expect(otherTenantOnB).toEqual([]);
      expect(ids(everyoneOnB).sort()).toEqual(['marker', 'pay-1', 'pay-2', 'pay-3']);
      expect(ids(everyoneOnB).filter((id) => id !== 'pay-2')).toEqual(['pay-1', 'pay-3', 'marker']);
      expect(onB.find((e) => e.type === 'payment.settled' && e.data.paymentId === 'pay-1')).toMatchObject({
        type: 'payment.settled',
        providerId: 'p-1',
        data: { amount: 50, currency: 'KES', phoneMasked: '2547••••123' },
      });
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  });

  it('sends a burst one NOTIFY at a time, in order, without overlapping queries on the LISTEN connection', async () => {
    // node-postgres deprecates a query sent while its client is still busy (pg 9 refuses it): count the overlap
    const client = (busA as unknown as { client: Client }).client;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let inFlight = 0;
    let mostInFlight = 0;
    (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await query(...args);
      } finally {
        inFlight--;
      }
    };
    const heardB: string[] = [];
    const sub = busB.stream({ providerId: 'p-burst' }).subscribe((e) => heardB.push((e.data as { paymentId: string }).paymentId));
    try {
      const ids = Array.from({ length: 50 }, (_, i) => `burst-${i}`);
      for (const id of ids) busA.publish(settled('p-burst', id)); // in one tick, as concurrent callbacks do
      await waitFor(() => heardB.length === ids.length, 'the whole burst on the other instance');
      expect(heardB).toEqual(ids);
      expect(mostInFlight).toBe(1);
    } finally {
      sub.unsubscribe();
      delete (client as unknown as { query?: unknown }).query; // the prototype's again
    }
  });

  it('ends a user\u2019s streams on every instance', async () => {
    let endedOnA = 0;
    let endedOnB = 0;
    const subs = [busA.sessionEnds('user-1').subscribe(() => endedOnA++), busB.sessionEnds('user-1').subscribe(() => endedOnB++), busB.sessionEnds('user-2').subscribe(() => (endedOnB += 100))];
    try {
      busB.endSessions('user-1');
      await waitFor(() => endedOnA === 1 && endedOnB === 1, 'both instances to end the sessions');
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  });

  it('skips a payload PostgreSQL would refuse, and ignores foreign notices on the channel', async () => {
    const heard: LiveUpdate[] = [];
    const sub = busB.stream({ allProviders: true }).subscribe((e) => heard.push(e));
    try {
      const huge = settled('p-1', 'huge');
      if (huge.type === 'payment.settled') huge.data.planName = 'x'.repeat(9000);
      busA.publish(huge);
      await admin.query(`SELECT pg_notify($1, $2)`, [LIVE_UPDATES_CHANNEL, '{"k":"event","e":{"type":"router.nope","providerId":"p-1","data":{}}}']);
      await admin.query(`SELECT pg_notify($1, $2)`, [LIVE_UPDATES_CHANNEL, 'not json']);
      busA.publish(settled('p-1', 'after'));
      await waitFor(() => heard.length > 0, 'the event after');
      expect(heard.map((e) => (e.type === 'payment.settled' ? e.data.paymentId : e.type))).toEqual(['after']);
    } finally {
      sub.unsubscribe();
    }
  });

  it('reconnects after its LISTEN connection is killed, and hears the other instance again', async () => {
    const listeners = async () =>
      (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'wavu-api-live-updates'`)).rows.map((r) => r.pid);
    expect(await listeners()).toHaveLength(2);
    const [pidB] = await pidsOf(busB);
    expect(await listeners()).toContain(pidB);
    await admin.query(`SELECT pg_terminate_backend($1)`, [pidB]);
    await waitFor(() => !busB.state().listening, 'B to notice the loss');
    // while B is down, B's own events still reach B's browsers (locally), and A through the pool
    const onA: LiveUpdate[] = [];
    const onB: LiveUpdate[] = [];
    const subs = [busA.stream({ providerId: 'p-1' }).subscribe((e) => onA.push(e)), busB.stream({ providerId: 'p-1' }).subscribe((e) => onB.push(e))];
    try {
      busB.publish(settled('p-1', 'during'));
      await waitFor(() => onA.length === 1 && onB.length === 1, 'the event sent while B reconnects');
      expect(busB.state()).toMatchObject({ listening: false, lastError: expect.stringContaining('terminating connection') });
      await waitFor(() => busB.state().listening, 'B to listen again');
      expect(busB.state().reconnects).toBe(1);
      expect(await listeners()).toHaveLength(2);
      expect((await listeners()).includes(pidB)).toBe(false);
      busA.publish(settled('p-1', 'after-reconnect'));
      await waitFor(() => onB.some((e) => e.type === 'payment.settled' && e.data.paymentId === 'after-reconnect'), 'B to hear A after reconnecting');
      await waitFor(() => onA.some((e) => e.type === 'payment.settled' && e.data.paymentId === 'after-reconnect'), 'A to hear its own event');
      const ids = (events: LiveUpdate[]) => events.map((e) => (e.type === 'payment.settled' ? e.data.paymentId : e.type));
      expect(ids(onB).filter((id) => id === 'after-reconnect')).toHaveLength(1);
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  });
});

/** The backend pid of a bus's LISTEN connection (the one that answers pg_backend_pid on it). */
async function pidsOf(bus: LiveUpdatesBus): Promise<number[]> {
  const client = (bus as unknown as { client: Client | null }).client;
  if (!client) return [];
  return [(await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid];
}
