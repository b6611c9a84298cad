import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { ProvidersModule } from '../providers';
import { SubscriptionsModule } from '../subscriptions';
import { gatewayResolver, HostResolver, RouterAddressGuard } from './address-guard';
import { ROUTER_GATEWAY } from './gateway/router-gateway';
import { RouterLoginGuard } from './router-login-guard';
import { RouterLoginRepository } from './router-login.repository';
import { RouterOsGateway } from './gateway/routeros.gateway';
import { OutboxRepository } from './outbox.repository';
import { FleetWorkRepository } from './fleet-work.repository';
import { OutboxWorker } from './outbox.worker';
import { RouterMonitorService } from './router-monitor.service';
import { RouterBackground } from './router-background';
import { RouterBackupAccess } from './router-backup-access';
import { RouterBulkSyncService } from './router-bulk-sync.service';
import { RouterCertificateService } from './router-certificate.service';
import { RouterConnectionTestService } from './router-connection-test.service';
import { RouterHistoryRepository } from './router-history.repository';
import { RouterHistoryService } from './router-history.service';
import { RouterImportService } from './router-import.service';
import { RouterHotspotAccess } from './router-hotspot-access';
import { RouterLiveService } from './router-live.service';
import { RouterOverviewService } from './router-overview.service';
import { RouterSyncService } from './router-sync.service';
import { RouterTargets } from './router-targets';
import { RoutersController } from './routers.controller';
import { RoutersJobs } from './routers.jobs';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';
import { SetupKitService } from './setup-kit/setup-kit.service';
import { RouterTunnelsRepository } from './tunnel/router-tunnels.repository';
import { RouterTunnelsService } from './tunnel/router-tunnels.service';

/** Routers: devices, monitoring, provisioning outbox + worker, sessions, usage, reconcile, setup kit. */
@Module({
  imports: [AuditModule, JobsModule, ProvidersModule, SubscriptionsModule],
  controllers: [RoutersController],
  providers: [
    RouterTunnelsRepository,
    RouterTunnelsService,
    HostResolver,
    RouterAddressGuard,
    RouterLoginRepository,
    RouterLoginGuard,
    {
      provide: ROUTER_GATEWAY,
      inject: [APP_CONFIG, RouterAddressGuard, RouterLoginGuard],
      useFactory: (config: AppConfig, guard: RouterAddressGuard, logins: RouterLoginGuard) =>
        new RouterOsGateway({
          callTimeoutMs: config.routers.callTimeoutMs,
          resolveAddress: gatewayResolver(guard, logins),
          onLogin: (target, address, ok) => logins.report(target.routerId ?? null, address, target.port, ok),
        }),
    },
    RoutersRepository,
    OutboxRepository,
    FleetWorkRepository,
    RouterTargets,
    RouterBackground,
    RouterBackupAccess,
    RouterBulkSyncService,
    RouterCertificateService,
    RouterOverviewService,
    RoutersService,
    RouterImportService,
    RouterConnectionTestService,
    RouterLiveService,
    RouterHotspotAccess,
    RouterSyncService,
    RouterHistoryRepository,
    RouterHistoryService,
    OutboxWorker,
    RouterMonitorService,
    RoutersJobs,
    SetupKitService,
  ],
  exports: [RoutersService, RouterOverviewService, RouterHotspotAccess, RouterBackupAccess],
})
export class RoutersModule {}
