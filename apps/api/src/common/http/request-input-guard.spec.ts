import type { NextFunction, Request, Response } from 'express';
import { CommonException } from '../errors/app-exception';
import { requestInputGuard } from './request-input-guard';

const run = (req: Partial<Request>): unknown => {
  let passed: unknown = 'not called';
  requestInputGuard({ headers: {}, query: {}, path: '/api/v1/x', ...req } as Request, {} as Response, ((e?: unknown) => (passed = e)) as NextFunction);
  return passed;
};

describe('requestInputGuard (regressions found by the malformed-input sweep)', () => {
  it('refuses a NUL byte in a query string with a 400 naming the field (was a 500 from PostgreSQL)', () => {
    const error = run({ query: { search: 'abc\u0000def' } }) as CommonException;
    expect(error).toBeInstanceOf(CommonException);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.[0].field).toBe('search');
  });

  it('refuses a lone surrogate deep in a body (was a 500 on login and sign-up)', () => {
    const error = run({ headers: { 'content-type': 'application/json', 'content-length': '20' }, body: { a: [{ email: 'x\uD800y' }] } }) as CommonException;
    expect(error.details?.[0].field).toBe('a[0].email');
  });

  it('accepts emoji (proper surrogate pairs), RTL marks and injection-looking text', () => {
    expect(run({ headers: { 'content-type': 'application/json', 'content-length': '9' }, body: { name: '📶 \u202Eمرحبا', q: "' OR 1=1--" } })).toBeUndefined();
  });

  it('refuses non-JSON bodies with 415, forms only on the portal page paths (not the captive API)', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' };
    expect((run({ headers: { 'content-type': 'text/plain', 'content-length': '3' } }) as CommonException).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((run({ headers: form }) as CommonException).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(run({ headers: form, path: '/portal/abc' })).toBeUndefined();
    expect((run({ headers: form, path: '/api/v1/captive/purchases' }) as CommonException).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(run({ headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '2' } })).toBeUndefined();
    expect(run({ headers: {} })).toBeUndefined(); // no body at all
  });
});
