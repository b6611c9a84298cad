import type { ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from './app-exception';
import { CommonException } from './app-exception';
import { cacheValidationMetadata } from '../validation/metadata-cache';

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', messages }`. */
export function toErrorDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toErrorDetails(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields rejected, types transformed, errors as VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonException.validation(toErrorDetails(errors)),
  });
}
