import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../../common/auth/principal';
import { RoutersService } from '../routers.service';
import { generateWireGuardKeyPair } from '../tunnel/tunnel-keys';

const DEMO_TUNNEL_ROUTER = 'Kilimani shop (no public IP)';
/** What the demo says routers dial; `.test` never resolves, like every demo name. */
const DEMO_HUB_ENDPOINT = 'wg.wavu.test:51820';

/**
 * Demo mode has no tunnel process (it needs root), so the demo publishes a hub row itself (a
 * fresh key, no heartbeat: the router page says the tunnel service is not reporting, which is
 * true) and adds a router behind CGNAT in tunnel mode, so its setup kit and onboarding steps can
 * be looked at (docs/tunnel.md, "Demo"). Idempotent.
 */
export async function seedDemoTunnelRouter(app: INestApplication, providerId: string): Promise<void> {
  const logger = new Logger('DemoSeed');
  await app
    .get(DataSource)
    .query(`INSERT INTO tunnel_hubs (id, public_key, endpoint, prefix, address, interface_name) VALUES ('default', $1, $2, '172.30.0.0/16', '172.30.0.1', 'wg-wavu') ON CONFLICT (id) DO NOTHING`, [
      generateWireGuardKeyPair().publicKey,
      DEMO_HUB_ENDPOINT,
    ]);
  const routers = app.get(RoutersService);
  if ((await routers.listRouters(providerId)).some((r) => r.name === DEMO_TUNNEL_ROUTER)) return;
  const actor: Principal = { kind: 'user', userId: null, apiKeyId: null, email: 'demo-seed@wavu.test', role: 'provider_owner', providerId, scope: 'full' };
  const created = await routers.create(
    providerId,
    {
      name: DEMO_TUNNEL_ROUTER,
      connectionMode: 'tunnel',
      hotspotServer: 'hotspot1',
      hotspotDnsName: 'wifi.kilimani-demo.test',
      location: 'Kilimani, Nairobi (home fibre behind CGNAT)',
      notes: 'Demo: reached through the WireGuard management tunnel; no tunnel runs in demo mode, so it stays at "waiting for the first handshake".',
    },
    actor,
    { ip: null, userAgent: 'wavu-demo-seed' },
  );
  logger.log(`Seeded ${DEMO_TUNNEL_ROUTER} in tunnel mode at ${created.host}`);
}
