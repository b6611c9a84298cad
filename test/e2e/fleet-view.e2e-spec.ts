import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin, seedRouters } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

interface Row {
  id: string;
  name: string;
  host: string;
  location: string | null;
  status: string;
  connectionMode: string;
  lastSeenAt: string | null;
  sync: { pending: number; failed: number };
}
interface PageBody {
  items: Row[];
  nextCursor: string | null;
  prevCursor: string | null;
  total: number;
}

const minutesAgo = (m: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, 0) - m * 60_000);

/** The fleet view, GET /routers (docs/fleet-view.md): search, filters, sort, pages, bad input, tenancy. */
describe('routers list: search, filter, sort, pages (e2e)', () => {
  let t: TestApp;
  let a: ProviderFixture;
  let b: ProviderFixture;
  const ids: Record<string, string> = {};

  const list = async (query: Record<string, string | number>, who: ProviderFixture = a): Promise<PageBody> =>
    (await t.http().get('/api/v1/routers').query(query).set(who.owner.auth).expect(200)).body as PageBody;
  const names = async (query: Record<string, string | number>, who?: ProviderFixture) => (await list({ limit: 100, ...query }, who)).items.map((r) => r.name);
  /** every page of a query, following nextCursor */
  const walk = async (query: Record<string, string | number>): Promise<{ rows: Row[]; pages: number; totals: number[] }> => {
    const rows: Row[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: PageBody = await list({ ...query, ...(cursor ? { cursor } : {}) });
      rows.push(...page.items);
      totals.push(page.total);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return { rows, pages, totals };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await createSuperAdmin(t);
    [a, b] = await Promise.all([createProvider(t, admin), createProvider(t, admin)]);
    const fleet = [
      { name: 'Kawangware Shop', host: '41.90.10.1', location: 'Kawangware, Nairobi', status: 'online' as const, lastSeenAt: minutesAgo(1) },
      { name: 'kibera kiosk', host: 'kibera.hotspot.example', location: 'Kibera', status: 'offline' as const, lastSeenAt: minutesAgo(90) },
      { name: 'Mombasa Road', host: '172.30.0.9', location: null, status: 'online' as const, connectionMode: 'tunnel' as const, lastSeenAt: minutesAgo(5) },
      { name: 'Thika Stage', host: '105.160.2.2', location: 'Thika town', status: 'error' as const, lastSeenAt: minutesAgo(5) },
      { name: 'Athi River', host: 'athi.example', location: 'Machakos', status: 'unknown' as const, lastSeenAt: null },
      { name: 'Pct 100%_off', host: 'promo.example', location: 'Westlands', status: 'offline' as const, lastSeenAt: minutesAgo(300) },
    ];
    const seeded = await seedRouters(t.dataSource, a.providerId, fleet);
    fleet.forEach((r, i) => (ids[r.name] = seeded[i]));
    // another provider with look-alike names, hosts and locations: never in a's answers
    await seedRouters(t.dataSource, b.providerId, [
      { name: 'Kawangware Shop', host: '41.90.10.1', location: 'Kawangware, Nairobi', status: 'online', lastSeenAt: minutesAgo(0) },
      { name: 'Other Kibera', host: 'kibera.other.example', location: 'Kibera', status: 'offline', connectionMode: 'tunnel', lastSeenAt: minutesAgo(2) },
    ]);
    // provisioning backlog: Kawangware has a change waiting, Kibera one that gave up, Thika a done one only
    const op = (router: string, status: string, n: number) =>
      t.dataSource.query(`INSERT INTO router_provisioning_ops (provider_id, router_id, type, target, status) VALUES ($1, $2, 'upsert_user', $3, $4)`, [a.providerId, ids[router], `code-${n}`, status]);
    await op('Kawangware Shop', 'pending', 1);
    await op('Kawangware Shop', 'done', 2);
    await op('kibera kiosk', 'dead', 3);
    await op('Mombasa Road', 'applying', 4);
    await op('Thika Stage', 'done', 5);
  });
  afterAll(() => t?.close());

  it('answers the old shape by default, sorted by name ignoring case, with the total', async () => {
    const page = await list({});
    expect(page.total).toBe(6);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((r) => r.name)).toEqual(['Athi River', 'Kawangware Shop', 'kibera kiosk', 'Mombasa Road', 'Pct 100%_off', 'Thika Stage']);
    expect(page.items.find((r) => r.name === 'Kawangware Shop')!.sync).toEqual({ pending: 1, failed: 0 });
  });

  it('searches name, host and location in any case, trimmed, with LIKE wildcards taken literally', async () => {
    expect(await names({ search: 'KIBERA' })).toEqual(['kibera kiosk']);
    expect(await names({ search: '  hotspot.EXAMPLE  ' })).toEqual(['kibera kiosk']);
    expect(await names({ search: 'nairobi' })).toEqual(['Kawangware Shop']);
    expect(await names({ search: '172.30.0' })).toEqual(['Mombasa Road']);
    expect(await names({ search: 'example' })).toEqual(['Athi River', 'kibera kiosk', 'Pct 100%_off']);
    expect(await names({ search: '100%' })).toEqual(['Pct 100%_off']);
    expect(await names({ search: '%' })).toEqual(['Pct 100%_off']);
    expect(await names({ search: '_' })).toEqual(['Pct 100%_off']);
    expect(await names({ search: 'no such router' })).toEqual([]);
    expect((await list({ search: 'example' })).total).toBe(3);
  });

  it('filters by status, connection mode and provisioning backlog, and combines them', async () => {
    expect(await names({ status: 'online' })).toEqual(['Kawangware Shop', 'Mombasa Road']);
    expect(await names({ status: 'offline' })).toEqual(['kibera kiosk', 'Pct 100%_off']);
    expect(await names({ status: 'unknown' })).toEqual(['Athi River']);
    expect(await names({ status: 'error' })).toEqual(['Thika Stage']);
    expect(await names({ connectionMode: 'tunnel' })).toEqual(['Mombasa Road']);
    expect(await names({ connectionMode: 'direct' })).toHaveLength(5);
    expect(await names({ sync: 'pending' })).toEqual(['Kawangware Shop', 'Mombasa Road']);
    expect(await names({ sync: 'failed' })).toEqual(['kibera kiosk']);
    expect(await names({ sync: 'behind' })).toEqual(['Kawangware Shop', 'kibera kiosk', 'Mombasa Road']);
    expect(await names({ sync: 'up_to_date' })).toEqual(['Athi River', 'Pct 100%_off', 'Thika Stage']);
    expect(await names({ status: 'online', sync: 'pending', connectionMode: 'direct' })).toEqual(['Kawangware Shop']);
    expect((await list({ status: 'offline', search: 'westlands' })).total).toBe(1);
  });

  it('sorts by name, status and last seen both ways, ties broken by id', async () => {
    expect(await names({ sort: 'name', order: 'desc' })).toEqual(['Thika Stage', 'Pct 100%_off', 'Mombasa Road', 'kibera kiosk', 'Kawangware Shop', 'Athi River']);
    expect(await names({ sort: 'status' })).toEqual(['Thika Stage', 'kibera kiosk', 'Pct 100%_off', 'Kawangware Shop', 'Mombasa Road', 'Athi River']);
    expect(await names({ sort: 'status', order: 'desc' })).toEqual(['Athi River', 'Mombasa Road', 'Kawangware Shop', 'Pct 100%_off', 'kibera kiosk', 'Thika Stage']);
    // most recent first by default; Mombasa Road and Thika Stage were seen at the same instant; never seen is oldest
    const tied = [ids['Mombasa Road'], ids['Thika Stage']].sort();
    const byId = (id: string) => Object.keys(ids).find((n) => ids[n] === id)!;
    expect(await names({ sort: 'lastSeen' })).toEqual(['Kawangware Shop', byId(tied[1]), byId(tied[0]), 'kibera kiosk', 'Pct 100%_off', 'Athi River']);
    expect(await names({ sort: 'lastSeen', order: 'asc' })).toEqual(['Athi River', 'Pct 100%_off', 'kibera kiosk', byId(tied[0]), byId(tied[1]), 'Kawangware Shop']);
  });

  it('pages through every sort without gaps or repeats, even across tied keys', async () => {
    for (const query of [{ sort: 'name' }, { sort: 'status', order: 'desc' }, { sort: 'lastSeen' }, { sort: 'lastSeen', order: 'asc' }, { sort: 'name', search: 'example' }] as Record<
      string,
      string
    >[]) {
      const whole = await names(query);
      const paged = await walk({ ...query, limit: 2 });
      expect(paged.rows.map((r) => r.name)).toEqual(whole);
      expect(paged.pages).toBe(Math.max(1, Math.ceil(whole.length / 2)));
      expect(new Set(paged.totals)).toEqual(new Set([whole.length]));
    }
  });

  it('steps back with prevCursor to exactly the pages it came through', async () => {
    const query = { sort: 'lastSeen', limit: 2 };
    const first = await list(query);
    expect(first.prevCursor).toBeNull();
    const second = await list({ ...query, cursor: first.nextCursor! });
    const third = await list({ ...query, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const backToSecond = await list({ ...query, cursor: third.prevCursor! });
    expect(backToSecond.items.map((r) => r.id)).toEqual(second.items.map((r) => r.id));
    const backToFirst = await list({ ...query, cursor: backToSecond.prevCursor! });
    expect(backToFirst.items.map((r) => r.id)).toEqual(first.items.map((r) => r.id));
    expect(backToFirst.prevCursor).toBeNull();
    expect(backToFirst.nextCursor).not.toBeNull();
    expect((await list({ ...query, cursor: backToFirst.nextCursor! })).items.map((r) => r.id)).toEqual(second.items.map((r) => r.id));
  });

  it('refuses bad query values with 400 and says which field', async () => {
    const bad = async (query: Record<string, string>, field: string) => {
      const res = await t.http().get('/api/v1/routers').query(query).set(a.owner.auth).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      return res.body;
    };
    expect((await bad({ status: 'sleeping' }, 'status')).details[0].messages.join(' ')).toMatch(/status must be one of the following values: unknown, online, offline, error/);
    await bad({ connectionMode: 'carrier-pigeon' }, 'connectionMode');
    await bad({ sync: 'stuck' }, 'sync');
    await bad({ sort: 'createdAt' }, 'sort');
    await bad({ order: 'up' }, 'order');
    await bad({ search: 'x'.repeat(101) }, 'search');
    await bad({ search: '    ' }, 'search');
    await bad({ limit: '0' }, 'limit');
    await bad({ limit: '101' }, 'limit');
    await bad({ cursor: 'not-a-cursor' }, 'cursor');
    // a cursor from one sort is refused under another, and a forged value never reaches SQL
    const { nextCursor } = await list({ sort: 'name', limit: 2 });
    expect((await bad({ sort: 'lastSeen', cursor: nextCursor! }, 'cursor')).code).toBe('INVALID_CURSOR');
    const forged = Buffer.from(JSON.stringify({ s: 'lastSeen:DESC', v: ["'; DROP TABLE routers; --"], id: ids['Athi River'] })).toString('base64url');
    await bad({ sort: 'lastSeen', cursor: forged }, 'cursor');
    expect((await list({})).total).toBe(6);
  });

  it("never shows another provider's routers, in search, filters or totals", async () => {
    const bIds = new Set((await list({ limit: 100 }, b)).items.map((r) => r.id));
    expect(bIds.size).toBe(2);
    for (const query of [{}, { search: 'kawangware' }, { search: 'kibera' }, { connectionMode: 'tunnel' }, { status: 'offline' }, { sort: 'lastSeen' }] as Record<string, string>[]) {
      const page = await list({ limit: 100, ...query });
      expect(page.items.filter((r) => bIds.has(r.id))).toEqual([]);
      expect(page.total).toBe(page.items.length);
    }
    expect(await names({ search: 'kawangware' })).toEqual(['Kawangware Shop']);
    expect(await names({ search: 'kibera' }, b)).toEqual(['Other Kibera']);
    // a's cursor in b's list pages b's routers only
    const { nextCursor } = await list({ limit: 1 });
    const other = await list({ cursor: nextCursor!, limit: 100 }, b);
    expect(other.items.every((r) => bIds.has(r.id))).toBe(true);
  });
});
