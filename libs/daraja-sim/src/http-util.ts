import type { IncomingMessage, ServerResponse } from 'http';

export class BodyTooLarge extends Error {}

/** Bodies already read (a `slow` fault reads the request before it waits, as a server that received it would). */
const bodies = new WeakMap<IncomingMessage, string>();

export async function readRaw(req: IncomingMessage, limit = 256 * 1024): Promise<string> {
  const cached = bodies.get(req);
  if (cached !== undefined) return cached;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  bodies.set(req, text);
  return text;
}

/** The body as a JSON object, or null when it is not valid JSON or not an object. */
export function parseJsonObject(raw: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A Daraja error to answer with (thrown by handlers). */
export class DarajaFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorMessage: string,
    readonly requestId?: string,
  ) {
    super(`${errorCode} ${errorMessage}`);
  }
}

export const invalid = (field: string): DarajaFailure => new DarajaFailure(400, '400.002.02', `Bad Request - Invalid ${field}`);
export const invalidToken = (): DarajaFailure => new DarajaFailure(404, '404.001.03', 'Invalid Access Token');
export const noProduct = (): DarajaFailure => new DarajaFailure(401, '401.003.01', 'Error Occurred - Invalid Access Token - Invalid API call as no apiproduct match found');
export const merchantFailure = (message: string): DarajaFailure => new DarajaFailure(500, '500.001.1001', message);
