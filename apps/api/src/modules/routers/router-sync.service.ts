import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { mapPage, Page, PageQueryDto } from '../../common/pagination/page';
import { AuditService } from '../audit';
import { RouterEventDto } from './dto/router-event.dto';
import { RouterSyncDto } from './dto/router-sync.dto';
import { OutboxRepository } from './outbox.repository';
import { BulkSyncProgress } from './provisioning.types';
import { assertBulkUsers, RouterBulkSyncService } from './router-bulk-sync.service';
import { mapBulkSync, mapEvent, mapOp } from './router.mapper';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';

/** A router's history and provisioning sync as its owner sees them: events, sync status, retry, push everything again. */
@Injectable()
export class RouterSyncService {
  constructor(
    private readonly service: RoutersService,
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly bulkSyncs: RouterBulkSyncService,
    private readonly audit: AuditService,
  ) {}

  async events(providerId: string, id: string, page: PageQueryDto): Promise<Page<RouterEventDto>> {
    await this.service.requireRouter(providerId, id);
    return mapPage(await this.routers.pageEvents(providerId, id, page), mapEvent);
  }

  async syncStatus(providerId: string, id: string): Promise<RouterSyncDto> {
    await this.service.requireRouter(providerId, id);
    const counts = (await this.outbox.counts([id])).get(id)!;
    const [backlog, failures, bulk, users, profiles] = await Promise.all([
      this.outbox.listOps(id, ['pending', 'applying'], 50),
      this.outbox.listOps(id, ['dead'], 50),
      this.routers.latestBulkSyncs(providerId, id),
      this.outbox.confirmationOf(id),
      this.outbox.desiredProfiles(id),
    ]);
    // a refused bulk push leaves its users unconfirmed, so it counts here until they are on the router
    const inSync = counts.pending + counts.applying + counts.dead === 0 && users.confirmed === users.wanted;
    return {
      inSync,
      pending: counts.pending + counts.applying,
      failed: counts.dead,
      backlog: backlog.map(mapOp),
      failures: failures.map(mapOp),
      bulkSyncs: bulk.map(mapBulkSync),
      desiredUsers: users.wanted,
      confirmedUsers: users.confirmed,
      desiredProfiles: profiles.length,
    };
  }

  async retry(providerId: string, id: string, opId: string | undefined, actor: Principal, context: RequestContext): Promise<number> {
    await this.service.requireRouter(providerId, id);
    if (opId && !(await this.outbox.findOp(id, opId))) throw new RouterException(RouterErrorCode.ROUTER_NOT_FOUND, 'Operation not found');
    const retried = await this.outbox.retryRouter(id, opId);
    await this.audit.record({ action: 'router.sync_retry', actor, providerId, target: { type: 'router', id }, context, metadata: { opId: opId ?? null, retried } });
    return retried;
  }

  /** Pushes every user the platform wants on this router again (pipelined). */
  async pushAll(providerId: string, id: string): Promise<BulkSyncProgress> {
    const router = await this.service.requireRouter(providerId, id);
    const users = (await this.outbox.desiredUsers(id)).map((u) => ({ ...u.spec, disabled: u.disabled }));
    assertBulkUsers(users);
    return this.bulkSyncs.start(router, users);
  }
}
