import { Alert } from '@/components/ui/alert';
import type { ProviderStatus } from '@/lib/api/types';

/** Explains a provider account that cannot sell yet (or any more). */
export function ProviderStatusBanner({ status }: { status: ProviderStatus }) {
  if (status === 'pending') {
    return (
      <Alert tone="warning" title="Awaiting approval">
        Your application is awaiting approval by the Wavu team. You can review your profile meanwhile; selling WiFi starts once you are approved.
      </Alert>
    );
  }
  if (status === 'rejected') {
    return (
      <Alert tone="danger" title="Application rejected">
        Your application was rejected. See the reason on your profile, and contact the Wavu team if you think this is a mistake.
      </Alert>
    );
  }
  if (status === 'suspended') {
    return (
      <Alert tone="danger" title="Account suspended">
        Your account is suspended, so your hotspots cannot sell access. See the reason on your profile and contact the Wavu team.
      </Alert>
    );
  }
  return null;
}
