import { useQueryClient } from '@tanstack/react-query';
import { authQueries } from '@/features/auth/api/auth-queries';
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
    </>
  );
}
