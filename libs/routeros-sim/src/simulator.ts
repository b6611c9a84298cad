import { SimClock } from './clock';
import type { ControlServer } from './control-http';
import { startControlServer } from './control-http';
import type { SimLogger } from './logger';
import { silentLogger } from './logger';
import type { SimRouterOptions } from './server';
import { SimRouter } from './server';

export interface StartRoutersOptions extends Omit<SimRouterOptions, 'name' | 'port' | 'hotspotPort'> {
  /** routers are named `<prefix>1..N` (default `router-`) */
  namePrefix?: string;
  /** first port; each router gets basePort + i. Default: free ports */
  basePort?: number;
  /** first hotspot HTTP port (`startHotspotHttp`); each router gets hotspotBasePort + i. Default: free ports */
  hotspotBasePort?: number;
  /** with `apiSsl`: the first api-ssl port; each router gets sslBasePort + i. Default: free ports */
  sslBasePort?: number;
}

/**
 * Many simulated routers in one process, one port each. Used by apps/sandbox (demo),
 * e2e tests and the CLI.
 */
export class RouterOsSimulator {
  private readonly routers = new Map<string, SimRouter>();
  private control: ControlServer | null = null;
  readonly logger: SimLogger;
  /** optional clock shared by all routers created without their own */
  readonly clock?: SimClock;

  constructor(options: { logger?: SimLogger; sharedClock?: SimClock | boolean } = {}) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.sharedClock === true ? new SimClock() : options.sharedClock || undefined;
  }

  async addRouter(options: SimRouterOptions = {}): Promise<SimRouter> {
    const name = options.name ?? options.identity ?? `router-${this.routers.size + 1}`;
    if (this.routers.has(name)) throw new Error(`a simulated router named ${name} already exists`);
    const router = new SimRouter({ logger: this.logger, clock: this.clock, ...options, name, identity: options.identity ?? name });
    await router.start();
    this.routers.set(name, router);
    return router;
  }

  async startRouters(count: number, options: StartRoutersOptions = {}): Promise<SimRouter[]> {
    const { namePrefix = 'router-', basePort, hotspotBasePort, sslBasePort, apiSsl, ...rest } = options;
    const out: SimRouter[] = [];
    for (let i = 1; i <= count; i++) {
      out.push(
        await this.addRouter({
          ...rest,
          name: `${namePrefix}${this.routers.size + 1}`,
          port: basePort ? basePort + i - 1 : 0,
          hotspotPort: hotspotBasePort ? hotspotBasePort + i - 1 : 0,
          apiSsl: apiSsl ? { port: sslBasePort ? sslBasePort + i - 1 : 0 } : undefined,
        }),
      );
    }
    return out;
  }

  get(name: string): SimRouter {
    const r = this.routers.get(name);
    if (!r) throw new Error(`no simulated router named ${name}`);
    return r;
  }

  find(name: string): SimRouter | undefined {
    return this.routers.get(name);
  }

  list(): SimRouter[] {
    return [...this.routers.values()];
  }

  async removeRouter(name: string): Promise<void> {
    const r = this.routers.get(name);
    if (!r) return;
    this.routers.delete(name);
    await r.stop();
  }

  /** Starts the HTTP control endpoint (see control-http.ts). */
  async startControlServer(port = 0, host = '127.0.0.1'): Promise<ControlServer> {
    if (this.control) return this.control;
    this.control = await startControlServer(this, port, host);
    return this.control;
  }

  async stop(): Promise<void> {
    if (this.control) {
      await this.control.close();
      this.control = null;
    }
    await Promise.all(this.list().map((r) => r.stop()));
    this.routers.clear();
  }
}

/** Shorthand: start N routers and return the simulator that owns them. */
export async function startSimulatedRouters(count: number, options: StartRoutersOptions = {}): Promise<RouterOsSimulator> {
  const sim = new RouterOsSimulator({ logger: options.logger });
  await sim.startRouters(count, options);
  return sim;
}
