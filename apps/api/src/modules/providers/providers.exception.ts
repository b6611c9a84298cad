import { AppException } from '../../common/errors/app-exception';

export enum ProviderErrorCode {
  PROVIDER_NOT_FOUND = 'PROVIDER_NOT_FOUND',
  PROVIDER_INVALID_TRANSITION = 'PROVIDER_INVALID_TRANSITION',
}

export class ProviderException extends AppException<ProviderErrorCode> {
  protected readonly statuses = {
    PROVIDER_NOT_FOUND: 404,
    PROVIDER_INVALID_TRANSITION: 409,
  };

  static notFound(): ProviderException {
    return new ProviderException(ProviderErrorCode.PROVIDER_NOT_FOUND, 'Provider not found');
  }
}
