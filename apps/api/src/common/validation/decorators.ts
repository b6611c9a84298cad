import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { normaliseMsisdn } from '../phone';

/** A Kenyan mobile number in any usual form, normalised to 2547XXXXXXXX / 2541XXXXXXXX (`each`: every item of an array). */
export function IsMsisdn(options: { each?: boolean } = {}): PropertyDecorator {
  const normalise = (value: unknown) => (typeof value === 'string' ? (normaliseMsisdn(value) ?? value) : value);
  const each = options.each ?? false;
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (each && Array.isArray(value) ? value.map(normalise) : normalise(value))),
    IsString({ each }),
    Matches(/^254[17]\d{8}$/, { each, message: each ? 'each of $property must be a Kenyan mobile number such as 0712 345 678' : '$property must be a Kenyan mobile number such as 0712 345 678' }),
  );
}

/** Trimmed text with a length range; whitespace-only is refused. */
export function IsText(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value)),
    IsString(),
    MinLength(min),
    MaxLength(max),
  );
}

// The two below list their decorators bottom-up, in the order the same decorators stacked on a
// property would apply, so validation messages keep their order.

/** An optional UUID (any version), e.g. a list filter: absent or null skips it. */
export function OptionalUuid(description?: string): PropertyDecorator {
  return applyDecorators(IsOptional(), IsUUID('all'), ApiPropertyOptional({ format: 'uuid', ...(description && { description }) }));
}

/** An optional instant, strict ISO 8601 (e.g. 2026-05-04T21:00:00Z), e.g. a list's from/to. */
export function OptionalDate(description?: string): PropertyDecorator {
  return applyDecorators(IsOptional(), MaxLength(40), IsISO8601({ strict: true }), ApiPropertyOptional({ format: 'date-time', ...(description && { description }) }));
}
