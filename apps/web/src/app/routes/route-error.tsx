import { isRouteErrorResponse, Link, useRouteError } from 'react-router-dom';
import { paths } from '../paths';

/** Last-resort boundary for a route that threw while rendering. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : 'Unknown error';
  return (
    <main className="auth-page">
      <div className="state state-error" role="alert">
        <h1 className="page-title">Something went wrong</h1>
        <p className="state-body">{message}</p>
        <p>
          <Link className="btn btn-secondary" to={paths.home} reloadDocument>
            Reload Wavu
          </Link>
        </p>
      </div>
    </main>
  );
}
