import { Navigate } from 'react-router-dom';
import { useSession } from '@/lib/auth-store';
import { paths } from '../paths';

export function RootRedirect() {
  const session = useSession();
  return <Navigate to={session ? paths.app : paths.login} replace />;
}
