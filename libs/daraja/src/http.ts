import { DarajaError } from './errors';

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or null for an empty/non-JSON body. */
  json: unknown;
}

export type FetchLike = typeof fetch;

/** One HTTP exchange with a per-request timeout (AbortController). Network failures → UNAVAILABLE, timeouts → TIMEOUT. */
export async function httpJson(fetchImpl: FetchLike, url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown }, timeoutMs: number): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: init.method,
      headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: controller.signal,
    });
    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { status: res.status, json };
  } catch (err) {
    if (controller.signal.aborted) throw new DarajaError('TIMEOUT', `Daraja did not answer within ${timeoutMs} ms`, { cause: err });
    throw new DarajaError('UNAVAILABLE', `Daraja could not be reached: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
