import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { PortalPurchase } from './entities/portal-purchase.entity';

/** Which portal client started which purchase (docs/architecture.md rules 1 and 3). */
@Injectable()
export class PortalPurchasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(row: Pick<PortalPurchase, 'paymentId' | 'providerId' | 'routerId' | 'clientMac' | 'tokenHash'>): Promise<void> {
    await this.dataSource.manager.insert(PortalPurchase, row);
  }

  /**
   * Hands an open purchase back to the device that started it (same router, same MAC) under a
   * new token, e.g. after the page was reloaded mid-push: false when it belongs to another
   * client or was started without a MAC.
   */
  async rebind(row: Pick<PortalPurchase, 'paymentId' | 'providerId' | 'routerId' | 'tokenHash'> & { clientMac: string | null }): Promise<boolean> {
    if (!row.clientMac) return false;
    const result = await this.dataSource.manager.update(
      PortalPurchase,
      { paymentId: row.paymentId, providerId: row.providerId, routerId: row.routerId, clientMac: row.clientMac },
      { tokenHash: row.tokenHash },
    );
    return (result.affected ?? 0) === 1;
  }

  findOne(providerId: string, paymentId: string): Promise<PortalPurchase | null> {
    return this.dataSource.manager.findOne(PortalPurchase, { where: { providerId, paymentId } });
  }

  findMany(providerId: string, paymentIds: string[]): Promise<PortalPurchase[]> {
    if (paymentIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(PortalPurchase, { where: { providerId, paymentId: In(paymentIds) } });
  }
}
