import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException, CommonErrorCode, ErrorDetail } from '../errors/app-exception';
import { loggablePath } from '../http/logger-options';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  requestId: string;
}

const HTTP_CODES: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.VALIDATION_FAILED,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  413: CommonErrorCode.PAYLOAD_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: CommonErrorCode.RATE_LIMITED,
};

/**
 * The one place errors become HTTP answers (docs/architecture.md rule 5). Known errors keep their code
 * and message; anything else is logged and answered with a plain 500 with no internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');
    const body = this.toBody(exception, requestId);

    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, requestId, path: loggablePath(request.path) }, 'Unhandled error');
    }
    if (exception instanceof AppException && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    if (isPoolExhausted(exception)) response.setHeader('Retry-After', '5');
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof AppException) {
      return { statusCode: exception.httpStatus, code: exception.code as string, message: exception.message, details: exception.details, requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        const res = exception.getResponse();
        // a validation pipe's message is a string[]: String() joins it with commas, as intended
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
        const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? exception.message);
        return { statusCode: status, code: HTTP_CODES[status] ?? CommonErrorCode.VALIDATION_FAILED, message, requestId };
      }
    }
    if (isPoolExhausted(exception)) {
      return { statusCode: 503, code: CommonErrorCode.SERVICE_UNAVAILABLE, message: 'The service is busy. Please try again in a moment.', requestId };
    }
    return { statusCode: 500, code: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error', requestId };
  }
}

/** pg-pool's error when no connection came free within DATABASE_POOL_WAIT_MS (still logged: an operator must hear of it). */
const isPoolExhausted = (exception: unknown): boolean => exception instanceof Error && exception.message === 'timeout exceeded when trying to connect';
