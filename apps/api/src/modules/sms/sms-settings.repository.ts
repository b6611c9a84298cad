import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SmsSettings } from './entities/sms-settings.entity';

@Injectable()
export class SmsSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByProvider(providerId: string, manager: EntityManager = this.dataSource.manager): Promise<SmsSettings | null> {
    return manager.getRepository(SmsSettings).findOneBy({ providerId });
  }

  findByCallbackHash(hash: string): Promise<SmsSettings | null> {
    return this.dataSource.getRepository(SmsSettings).findOneBy({ callbackSecretHash: hash });
  }

  /** Inserts the defaults row unless one exists (two first reads at once both end with the same row). */
  async insertIfMissing(row: Pick<SmsSettings, 'providerId' | 'mode' | 'callbackSecretSealed' | 'callbackSecretHash'>): Promise<SmsSettings> {
    await this.dataSource.createQueryBuilder().insert().into(SmsSettings).values(row).orIgnore().execute();
    return (await this.findByProvider(row.providerId))!;
  }

  async update(providerId: string, changes: Partial<SmsSettings>): Promise<void> {
    await this.dataSource.getRepository(SmsSettings).update({ providerId }, changes);
  }
}
