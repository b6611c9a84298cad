import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Filters kept in the URL (?status=paid&search=…) so links and reloads keep them. `update`
 * sets the given keys (an empty value removes one) and leaves the others; `clear` removes
 * them all. Both replace the history entry rather than push one.
 */
export function useUrlParams<K extends string>() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: Partial<Record<K, string | undefined>>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries<string | undefined>(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const clear = useCallback(() => setParams({}, { replace: true }), [setParams]);
  return { params, update, clear };
}
