import { DarajaError } from './errors';

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or null for an empty/non-JSON body. */
  json: unknown;
}

export type FetchLike = typeof fetch;

/** Largest answer body read from Daraja (a Pull page of ~1000 rows is well under 1 MiB). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

const tooLarge = (maxBytes: number): DarajaError => new DarajaError('UNAVAILABLE', `Daraja answer too large (over ${maxBytes} bytes)`);

/** Reads the body as UTF-8, aborting the request as soon as it passes maxBytes (declared or actual). */
async function readBounded(res: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge(maxBytes);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One HTTP exchange with a per-request timeout (AbortController). Network failures → UNAVAILABLE, timeouts → TIMEOUT,
 * a body larger than maxBytes (default 8 MiB) → UNAVAILABLE "answer too large" and the request is aborted.
 */
export async function httpJson(
  fetchImpl: FetchLike,
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: unknown },
  timeoutMs: number,
  maxBytes = MAX_ANSWER_BYTES,
): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: init.method,
      headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: controller.signal,
    });
    const text = await readBounded(res, maxBytes, controller);
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
    if (err instanceof DarajaError) throw err;
    if (controller.signal.aborted) throw new DarajaError('TIMEOUT', `Daraja did not answer within ${timeoutMs} ms`, { cause: err });
    throw new DarajaError('UNAVAILABLE', `Daraja could not be reached: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
