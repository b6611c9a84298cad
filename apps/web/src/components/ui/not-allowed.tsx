import { Link } from 'react-router-dom';

/**
 * The one "Not allowed" screen (a 403): the same title everywhere, one line saying why, and a
 * way back. Owner-only pages show it to staff; ErrorState shows it for any 403 from the API.
 */
export function NotAllowed({
  why = 'Your account may not open this. Ask the account owner if you need it.',
  backTo = '/app',
  backLabel = 'Back to your overview',
}: {
  why?: string;
  backTo?: string;
  backLabel?: string;
}) {
  return (
    <div className="state state-error not-allowed" role="alert">
      <p className="state-title">Not allowed</p>
      <p className="state-body">{why}</p>
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
    </div>
  );
}
