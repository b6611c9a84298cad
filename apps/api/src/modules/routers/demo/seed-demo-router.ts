import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Sandbox } from '@wavu/sandbox';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/app-config';
import type { Principal } from '../../../common/auth/principal';
import { inTransaction } from '../../../database/transaction';
import { ProvidersService } from '../../providers';
import { OutboxWorker } from '../outbox.worker';
import { RouterMonitorService } from '../router-monitor.service';
import { RoutersRepository } from '../routers.repository';
import { RouterSyncService } from '../router-sync.service';
import { RoutersService } from '../routers.service';
import { hotspotFiles } from '../setup-kit/hotspot-html';
import { API_GROUP_GRANTS } from '../setup-kit/rsc';

const DEMO_ROUTER = {
  name: 'Demo Router (simulated)',
  username: 'wavu-api',
  password: 'demo-router-pass',
  profile: { name: 'wavu-demo-1h', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 },
  users: ['DEMO1001', 'DEMO1002', 'DEMO1003', 'DEMO1004'],
  hotspotDnsName: 'wifi.demo-hotspot.test',
} as const;

const CONTEXT = { ip: null, userAgent: 'wavu-demo-seed' };

/**
 * Registers the sandbox's simulated router for the demo provider (fake name, 127.0.0.1), puts
 * a demo profile and users on it through the outbox, and logs a few simulated devices in so
 * the dashboard shows live sessions, and starts the simulator's hotspot HTTP side with the
 * setup kit's login.html etc. (open `sim.hotspotHttp.url + '/login'` to walk the captive portal
 * as a customer). The platform reaches it over api-ssl. Idempotent; the simulator's ports and
 * certificate may change per start.
 */
export async function seedDemoRouter(app: INestApplication, providerId: string, sandbox: Sandbox): Promise<void> {
  const logger = new Logger('DemoSeed');
  const sim = sandbox.routers[0];
  // the policies the setup kit gives its wavu-api group, so backups work in the demo too
  sim.state.addApiUser(DEMO_ROUTER.username, DEMO_ROUTER.password, API_GROUP_GRANTS);
  const routers = app.get(RoutersService);
  const actor: Principal = { kind: 'user', userId: null, apiKeyId: null, email: 'demo-seed@wavu.test', role: 'provider_owner', providerId, scope: 'full' };

  const existing = (await routers.listRouters(providerId)).find((r) => r.name === DEMO_ROUTER.name);
  // the demo router is reached over api-ssl, as new routers are by default
  const sslPort = sim.sslAddress?.port;
  if (!sslPort) throw new Error('the sandbox router does not serve api-ssl');
  let routerId: string;
  if (!existing) {
    const created = await routers.create(
      providerId,
      {
        name: DEMO_ROUTER.name,
        host: '127.0.0.1',
        apiPort: sslPort,
        useTls: true,
        username: DEMO_ROUTER.username,
        password: DEMO_ROUTER.password,
        hotspotServer: 'hotspot1',
        hotspotDnsName: DEMO_ROUTER.hotspotDnsName,
        location: 'Simulated router on 127.0.0.1',
        notes: 'Fake router served by the RouterOS simulator in demo mode.',
      },
      actor,
      CONTEXT,
    );
    routerId = created.id;
    logger.log(`Seeded ${DEMO_ROUTER.name} on 127.0.0.1:${sslPort} (api-ssl)`);
  } else {
    routerId = existing.id;
    await routers.update(providerId, routerId, { apiPort: sslPort, useTls: true }, actor, CONTEXT);
    // demo only: the simulator makes a new certificate at every start, so the pin of the last run
    // would (rightly) stop every connection as a changed certificate; a real router keeps its
    // certificate, and a changed one waits for the owner (docs/router-addresses.md)
    await app.get(RoutersRepository).forgetCertificate(routerId);
  }
  await inTransaction(app.get(DataSource), (manager) =>
    routers.enqueue(manager, providerId, [
      { routerId, type: 'upsert_profile', target: DEMO_ROUTER.profile.name, profile: { ...DEMO_ROUTER.profile } },
      ...DEMO_ROUTER.users.map((name) => ({
        routerId,
        type: 'upsert_user' as const,
        target: name,
        user: { name, password: name, profile: DEMO_ROUTER.profile.name, limitUptimeSeconds: 3600, comment: `wavu:demo-${name.toLowerCase()}` },
      })),
    ]),
  );
  // the scheduled outbox worker may hold the router's lease while this drain runs: wait until the users are on the router
  const outbox = app.get(OutboxWorker);
  for (let i = 0; i < 100 && !DEMO_ROUTER.users.every((name) => sim.state.hotspot.users.find('name', name)); i++) {
    await outbox.drainOnce();
    if (!DEMO_ROUTER.users.every((name) => sim.state.hotspot.users.find('name', name))) await new Promise((r) => setTimeout(r, 100));
  }
  sandbox.loginDevices(sim, [
    { user: 'DEMO1001', password: 'DEMO1001', ip: '10.5.50.11', mac: '02:00:00:00:10:01', rateIn: 20_000, rateOut: 150_000 },
    { user: 'DEMO1002', password: 'DEMO1002', ip: '10.5.50.12', mac: '02:00:00:00:10:02', rateIn: 5_000, rateOut: 60_000 },
  ]);
  // the hotspot's web side, as the setup kit leaves the router: its login.html sends devices to
  // the captive portal, and the portal's host is in the walled garden
  const publicUrl = app.get<AppConfig>(APP_CONFIG).http.publicUrl;
  const branding = await app.get(ProvidersService).getBranding(providerId);
  await sim.startHotspotHttp({ dnsName: DEMO_ROUTER.hotspotDnsName, files: hotspotFiles(publicUrl, routerId, { name: branding?.name ?? 'WiFi', accentColor: branding?.accentColor ?? null }) });
  const portalHost = new URL(publicUrl).hostname;
  if (!sim.state.hotspot.walledGarden.find('dst-host', portalHost)) sim.state.hotspot.walledGarden.add({ 'dst-host': portalHost, action: 'allow', comment: 'wavu portal', disabled: 'false' });
  // the simulator starts empty on every `npm start`, as a router reset to defaults would: bring it
  // in line with what the platform holds (every voucher put on it before), as the monitor would
  const row = await app.get(RoutersRepository).findById(routerId);
  if (row) {
    const monitor = app.get(RouterMonitorService);
    await monitor.checkRouter(row); // notices the restart (uptime went back) and reconciles
    const sync = await app.get(RouterSyncService).syncStatus(providerId, routerId);
    if (sync.confirmedUsers < sync.desiredUsers) await monitor.reconcile((await app.get(RoutersRepository).findById(routerId)) ?? row, existing ? 'restarted' : 'manual');
  }
}
