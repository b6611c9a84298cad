import type { components } from '@/lib/api/schema';

export type RouterContext = components['schemas']['CaptiveRouterDto'];
export type Plan = components['schemas']['CaptivePlanDto'];
export type Purchase = components['schemas']['CaptivePurchaseDto'];
export type VoucherCheck = components['schemas']['VoucherCheckResultDto'];
export type Recovered = components['schemas']['RecoveredPurchasesDto'];
export type LoginCheck = components['schemas']['LoginCheckResultDto'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BASE = '/api/v1/captive';

async function call<T>(path: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, init ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : undefined);
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  const body = (await res.json().catch(() => null)) as (T & { code?: string; message?: string }) | null;
  if (!res.ok) throw new ApiError(res.status, body?.code ?? 'ERROR', body?.message ?? res.statusText);
  return body as T;
}

export const captiveApi = {
  router: (routerId: string) => call<RouterContext>(`/routers/${routerId}`),
  startPurchase: (body: components['schemas']['StartCaptivePurchaseDto']) => call<Purchase>('/purchases', { method: 'POST', body }),
  purchase: (id: string, routerId: string) => call<Purchase>(`/purchases/${id}?routerId=${encodeURIComponent(routerId)}`),
  checkVoucher: (routerId: string, code: string) => call<VoucherCheck>('/vouchers/check', { method: 'POST', body: { routerId, code } }),
  loginCheck: (routerId: string, code: string) => call<LoginCheck>(`/routers/${encodeURIComponent(routerId)}/login-check`, { method: 'POST', body: { code } }),
  recover: (body: components['schemas']['RecoverPurchaseDto']) => call<Recovered>('/recover', { method: 'POST', body }),
};
