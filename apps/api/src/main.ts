import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfigFromProcess } from './config/load-config';
import type { AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { DEMO, seedDemo } from './database/seed-demo';
import type { INestApplication } from '@nestjs/common';
import type { Sandbox, startSandbox } from '@wavu/sandbox';
import { installLastResort } from './modules/health/last-resort';

let app: INestApplication | undefined;

// First thing: an error nothing caught is logged with context, readiness goes down and the
// process exits non-zero for the supervisor to restart it (never resumed in an unknown state).
installLastResort({
  log: (message, context) => new Logger('Process').fatal({ ...context }, message),
  close: async () => {
    await app?.close();
  },
  graceMs: 3000,
});

/** The simulators, for demo mode only; a build without them (the production image) stops with a clear message. */
async function loadSandbox(): Promise<{ startSandbox: typeof startSandbox }> {
  try {
    return await import('@wavu/sandbox');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    console.error(
      'DEMO_MODE: this build has no simulators (the production image leaves them out), so demo mode cannot start here.\n' +
        '  Run the demo from a source checkout (npm ci && npm start), or run for real with DEMO_MODE=false (docs/deployment.md).',
    );
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new Logger('Bootstrap');
  // demo mode: simulated routers (RouterOS API on 127.0.0.1) so the dashboard shows live data,
  // and (unless PESAPAL_BASE_URL is set) the Pesapal simulator for subscription payments.
  // Loaded lazily, so production never loads the simulators (CONTRIBUTING.md, boundaries); the
  // production image does not even contain them (docs/deployment.md), which is said plainly here.
  const sandboxModule = config.demoMode ? await loadSandbox() : undefined;

  if (!config.database.url) {
    const started = Date.now();
    const embedded = await startEmbeddedPostgres({
      dir: config.database.embeddedDir,
      port: config.database.embeddedPort,
      database: 'wavu',
      log: (message) => /\b(ERROR|FATAL|PANIC)\b/.test(message) && logger.warn(message),
    });
    config = { ...config, database: { ...config.database, url: embedded.url } };
    logger.log(`Embedded PostgreSQL ready on port ${config.database.embeddedPort} (${Date.now() - started} ms)`);
  }
  // Production runs migrations as an explicit step (dist/apps/api/src/cli/migrate.js);
  // demo mode does it here so one command gives a working platform.
  if (config.demoMode) {
    const applied = await runMigrations(config.database.url!);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  }

  // fixed ports (DEMO_*_PORT) so the addresses in the banner stay the same across restarts.
  let sandbox: Sandbox | undefined;
  if (sandboxModule) {
    sandbox = await sandboxModule.startSandbox({
      routers: 1,
      realtime: true,
      pesapal: config.subscriptions.pesapal.simulate,
      daraja: !config.payments.daraja.baseUrl,
      mail: config.mail.simulate,
      sms: config.sms.simulate,
      smsDeliveryReportUrl: `${config.sms.callbackBaseUrl}/api/v1/webhooks/africastalking/${config.sms.callbackToken}/delivery-reports`,
      preferredPorts: config.demoPorts,
    });
  }
  if (sandbox?.pesapal) config = { ...config, subscriptions: { ...config.subscriptions, pesapal: { ...config.subscriptions.pesapal, baseUrl: sandbox.pesapal.url } } };
  // M-Pesa in demo mode: the Daraja simulator (platform collection with its demo app); its phone page approves pushes
  if (sandbox?.daraja) config = { ...config, payments: { ...config.payments, daraja: { ...config.payments.daraja, baseUrl: sandbox.daraja.url } } };
  // e-mail in demo mode (no SMTP_URL / SMTP_HOST): the local mail sink; its mailbox page shows what was sent
  if (sandbox?.mail) config = { ...config, mail: { ...config.mail, smtp: { host: '127.0.0.1', port: sandbox.mail.smtpPort, secure: false, user: null, password: null } } };
  // SMS in demo mode (no AT_BASE_URL / AT_API_KEY): the Africa's Talking simulator; its phone inbox shows what was texted
  if (sandbox?.sms) config = { ...config, sms: { ...config.sms, baseUrl: sandbox.sms.url } };
  app = await createApp(config);
  if (config.demoMode) await seedDemo(app, sandbox);
  await app.listen(config.http.port, config.http.host);

  const url = config.http.publicUrl;
  const banner = [
    '',
    `  Wavu is running at ${url}`,
    ...(config.http.apiDocs ? [`  API docs:  ${url}/api/docs`] : []),
    ...(config.demoMode && config.http.host === '127.0.0.1' ? ['  Listening on 127.0.0.1 only (demo logins are public); set HOST to open it to your network'] : []),
    ...(config.demoMode
      ? [
          '  Demo logins (fake data):',
          `    super admin               ${DEMO.admin.email} / ${DEMO.admin.password}`,
          `    provider owner            ${DEMO.owner.email} / ${DEMO.owner.password}`,
          `    pending provider owner    ${DEMO.pending.email} / ${DEMO.pending.password}`,
          `  Simulated router (RouterOS API): api-ssl 127.0.0.1:${sandbox?.routers[0]?.sslAddress?.port}, plaintext api 127.0.0.1:${sandbox?.routers[0]?.port}`,
          ...(sandbox?.routers[0]?.hotspotHttp ? [`  Simulated router's hotspot login page (walk the captive portal as a customer): ${sandbox.routers[0].hotspotHttp.url}/login`] : []),
          ...(sandbox?.pesapal ? [`  Simulated Pesapal (subscriptions): ${sandbox.pesapal.url}`] : []),
          ...(sandbox?.daraja
            ? [
                `  Simulated M-Pesa customer phone (approve STK pushes): ${sandbox.daraja.phoneUrl}`,
                `  Simulated M-Pesa org-portal statement of the platform shortcode (upload it under Statements): ${sandbox.daraja.url}/sim/statement?shortCode=${config.payments.platform?.shortcode ?? ''}`,
              ]
            : []),
          ...(sandbox?.sms ? [`  Simulated phones' SMS inbox (voucher codes texted to buyers): ${sandbox.sms.phoneUrl}`] : []),
          ...(sandbox?.mail ? [`  Simulated mailbox (every e-mail the platform sends, e.g. password resets, staff invitations): ${sandbox.mail.httpUrl}/mailbox`] : []),
          ...(sandbox?.portWarnings ?? []).map((warning) => `  Note: ${warning}`),
        ]
      : []),
    '',
  ];
  console.log(banner.join('\n'));
}

bootstrap().catch((error) => {
  console.error('Wavu failed to start:', error);
  process.exit(1);
});
