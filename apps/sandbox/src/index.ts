import { RouterOsSimulator, SimLogger, SimRouter } from '@wavu/routeros-sim';
import { PesapalSimulatorHandle, PesapalSimulatorOptions, startPesapalSimulator } from '@wavu/pesapal-sim';
import { DEMO_APP, DarajaSimulator, DarajaSimulatorOptions, startDarajaSimulator } from '@wavu/daraja-sim';

export interface SandboxOptions {
  /** simulated RouterOS routers to start (default 1) */
  routers?: number;
  /** first router port (default: free ports) */
  routerBasePort?: number;
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
  /** devices join the hotspot and log in with the given (already provisioned) users */
  loginDevices(router: SimRouter, devices: SandboxDevice[]): string[];
  stop(): Promise<void>;
}

/**
 * The simulators `npm start` (demo mode) and the tests run against: for now the RouterOS
 * simulator (real binary API over TCP on 127.0.0.1); Daraja and Pesapal join later.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const routeros = new RouterOsSimulator({ logger: options.logger });
  const routers = await routeros.startRouters(options.routers ?? 1, {
    namePrefix: 'sim-router-',
    basePort: options.routerBasePort,
    user: options.routerUser,
    password: options.routerPassword,
  });
  const pesapal = options.pesapal ? await startPesapalSimulator(options.pesapal === true ? {} : options.pesapal) : undefined;
  const daraja = options.daraja ? await startDarajaSimulator(options.daraja === true ? { apps: [DEMO_APP], phone: { defaultAction: 'manual', manualTimeoutMs: 90_000 } } : options.daraja) : undefined;
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
    },
  };
}
