import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit';
import { BackupRouter, RouterBackupAccess, RouterFileError } from '../routers';
import { RestoreBackupDto, RestoreDto } from './dto/router-backup.dto';
import { RouterRestore } from './entities/router-restore.entity';
import { mapRestore } from './router-backup.mapper';
import { BACKUP_CODE_FOR, BackupErrorCode, BackupException } from './router-backups.exception';
import { RouterBackupsRepository, SealedBackup } from './router-backups.repository';
import { RouterBackupsService } from './router-backups.service';

/** How long a router file link works (the router fetches it within seconds of being told). */
const FILE_LINK_MINUTES = 10;
/** How long a binary restore waits for the router to come back from its reboot. */
const RESTORE_REBOOT_DEADLINE_MS = 5 * 60_000;
const FOLLOW_EVERY_MS = 1_000;
/** A restore still "running" after this long was cut short (an API restart): it no longer blocks another one. */
const RUNNING_STALE_MS = 15 * 60_000;

/**
 * Restores (docs/backups.md, "Restore"): the router pulls the backup through a single-use
 * link and imports it (an export, onto any router of the provider) or loads it (a binary
 * backup, onto its own router, which reboots). A before-restore export is taken first; every
 * restore is stored with its outcome, audited and written as a router event.
 */
@Injectable()
export class RouterRestoresService implements OnModuleDestroy {
  private readonly logger = new Logger(RouterRestoresService.name);
  private readonly following = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly repo: RouterBackupsRepository,
    private readonly backups: RouterBackupsService,
    private readonly access: RouterBackupAccess,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.following.values()) clearTimeout(timer);
    this.following.clear();
  }

  async list(providerId: string, routerId: string): Promise<RestoreDto[]> {
    await this.backups.requireRouter(providerId, routerId);
    return (await this.repo.listRestores(providerId, routerId)).map(mapRestore);
  }

  /** A restore's status; a binary restore still waiting for its reboot is checked now. */
  async get(providerId: string, routerId: string, restoreId: string): Promise<RestoreDto> {
    await this.backups.requireRouter(providerId, routerId);
    let restore = await this.repo.findRestore(providerId, routerId, restoreId);
    if (!restore) throw new BackupException(BackupErrorCode.RESTORE_NOT_FOUND, 'Restore not found');
    if (restore.status === 'rebooting') {
      await this.check(restore);
      restore = (await this.repo.findRestore(providerId, routerId, restoreId))!;
    }
    return mapRestore(restore);
  }

  /**
   * Owner only. Checks first (nothing is written for a refused request): the backup is the
   * provider's, a binary backup goes back onto its own router only, the confirmation repeats
   * the router's name, no other restore of the router is under way.
   */
  async restore(providerId: string, routerId: string, dto: RestoreBackupDto, actor: Principal, context: RequestContext): Promise<RestoreDto> {
    const target = await this.backups.requireRouter(providerId, routerId);
    const backup = await this.repo.sealed(providerId, dto.backupId);
    if (!backup) throw BackupException.notFound();
    if (backup.kind === 'binary' && backup.routerId !== routerId) {
      throw new BackupException(BackupErrorCode.RESTORE_TARGET_NOT_ALLOWED, 'A binary backup can only be restored onto the router it was taken from; restore an export instead', [
        { field: 'backupId', messages: ['binary backups restore onto their own router only'] },
      ]);
    }
    if (dto.confirmName !== target.name) {
      throw new BackupException(BackupErrorCode.RESTORE_CONFIRMATION_MISMATCH, 'Type the router name exactly to confirm the restore', [
        { field: 'confirmName', messages: [`must be the router's name, "${target.name}"`] },
      ]);
    }
    if (await this.repo.activeRestore(routerId, this.clock.now(), RUNNING_STALE_MS))
      throw new BackupException(BackupErrorCode.RESTORE_IN_PROGRESS, 'Another restore of this router is still under way');

    let restore = await this.repo.insertRestore({
      providerId,
      routerId,
      backupId: backup.id,
      sourceRouterId: backup.routerId,
      kind: backup.kind,
      status: 'running',
      requestedByUserId: actor.userId,
      requestedByEmail: actor.email,
    });
    await this.audit.record({
      action: 'router.restore_started',
      actor,
      providerId,
      target: { type: 'router', id: routerId },
      context,
      metadata: { restoreId: restore.id, backupId: backup.id, kind: backup.kind, sourceRouterId: backup.routerId },
    });

    const fileName = `wavu-restore-${restore.id.slice(0, 8)}.${backup.kind === 'export' ? 'rsc' : 'backup'}`;
    try {
      // a copy of what is about to be overwritten; a router that cannot give one cannot take a restore either
      const [before] = await this.backups.take(target, 'export', 'before_restore', actor);
      restore = await this.save(restore, { beforeBackupId: before.id });
      const url = await this.fileLink(target, backup, restore);
      await this.access.pullFile(routerId, url, fileName);
      if (backup.kind === 'export') {
        const outcome = await this.access.importFile(routerId, fileName);
        restore = await this.save(
          restore,
          outcome.ok
            ? { status: 'succeeded', finishedAt: this.clock.now() }
            : { status: 'failed', error: (outcome.error ?? 'the import stopped').slice(0, 500), line: outcome.line ?? null, finishedAt: this.clock.now() },
        );
        await this.event(
          target,
          restore,
          outcome.ok ? 'Export restored onto the router' : `Export restore stopped at line ${outcome.line ?? '?'}: ${outcome.error ?? ''}; the lines before it stay applied`,
        );
      } else {
        const { uptimeSeconds } = await this.access.probe(routerId);
        restore = await this.save(restore, { uptimeBefore: Math.min(uptimeSeconds, 2_147_483_647), deadlineAt: new Date(this.clock.now().getTime() + RESTORE_REBOOT_DEADLINE_MS) });
        await this.access.loadBinary(routerId, fileName, this.backups.openPassword(backup));
        restore = await this.save(restore, { status: 'rebooting' });
        await this.event(target, restore, 'Binary backup loaded; the router is rebooting');
        this.follow(restore.id);
      }
    } catch (err) {
      const failure =
        err instanceof RouterFileError
          ? { code: err.code === 'FAILED' ? BackupErrorCode.RESTORE_FAILED : BACKUP_CODE_FOR[err.code], message: err.message }
          : err instanceof BackupException
            ? { code: err.code, message: err.message }
            : null;
      if (!failure) throw err;
      await this.save(restore, { status: 'failed', error: `${failure.code}: ${failure.message}`.slice(0, 500), finishedAt: this.clock.now() });
      await this.event(target, { ...restore, status: 'failed' }, `Restore failed: ${failure.message}`, { code: failure.code });
      await this.access.removeFile(routerId, fileName).catch(() => undefined);
      await this.audit.record({
        action: 'router.restore_finished',
        actor,
        providerId,
        target: { type: 'router', id: routerId },
        context,
        metadata: { restoreId: restore.id, status: 'failed', code: failure.code },
      });
      throw new BackupException(failure.code, `Router ${target.name}: restore failed: ${failure.message}`);
    }
    await this.audit.record({
      action: 'router.restore_finished',
      actor,
      providerId,
      target: { type: 'router', id: routerId },
      context,
      metadata: { restoreId: restore.id, status: restore.status, line: restore.line },
    });
    return mapRestore(restore);
  }

  /** A single-use link the router fetches the file through, built from the configured public URL. */
  private async fileLink(target: BackupRouter, backup: SealedBackup, restore: RouterRestore): Promise<string> {
    const token = randomToken(32);
    await this.repo.insertToken({
      tokenHash: sha256(token),
      providerId: target.providerId,
      routerId: target.id,
      backupId: backup.id,
      restoreId: restore.id,
      expiresAt: new Date(this.clock.now().getTime() + FILE_LINK_MINUTES * 60_000),
    });
    return `${this.config.http.publicUrl.replace(/\/+$/, '')}/api/v1/router-files/${token}`;
  }

  /** Public by design (the router has no session): the first use of a live link answers the file, any other 404. Audited. */
  async serveFile(token: string, context: RequestContext): Promise<{ data: Buffer; fileName: string }> {
    const link = await this.repo.spendToken(sha256(token), this.clock.now());
    const backup = link ? await this.repo.sealed(link.providerId, link.backupId) : null;
    if (!link || !backup) throw new BackupException(BackupErrorCode.ROUTER_FILE_NOT_FOUND, 'This link is unknown, used or expired');
    await this.audit.record({
      action: 'router.backup_file_served',
      providerId: link.providerId,
      target: { type: 'router', id: link.routerId },
      context,
      metadata: { restoreId: link.restoreId, backupId: link.backupId },
    });
    return { data: this.backups.open(backup), fileName: `wavu-restore.${backup.kind === 'export' ? 'rsc' : 'backup'}` };
  }

  private async save(restore: RouterRestore, changes: Partial<RouterRestore>): Promise<RouterRestore> {
    await this.repo.updateRestore(restore.id, changes);
    return { ...restore, ...changes };
  }

  private async event(router: BackupRouter, restore: RouterRestore, message: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.access.addEvent({
      providerId: router.providerId,
      routerId: router.id,
      type: 'restore',
      message,
      metadata: { restoreId: restore.id, backupId: restore.backupId, kind: restore.kind, status: restore.status, ...extra },
    });
  }

  /** Follows a rebooting router in this process until it is back or the deadline passes (a status read checks too). */
  private follow(restoreId: string): void {
    const tick = async () => {
      this.following.delete(restoreId);
      if (this.closed) return;
      const restore = await this.repo.findRestoreById(restoreId);
      if (!restore || restore.status !== 'rebooting') return;
      await this.check(restore);
      const after = await this.repo.findRestoreById(restoreId);
      if (after?.status === 'rebooting' && !this.closed)
        this.following.set(restoreId, setTimeout(() => void tick().catch((err: unknown) => this.logger.error({ err }, 'following a restore failed')), FOLLOW_EVERY_MS).unref());
    };
    this.following.set(restoreId, setTimeout(() => void tick().catch((err: unknown) => this.logger.error({ err }, 'following a restore failed')), FOLLOW_EVERY_MS).unref());
  }

  /**
   * The router is back when it answers with an uptime below the one read before the load (it
   * rebooted); past the deadline the restore fails. One caller wins the transition.
   */
  private async check(restore: RouterRestore): Promise<void> {
    const router = await this.access.find(restore.providerId, restore.routerId);
    if (!router) return;
    const now = this.clock.now();
    try {
      const { uptimeSeconds } = await this.access.probe(restore.routerId);
      if (restore.uptimeBefore === null || uptimeSeconds < restore.uptimeBefore) {
        if (await this.repo.finishRestore(restore.id, 'rebooting', { status: 'succeeded', finishedAt: now })) {
          await this.event(router, { ...restore, status: 'succeeded' }, `Router back after the reboot (uptime ${uptimeSeconds}s): binary backup restored`);
          await this.access.removeFile(restore.routerId, `wavu-restore-${restore.id.slice(0, 8)}.backup`).catch(() => undefined);
        }
        return;
      }
    } catch (err) {
      if (!(err instanceof RouterFileError)) throw err;
    }
    if (restore.deadlineAt && now >= restore.deadlineAt) {
      const error = `the router did not come back within ${RESTORE_REBOOT_DEADLINE_MS / 60_000} minutes of loading the backup`;
      if (await this.repo.finishRestore(restore.id, 'rebooting', { status: 'failed', error, finishedAt: now })) await this.event(router, { ...restore, status: 'failed' }, `Restore failed: ${error}`);
    }
  }
}
