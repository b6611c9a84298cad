import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode, CommonException } from '../errors/app-exception';

/**
 * Express error middleware placed right after the body parsers: turns body-parser's errors
 * into coded exceptions before Nest maps them to a generic 400.
 */
export function bodyParserErrors(error: unknown, _req: Request, _res: Response, next: NextFunction): void {
  const type = (error as { type?: string } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return next(new CommonException(CommonErrorCode.INVALID_JSON, 'Request body is not valid JSON'));
    case 'entity.too.large':
      return next(new CommonException(CommonErrorCode.PAYLOAD_TOO_LARGE, 'Request body is too large'));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return next(new CommonException(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Unsupported body encoding'));
    case 'request.aborted':
    case 'request.size.invalid':
    case 'parameters.too.many':
    case 'stream.encoding.set':
      return next(new CommonException(CommonErrorCode.VALIDATION_FAILED, 'Malformed request body'));
    default:
      return next(error);
  }
}
