/**
 * Names for the generated API types. Nothing here is hand-written: every type is looked up
 * in the generated `schema.d.ts` (by path + method where the schema name is not stable).
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Op<P extends keyof paths, M extends keyof paths[P]> = NonNullable<paths[P][M]>;

/** JSON request body of an operation. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { requestBody?: infer R } ? JsonBody<NonNullable<R>> : never;

/** JSON body of an operation's 2xx response. */
type SuccessBody<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { responses: infer R } ? JsonBody<R[Extract<keyof R, 200 | 201>]> : never;

/** Query parameters of an operation. */
export type QueryParams<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type ProviderDto = Schemas['ProviderDto'];
export type MeDto = Schemas['MeDto'];
export type TokenPairDto = Schemas['TokenPairDto'];

export type ProviderStatus = ProviderDto['status'];
export type ProviderType = ProviderDto['type'];
export type UserRole = MeDto['role'];

export type LoginBody = RequestBody<'/api/v1/auth/login', 'post'>;
export type SignupBody = RequestBody<'/api/v1/providers/signup', 'post'>;
export type SignupResult = SuccessBody<'/api/v1/providers/signup', 'post'>;
export type ChangePasswordBody = RequestBody<'/api/v1/auth/change-password', 'post'>;
export type UpdateMeBody = RequestBody<'/api/v1/auth/me', 'patch'>;
export type AlertPreferencesDto = Schemas['AlertPreferencesDto'];
export type UpdateAlertPreferencesBody = RequestBody<'/api/v1/auth/me/alert-preferences', 'put'>;
export type AlertCategory = AlertPreferencesDto['available'][number];
export type AlertLanguage = AlertPreferencesDto['language'];
export type UpdateProviderBody = RequestBody<'/api/v1/provider', 'patch'>;
export type BrandingDto = Schemas['BrandingDto'];
export type UpdateBrandingBody = RequestBody<'/api/v1/provider/branding', 'put'>;
export type ProviderPage = SuccessBody<'/api/v1/admin/providers', 'get'>;
export type PasswordResetBody = RequestBody<'/api/v1/auth/password-reset', 'post'>;
export type PasswordResetConfirmBody = RequestBody<'/api/v1/auth/password-reset/confirm', 'post'>;
export type AdminUserDto = Schemas['AdminUserDto'];
export type AdminUserPage = SuccessBody<'/api/v1/admin/users', 'get'>;
export type UserStatus = AdminUserDto['status'];
export type CreateSuperAdminBody = RequestBody<'/api/v1/admin/users', 'post'>;
export type AcceptInvitationBody = RequestBody<'/api/v1/auth/invitation/accept', 'post'>;
export type StaffUserDto = Schemas['StaffUserDto'];
