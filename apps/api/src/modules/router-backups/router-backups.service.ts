import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { SecretBox } from '../../common/crypto/secret-box';
import { randomToken } from '../../common/crypto/tokens';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { BackupRouter, RouterBackupAccess, RouterException, RouterFileError, versionSupportsBackups } from '../routers';
import { BackupDiffDto, BackupDto, BackupListDto, BackupScheduleDto, TakeKind, UpdateBackupScheduleDto } from './dto/router-backup.dto';
import { BackupKind, BackupTrigger, RouterBackup } from './entities/router-backup.entity';
import { DEFAULT_BACKUP_HOUR, DEFAULT_BACKUP_KEEP, RouterBackupSchedule } from './entities/router-backup-schedule.entity';
import { exportDiff, outsideChanges } from './export-text';
import { mapBackup } from './router-backup.mapper';
import { BACKUP_CODE_FOR, BACKUP_HINT_FOR, BackupErrorCode, BackupException } from './router-backups.exception';
import { RouterBackupsRepository, SealedBackup } from './router-backups.repository';

/** The comment every hotspot user the platform adds carries (the routers module's PLATFORM_COMMENT). */
const PLATFORM_COMMENT = /^wavu:/;

/** A scheduled run takes a router's backups at most once in this long (the hourly job sees the hour once a day). */
const SCHEDULE_MIN_GAP_MS = 20 * 3_600_000;

const dataContext = (id: string) => `router-backup:${id}`;
const passwordContext = (id: string) => `router-backup:${id}:password`;

/** Who took a backup: a person (user or key) or the schedule (null). */
export type BackupActor = Principal | null;

const nairobiHour = (at: Date) => Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: NAIROBI_TIME_ZONE }).format(at));

/** `wavu-backup-20261206-0300-1a2b3c4d`: the platform's files on the router are recognisable and never collide. */
function fileBase(at: Date, id: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
  return `wavu-backup-${stamp}-${id.slice(0, 8)}`;
}

/**
 * Router backups (docs/backups.md): text exports and binary backups taken on demand or on a
 * schedule, read off the router, stored sealed, pruned to N versions, listed, downloaded and
 * compared. A backup that fails stores nothing and leaves a router event with its code.
 */
@Injectable()
export class RouterBackupsService {
  private readonly logger = new Logger(RouterBackupsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: RouterBackupsRepository,
    private readonly access: RouterBackupAccess,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly providers: ProvidersService,
    private readonly clock: Clock,
  ) {}

  async requireRouter(providerId: string, routerId: string): Promise<BackupRouter> {
    const router = await this.access.find(providerId, routerId);
    if (!router) throw RouterException.notFound();
    return router;
  }

  async list(providerId: string, routerId: string): Promise<BackupListDto> {
    await this.requireRouter(providerId, routerId);
    const [items, schedule] = await Promise.all([this.repo.listForRouter(providerId, routerId), this.repo.schedule(routerId)]);
    return { items: items.map(mapBackup), schedule: scheduleDto(schedule) };
  }

  async schedule(providerId: string, routerId: string): Promise<BackupScheduleDto> {
    await this.requireRouter(providerId, routerId);
    return scheduleDto(await this.repo.schedule(routerId));
  }

  async updateSchedule(providerId: string, routerId: string, dto: UpdateBackupScheduleDto, actor: Principal, context: RequestContext): Promise<BackupScheduleDto> {
    await this.requireRouter(providerId, routerId);
    return inTransaction(this.dataSource, async (manager) => {
      const current = scheduleDto(await this.repo.schedule(routerId, manager));
      const next = { enabled: dto.enabled ?? current.enabled, hour: dto.hour ?? current.hour, keep: dto.keep ?? current.keep };
      await this.repo.saveSchedule({ routerId, providerId, ...next }, manager);
      await this.audit.record({ action: 'router.backup_schedule_updated', actor, providerId, target: { type: 'router', id: routerId }, context, metadata: next }, manager);
      return { ...next, timeZone: NAIROBI_TIME_ZONE };
    });
  }

  /** On demand (POST): audited; a failure answers its code. */
  async takeNow(providerId: string, routerId: string, kind: TakeKind, actor: Principal, context: RequestContext): Promise<BackupDto[]> {
    const router = await this.requireRouter(providerId, routerId);
    const taken = await this.take(router, kind, 'manual', actor);
    await this.audit.record({
      action: 'router.backup_taken',
      actor,
      providerId,
      target: { type: 'router', id: routerId },
      context,
      metadata: { kind, backupIds: taken.map((b) => b.id) },
    });
    return taken.map(mapBackup);
  }

  /**
   * Takes the backups of `kind` off the router, then stores them all in one transaction (and
   * prunes older versions): a failure anywhere stores nothing, records a `backup_failed`
   * router event with its code, and throws BackupException.
   */
  async take(router: BackupRouter, kind: TakeKind, trigger: BackupTrigger, actor: BackupActor): Promise<RouterBackup[]> {
    const kinds: BackupKind[] = kind === 'both' ? ['export', 'binary'] : [kind];
    let rows: Array<Omit<RouterBackup, 'createdAt'>>;
    try {
      const { version } = await this.access.probe(router.id);
      if (versionSupportsBackups(version) === false) throw new RouterFileError('TOO_OLD', `the router runs RouterOS ${version}`);
      rows = [];
      for (const k of kinds) {
        const id = randomUUID();
        const password = k === 'binary' ? randomToken(24) : null;
        const fileName = fileBase(this.clock.now(), id);
        const data = await this.access.takeFile(router.id, k === 'export' ? { kind: 'export', fileName } : { kind: 'binary', fileName, password });
        rows.push({
          id,
          providerId: router.providerId,
          routerId: router.id,
          kind: k,
          trigger,
          sizeBytes: data.length,
          routerosVersion: version.slice(0, 64) || null,
          takenByUserId: actor?.userId ?? null,
          takenByEmail: actor?.email ?? null,
          dataSealed: this.box.sealBytes(data, dataContext(id)),
          passwordSealed: password === null ? null : this.box.seal(password, passwordContext(id)),
        });
        // the plaintext is not kept beyond this point (only its length)
        data.fill(0);
      }
    } catch (err) {
      if (!(err instanceof RouterFileError)) throw err;
      const code = BACKUP_CODE_FOR[err.code];
      await this.access.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: 'backup_failed',
        message: `Backup (${kind}, ${trigger.replace('_', ' ')}) failed: ${BACKUP_HINT_FOR[err.code]} (${code})`,
        metadata: { code, kind, trigger, detail: err.message.slice(0, 300) },
      });
      throw new BackupException(code, `Router ${router.name}: ${BACKUP_HINT_FOR[err.code]} (${err.message})`);
    }

    const keep = (await this.repo.schedule(router.id))?.keep ?? DEFAULT_BACKUP_KEEP;
    await inTransaction(this.dataSource, async (manager) => {
      await this.repo.insertBackups(manager, rows);
      for (const k of kinds) await this.repo.prune(manager, router.id, k, keep);
    });
    const stored = await this.repo.listForRouter(router.providerId, router.id);
    const taken = rows.map((r) => stored.find((s) => s.id === r.id)).filter((b): b is RouterBackup => b !== undefined);
    const exported = taken.find((b) => b.kind === 'export');
    if (exported && trigger !== 'before_restore') await this.detectOutsideChanges(router, exported);
    return taken;
  }

  /**
   * Compares a new export with the one before it, leaving out what the platform manages (its
   * hotspot users and profiles); anything else that changed is written as a router event.
   */
  private async detectOutsideChanges(router: BackupRouter, backup: RouterBackup): Promise<void> {
    const previous = await this.repo.previousExport(backup);
    if (!previous) return;
    const current = await this.repo.sealed(router.providerId, backup.id);
    if (!current) return;
    const names = await this.access.platformNames(router.id);
    const lines = outsideChanges(this.text(previous), this.text(current), { ...names, comment: PLATFORM_COMMENT });
    if (lines === 0) return;
    await this.access.addEvent({
      providerId: router.providerId,
      routerId: router.id,
      type: 'config_changed',
      message: `Configuration changed on the router outside Wavu: ${lines} line${lines === 1 ? '' : 's'} differ from the previous backup; see the backup's diff`,
      metadata: { backupId: backup.id, againstId: previous.id, lines, link: `/routers/${router.id}/backups/${backup.id}/diff` },
    });
  }

  /** The plaintext of a stored backup. */
  open(backup: SealedBackup): Buffer {
    return this.box.openBytes(backup.dataSealed, dataContext(backup.id));
  }

  /** The password a binary backup was saved with (null: none). */
  openPassword(backup: SealedBackup): string | null {
    return backup.passwordSealed === null ? null : this.box.open(backup.passwordSealed, passwordContext(backup.id));
  }

  private text(backup: SealedBackup): string {
    return this.open(backup).toString('utf8');
  }

  /** A router's backup with its file (404 for another router's or provider's). */
  async requireSealed(providerId: string, routerId: string, backupId: string): Promise<SealedBackup> {
    await this.requireRouter(providerId, routerId);
    const backup = await this.repo.sealed(providerId, backupId);
    if (!backup || backup.routerId !== routerId) throw BackupException.notFound();
    return backup;
  }

  /** Owner only, audited: the file as stored (an export as text, a binary backup as the router wrote it). */
  async download(providerId: string, routerId: string, backupId: string, actor: Principal, context: RequestContext): Promise<{ data: Buffer; fileName: string; contentType: string }> {
    const backup = await this.requireSealed(providerId, routerId, backupId);
    const data = this.open(backup);
    await this.audit.record({ action: 'router.backup_downloaded', actor, providerId, target: { type: 'router', id: routerId }, context, metadata: { backupId, kind: backup.kind } });
    const fileName = `${fileBase(backup.createdAt, backup.id)}.${backup.kind === 'export' ? 'rsc' : 'backup'}`;
    return { data, fileName, contentType: backup.kind === 'export' ? 'text/plain; charset=utf-8' : 'application/octet-stream' };
  }

  async diff(providerId: string, routerId: string, backupId: string, against: string | undefined): Promise<BackupDiffDto> {
    const backup = await this.requireSealed(providerId, routerId, backupId);
    if (backup.kind !== 'export') throw new BackupException(BackupErrorCode.BACKUP_DIFF_UNAVAILABLE, 'Only text exports can be compared; this is a binary backup');
    let base: SealedBackup | null;
    if (against) {
      base = await this.repo.sealed(providerId, against);
      if (!base || base.routerId !== routerId) throw BackupException.notFound();
      if (base.kind !== 'export') throw new BackupException(BackupErrorCode.BACKUP_DIFF_UNAVAILABLE, 'Only text exports can be compared; `against` is a binary backup');
    } else {
      base = await this.repo.previousExport(backup);
    }
    const label = (b: SealedBackup) => `${fileBase(b.createdAt, b.id)}.rsc`;
    const diff = exportDiff(base ? { label: label(base), text: this.text(base) } : null, { label: label(backup), text: this.text(backup) });
    const changedLines = diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l) && !/^(---|\+\+\+) /.test(l)).length;
    return { backupId, againstId: base?.id ?? null, changedLines, diff };
  }

  /**
   * The hourly job: every router of an active provider whose schedule is on and whose hour
   * (Nairobi time) it is, not backed up by the schedule in the last 20 hours, gets an export and
   * a binary backup. A router that fails is counted and left for tomorrow (its event says why).
   */
  async runSchedule(now = this.clock.now()): Promise<{ routers: number; stored: number; failed: number }> {
    const counts = { routers: 0, stored: 0, failed: 0 };
    const all = await this.access.listAll();
    const providers = await this.providers.getSummaries([...new Set(all.map((r) => r.providerId))]);
    const schedules = new Map((await this.repo.schedules(all.map((r) => r.id))).map((s) => [s.routerId, s]));
    const hour = nairobiHour(now);
    const due: BackupRouter[] = [];
    for (const router of all) {
      if (providers.get(router.providerId)?.status !== 'active') continue;
      const s = scheduleDto(schedules.get(router.id) ?? null);
      if (!s.enabled || s.hour !== hour) continue;
      const last = await this.repo.lastScheduled(router.id);
      if (last && now.getTime() - last.getTime() < SCHEDULE_MIN_GAP_MS) continue;
      due.push(router);
    }
    const queue = [...due];
    const worker = async () => {
      for (let router = queue.shift(); router; router = queue.shift()) {
        counts.routers++;
        try {
          counts.stored += (await this.take(router, 'both', 'schedule', null)).length;
        } catch (err) {
          if (!(err instanceof BackupException)) throw err;
          counts.failed++;
          this.logger.warn({ routerId: router.id, code: err.code }, 'scheduled backup failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
    return counts;
  }
}

function scheduleDto(s: RouterBackupSchedule | null): BackupScheduleDto {
  return { enabled: s?.enabled ?? true, hour: s?.hour ?? DEFAULT_BACKUP_HOUR, keep: s?.keep ?? DEFAULT_BACKUP_KEEP, timeZone: NAIROBI_TIME_ZONE };
}
