import { errorMessage } from '@/lib/api-error';
import { Button } from './button';

export function ErrorState({ title = 'Could not load this', error, onRetry }: { title?: string; error: unknown; onRetry?: () => void }) {
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
