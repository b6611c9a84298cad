import { AppException } from '../../common/errors/app-exception';

export enum AttentionErrorCode {
  ATTENTION_ITEM_NOT_FOUND = 'ATTENTION_ITEM_NOT_FOUND',
  ATTENTION_ALREADY_RESOLVED = 'ATTENTION_ALREADY_RESOLVED',
  ATTENTION_CANNOT_ISSUE = 'ATTENTION_CANNOT_ISSUE',
  ATTENTION_CLAIM_NOT_EXPIRED = 'ATTENTION_CLAIM_NOT_EXPIRED',
  ATTENTION_CHOICE_INVALID = 'ATTENTION_CHOICE_INVALID',
}

/** Errors of the Needs attention queue (docs/payments-reconciliation.md "Needs attention"). */
export class AttentionException extends AppException<AttentionErrorCode> {
  protected readonly statuses = {
    ATTENTION_ITEM_NOT_FOUND: 404,
    ATTENTION_ALREADY_RESOLVED: 409,
    ATTENTION_CANNOT_ISSUE: 409,
    ATTENTION_CLAIM_NOT_EXPIRED: 409,
    ATTENTION_CHOICE_INVALID: 400,
  };

  static notFound(): AttentionException {
    return new AttentionException(AttentionErrorCode.ATTENTION_ITEM_NOT_FOUND, 'Item not found');
  }

  static alreadyResolved(state: string): AttentionException {
    return new AttentionException(AttentionErrorCode.ATTENTION_ALREADY_RESOLVED, `This item is already resolved (${state.replace('_', ' ')})`);
  }

  /** The chosen purchase or reference cannot take this money (400 naming the field). */
  static choiceInvalid(field: 'paymentId' | 'reference', why: string): AttentionException {
    return new AttentionException(AttentionErrorCode.ATTENTION_CHOICE_INVALID, why, [{ field, messages: [why] }]);
  }

  static cannotIssue(why: string): AttentionException {
    return new AttentionException(AttentionErrorCode.ATTENTION_CANNOT_ISSUE, why);
  }
}
