import { Navigate } from 'react-router-dom';
import { homeFor } from '../../paths';
import { useMe } from './layout';

export function AppIndexRoute() {
  const me = useMe();
  return <Navigate to={homeFor(me.role)} replace />;
}
