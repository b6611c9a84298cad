import { SelectQueryBuilder } from 'typeorm';
import type { ProviderFixture } from '../../../../../test/factories';
import { createProvider, createSuperAdmin } from '../../../../../test/factories';
import type { TestApp } from '../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../test/setup/test-app';
import { PlansService } from '../plans/plans.service';
import { VoucherBatchesService } from './voucher-batches.service';

/** Voucher search: a code or payment reference prefix, any case, through the prefix indexes. */
describe('voucher search against PostgreSQL', () => {
  let t: TestApp;
  let p: ProviderFixture;
  let batchId: string;
  let sample: { code: string; payment_reference: string };
  const actor = () => ({ kind: 'user' as const, userId: p.owner.userId, apiKeyId: null, email: p.email, role: 'provider_owner' as const, providerId: p.providerId, scope: 'full' as const });
  const ctx = { ip: null, userAgent: 'int-spec' };
  const search = async (term: string): Promise<{ code: string; paymentReference: string }[]> =>
    (await t.http().get('/api/v1/vouchers').query({ search: term, limit: 100 }).set(p.owner.auth).expect(200)).body.items;

  beforeAll(async () => {
    t = await startTestApp();
    p = await createProvider(t, await createSuperAdmin(t));
    const plan = await t.app.get(PlansService).create(p.providerId, { name: 'Search plan', price: 20, kind: 'unlimited', validitySeconds: 3600 } as never, actor(), ctx);
    const batch = await t.app.get(VoucherBatchesService).create(p.providerId, { planId: plan.id, quantity: 10_000, codeLength: 8, alphabet: 'mixed' }, actor(), ctx, { wait: true });
    batchId = batch.id;
    [sample] = await t.dataSource.query(`SELECT code, payment_reference FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq LIMIT 1`, [batchId]);
    await t.dataSource.query('ANALYZE vouchers');
  });
  afterAll(() => t?.close());

  it('finds a voucher by the first characters of its code, typed in any case', async () => {
    const prefix = sample.code.slice(0, 5);
    for (const term of [prefix, prefix.toLowerCase(), sample.code.toLowerCase()]) {
      const found = await search(term);
      expect(found.map((v) => v.code)).toContain(sample.code);
      expect(found.every((v) => v.code.startsWith(prefix) || v.paymentReference.startsWith(prefix))).toBe(true);
    }
  });

  it('finds a voucher by the first characters of its payment reference', async () => {
    const found = await search(sample.payment_reference.slice(0, 6).toLowerCase());
    expect(found.map((v) => v.paymentReference)).toContain(sample.payment_reference);
  });

  it('matches only at the start, and LIKE wildcards in the term match literally', async () => {
    expect(await search(sample.code.slice(1))).not.toContainEqual(expect.objectContaining({ code: sample.code }));
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(await search(`${sample.code.slice(0, 3)}%`)).toEqual([]);
  });

  it('answers 400 for a search term that is too long', async () => {
    const res = await t
      .http()
      .get('/api/v1/vouchers')
      .query({ search: 'A'.repeat(31) })
      .set(p.owner.auth)
      .expect(400);
    expect(res.body.details[0].field).toBe('search');
  });

  it('is served by the prefix indexes on 10,000 vouchers (EXPLAIN of the list query the API runs)', async () => {
    const seen: [string, unknown[]][] = [];
    const original = SelectQueryBuilder.prototype.getMany;
    const spy = jest.spyOn(SelectQueryBuilder.prototype, 'getMany').mockImplementation(function (this: SelectQueryBuilder<never>) {
      if (this.alias === 'v') seen.push(this.getQueryAndParameters());
      return original.call(this);
    });
    try {
      await search(sample.code.slice(0, 5).toLowerCase());
    } finally {
      spy.mockRestore();
    }
    expect(seen).toHaveLength(1);
    const [sql, params] = seen[0];
    expect(sql).toContain('upper("v"."code") LIKE');
    expect(sql).toContain('upper("v"."payment_reference") LIKE');
    const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    const text = JSON.stringify(plan);
    expect(text).toContain('idx_vouchers_provider_code_prefix');
    expect(text).toContain('idx_vouchers_provider_reference_prefix');
  });
});
