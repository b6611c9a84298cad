import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AlertKind } from './alert-kinds';
import { Alert } from './entities/alert.entity';
import { AlertPreference } from './entities/alert-preference.entity';

/** A source is read again from this long before the newest event already taken: an event committed late is still seen. */
const OVERLAP_MINUTES = 10;
/** …but never from further back than this: events older than that are no news any more (a first start, a long stop). */
const LOOKBACK_HOURS = 6;

export type NewAlert = Pick<Alert, 'providerId' | 'kind' | 'sourceKey' | 'sourceAt' | 'subject' | 'detectedAt'>;

/** The alerts and the people's alert choices (rule 1: only this module touches these tables). */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Where the next read of a source starts (database time, like the sources' own timestamps). */
  async readFrom(kinds: AlertKind[]): Promise<Date> {
    const [row] = await this.dataSource.query<Array<{ since: Date }>>(
      `SELECT greatest(coalesce(max(source_at) - make_interval(mins => $2), now() - make_interval(hours => $3)), now() - make_interval(hours => $3)) AS since
         FROM alerts WHERE kind = ANY($1::varchar[])`,
      [kinds, OVERLAP_MINUTES, LOOKBACK_HOURS],
    );
    return new Date(row.since);
  }

  /** Takes new events; one already taken (same source key) is left as it is. Answers how many were new. */
  async insertMany(alerts: NewAlert[]): Promise<number> {
    if (alerts.length === 0) return 0;
    let inserted = 0;
    for (let i = 0; i < alerts.length; i += 500) {
      const result = await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(Alert)
        .values(alerts.slice(i, i + 500))
        .orIgnore()
        .returning(['id'])
        .execute();
      inserted += (result.raw as unknown[]).length;
    }
    return inserted;
  }

  /** Providers and kinds with alerts waiting whose oldest was taken at or before `cutoff`. */
  dueGroups(cutoff: Date): Promise<Array<{ providerId: string; kind: AlertKind }>> {
    return this.dataSource
      .query<Array<{ provider_id: string; kind: AlertKind }>>(
        `SELECT provider_id, kind FROM alerts WHERE dispatched_at IS NULL GROUP BY provider_id, kind HAVING min(detected_at) <= $1 ORDER BY min(detected_at)`,
        [cutoff],
      )
      .then((rows) => rows.map((r) => ({ providerId: r.provider_id, kind: r.kind })));
  }

  /** The group's waiting alerts, locked for this transaction (another instance skips them), oldest event first. */
  lockPending(manager: EntityManager, providerId: string, kind: AlertKind): Promise<Alert[]> {
    return manager
      .createQueryBuilder(Alert, 'a')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('a.provider_id = :providerId AND a.kind = :kind AND a.dispatched_at IS NULL', { providerId, kind })
      .orderBy('a.source_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  async markDispatched(manager: EntityManager, ids: string[], at: Date, digestOf: string | null, messages: number): Promise<void> {
    if (ids.length === 0) return;
    await manager.update(Alert, { id: In(ids) }, { dispatchedAt: at, digestOf, messages });
  }

  /** Sent alerts taken before `cutoff` are forgotten (their events are far behind every source's read). */
  async deleteSentBefore(cutoff: Date): Promise<number> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(`DELETE FROM alerts WHERE detected_at < $1 AND dispatched_at IS NOT NULL`, [cutoff]);
    return affected;
  }

  findPreferences(userIds: string[], manager: EntityManager = this.dataSource.manager): Promise<AlertPreference[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return manager.getRepository(AlertPreference).findBy({ userId: In(userIds) });
  }

  async savePreference(manager: EntityManager, preference: Omit<AlertPreference, 'updatedAt'>): Promise<void> {
    await manager.getRepository(AlertPreference).upsert(preference, ['userId']);
  }
}
