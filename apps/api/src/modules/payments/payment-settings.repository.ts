import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentSettings } from './entities/payment-settings.entity';

/** A provider's M-Pesa collection settings row (docs/architecture.md rules 1 and 3). */
@Injectable()
export class PaymentSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findSettings(providerId: string, manager?: EntityManager): Promise<PaymentSettings | null> {
    return this.m(manager).findOne(PaymentSettings, { where: { providerId } });
  }

  /** Inserts the default row unless one exists; returns the stored row. */
  async insertSettingsIfMissing(row: Partial<PaymentSettings> & { providerId: string }, manager?: EntityManager): Promise<PaymentSettings> {
    await this.m(manager).createQueryBuilder().insert().into(PaymentSettings).values(row).orIgnore().execute();
    return (await this.findSettings(row.providerId, manager))!;
  }

  async updateSettings(providerId: string, changes: Partial<PaymentSettings>, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(PaymentSettings, { providerId }, changes);
  }
}
