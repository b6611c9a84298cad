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
export type BackupDto = S['BackupDto'];
export type RestoreDto = S['RestoreDto'];
export type TakeBackupKind = S['TakeBackupDto']['kind'];
export type BackupScheduleBody = S['UpdateBackupScheduleDto'];
