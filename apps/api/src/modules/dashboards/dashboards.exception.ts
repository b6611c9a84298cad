import { AppException } from '../../common/errors/app-exception';

export enum DashboardErrorCode {
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
}

export class DashboardException extends AppException<DashboardErrorCode> {
  protected readonly statuses = { JOB_NOT_FOUND: 404 };
}
