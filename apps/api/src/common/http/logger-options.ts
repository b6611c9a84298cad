import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { stdSerializers } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../../config/app-config';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request path for logs: the callback secret in Daraja webhook URLs replaced, the query string dropped. */
export function loggablePath(url: string): string {
  return url.split('?')[0].replace(/(\/webhooks\/daraja\/[^/]+\/)[^/]+/, '$1[redacted]');
}

/**
 * Error properties that carry the values of a query: TypeORM's QueryFailedError keeps the bound
 * `parameters` (phone numbers, password hashes, tokens…) and the driver's error, whose `detail`
 * repeats a conflicting value ("Key (email)=(…) already exists"). The SQL text itself (with $1
 * placeholders) and the message stay: they say what failed without the data.
 */
const QUERY_VALUE_KEYS = new Set(['parameters', 'driverError', 'detail', 'where']);

function withoutQueryValues(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 5) return value;
  if (Array.isArray(value)) return value.map((v) => withoutQueryValues(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !QUERY_VALUE_KEYS.has(key))
      .map(([key, v]) => [key, withoutQueryValues(v, depth + 1)]),
  );
}

/** The bound values of a failed query, as they could appear in its text (PostgreSQL quotes some in its message). */
function queryValues(error: Error): string[] {
  const parameters = (error as { parameters?: unknown }).parameters;
  if (!Array.isArray(parameters)) return [];
  return parameters.map((p) => (typeof p === 'string' || typeof p === 'number' || typeof p === 'bigint' ? String(p) : '')).filter((p) => p.length >= 3);
}

function masked(text: unknown, values: string[]): unknown {
  return typeof text === 'string' ? values.reduce((t, v) => t.split(v).join('[parameter]'), text) : text;
}

/**
 * pino's error serializer, minus the query values a failed SQL statement carries (also in
 * `cause`); a bound value PostgreSQL repeated in the message ("invalid input syntax for type
 * uuid: …") is masked there too.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return withoutQueryValues(error);
  const values = queryValues(error);
  const serialized = withoutQueryValues(stdSerializers.err(error)) as Record<string, unknown>;
  return values.length ? { ...serialized, message: masked(serialized.message, values), stack: masked(serialized.stack, values) } : serialized;
}

/**
 * JSON logs (pino) with a request id on every line: taken from X-Request-Id when sane, else a
 * new UUID, echoed in the response header and in error bodies. Credentials are redacted and no
 * SQL parameter reaches a log (TypeORM logs no queries: data-source-options.ts; errors: above).
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.secret', '*.refreshToken', '*.accessToken'],
        censor: '[redacted]',
      },
      serializers: {
        // Daraja webhook URLs carry the provider's callback secret: never log it
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggablePath(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}
