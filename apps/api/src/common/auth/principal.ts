export const ROLES = ['super_admin', 'provider_owner', 'provider_staff'] as const;
export type Role = (typeof ROLES)[number];
type AccessScope = 'read' | 'full';
/** The provider's life-cycle status as the gates see it (mirrors the providers module's statuses). */
export type ProviderStanding = 'pending' | 'active' | 'suspended' | 'rejected';

/**
 * Who is calling: a signed-in user (JWT) or an integrator's API key. Tenancy comes from here
 * and never from the request (docs/architecture.md rule 7).
 */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string | null;
  apiKeyId: string | null;
  email: string | null;
  role: Role;
  providerId: string | null;
  scope: AccessScope;
  /** a user still on a temporary password: refused everywhere but @AllowedBeforePasswordChange() endpoints */
  passwordChangeRequired?: boolean;
  /** the user's session version (access tokens and stream tickets carry it) */
  sessionVersion?: number;
  /**
   * The caller's provider status, read at authentication (JWT and API key alike) for the
   * provider-status gate (provider-status.guard.ts). Absent on principals built outside a request
   * (seeds, tests); null for the super admin.
   */
  providerStatus?: ProviderStanding | null;
}
