import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert } from './alert';
import { Button } from './button';

/** Navigation state carrying a one-time notice, e.g. `navigate(to, noticeState('Plan saved.'))`. */
export const noticeState = (notice: string) => ({ state: { notice } });

/**
 * Shows the notice a page passed on with navigate(…, noticeState(…)) — "Plan saved." after a form
 * returns to its list — until dismissed or the next navigation.
 */
export function FlashNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  const notice = (location.state as { notice?: unknown } | null)?.notice;
  useEffect(() => {
    if (typeof notice === 'string') ref.current?.scrollIntoView({ block: 'nearest' });
  }, [notice, location.key]);
  if (typeof notice !== 'string') return null;
  return (
    <div className="flash-notice" ref={ref}>
      <Alert tone="success">
        <span>{notice}</span>{' '}
        <Button variant="ghost" size="sm" onClick={() => void navigate(location.pathname + location.search, { replace: true, state: null })}>
          Dismiss
        </Button>
      </Alert>
    </div>
  );
}
