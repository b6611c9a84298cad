import { Link } from 'react-router-dom';
import { paths } from '../paths';
import { useTitle } from '../use-title';

export function NotFoundRoute({ inShell = false }: { inShell?: boolean }) {
  useTitle('Page not found');
  const content = (
    <div className="state">
      <h1 className="page-title">Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link className="btn btn-primary" to={inShell ? paths.app : paths.home}>
        Go to the start page
      </Link>
    </div>
  );
  return inShell ? content : <main className="auth-page">{content}</main>;
}
