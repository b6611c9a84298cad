import { Navigate } from 'react-router-dom';
import { LandingPage } from '@/features/landing/components/landing-page';
import { useSession } from '@/lib/auth-store';
import { paths } from '../paths';
import { useTitle } from '../use-title';

/** `/`: the public landing page for visitors; signed-in users go to the dashboard. */
export function RootRedirect() {
  const session = useSession();
  useTitle('WiFi hotspot billing with M-Pesa');
  if (session) return <Navigate to={paths.app} replace />;
  return <LandingPage loginPath={paths.login} signupPath={paths.signup} />;
}
