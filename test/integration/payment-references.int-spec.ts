import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import type { TestDatabase } from '../setup/test-database';
import { createTestDatabase } from '../setup/test-database';

/**
 * Migration PlatformPaybill makes payment references unique across providers. Old data may hold
 * one reference at two providers: unsold cards get a fresh reference, sold ones never change, and
 * two sold cards of one reference stop the migration with the reference named.
 */
describe('payment references across providers (migration PlatformPaybill)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const providerA = randomUUID();
  const providerB = randomUUID();
  const providerC = randomUUID();

  const undoPlatformPaybill = async () => {
    for (;;) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM typeorm_migrations WHERE name LIKE 'PlatformPaybill%'`);
      if (n === 0) return;
      await ds.undoLastMigration({ transaction: 'each' });
    }
  };
  let seq = 0;
  const voucher = async (providerId: string, reference: string, status: string, createdAt: string, paymentId: string | null = null): Promise<string> => {
    seq++;
    const [{ id }] = await ds.query(
      `INSERT INTO vouchers (provider_id, plan_id, code, payment_reference, status, plan_name, price_minor, currency, kind, validity_from, profile_name, payment_id, created_at)
       VALUES ($1, $2, $3, $4, $5, 'Demo 1 hour', 2000, 'KES', 'unlimited', 'first_login', 'wavu', $6, $7) RETURNING id`,
      [providerId, randomUUID(), `CODE${seq}`, reference, status, paymentId, createdAt],
    );
    return id;
  };
  const referenceOf = async (id: string): Promise<string> => (await ds.query(`SELECT payment_reference FROM vouchers WHERE id = $1`, [id]))[0].payment_reference;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('renames only unsold duplicates, keeps sold cards as printed, and ends with one voucher per reference', async () => {
    await undoPlatformPaybill();
    // one reference at two providers, both unsold: the older keeps it
    const olderUnsold = await voucher(providerA, 'DUPA2345', 'available', '2026-01-01T00:00:00Z');
    const newerUnsold = await voucher(providerB, 'DUPA2345', 'available', '2026-02-01T00:00:00Z');
    // a sold card (newer) and an unsold one (older): the sold card keeps its reference
    const unsoldFirst = await voucher(providerA, 'DUPB2345', 'available', '2026-01-01T00:00:00Z');
    const soldLater = await voucher(providerB, 'DUPB2345', 'sold', '2026-02-01T00:00:00Z', randomUUID());
    // three providers, one of them sold
    const third = [
      await voucher(providerA, 'DUPC2345', 'expired', '2026-01-01T00:00:00Z'),
      await voucher(providerB, 'DUPC2345', 'in_use', '2026-01-02T00:00:00Z'),
      await voucher(providerC, 'DUPC2345', 'disabled', '2026-01-03T00:00:00Z'),
    ];
    const single = await voucher(providerC, 'ALONE234', 'available', '2026-01-01T00:00:00Z');

    await ds.runMigrations({ transaction: 'each' });

    expect(await referenceOf(olderUnsold)).toBe('DUPA2345');
    expect(await referenceOf(newerUnsold)).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(await referenceOf(newerUnsold)).not.toBe('DUPA2345');
    expect(await referenceOf(soldLater)).toBe('DUPB2345');
    expect(await referenceOf(unsoldFirst)).not.toBe('DUPB2345');
    expect(await referenceOf(third[1])).toBe('DUPC2345');
    expect(await referenceOf(third[0])).not.toBe('DUPC2345');
    expect(await referenceOf(third[2])).not.toBe('DUPC2345');
    expect(await referenceOf(single)).toBe('ALONE234');
    const [dups] = await ds.query(`SELECT count(*)::int AS n FROM (SELECT payment_reference FROM vouchers GROUP BY payment_reference HAVING count(*) > 1) d`);
    expect(dups.n).toBe(0);
    // the database itself now refuses a reference another provider holds
    await expect(voucher(providerC, 'DUPA2345', 'available', '2026-03-01T00:00:00Z')).rejects.toThrow(/uq_vouchers_payment_reference/);
  });

  it('stops with the reference named when two sold cards of different providers share it, changing nothing', async () => {
    await undoPlatformPaybill();
    const paidA = await voucher(providerA, 'SOLD2345', 'sold', '2026-01-01T00:00:00Z', randomUUID());
    const paidB = await voucher(providerB, 'SOLD2345', 'refunded', '2026-01-02T00:00:00Z', randomUUID());
    const unsold = await voucher(providerA, 'FREE2345', 'available', '2026-01-01T00:00:00Z');
    await voucher(providerB, 'FREE2345', 'available', '2026-01-02T00:00:00Z');

    await expect(ds.runMigrations({ transaction: 'each' })).rejects.toThrow(/held by sold or paid vouchers of more than one provider: SOLD2345/);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM typeorm_migrations WHERE name LIKE 'PlatformPaybill%'`);
    expect(n).toBe(0);
    expect(await referenceOf(paidA)).toBe('SOLD2345');
    expect(await referenceOf(paidB)).toBe('SOLD2345');
    expect(await referenceOf(unsold)).toBe('FREE2345');

    // the operator resolves it by hand (docs/operations.md), then the migration runs
    await ds.query(`UPDATE vouchers SET payment_reference = 'SOLD2346' WHERE id = $1`, [paidB]);
    await ds.runMigrations({ transaction: 'each' });
    const [{ m }] = await ds.query(`SELECT count(*)::int AS m FROM typeorm_migrations WHERE name LIKE 'PlatformPaybill%'`);
    expect(m).toBe(1);
  });
});
