import { ValidateIf } from 'class-validator';

/**
 * Optional, but not nullable: absent (undefined) skips validation, `null` is validated (and
 * fails the field's type check), unlike @IsOptional() which lets null through.
 */
export function IsPresentIfGiven(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
