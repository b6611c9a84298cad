import { ApiError, errorMessage } from '@/lib/api-error';
import { Button } from './button';
import { NotAllowed } from './not-allowed';

export function ErrorState({ title = 'Could not load this', error, onRetry }: { title?: string; error: unknown; onRetry?: () => void }) {
  // every 403 reads the same, whichever page met it (retrying would not help)
  if (error instanceof ApiError && error.status === 403) return <NotAllowed why={error.message} />;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p className="state-body">{errorMessage(error)}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
