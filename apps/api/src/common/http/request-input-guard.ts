import type { NextFunction, Request, Response } from 'express';
import type { ErrorDetail } from '../errors/app-exception';
import { CommonErrorCode, CommonException } from '../errors/app-exception';

/**
 * Paths that may post forms; everything else speaks JSON. The portal's HTML forms, and Africa's
 * Talking's delivery reports (a form post, docs/sms.md §3). Not the captive API: a form on any
 * site could start an STK push there (docs/portal.md "Requests from elsewhere").
 */
const FORM_BODY_PATHS: RegExp[] = [/^\/portal\//, /^\/api\/v1\/webhooks\/africastalking\/[^/]+\/delivery-reports$/];

// a NUL byte (PostgreSQL text/jsonb cannot hold it) or a UTF-16 surrogate without its pair (not encodable as UTF-8)
// eslint-disable-next-line no-control-regex -- the NUL byte is what this matches
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findUnstorable(value: unknown, path: string, out: ErrorDetail[], depth = 0): void {
  if (out.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) out.push({ field: path || 'body', messages: [`${path || 'body'} contains a NUL byte or an invalid Unicode character`] });
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) out.push({ field, messages: [`${field}: the name contains a NUL byte or an invalid Unicode character`] });
      findUnstorable(item, field, out, depth + 1);
    }
  }
}

/**
 * After the body parsers: (1) a request body must be JSON (HTML forms only where FORM_BODY_PATHS
 * allows them) → else 415; (2) no string of the body or query may hold a NUL byte or a lone
 * surrogate, which PostgreSQL cannot store → else 400 naming the field (they used to reach the
 * database and come back as 500s).
 */
export function requestInputGuard(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody) {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const path = req.path;
    const json = type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
    const form = type === 'application/x-www-form-urlencoded' && FORM_BODY_PATHS.some((re) => re.test(path));
    if (!json && !form) return next(new CommonException(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `Unsupported Content-Type ${type || '(none)'}: send application/json`));
  }
  const problems: ErrorDetail[] = [];
  findUnstorable(req.query, '', problems);
  findUnstorable(req.body, '', problems);
  if (problems.length) return next(CommonException.validation(problems));
  next();
}
