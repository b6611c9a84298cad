import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BackupKind, RouterBackup } from './entities/router-backup.entity';
import { RouterBackupSchedule } from './entities/router-backup-schedule.entity';
import { RouterFileToken } from './entities/router-file-token.entity';
import { RouterRestore } from './entities/router-restore.entity';

/** A backup with its sealed file (and sealed password for a binary one). */
export type SealedBackup = RouterBackup & { dataSealed: Buffer; passwordSealed: string | null };

/** Router backups, schedules, restores and single-use file links. Tenant methods take providerId first (rule 7). */
@Injectable()
export class RouterBackupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insertBackups(manager: EntityManager, rows: Array<Omit<RouterBackup, 'createdAt'>>): Promise<void> {
    const repo = manager.getRepository(RouterBackup);
    await repo.insert(rows.map((r) => repo.create(r)));
  }

  /** A router's backups, newest first (without their files). */
  listForRouter(providerId: string, routerId: string): Promise<RouterBackup[]> {
    return this.dataSource.getRepository(RouterBackup).find({ where: { providerId, routerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findForRouter(providerId: string, routerId: string, id: string): Promise<RouterBackup | null> {
    return this.dataSource.getRepository(RouterBackup).findOneBy({ providerId, routerId, id });
  }

  /** One backup of the provider with its sealed file (any of its routers: an export restored onto another router). */
  async sealed(providerId: string, id: string): Promise<SealedBackup | null> {
    return await this.dataSource
      .getRepository(RouterBackup)
      .createQueryBuilder('b')
      .addSelect(['b.dataSealed', 'b.passwordSealed'])
      .where('b.provider_id = :providerId AND b.id = :id', { providerId, id })
      .getOne();
  }

  /** The export of the router taken just before `backup` (by time), with its file. */
  async previousExport(backup: Pick<RouterBackup, 'providerId' | 'routerId' | 'createdAt' | 'id'>): Promise<SealedBackup | null> {
    return await this.dataSource
      .getRepository(RouterBackup)
      .createQueryBuilder('b')
      .addSelect(['b.dataSealed', 'b.passwordSealed'])
      .where("b.provider_id = :providerId AND b.router_id = :routerId AND b.kind = 'export' AND b.id <> :id AND (b.created_at, b.id) < (:createdAt, :id)", backup)
      .orderBy('b.created_at', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .getOne();
  }

  /** Deletes the router's backups of `kind` beyond the newest `keep`; restores that named them keep their row without it. */
  async prune(manager: EntityManager, routerId: string, kind: BackupKind, keep: number): Promise<number> {
    const stale = await manager.query<Array<{ id: string }>>(`SELECT id FROM router_backups WHERE router_id = $1 AND kind = $2 ORDER BY created_at DESC, id DESC OFFSET $3`, [routerId, kind, keep]);
    if (stale.length === 0) return 0;
    const ids = stale.map((r) => r.id);
    await manager.query(`UPDATE router_restores SET backup_id = NULL WHERE backup_id = ANY($1::uuid[])`, [ids]);
    await manager.query(`DELETE FROM router_file_tokens WHERE backup_id = ANY($1::uuid[])`, [ids]);
    await manager.getRepository(RouterBackup).delete({ id: In(ids) });
    return ids.length;
  }

  /** When the schedule last stored a backup of the router (null: never). */
  async lastScheduled(routerId: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<Array<{ at: Date | null }>>(`SELECT max(created_at) AS at FROM router_backups WHERE router_id = $1 AND trigger = 'schedule'`, [routerId]);
    return row?.at ?? null;
  }

  // ---- schedules ----

  schedule(routerId: string, manager?: EntityManager): Promise<RouterBackupSchedule | null> {
    return this.m(manager).getRepository(RouterBackupSchedule).findOneBy({ routerId });
  }

  schedules(routerIds: string[]): Promise<RouterBackupSchedule[]> {
    if (routerIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(RouterBackupSchedule).findBy({ routerId: In(routerIds) });
  }

  async saveSchedule(schedule: Pick<RouterBackupSchedule, 'routerId' | 'providerId' | 'enabled' | 'hour' | 'keep'>, manager?: EntityManager): Promise<void> {
    await this.m(manager).getRepository(RouterBackupSchedule).upsert(schedule, ['routerId']);
  }

  // ---- restores ----

  async insertRestore(restore: Partial<RouterRestore> & Pick<RouterRestore, 'providerId' | 'routerId' | 'sourceRouterId' | 'kind' | 'status'>): Promise<RouterRestore> {
    const repo = this.dataSource.getRepository(RouterRestore);
    return repo.save(repo.create(restore));
  }

  async updateRestore(id: string, changes: Partial<RouterRestore>): Promise<void> {
    await this.dataSource.getRepository(RouterRestore).update(id, changes);
  }

  /** Moves a restore on from `from` (only one caller wins: the follower and a status read may race). */
  async finishRestore(id: string, from: RouterRestore['status'], changes: Partial<RouterRestore>): Promise<boolean> {
    const res = await this.dataSource.getRepository(RouterRestore).update({ id, status: from }, changes);
    return (res.affected ?? 0) > 0;
  }

  findRestore(providerId: string, routerId: string, id: string): Promise<RouterRestore | null> {
    return this.dataSource.getRepository(RouterRestore).findOneBy({ providerId, routerId, id });
  }

  /** A restore by id (the follower, which runs outside any request). */
  findRestoreById(id: string): Promise<RouterRestore | null> {
    return this.dataSource.getRepository(RouterRestore).findOneBy({ id });
  }

  /**
   * A restore of the router still under way: running for less than `staleAfterMs` (one left
   * "running" by an API restart does not block the router for ever), or rebooting before its deadline.
   */
  async activeRestore(routerId: string, now: Date, staleAfterMs: number): Promise<RouterRestore | null> {
    return this.dataSource
      .getRepository(RouterRestore)
      .createQueryBuilder('r')
      .where("r.router_id = :routerId AND ((r.status = 'running' AND r.created_at > :since) OR (r.status = 'rebooting' AND r.deadline_at > :now))", {
        routerId,
        since: new Date(now.getTime() - staleAfterMs),
        now,
      })
      .getOne();
  }

  listRestores(providerId: string, routerId: string, take = 20): Promise<RouterRestore[]> {
    return this.dataSource.getRepository(RouterRestore).find({ where: { providerId, routerId }, order: { createdAt: 'DESC' }, take });
  }

  // ---- single-use file links ----

  async insertToken(token: Omit<RouterFileToken, 'usedAt'>): Promise<void> {
    await this.dataSource.getRepository(RouterFileToken).insert({ ...token, usedAt: null });
  }

  /** Spends a link: the first use before it expires answers its row, every other use null. */
  async spendToken(tokenHash: string, now: Date): Promise<RouterFileToken | null> {
    const rows = await this.dataSource.query<Array<{ provider_id: string; router_id: string; backup_id: string; restore_id: string; expires_at: Date }>>(
      `UPDATE router_file_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING provider_id, router_id, backup_id, restore_id, expires_at`,
      [tokenHash, now],
    );
    // node-postgres answers an UPDATE … RETURNING as [rows, count]
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as typeof rows) : rows;
    const row = list[0];
    return row ? { tokenHash, providerId: row.provider_id, routerId: row.router_id, backupId: row.backup_id, restoreId: row.restore_id, expiresAt: row.expires_at, usedAt: now } : null;
  }
}
