import { errorMessage } from '@/lib/api-error';
import { Button } from './button';

/** The parts of a TanStack `useInfiniteQuery` result a cursor-paginated list footer needs. */
interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetching: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

function LoadMoreButton({ query }: { query: PagedQuery }) {
  return query.hasNextPage ? (
    <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      Load more
    </Button>
  ) : null;
}

/** "Load more" under a cursor-paginated list; nothing once the last page is loaded. */
export function LoadMore({ query }: { query: PagedQuery }) {
  return query.hasNextPage ? (
    <div className="list-footer">
      <LoadMoreButton query={query} />
    </div>
  ) : null;
}

/**
 * The footer of a cursor-paginated list: "Showing <shown>" (announced politely, with
 * "· refreshing…" during a background refetch), the last fetch error, and "Load more".
 */
export function ListFooter({ query, shown, errorPrefix }: { query: PagedQuery; shown: string; errorPrefix?: string }) {
  return (
    <div className="list-footer">
      <span className="muted small" aria-live="polite">
        Showing {shown}
        {query.isFetching && !query.isFetchingNextPage ? ' · refreshing…' : ''}
      </span>
      {query.error ? (
        <span className="field-error" role="alert">
          {errorPrefix}
          {errorMessage(query.error)}
        </span>
      ) : null}
      <LoadMoreButton query={query} />
    </div>
  );
}
