import type { PesapalOperation } from './errors';
import { PesapalError } from './errors';

export interface HttpCall {
  operation: PesapalOperation;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  bearer?: string;
  timeoutMs: number;
  fetchImpl: typeof fetch;
}

export interface HttpAnswer {
  httpStatus: number;
  /** Parsed JSON (null for an empty body). */
  json: unknown;
}

/**
 * One HTTP exchange with Pesapal. Answers 2xx and 401 to the caller (401 is handled by the
 * token refresh); everything else becomes a PesapalError (404 NOT_FOUND, 5xx UNAVAILABLE,
 * timeout TIMEOUT, network UNAVAILABLE).
 */
export async function pesapalHttp(call: HttpCall): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.bearer) headers.authorization = `Bearer ${call.bearer}`;
  let res: Response;
  let text: string;
  try {
    res = await call.fetchImpl(call.url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: controller.signal,
    });
    text = await res.text();
  } catch (err) {
    if (controller.signal.aborted) {
      throw new PesapalError('TIMEOUT', `Pesapal ${call.operation} timed out after ${call.timeoutMs} ms`, { operation: call.operation, cause: err });
    }
    throw new PesapalError('UNAVAILABLE', `Pesapal ${call.operation} failed: ${err instanceof Error ? err.message : String(err)}`, { operation: call.operation, cause: err });
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 401) return { httpStatus: 401, json: null };
  if (res.status === 404) throw new PesapalError('NOT_FOUND', `Pesapal ${call.operation}: HTTP 404 (check the base URL)`, { operation: call.operation, httpStatus: 404 });
  if (res.status < 200 || res.status >= 300) {
    throw new PesapalError('UNAVAILABLE', `Pesapal ${call.operation}: HTTP ${res.status}`, { operation: call.operation, httpStatus: res.status });
  }
  if (!text.trim()) return { httpStatus: res.status, json: null };
  try {
    return { httpStatus: res.status, json: JSON.parse(text) as unknown };
  } catch (err) {
    throw new PesapalError('UNAVAILABLE', `Pesapal ${call.operation}: answer is not JSON`, { operation: call.operation, httpStatus: res.status, cause: err });
  }
}
