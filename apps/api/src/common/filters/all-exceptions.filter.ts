import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException, CommonErrorCode, ErrorDetail } from '../errors/app-exception';

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

/** body-parser raises plain errors with `type` and `status`. */
function bodyParserError(error: unknown): { status: number; code: CommonErrorCode; message: string } | null {
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return { status: 400, code: CommonErrorCode.INVALID_JSON, message: 'Request body is not valid JSON' };
  if (e?.type === 'entity.too.large') return { status: 413, code: CommonErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is too large' };
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return { status: 415, code: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Unsupported body encoding' };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.type)
    return { status: e.status, code: HTTP_CODES[e.status] ?? CommonErrorCode.VALIDATION_FAILED, message: 'Bad request body' };
  return null;
}

/**
 * The one place errors become HTTP answers (ARCHITECTURE rule 5). Known errors keep their code
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
      this.logger.error({ err: exception, requestId, path: request.path }, 'Unhandled error');
    }
    if (exception instanceof AppException && exception.headers) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof AppException) {
      return { statusCode: exception.httpStatus, code: exception.code, message: exception.message, details: exception.details, requestId };
    }
    const parser = bodyParserError(exception);
    if (parser) return { statusCode: parser.status, code: parser.code, message: parser.message, requestId };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        const res = exception.getResponse();
        const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? exception.message);
        return { statusCode: status, code: HTTP_CODES[status] ?? CommonErrorCode.VALIDATION_FAILED, message, requestId };
      }
    }
    return { statusCode: 500, code: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error', requestId };
  }
}
