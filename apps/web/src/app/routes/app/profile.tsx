import { useQueryClient } from '@tanstack/react-query';
import { authQueries } from '@/features/auth/api/auth-queries';
import { BrandingSection } from '@/features/provider-profile/components/branding-section';
import { ProviderProfile } from '@/features/provider-profile/components/provider-profile';
import { useTitle } from '../../use-title';
import { useMe } from './layout';

export function ProfileRoute() {
  useTitle('Profile');
  const me = useMe();
  const queryClient = useQueryClient();
  return (
    <>
      <h1 className="page-title">Profile</h1>
      <ProviderProfile
        canEdit={me.role === 'provider_owner'}
        // The header shows the business name from `me`.
        onSaved={() => void queryClient.invalidateQueries({ queryKey: authQueries.me().queryKey })}
      />
      {/* the portal and printed vouchers: owner only (the API refuses staff writes) */}
      {/* branding is portal set-up: only an active account may change it (the API refuses the others) */}
      {me.role === 'provider_owner' && me.provider?.status === 'active' ? <BrandingSection businessName={me.provider?.businessName ?? ''} /> : null}
    </>
  );
}
