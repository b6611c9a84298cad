import type { RouterOsSimulator, SimRouter, SimRouterOptions } from '@wavu/routeros-sim';
import type { RouterConnectionOptions } from '../src';
import { RouterOsClient } from '../src';

export const PASSWORD = 's3cret';

export async function startRouter(sim: RouterOsSimulator, options: SimRouterOptions = {}): Promise<SimRouter> {
  return sim.addRouter({ user: 'admin', password: PASSWORD, ...options });
}

export function clientFor(router: SimRouter, options: Partial<RouterConnectionOptions> = {}): RouterOsClient {
  return new RouterOsClient({
    host: router.address.host,
    port: router.port,
    user: 'admin',
    password: PASSWORD,
    commandTimeoutMs: 400,
    backoff: { initialMs: 20, maxMs: 200 },
    ...options,
  });
}
