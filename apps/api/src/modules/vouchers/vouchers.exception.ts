import { AppException } from '../../common/errors/app-exception';

export enum VoucherErrorCode {
  VOUCHER_NOT_FOUND = 'VOUCHER_NOT_FOUND',
  VOUCHER_INVALID_TRANSITION = 'VOUCHER_INVALID_TRANSITION',
  VOUCHER_NOT_AVAILABLE = 'VOUCHER_NOT_AVAILABLE',
  VOUCHER_ACTION_NOT_ALLOWED = 'VOUCHER_ACTION_NOT_ALLOWED',
  VOUCHER_CODE_SPACE_TOO_SMALL = 'VOUCHER_CODE_SPACE_TOO_SMALL',
  VOUCHER_CODES_EXHAUSTED = 'VOUCHER_CODES_EXHAUSTED',
  VOUCHER_PLAN_ARCHIVED = 'VOUCHER_PLAN_ARCHIVED',
  VOUCHER_PLAN_NOT_ON_ROUTER = 'VOUCHER_PLAN_NOT_ON_ROUTER',
  VOUCHER_BATCH_NOT_FOUND = 'VOUCHER_BATCH_NOT_FOUND',
  VOUCHER_BATCH_NOT_READY = 'VOUCHER_BATCH_NOT_READY',
  VOUCHER_SALE_KEY_CONFLICT = 'VOUCHER_SALE_KEY_CONFLICT',
  VOUCHER_EXPORT_TOO_LARGE = 'VOUCHER_EXPORT_TOO_LARGE',
  /** adopting a router's hotspot user whose name is already a voucher code */
  VOUCHER_CODE_TAKEN = 'VOUCHER_CODE_TAKEN',
  /** a router's hotspot user Wavu cannot turn into a voucher as it is (name or password too long, unreadable password) */
  VOUCHER_ADOPT_REFUSED = 'VOUCHER_ADOPT_REFUSED',
}

export class VoucherException extends AppException<VoucherErrorCode> {
  protected readonly statuses = {
    VOUCHER_NOT_FOUND: 404,
    VOUCHER_INVALID_TRANSITION: 409,
    VOUCHER_NOT_AVAILABLE: 409,
    VOUCHER_ACTION_NOT_ALLOWED: 409,
    VOUCHER_CODE_SPACE_TOO_SMALL: 400,
    VOUCHER_CODES_EXHAUSTED: 409,
    VOUCHER_PLAN_ARCHIVED: 409,
    VOUCHER_PLAN_NOT_ON_ROUTER: 409,
    VOUCHER_BATCH_NOT_FOUND: 404,
    VOUCHER_BATCH_NOT_READY: 409,
    VOUCHER_SALE_KEY_CONFLICT: 409,
    VOUCHER_EXPORT_TOO_LARGE: 400,
    VOUCHER_CODE_TAKEN: 409,
    VOUCHER_ADOPT_REFUSED: 409,
  };

  static notFound(): VoucherException {
    return new VoucherException(VoucherErrorCode.VOUCHER_NOT_FOUND, 'Voucher not found');
  }

  static batchNotFound(): VoucherException {
    return new VoucherException(VoucherErrorCode.VOUCHER_BATCH_NOT_FOUND, 'Voucher batch not found');
  }
}
