import type { RouterProvisioningApi } from '../routers';

/**
 * Injection token for the routers module's provisioning API (RoutersService implements
 * RouterProvisioningApi). Plans and vouchers depend on the interface only; their modules bind
 * it with `{ provide: ROUTER_PROVISIONING, useExisting: RoutersService }`.
 */
export const ROUTER_PROVISIONING = Symbol('ROUTER_PROVISIONING');
export type RouterProvisioning = RouterProvisioningApi;
