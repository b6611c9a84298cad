import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { normaliseMsisdn } from '../phone';

/** A Kenyan mobile number in any usual form, normalised to 2547XXXXXXXX / 2541XXXXXXXX. */
export function IsMsisdn(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (normaliseMsisdn(value) ?? value) : value)),
    IsString(),
    Matches(/^254[17]\d{8}$/, { message: '$property must be a Kenyan mobile number such as 0712 345 678' }),
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
