import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, Logger } from '@nestjs/common';
import { CommonErrorCode, CommonException } from '../errors/app-exception';
import { AllExceptionsFilter } from './all-exceptions.filter';

function run(exception: unknown) {
  const response = {
    headersSent: false,
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', path: '/x' }), getResponse: () => response }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return response;
}

describe('AllExceptionsFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('keeps the code, message, details and headers of our exceptions', () => {
    const res = run(new CommonException(CommonErrorCode.RATE_LIMITED, 'Slow down', [{ field: 'phone', messages: ['too many'] }], { 'Retry-After': '30' }));
    expect(res.statusCode).toBe(429);
    expect(res.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: 'Slow down', details: [{ field: 'phone', messages: ['too many'] }], requestId: 'req-1' });
    expect(res.headers['Retry-After']).toBe('30');
  });

  it('maps framework 4xx errors to codes', () => {
    expect(run(new BadRequestException('bad')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'bad' });
  });

  it('hides the internals of unknown errors behind a plain 500', () => {
    const res = run(new Error('password=hunter2 at /srv/app/secret.ts:12'));
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', requestId: 'req-1' });
  });
});
