import type { components } from '@/lib/api/schema';

export type RouterContext = components['schemas']['CaptiveRouterDto'];
export type Plan = components['schemas']['CaptivePlanDto'];
export type Purchase = components['schemas']['CaptivePurchaseDto'];
export type StartedPurchase = components['schemas']['CaptivePurchaseStartedDto'];
export type VoucherCheck = components['schemas']['VoucherCheckResultDto'];
export type Recovered = components['schemas']['RecoveredPurchasesDto'];
export type LoginCheck = components['schemas']['LoginCheckResultDto'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** seconds from Retry-After (429, or a payment request still open on the phone) */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const BASE = '/api/v1/captive';

async function call<T>(path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, init.body !== undefined ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : { headers: init.headers });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  const body = (await res.json().catch(() => null)) as (T & { code?: string; message?: string }) | null;
  const wait = Number(res.headers.get('retry-after'));
  if (!res.ok) throw new ApiError(res.status, body?.code ?? 'ERROR', body?.message ?? res.statusText, wait > 0 ? wait : null);
  return body as T;
}

/** The device's MAC from the router's link, when it gave one (code checks are counted per device). */
const withMac = (mac: string) => (mac ? { mac } : {});

export const captiveApi = {
  router: (routerId: string) => call<RouterContext>(`/routers/${routerId}`),
  startPurchase: (body: components['schemas']['StartCaptivePurchaseDto']) => call<StartedPurchase>('/purchases', { body }),
  /** only the client that started the purchase can read it: `token` came with the start */
  purchase: (id: string, routerId: string, token: string) => call<Purchase>(`/purchases/${id}?routerId=${encodeURIComponent(routerId)}`, { headers: { 'x-purchase-token': token } }),
  checkVoucher: (routerId: string, code: string, mac: string) => call<VoucherCheck>('/vouchers/check', { body: { routerId, code, ...withMac(mac) } }),
  loginCheck: (routerId: string, code: string, mac: string) => call<LoginCheck>(`/routers/${encodeURIComponent(routerId)}/login-check`, { body: { code, ...withMac(mac) } }),
  recover: (body: components['schemas']['RecoverPurchaseDto']) => call<Recovered>('/recover', { body }),
  /** the codes go to the phone by SMS, never onto the page */
  recoverBySms: (routerId: string, phone: string, mac: string) => call<components['schemas']['RecoverBySmsResultDto']>('/recover-by-sms', { body: { routerId, phone, ...withMac(mac) } }),
};
