import { createServer } from 'node:net';
import type { SimLogger, SimRouter } from '@wavu/routeros-sim';
import { RouterOsSimulator } from '@wavu/routeros-sim';
import type { PesapalSimulatorHandle, PesapalSimulatorOptions } from '@wavu/pesapal-sim';
import { startPesapalSimulator } from '@wavu/pesapal-sim';
import type { DarajaSimulator, DarajaSimulatorOptions } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { MailSink, MailSinkOptions } from '@wavu/mail-sink';
import { startMailSink } from '@wavu/mail-sink';
import type { SmsSimulator, SmsSimulatorOptions } from '@wavu/sms-sim';
import { DEMO_SMS_APP, startSmsSimulator } from '@wavu/sms-sim';

export interface SandboxOptions {
  /** simulated RouterOS routers to start (default 1) */
  routers?: number;
  /** first router port (default: free ports) */
  routerBasePort?: number;
  /**
   * Ports to prefer (the demo's fixed ports, so bookmarks survive restarts): the first router's
   * API, api-ssl and hotspot HTTP side, the Daraja and Pesapal simulators. A port already in use is
   * replaced by a free one and reported in `portWarnings`. Unset = free ports (tests).
   */
  preferredPorts?: { routerApi?: number; routerApiSsl?: number; hotspot?: number; daraja?: number; pesapal?: number; mailSmtp?: number; mailHttp?: number; sms?: number };
  /** advance the simulated routers' clocks with wall time, so sessions' uptime and bytes grow (demo) */
  realtime?: boolean;
  /** admin account of every simulated router (default admin / empty password) */
  routerUser?: string;
  routerPassword?: string;
  logger?: SimLogger;
  /** also start the Pesapal simulator (platform subscriptions: hosted payment page, IPN) */
  pesapal?: boolean | PesapalSimulatorOptions;
  /** also start the Daraja (M-Pesa) simulator; `true` = the demo app (shortcode 174379) with a manual phone (`daraja.phoneUrl`) */
  daraja?: boolean | DarajaSimulatorOptions;
  /** also start the mail sink (a local SMTP server with a simulated mailbox page) */
  mail?: boolean | MailSinkOptions;
  /** also start the Africa's Talking SMS simulator; `true`: its sandbox app, reports to `smsDeliveryReportUrl` */
  sms?: boolean | SmsSimulatorOptions;
  /** with `sms: true`: where the sandbox app sends delivery reports (the API's platform delivery-report URL) */
  smsDeliveryReportUrl?: string;
}

export interface SandboxDevice {
  user: string;
  password: string;
  ip: string;
  mac: string;
  /** bytes per simulated second, client upload / download */
  rateIn?: number;
  rateOut?: number;
}

export interface Sandbox {
  routeros: RouterOsSimulator;
  routers: SimRouter[];
  /** set when started with `pesapal`; `pesapal.url` is the API base URL */
  pesapal?: PesapalSimulatorHandle;
  /** set when started with `daraja`; `daraja.url` is the API base URL, `daraja.phoneUrl` the customer's phone page */
  daraja?: DarajaSimulator;
  /** set when started with `mail`; `mail.smtpUrl` is where to send, `${mail.httpUrl}/mailbox` the mailbox page */
  mail?: MailSink;
  /** set when started with `sms`; `sms.url` is the AT base URL, `sms.phoneUrl` the simulated phone inbox */
  sms?: SmsSimulator;
  /** one sentence per preferred port that was taken (a free port was used instead) */
  portWarnings: string[];
  /** devices join the hotspot and log in with the given (already provisioned) users */
  loginDevices(router: SimRouter, devices: SandboxDevice[]): string[];
  stop(): Promise<void>;
}

/**
 * The simulators `npm start` (demo mode) and the tests run against: for now the RouterOS
 * simulator (real binary API over TCP on 127.0.0.1); Daraja and Pesapal join later.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const portWarnings: string[] = [];
  const preferred = async (what: string, port: number | undefined): Promise<number | undefined> => {
    if (!port) return undefined;
    if (await portFree(port)) return port;
    portWarnings.push(`port ${port} (${what}) is in use, so a free port was used this time; free it (or set its variable) to keep the usual address`);
    return undefined;
  };
  const ports = options.preferredPorts ?? {};
  const routeros = new RouterOsSimulator({ logger: options.logger });
  const routers = await routeros.startRouters(options.routers ?? 1, {
    namePrefix: 'sim-router-',
    basePort: options.routerBasePort ?? (await preferred('simulated router API, DEMO_ROUTER_PORT', ports.routerApi)),
    // every simulated router also serves api-ssl (its own self-signed certificate, new at each start)
    apiSsl: true,
    sslBasePort: await preferred('simulated router api-ssl, DEMO_ROUTER_TLS_PORT', ports.routerApiSsl),
    hotspotBasePort: await preferred("simulated router's hotspot page, DEMO_HOTSPOT_PORT", ports.hotspot),
    user: options.routerUser,
    password: options.routerPassword,
  });
  const pesapalPort = options.pesapal ? await preferred('Pesapal simulator, DEMO_PESAPAL_PORT', ports.pesapal) : undefined;
  const pesapal = options.pesapal ? await startPesapalSimulator({ port: pesapalPort, ...(options.pesapal === true ? {} : options.pesapal) }) : undefined;
  const darajaPort = options.daraja ? await preferred('Daraja (M-Pesa) simulator, DEMO_DARAJA_PORT', ports.daraja) : undefined;
  const daraja = options.daraja
    ? await startDarajaSimulator({ port: darajaPort, ...(options.daraja === true ? { apps: [DEMO_APP], phone: { defaultAction: 'manual' as const, manualTimeoutMs: 90_000 } } : options.daraja) })
    : undefined;
  const mailPorts = options.mail
    ? { smtpPort: await preferred('mail sink SMTP, DEMO_MAIL_SMTP_PORT', ports.mailSmtp), httpPort: await preferred('mail sink mailbox page, DEMO_MAIL_HTTP_PORT', ports.mailHttp) }
    : {};
  const mail = options.mail ? await startMailSink({ ...mailPorts, ...(options.mail === true ? {} : options.mail) }) : undefined;
  const smsPort = options.sms ? await preferred('SMS (Africa’s Talking) simulator, DEMO_SMS_PORT', ports.sms) : undefined;
  const sms = options.sms
    ? await startSmsSimulator({
        port: smsPort,
        ...(options.sms === true ? { apps: [{ ...DEMO_SMS_APP, deliveryReportUrl: options.smsDeliveryReportUrl ?? null }], settings: { deliveryDelayMs: 2000 } } : options.sms),
      })
    : undefined;
  let timer: NodeJS.Timeout | null = null;
  if (options.realtime) {
    let last = Date.now();
    timer = setInterval(() => {
      const now = Date.now();
      for (const r of routeros.list()) r.clock.advance(now - last);
      last = now;
    }, 1000);
    timer.unref();
  }
  return {
    routeros,
    routers,
    pesapal,
    daraja,
    mail,
    sms,
    portWarnings,
    loginDevices(router, devices) {
      return devices.map((d) => {
        router.state.hotspot.connectDevice(d.mac, d.ip);
        const result = router.state.hotspot.login({ user: d.user, password: d.password, ip: d.ip, mac: d.mac, loginBy: 'http-chap', rateIn: d.rateIn, rateOut: d.rateOut });
        if (!result.ok) throw new Error(`sandbox: ${d.user} could not log in: ${result.error}`);
        return result.sessionId;
      });
    },
    async stop() {
      if (timer) clearInterval(timer);
      await routeros.stop();
      await pesapal?.close();
      await daraja?.close();
      await mail?.close();
      await sms?.close();
    },
  };
}

/** True when nothing listens on 127.0.0.1:port (checked just before the simulator binds it). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
