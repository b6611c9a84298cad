import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type RouterDto = S['RouterDto'];
export type CreateRouterBody = S['CreateRouterDto'];
export type UpdateRouterBody = S['UpdateRouterDto'];
export type ConnectionTest = S['ConnectionTestDto'];
export type ConnectionBody = S['RouterConnectionDto'];
export type SessionDto = S['SessionDto'];
export type ReconcileReport = S['ReconcileReportDto'];
export type RouterStatus = RouterDto['status'];
export type RouterTls = NonNullable<RouterDto['tls']>;
export type ConnectionMode = RouterDto['connectionMode'];
export type RouterTunnel = NonNullable<RouterDto['tunnel']>;
export type RouterEventDto = S['RouterEventDto'];
export type BackupDto = S['BackupDto'];
export type BackupSchedule = S['BackupScheduleDto'];
export type BackupScheduleBody = S['UpdateBackupScheduleDto'];
export type TakeBackupKind = S['TakeBackupDto']['kind'];
export type RestoreDto = S['RestoreDto'];
export type RouterSort = S['RouterSort'];
export type RouterSyncFilter = S['RouterSyncFilter'];
export type SortOrder = S['SortOrder'];

/** The routers list's search, filters, sort and page (all kept in the URL). */
export interface RouterListParams {
  search?: string;
  status?: RouterStatus;
  connectionMode?: ConnectionMode;
  sync?: RouterSyncFilter;
  sort?: RouterSort;
  order?: SortOrder;
  cursor?: string;
}
