import { randomUUID } from 'node:crypto';
import { Clock } from '../../../common/clock';
import { inTransaction } from '../../../database/transaction';
import { insertTunnelHub } from '../../../../../../test/factories';
import type { TestApp } from '../../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../../test/setup/test-app';
import { RouterException } from '../routers.exception';
import { RouterTunnelsService } from './router-tunnels.service';
import { wireGuardPublicKey } from './tunnel-keys';

/** The tunnel address allocator against PostgreSQL: the unique index decides, never a count. */
describe('tunnel address allocation', () => {
  let t: TestApp;
  let tunnels: RouterTunnelsService;
  let clock: Clock;
  const providerId = randomUUID();
  const allocate = (routerId = randomUUID()) => inTransaction(t.dataSource, (m) => tunnels.allocate(m, { id: routerId, providerId, version: null }));
  const release = (routerId: string) => inTransaction(t.dataSource, (m) => tunnels.release(m, routerId));
  const octet = (address: string) => Number(address.split('.')[3]);

  beforeAll(async () => {
    t = await startTestApp({ ROUTER_TUNNEL_ADDRESS_GRACE_HOURS: '24' });
    tunnels = t.app.get(RouterTunnelsService);
    clock = t.app.get(Clock);
    // a /26: 64 addresses, 61 for routers (not the network, the broadcast or the hub's .1)
    await insertTunnelHub(t.dataSource, { prefix: '10.77.0.0/26', address: '10.77.0.1' });
  });
  afterAll(() => t?.close());
  afterEach(() => t.dataSource.query('DELETE FROM router_tunnels'));

  it('gives concurrent allocations distinct host addresses of the prefix, never the hub, network or broadcast address', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => allocate()));
    const addresses = results.map((r) => r.address);
    expect(new Set(addresses).size).toBe(40);
    for (const a of addresses) {
      expect(a).toMatch(/^10\.77\.0\.\d+$/);
      expect(octet(a)).toBeGreaterThanOrEqual(2);
      expect(octet(a)).toBeLessThanOrEqual(62);
    }
    const [{ n }] = await t.dataSource.query(`SELECT count(DISTINCT address)::int AS n FROM router_tunnels`);
    expect(n).toBe(40);
  });

  it('fills the prefix exactly, then answers ROUTER_TUNNEL_FULL', async () => {
    const results = await Promise.all(Array.from({ length: 61 }, () => allocate()));
    expect(new Set(results.map((r) => r.address)).size).toBe(61);
    await expect(allocate()).rejects.toMatchObject({ code: 'ROUTER_TUNNEL_FULL' });
  });

  it('gives each router its own key pair, the private key sealed and opening to the public one', async () => {
    const a = await allocate();
    const b = await allocate();
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.privateKeySealed).not.toContain(tunnels.privateKey(a));
    expect(wireGuardPublicKey(tunnels.privateKey(a))).toBe(a.publicKey);
    // the sealed key is bound to its row: copied to another row it does not open
    expect(() => tunnels.privateKey({ ...b, privateKeySealed: a.privateKeySealed })).toThrow();
  });

  it('reuses a released address only after the grace period', async () => {
    const full = await Promise.all(Array.from({ length: 61 }, () => randomUUID()).map(async (routerId) => ({ routerId, tunnel: await allocate(routerId) })));
    const freed = full[7];
    const released = await release(freed.routerId);
    expect(released).toBeTruthy();
    expect(await tunnels.forRouter(freed.routerId)).toBeNull();
    // within the grace period the prefix is still full
    clock.advance(23 * 3_600_000);
    await expect(allocate()).rejects.toBeInstanceOf(RouterException);
    // after it, the address comes back (to another router, with a new key)
    clock.advance(2 * 3_600_000);
    const again = await allocate();
    expect(again.address).toBe(freed.tunnel.address);
    expect(again.publicKey).not.toBe(freed.tunnel.publicKey);
  });

  it('keeps one live tunnel per router and forgets the private key on release', async () => {
    const routerId = randomUUID();
    const first = await allocate(routerId);
    await release(routerId);
    const [row] = await t.dataSource.query(`SELECT private_key_sealed, released_at FROM router_tunnels WHERE id = $1`, [first.id]);
    expect(row.private_key_sealed).toBeNull();
    expect(row.released_at).not.toBeNull();
    const second = await allocate(routerId);
    expect(second.address).not.toBe(first.address);
    expect((await tunnels.forRouter(routerId))?.id).toBe(second.id);
  });

  it('refuses a router known to run RouterOS 6 (no WireGuard) and answers ROUTER_TUNNEL_UNAVAILABLE without a hub', async () => {
    await expect(inTransaction(t.dataSource, (m) => tunnels.allocate(m, { id: randomUUID(), providerId, version: '6.49.10' }))).rejects.toMatchObject({ code: 'ROUTER_TUNNEL_NEEDS_ROUTEROS_7' });
    await t.dataSource.query(`DELETE FROM tunnel_hubs`);
    try {
      await expect(allocate()).rejects.toMatchObject({ code: 'ROUTER_TUNNEL_UNAVAILABLE' });
    } finally {
      await insertTunnelHub(t.dataSource, { prefix: '10.77.0.0/26', address: '10.77.0.1' });
    }
  });
});
