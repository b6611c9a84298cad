import { SmsGatewayError } from './errors';

export type FetchLike = typeof fetch;

export interface TextAnswer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  text: string;
}

/** Largest answer read (1,000 recipients of JSON is about 150 KiB). */
export const MAX_SMS_ANSWER_BYTES = 4 * 1024 * 1024;

async function readBounded(res: Response, maxBytes: number, controller: AbortController): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '');
  const tooLarge = () => new SmsGatewayError('UNAVAILABLE', `Africa's Talking answer too large (over ${maxBytes} bytes)`, { httpStatus: res.status });
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort();
    throw tooLarge();
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
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One form POST with a timeout covering the whole exchange (connect, headers and body). */
export async function postForm(fetchImpl: FetchLike, url: string, headers: Record<string, string>, form: URLSearchParams, timeoutMs: number, maxBytes = MAX_SMS_ANSWER_BYTES): Promise<TextAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: controller.signal,
    });
    const text = await readBounded(res, maxBytes, controller);
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', retryAfter: res.headers.get('retry-after'), text };
  } catch (err) {
    if (err instanceof SmsGatewayError) throw err;
    if (controller.signal.aborted) throw new SmsGatewayError('TIMEOUT', `Africa's Talking did not answer within ${timeoutMs} ms`, { cause: err });
    throw new SmsGatewayError('UNAVAILABLE', `Africa's Talking could not be reached: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
