import type { BadgeTone } from '@/components/ui/badge';
import type { UserRole, UserStatus } from '@/lib/api/types';

export const ROLE_NAMES: Record<UserRole, string> = {
  super_admin: 'Super admin',
  provider_owner: 'Owner',
  provider_staff: 'Staff',
};

export const STATUS_TONES: Record<UserStatus, BadgeTone> = { active: 'success', deactivated: 'neutral' };
