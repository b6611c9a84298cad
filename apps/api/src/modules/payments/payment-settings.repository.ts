import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { RawRows } from '../../database/raw-rows';
import { CollectionMode, PaymentSettings } from './entities/payment-settings.entity';
import { PLATFORM_SETTINGS_ID, PlatformPaymentSettings } from './entities/platform-payment-settings.entity';

/** A provider's M-Pesa collection settings row (docs/architecture.md rules 1 and 3). */
@Injectable()
export class PaymentSettingsRepository {
  private readonly rows: RawRows<PaymentSettings>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.rows = new RawRows(dataSource, PaymentSettings);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Raw SQL: every Daraja callback's secret check reads it (docs/mpesa.md "The paid-callback path"). */
  async findSettings(providerId: string, manager?: EntityManager): Promise<PaymentSettings | null> {
    const [row] = await this.m(manager).query<Record<string, unknown>[]>(`SELECT ${this.rows.select('s')} FROM payment_settings s WHERE s.provider_id = $1`, [providerId]);
    return row ? this.rows.read(row, 's') : null;
  }

  /** Inserts the default row unless one exists; returns the stored row. */
  /** The collection mode of several providers (those without a settings row are absent). */
  async modes(providerIds: string[]): Promise<Map<string, CollectionMode>> {
    if (providerIds.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(PaymentSettings).find({ where: { providerId: In(providerIds) }, select: { providerId: true, mode: true } });
    return new Map(rows.map((r) => [r.providerId, r.mode]));
  }

  async insertSettingsIfMissing(row: Partial<PaymentSettings> & { providerId: string }, manager?: EntityManager): Promise<PaymentSettings> {
    await this.m(manager).createQueryBuilder().insert().into(PaymentSettings).values(row).orIgnore().execute();
    return (await this.findSettings(row.providerId, manager))!;
  }

  /**
   * Installs a new callback secret in one statement: the current hash becomes the previous one and
   * the version goes up by one, so concurrent rotations chain instead of overwriting each other.
   * Returns the new version.
   */
  async rotateCallbackSecret(providerId: string, sealed: string, hash: string, at: Date): Promise<number> {
    // TypeORM answers UPDATE … RETURNING with [rows, affectedCount]
    const [rows] = await this.dataSource.query<[{ callback_secret_version: number }[], number]>(
      `UPDATE payment_settings
          SET previous_callback_secret_hash = callback_secret_hash, callback_secret_sealed = $2, callback_secret_hash = $3,
              callback_secret_version = callback_secret_version + 1, callback_secret_rotated_at = $4, updated_at = now()
        WHERE provider_id = $1
        RETURNING callback_secret_version`,
      [providerId, sealed, hash, at],
    );
    return rows[0].callback_secret_version;
  }

  async updateSettings(providerId: string, changes: Partial<PaymentSettings>, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(PaymentSettings, { providerId }, changes);
  }

  findPlatformSettings(): Promise<PlatformPaymentSettings | null> {
    return this.dataSource.manager.findOne(PlatformPaymentSettings, { where: { id: PLATFORM_SETTINGS_ID } });
  }

  /** Inserts the platform's row unless one exists (two first callers at once keep one secret); returns the stored row. */
  async insertPlatformSettingsIfMissing(row: Pick<PlatformPaymentSettings, 'callbackSecretSealed' | 'callbackSecretHash'>): Promise<PlatformPaymentSettings> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PlatformPaymentSettings)
      .values({ ...row, id: PLATFORM_SETTINGS_ID })
      .orIgnore()
      .execute();
    return (await this.findPlatformSettings())!;
  }

  async updatePlatformSettings(changes: Partial<PlatformPaymentSettings>): Promise<void> {
    await this.dataSource.manager.update(PlatformPaymentSettings, { id: PLATFORM_SETTINGS_ID }, changes);
  }
}
