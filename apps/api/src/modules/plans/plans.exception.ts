import type { ErrorDetail } from '../../common/errors/app-exception';
import { AppException } from '../../common/errors/app-exception';

export enum PlanErrorCode {
  PLAN_NOT_FOUND = 'PLAN_NOT_FOUND',
  PLAN_INVALID = 'PLAN_INVALID',
  PLAN_INVALID_TRANSITION = 'PLAN_INVALID_TRANSITION',
}

export class PlanException extends AppException<PlanErrorCode> {
  protected readonly statuses = {
    PLAN_NOT_FOUND: 404,
    PLAN_INVALID: 400,
    PLAN_ARCHIVED: 409,
    PLAN_INVALID_TRANSITION: 409,
    PLAN_NOT_ON_ROUTER: 409,
  };

  static notFound(): PlanException {
    return new PlanException(PlanErrorCode.PLAN_NOT_FOUND, 'Plan not found');
  }

  static invalid(details: ErrorDetail[]): PlanException {
    return new PlanException(PlanErrorCode.PLAN_INVALID, details.map((d) => d.messages.join('; ')).join('; '), details);
  }
}
