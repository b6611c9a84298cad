import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { VoucherUsageService } from '../../apps/api/src/modules/vouchers/voucher-usage.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Resellers end to end (docs/resellers.md): cards handed over at a discount, sold at first use
 * (the real usage path) or recorded by hand through the cash-sale endpoint, money collected; the
 * statement and the balance equal what is computed here from the same events; the overview and
 * the revenue report show method reseller at the reseller price with commission 0; a card is never
 * counted twice; refused cards; returns; refunds lower what is owed; another provider's ids are
 * 404 and bad input is 400, neither changing anything.
 */
jest.setTimeout(60_000);

interface BatchCard {
  id: string;
  code: string;
  seq: number;
}

const PRICE = 5000; // a 50-shilling plan
const AT_15_PERCENT = 4300; // 50 × 0.85 = 42.50, rounded half up to whole shillings

describe('resellers (e2e)', () => {
  let t: TestApp;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  const plans: Record<string, string> = {};
  const routers: Record<string, string> = {};

  const api = (p: ProviderFixture, method: 'get' | 'post' | 'patch', path: string) => (t.http() as any)[method](`/api/v1${path}`).set(p.owner.auth);
  const rows = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const row = async (sql: string, params: unknown[] = []) => (await rows(sql, params))[0];

  const batch = async (p: ProviderFixture, quantity: number): Promise<{ id: string; cards: BatchCard[] }> => {
    const created = await api(p, 'post', '/voucher-batches').send({ planId: plans[p.providerId], quantity, pushToRouter: false }).expect(202);
    await t.app.get(VoucherBatchesService).settled(created.body.id);
    const cards: BatchCard[] = await rows(`SELECT id, code, batch_seq AS seq FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [created.body.id]);
    return { id: created.body.id, cards };
  };
  const reseller = async (p: ProviderFixture, name: string) => (await api(p, 'post', '/resellers').send({ name, phone: '0700 000 123' }).expect(201)).body;
  /** The routers report these cards logged in (the usage sync path that sells an available card). */
  const firstUse = (p: ProviderFixture, cards: BatchCard[], at: Date) =>
    t.app.get(VoucherUsageService).applyUsage({
      providerId: p.providerId,
      routerId: routers[p.providerId],
      at,
      users: cards.map((c) => ({ name: c.code, comment: `wavu:${c.id}`, uptimeSeconds: 60, bytesIn: 100, bytesOut: 900, active: true, limitReached: false })),
    });
  const resellerRows = (voucherIds: string[]) =>
    rows(
      `SELECT voucher_id, kind, source, gross_minor::int AS gross, commission_minor::int AS commission, net_minor::int AS net, reseller_id, collection_mode FROM ledger_entries WHERE voucher_id = ANY($1::uuid[]) ORDER BY voucher_id, kind DESC`,
      [voucherIds],
    );
  const counts = async () =>
    row(
      `SELECT (SELECT count(*) FROM ledger_entries)::int AS ledger, (SELECT count(*) FROM reseller_handovers)::int AS handovers, (SELECT count(*) FROM reseller_collections)::int AS collections,
              (SELECT count(*) FROM resellers)::int AS resellers, (SELECT count(*) FROM audit_logs)::int AS audits,
              (SELECT count(*) FROM vouchers WHERE reseller_id IS NOT NULL)::int AS held, (SELECT count(*) FROM vouchers WHERE sale_key IS NOT NULL)::int AS keyed`,
    );

  beforeAll(async () => {
    t = await startTestApp({ ROUTER_OUTBOX_MAX_ATTEMPTS: '1', ROUTER_CALL_TIMEOUT_MS: '300' });
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const p of [a, b]) {
      routers[p.providerId] = (await api(p, 'post', '/routers').send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201)).body.id;
      plans[p.providerId] = (
        await api(p, 'post', '/plans')
          .send({ name: '1 day', price: PRICE / 100, kind: 'unlimited', validitySeconds: 86400 })
          .expect(201)
      ).body.id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a reseller's statement balances after a handover, sales and a cash collection", async () => {
    const shop = await reseller(a, 'Demo Shop');
    expect(shop).toMatchObject({ name: 'Demo Shop', phone: '254700000123', archived: false, heldCards: 0, soldCards: 0, owedMinor: 0, paidMinor: 0, balanceMinor: 0 });
    const { id: batchId, cards } = await batch(a, 10);

    // hand over cards 1–8 at 15 % off: 8 × 43 shillings
    const handover = (await api(a, 'post', `/resellers/${shop.id}/handovers`).send({ batchId, fromSeq: 1, toSeq: 8, discountPercent: 15 }).expect(200)).body;
    expect(handover).toMatchObject({ named: 8, moved: 8, valueMinor: 8 * AT_15_PERCENT, currency: 'KES', refusedCount: 0, refused: [] });
    const marked = await rows(`SELECT batch_seq AS seq, reseller_id, reseller_handover_id, reseller_price_minor::int AS price, status FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batchId]);
    for (const v of marked.slice(0, 8)) expect(v).toMatchObject({ reseller_id: shop.id, reseller_handover_id: handover.id, price: AT_15_PERCENT, status: 'available' });
    for (const v of marked.slice(8)) expect(v).toMatchObject({ reseller_id: null, price: null });
    expect((await api(a, 'get', `/vouchers/${cards[0].id}`).expect(200)).body).toMatchObject({ resellerId: shop.id, resellerPriceMinor: AT_15_PERCENT, status: 'available' });
    expect((await api(a, 'get', `/vouchers/${cards[9].id}`).expect(200)).body).toMatchObject({ resellerId: null, resellerPriceMinor: null });
    const held = (await api(a, 'get', '/vouchers').query({ resellerId: shop.id, limit: 100 }).expect(200)).body.items.map((v: { id: string }) => v.id);
    expect(held.sort()).toEqual(
      cards
        .slice(0, 8)
        .map((c) => c.id)
        .sort(),
    );
    expect((await api(a, 'get', '/vouchers/counts').query({ resellerId: shop.id }).expect(200)).body).toMatchObject({ available: 8, total: 8 });
    expect((await api(b, 'get', '/vouchers').query({ resellerId: shop.id }).expect(200)).body.items).toEqual([]);
    const ledgerBefore = (await counts()).ledger;

    // cards 1–3 are sold when the customer first logs in (the routers' usage report)
    const loginAt = new Date();
    await firstUse(a, cards.slice(0, 3), loginAt);
    // card 4 is recorded by hand through the cash-sale endpoint
    const recorded = (
      await api(a, 'post', '/cash-sales')
        .send({ codes: [cards[3].code.toLowerCase()] })
        .expect(200)
    ).body;
    expect(recorded).toMatchObject({ named: 1, recorded: 1, recordedAmounts: [{ currency: 'KES', amountMinor: AT_15_PERCENT }], skippedCount: 0 });

    const sold = await resellerRows(cards.slice(0, 4).map((c) => c.id));
    expect(sold).toHaveLength(4);
    for (const l of sold) expect(l).toMatchObject({ kind: 'sale', source: 'reseller', gross: AT_15_PERCENT, commission: 0, net: AT_15_PERCENT, reseller_id: shop.id, collection_mode: 'own_account' });
    const usedRows = await rows(`SELECT occurred_at FROM ledger_entries WHERE voucher_id = ANY($1::uuid[])`, [cards.slice(0, 3).map((c) => c.id)]);
    for (const r of usedRows) expect(new Date(r.occurred_at).toISOString()).toBe(loginAt.toISOString());
    expect((await counts()).ledger).toBe(ledgerBefore + 4);
    // sold at first use: the card has its sale key, so it is not "used, sale not recorded"
    expect((await api(a, 'get', '/vouchers').query({ sale: 'not_recorded', batchId }).expect(200)).body.items).toEqual([]);

    // money received: 100 shillings in cash
    const paidAt = new Date();
    const collection = (await api(a, 'post', `/resellers/${shop.id}/collections`).send({ amountMinor: 10_000, method: 'cash', reference: 'SLIP-1', receivedAt: paidAt.toISOString() }).expect(201))
      .body;
    expect(collection).toMatchObject({ amountMinor: 10_000, method: 'cash', reference: 'SLIP-1', receivedAt: paidAt.toISOString(), reversesId: null });

    // computed independently: owed = 4 sold × 43, paid = 100, held = 4 cards × 43
    const owed = 4 * AT_15_PERCENT;
    const paid = 10_000;
    const statement = (await api(a, 'get', `/resellers/${shop.id}/statement`).expect(200)).body;
    expect(statement.openingBalanceMinor).toBe(0);
    expect(
      statement.lines.map((l: { kind: string; cards: number; valueMinor: number; owedMinor: number; paidMinor: number; balanceMinor: number }) => [
        l.kind,
        l.cards,
        l.valueMinor,
        l.owedMinor,
        l.paidMinor,
        l.balanceMinor,
      ]),
    ).toEqual([
      ['handover', 8, 8 * AT_15_PERCENT, 0, 0, 0],
      ['sale', 4, 0, owed, 0, owed],
      ['collection', null, 0, 0, paid, owed - paid],
    ]);
    expect(statement.closingBalanceMinor).toBe(owed - paid);
    expect(statement.period).toEqual({ handedOverCards: 8, returnedCards: 0, soldCards: 4, refundedCards: 0, owedMinor: owed, paidMinor: paid });
    expect(statement.reseller).toMatchObject({ heldCards: 4, heldValueMinor: 4 * AT_15_PERCENT, soldCards: 4, owedMinor: owed, paidMinor: paid, balanceMinor: owed - paid });
    const listed = (await api(a, 'get', '/resellers').expect(200)).body.items.find((r: { id: string }) => r.id === shop.id);
    expect(listed).toMatchObject({ heldCards: 4, soldCards: 4, owedMinor: owed, paidMinor: paid, balanceMinor: owed - paid });

    // the CSV says the same
    const csv = (
      await api(a, 'get', `/resellers/${shop.id}/statement.csv`)
        .expect(200)
        .expect('Content-Type', /text\/csv/)
    ).text
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('at,kind,day,cards,value,owed,paid,balance,method,reference,note');
    expect(csv[csv.length - 1].split(',').slice(1, 8)).toEqual(['closing', '', '', '', '172.00', '100.00', '72.00']);

    // overview and revenue report: method reseller at the reseller price, commission 0
    const overview = (await api(a, 'get', '/overview').expect(200)).body;
    const split = Object.fromEntries(overview.salesByMethod.today.map((m: { method: string }) => [m.method, m]));
    expect(split.reseller).toEqual({ method: 'reseller', label: 'Reseller', currency: 'KES', count: 4, grossMinor: owed, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: owed });
    const report = (await api(a, 'get', '/payments/reports/revenue').query({ groupBy: 'method' }).expect(200)).body;
    expect(report.rows.find((r: { key: string }) => r.key === 'reseller')).toEqual({
      key: 'reseller',
      label: 'Reseller',
      count: 4,
      grossMinor: owed,
      refundCount: 0,
      refundsMinor: 0,
      commissionMinor: 0,
      netMinor: owed,
    });
    expect(report.byMethod.find((m: { method: string }) => m.method === 'reseller')).toMatchObject({ count: 4, grossMinor: owed, commissionMinor: 0 });
    const revenueCsv = (await api(a, 'get', '/payments/reports/revenue.csv').query({ groupBy: 'method' }).expect(200)).text;
    expect(revenueCsv).toContain('reseller');

    // audited: the reseller, the handover, the collection
    const audits = await rows(`SELECT action, target_id FROM audit_logs WHERE provider_id = $1 AND action LIKE 'payments.reseller_%' ORDER BY created_at`, [a.providerId]);
    expect(audits.map((x: { action: string }) => x.action)).toEqual(['payments.reseller_created', 'payments.reseller_cards_handed_over', 'payments.reseller_cash_collected']);
    expect(audits.every((x: { target_id: string }) => x.target_id === shop.id)).toBe(true);
  });

  it('a card is counted once: first use after a manual record, a second record, two records at once', async () => {
    const shop = await reseller(a, 'Demo Kiosk');
    const { cards } = await batch(a, 4);
    await api(a, 'post', `/resellers/${shop.id}/handovers`)
      .send({ voucherIds: cards.map((c) => c.id), unitPriceMinor: 4000 })
      .expect(200);

    // recorded by hand, then first used: still one row
    await api(a, 'post', '/cash-sales')
      .send({ voucherIds: [cards[0].id] })
      .expect(200);
    await firstUse(a, [cards[0]], new Date());
    // recorded again: skipped as a reseller sale
    const again = (
      await api(a, 'post', '/cash-sales')
        .send({ voucherIds: [cards[0].id] })
        .expect(200)
    ).body;
    expect(again).toMatchObject({ recorded: 0, skippedCount: 1, skipped: [expect.objectContaining({ id: cards[0].id, reason: 'reseller' })] });
    // first used, then recorded: one row
    await firstUse(a, [cards[1]], new Date());
    expect(
      (
        await api(a, 'post', '/cash-sales')
          .send({ voucherIds: [cards[1].id] })
          .expect(200)
      ).body,
    ).toMatchObject({ recorded: 0, skippedCount: 1 });
    // two requests at once over the same cards
    const both = await Promise.all([api(a, 'post', '/cash-sales').send({ voucherIds: [cards[2].id, cards[3].id] }), api(a, 'post', '/cash-sales').send({ voucherIds: [cards[3].id, cards[2].id] })]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.recorded).sort()).toEqual([0, 2]);

    const ledger = await resellerRows(cards.map((c) => c.id));
    expect(ledger.map((l: { voucher_id: string }) => l.voucher_id).sort()).toEqual(cards.map((c) => c.id).sort());
    for (const l of ledger) expect(l).toMatchObject({ source: 'reseller', gross: 4000, reseller_id: shop.id });
    expect((await api(a, 'get', `/resellers/${shop.id}`).expect(200)).body).toMatchObject({ heldCards: 0, soldCards: 4, owedMinor: 16_000, balanceMinor: 16_000 });
  });

  it('two resellers asking for the same cards at once: each card goes to exactly one', async () => {
    const left = await reseller(a, 'Demo Left');
    const right = await reseller(a, 'Demo Right');
    const { cards } = await batch(a, 3);
    const ids = cards.map((c) => c.id);
    const both = await Promise.all([
      api(a, 'post', `/resellers/${left.id}/handovers`).send({ voucherIds: ids, unitPriceMinor: 100 }),
      api(a, 'post', `/resellers/${right.id}/handovers`).send({ voucherIds: [...ids].reverse(), unitPriceMinor: 200 }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.moved).sort()).toEqual([0, 3]);
    const loser = both.find((r) => r.body.moved === 0)!.body;
    expect(loser.refused.map((x: { reason: string }) => x.reason)).toEqual(['with_another_reseller', 'with_another_reseller', 'with_another_reseller']);
    const holders = await rows(`SELECT DISTINCT reseller_id FROM vouchers WHERE id = ANY($1::uuid[])`, [ids]);
    expect(holders).toHaveLength(1);
    expect((await rows(`SELECT count(*)::int AS n FROM reseller_handovers WHERE reseller_id = ANY($1::uuid[])`, [[left.id, right.id]]))[0].n).toBe(1);
  });

  it('refuses cards that cannot go, takes unsold cards back, and archives only an empty-handed reseller', async () => {
    const first = await reseller(a, 'Demo Agent One');
    const second = await reseller(a, 'Demo Agent Two');
    const { id: batchId, cards } = await batch(a, 6);
    await api(a, 'post', `/vouchers/${cards[5].id}/disable`).expect(200);
    await api(a, 'post', `/resellers/${first.id}/handovers`).send({ batchId, toSeq: 3, unitPriceMinor: 4500 }).expect(200);
    await firstUse(a, [cards[0]], new Date());

    // to the second reseller: 1 sold, 2–3 with the first, 4–5 go, 6 disabled
    const res = (await api(a, 'post', `/resellers/${second.id}/handovers`).send({ batchId, discountPercent: 0 }).expect(200)).body;
    expect(res).toMatchObject({ named: 6, moved: 2, valueMinor: 2 * PRICE, refusedCount: 4 });
    expect(res.refused.map((r: { id: string; reason: string }) => [r.id, r.reason])).toEqual([
      [cards[0].id, 'not_available'],
      [cards[1].id, 'with_another_reseller'],
      [cards[2].id, 'with_another_reseller'],
      [cards[5].id, 'not_available'],
    ]);
    const twice = (
      await api(a, 'post', `/resellers/${second.id}/handovers`)
        .send({ voucherIds: [cards[3].id], unitPriceMinor: 1 })
        .expect(200)
    ).body;
    expect(twice).toMatchObject({ id: null, moved: 0, refused: [expect.objectContaining({ reason: 'with_this_reseller' })] });
    expect((await rows(`SELECT reseller_price_minor::int AS price FROM vouchers WHERE id = $1`, [cards[3].id]))[0].price).toBe(PRICE);

    // archiving a reseller that still holds cards is refused
    const holding = await api(a, 'patch', `/resellers/${first.id}`).send({ archived: true }).expect(409);
    expect(holding.body.code).toBe('RESELLER_HOLDS_CARDS');

    // the first gives back 1–4: 2 and 3 come back; 1 is sold, 4 is the second's
    const back = (await api(a, 'post', `/resellers/${first.id}/returns`).send({ batchId, toSeq: 4 }).expect(200)).body;
    expect(back).toMatchObject({ named: 4, moved: 2, valueMinor: 2 * 4500, refusedCount: 2 });
    expect(back.refused.map((r: { reason: string }) => r.reason)).toEqual(['sale_recorded', 'not_with_this_reseller']);
    const after = await rows(`SELECT reseller_id, reseller_price_minor FROM vouchers WHERE id = ANY($1::uuid[])`, [[cards[1].id, cards[2].id]]);
    expect(after).toEqual([
      { reseller_id: null, reseller_price_minor: null },
      { reseller_id: null, reseller_price_minor: null },
    ]);
    // returned cards can go to another reseller
    expect(
      (
        await api(a, 'post', `/resellers/${second.id}/handovers`)
          .send({ voucherIds: [cards[1].id], unitPriceMinor: 4000 })
          .expect(200)
      ).body.moved,
    ).toBe(1);

    const statement = (await api(a, 'get', `/resellers/${first.id}/statement`).expect(200)).body;
    expect(statement.lines.filter((l: { kind: string }) => l.kind === 'return')).toEqual([expect.objectContaining({ cards: 2, valueMinor: 9000, owedMinor: 0 })]);
    expect(statement.reseller).toMatchObject({ heldCards: 0, soldCards: 1, owedMinor: 4500 });

    const archived = (await api(a, 'patch', `/resellers/${first.id}`).send({ archived: true }).expect(200)).body;
    expect(archived).toMatchObject({ archived: true, owedMinor: 4500 });
    expect(
      (
        await api(a, 'post', `/resellers/${first.id}/handovers`)
          .send({ voucherIds: [cards[2].id], unitPriceMinor: 1 })
          .expect(409)
      ).body.code,
    ).toBe('RESELLER_ARCHIVED');
    expect((await api(a, 'get', '/resellers').expect(200)).body.items.map((r: { id: string }) => r.id)).not.toContain(first.id);
    expect((await api(a, 'get', '/resellers').query({ includeArchived: 'true' }).expect(200)).body.items.map((r: { id: string }) => r.id)).toContain(first.id);
    // still collectable while archived
    await api(a, 'post', `/resellers/${first.id}/collections`).send({ amountMinor: 4500, method: 'mpesa', reference: 'QK12ABC345' }).expect(201);
    expect((await api(a, 'get', `/resellers/${first.id}`).expect(200)).body.balanceMinor).toBe(0);
  });

  it("a refund of a reseller's sale lowers what it owes; a reversed collection raises it again, once", async () => {
    const shop = await reseller(a, 'Demo Corner');
    const { cards } = await batch(a, 2);
    await api(a, 'post', `/resellers/${shop.id}/handovers`)
      .send({ voucherIds: cards.map((c) => c.id), discountPercent: 20 })
      .expect(200);
    // one sold at first use, one recorded by hand (a sold card not yet used is the one that can be refunded)
    await firstUse(a, [cards[1]], new Date());
    await api(a, 'post', '/cash-sales')
      .send({ voucherIds: [cards[0].id] })
      .expect(200);
    expect((await api(a, 'get', `/resellers/${shop.id}`).expect(200)).body).toMatchObject({ soldCards: 2, owedMinor: 8000 });

    await api(a, 'post', `/vouchers/${cards[0].id}/refund`).send({ method: 'cash', reason: 'did not connect' }).expect(200);
    const ledger = await resellerRows([cards[0].id]);
    expect(ledger).toEqual([
      expect.objectContaining({ kind: 'sale', source: 'reseller', gross: 4000 }),
      expect.objectContaining({ kind: 'refund', source: 'reseller', gross: -4000, net: -4000, reseller_id: shop.id }),
    ]);
    const statement = (await api(a, 'get', `/resellers/${shop.id}/statement`).expect(200)).body;
    expect(statement.lines.find((l: { kind: string }) => l.kind === 'refund')).toMatchObject({ cards: 1, owedMinor: -4000 });
    expect(statement.reseller).toMatchObject({ soldCards: 1, owedMinor: 4000, balanceMinor: 4000 });
    expect(statement.period).toMatchObject({ soldCards: 2, refundedCards: 1, owedMinor: 4000 });

    const mistake = (await api(a, 'post', `/resellers/${shop.id}/collections`).send({ amountMinor: 3000, method: 'cash' }).expect(201)).body;
    expect((await api(a, 'get', `/resellers/${shop.id}`).expect(200)).body.balanceMinor).toBe(1000);
    const reversal = (await api(a, 'post', `/resellers/${shop.id}/collections/${mistake.id}/reverse`).send({ reason: 'Recorded twice' }).expect(201)).body;
    expect(reversal).toMatchObject({ amountMinor: -3000, reversesId: mistake.id, note: 'Recorded twice' });
    expect((await api(a, 'post', `/resellers/${shop.id}/collections/${mistake.id}/reverse`).send({ reason: 'again' }).expect(409)).body.code).toBe('RESELLER_COLLECTION_ALREADY_REVERSED');
    expect((await api(a, 'post', `/resellers/${shop.id}/collections/${reversal.id}/reverse`).send({ reason: 'again' }).expect(409)).body.code).toBe('RESELLER_COLLECTION_ALREADY_REVERSED');
    const after = (await api(a, 'get', `/resellers/${shop.id}/statement`).expect(200)).body;
    expect(after.reseller).toMatchObject({ paidMinor: 0, balanceMinor: 4000 });
    expect(after.collections.map((c: { amountMinor: number; reversed: boolean }) => [c.amountMinor, c.reversed])).toEqual([
      [3000, true],
      [-3000, false],
    ]);
  });

  it("another provider's resellers and cards answer 404, bad input 400, and nothing changes", async () => {
    const mine = await reseller(a, 'Demo Stall');
    const theirs = await reseller(b, 'Demo Other');
    const { id: batchId, cards } = await batch(a, 2);
    const { cards: theirCards } = await batch(b, 1);
    const before = await counts();

    expect((await api(b, 'get', `/resellers/${mine.id}`).expect(404)).body.code).toBe('RESELLER_NOT_FOUND');
    expect((await api(b, 'get', `/resellers/${mine.id}/statement`).expect(404)).body.code).toBe('RESELLER_NOT_FOUND');
    expect((await api(b, 'patch', `/resellers/${mine.id}`).send({ name: 'Stolen' }).expect(404)).body.code).toBe('RESELLER_NOT_FOUND');
    expect(
      (
        await api(b, 'post', `/resellers/${mine.id}/handovers`)
          .send({ voucherIds: [theirCards[0].id], unitPriceMinor: 1 })
          .expect(404)
      ).body.code,
    ).toBe('RESELLER_NOT_FOUND');
    expect((await api(b, 'post', `/resellers/${mine.id}/collections`).send({ amountMinor: 100, method: 'cash' }).expect(404)).body.code).toBe('RESELLER_NOT_FOUND');
    // B's reseller with A's cards or batch
    expect(
      (
        await api(b, 'post', `/resellers/${theirs.id}/handovers`)
          .send({ voucherIds: [cards[0].id], unitPriceMinor: 1 })
          .expect(404)
      ).body.code,
    ).toBe('VOUCHER_NOT_FOUND');
    expect((await api(b, 'post', `/resellers/${theirs.id}/handovers`).send({ batchId, unitPriceMinor: 1 }).expect(404)).body.code).toBe('VOUCHER_BATCH_NOT_FOUND');
    expect(
      (
        await api(b, 'post', `/resellers/${theirs.id}/returns`)
          .send({ codes: [cards[0].code] })
          .expect(404)
      ).body.code,
    ).toBe('VOUCHER_NOT_FOUND');
    expect((await api(b, 'get', '/resellers').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([theirs.id]);

    const bad: Array<[string, string, Record<string, unknown>, string]> = [
      ['post', '/resellers', { name: '' }, 'name'],
      ['post', '/resellers', { name: 'x'.repeat(81) }, 'name'],
      ['post', '/resellers', { name: 'Demo', phone: '12345' }, 'phone'],
      ['post', '/resellers', { name: 'Demo', owner: 'me' }, 'owner'],
      ['patch', `/resellers/${mine.id}`, { archived: 'yes' }, 'archived'],
      ['patch', `/resellers/${mine.id}`, { name: null }, 'name'],
      ['patch', `/resellers/${mine.id}`, { archived: null }, 'archived'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId }, 'unitPriceMinor'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, unitPriceMinor: 100, discountPercent: 10 }, 'unitPriceMinor'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, discountPercent: 101 }, 'discountPercent'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, unitPriceMinor: -1 }, 'unitPriceMinor'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, unitPriceMinor: 12.5 }, 'unitPriceMinor'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, voucherIds: [cards[0].id], unitPriceMinor: 100 }, 'voucherIds'],
      ['post', `/resellers/${mine.id}/handovers`, { codes: ['??'], unitPriceMinor: 100 }, 'codes'],
      ['post', `/resellers/${mine.id}/handovers`, { batchId, fromSeq: 2, toSeq: 1, unitPriceMinor: 100 }, 'toSeq'],
      ['post', `/resellers/${mine.id}/returns`, {}, 'voucherIds'],
      ['post', `/resellers/${mine.id}/collections`, { amountMinor: 0, method: 'cash' }, 'amountMinor'],
      ['post', `/resellers/${mine.id}/collections`, { amountMinor: 100, method: 'bank' }, 'method'],
      ['post', `/resellers/${mine.id}/collections`, { amountMinor: 100, method: 'cash', receivedAt: new Date(Date.now() + 3600_000).toISOString() }, 'receivedAt'],
      ['post', `/resellers/${mine.id}/collections`, { amountMinor: 1.5, method: 'cash' }, 'amountMinor'],
      ['post', `/resellers/${mine.id}/collections/${mine.id}/reverse`, {}, 'reason'],
    ];
    for (const [method, path, body, field] of bad) {
      const res = await api(a, method as 'post', path).send(body);
      if (res.status !== 400) throw new Error(`${method} ${path} ${JSON.stringify(body)}: expected 400, got ${res.status}`);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
    expect((await api(a, 'get', '/resellers/not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api(a, 'get', `/resellers/${mine.id}/statement`).query({ from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api(a, 'post', `/resellers/${mine.id}/collections/${mine.id}/reverse`).send({ reason: 'x' }).expect(404)).body.code).toBe('RESELLER_COLLECTION_NOT_FOUND');
    expect(await counts()).toEqual(before);
  });
});
