// The public entry of the routers module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../routers', never a file inside it; files inside the module import each other directly.
export type { HotspotProfileSpec, HotspotUserSpec, ProvisioningOpInput, RouterProvisioningApi, RouterSummary, UsageReport } from './provisioning.types';
export { ROUTER_PROVISIONING } from './provisioning.types';
export type { RouterAlertEvent } from './router-alert-events';
export { RoutersModule } from './routers.module';
export { RoutersService } from './routers.service';
export { RouterOverviewService } from './router-overview.service';
export { HOTSPOT_ACCOUNTS_MAX, RouterHotspotAccess } from './router-hotspot-access';
export type { ManagedCheck } from './router-hotspot-access';
export type { RouterHotspotAccount } from './gateway/router-gateway';
export type { BackupRouter, RouterFileErrorCode } from './router-backup-access';
export { RouterBackupAccess, RouterFileError, versionSupportsBackups } from './router-backup-access';
export { RouterException } from './routers.exception';
