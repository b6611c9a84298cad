export const ROLES = ['super_admin', 'provider_owner', 'provider_staff'] as const;
export type Role = (typeof ROLES)[number];
type AccessScope = 'read' | 'full';

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
}
