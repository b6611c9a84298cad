import { AppException } from '../../common/errors/app-exception';
import type { RouterFileErrorCode } from '../routers';

export enum BackupErrorCode {
  BACKUP_NOT_FOUND = 'BACKUP_NOT_FOUND',
  RESTORE_NOT_FOUND = 'RESTORE_NOT_FOUND',
  /** a router file link that is unknown, already used or expired */
  ROUTER_FILE_NOT_FOUND = 'ROUTER_FILE_NOT_FOUND',
  /** the router did not answer in time (hung or overloaded): nothing was stored */
  BACKUP_ROUTER_TIMEOUT = 'BACKUP_ROUTER_TIMEOUT',
  /** the router was not reached (offline, refused, misbehaving, locked login): nothing was stored */
  BACKUP_ROUTER_UNREACHABLE = 'BACKUP_ROUTER_UNREACHABLE',
  /** the API user's group lacks a policy backups need (an older setup kit): re-run the setup kit */
  BACKUP_SETUP_KIT_OUTDATED = 'BACKUP_SETUP_KIT_OUTDATED',
  /** RouterOS older than 7.13 cannot hand files over the API */
  BACKUP_ROUTEROS_TOO_OLD = 'BACKUP_ROUTEROS_TOO_OLD',
  /** the router refused the backup command for another reason (its message says why) */
  BACKUP_FAILED = 'BACKUP_FAILED',
  /** restore: the confirmation does not repeat the target router's name */
  RESTORE_CONFIRMATION_MISMATCH = 'RESTORE_CONFIRMATION_MISMATCH',
  /** restore: a binary backup goes back onto the router it was taken from only */
  RESTORE_TARGET_NOT_ALLOWED = 'RESTORE_TARGET_NOT_ALLOWED',
  /** restore: another restore of this router is still running or rebooting */
  RESTORE_IN_PROGRESS = 'RESTORE_IN_PROGRESS',
  /** restore: the router could not fetch or apply the file */
  RESTORE_FAILED = 'RESTORE_FAILED',
  /** diff: the backup is binary, or there is no export to compare with */
  BACKUP_DIFF_UNAVAILABLE = 'BACKUP_DIFF_UNAVAILABLE',
}

export class BackupException extends AppException<BackupErrorCode> {
  protected readonly statuses = {
    BACKUP_NOT_FOUND: 404,
    RESTORE_NOT_FOUND: 404,
    ROUTER_FILE_NOT_FOUND: 404,
    BACKUP_ROUTER_TIMEOUT: 504,
    BACKUP_ROUTER_UNREACHABLE: 502,
    BACKUP_SETUP_KIT_OUTDATED: 409,
    BACKUP_ROUTEROS_TOO_OLD: 409,
    BACKUP_FAILED: 502,
    RESTORE_CONFIRMATION_MISMATCH: 400,
    RESTORE_TARGET_NOT_ALLOWED: 400,
    RESTORE_IN_PROGRESS: 409,
    RESTORE_FAILED: 502,
    BACKUP_DIFF_UNAVAILABLE: 409,
  };

  static notFound(): BackupException {
    return new BackupException(BackupErrorCode.BACKUP_NOT_FOUND, 'Backup not found');
  }
}

/** The error code a failed router file operation is answered and recorded with. */
export const BACKUP_CODE_FOR: Record<RouterFileErrorCode, BackupErrorCode> = {
  TIMEOUT: BackupErrorCode.BACKUP_ROUTER_TIMEOUT,
  UNREACHABLE: BackupErrorCode.BACKUP_ROUTER_UNREACHABLE,
  PERMISSION: BackupErrorCode.BACKUP_SETUP_KIT_OUTDATED,
  TOO_OLD: BackupErrorCode.BACKUP_ROUTEROS_TOO_OLD,
  FAILED: BackupErrorCode.BACKUP_FAILED,
};

/** Plain words for what the owner does about each failure. */
export const BACKUP_HINT_FOR: Record<RouterFileErrorCode, string> = {
  TIMEOUT: 'the router did not answer in time; nothing was stored — check the router and try again',
  UNREACHABLE: 'the router could not be reached; nothing was stored',
  PERMISSION: "the router's wavu-api user lacks the policies backups need: re-run the setup kit on the router (docs/backups.md)",
  TOO_OLD: 'backups need RouterOS 7.13 or newer',
  FAILED: 'the router refused the backup; nothing was stored',
};
