import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { statementQueries } from './statement-queries';
import type { PullRegistrationBody, StatementScope, UploadStatementBody } from './types';

/**
 * Registers the scope's shortcode for Pull Transactions (provider: their own shortcode, owner
 * only; platform: the platform's). The reconciliation status / sources list refetch.
 */
export function useRegisterPull(scope: StatementScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PullRegistrationBody) =>
      scope === 'platform'
        ? unwrap(api.POST('/api/v1/admin/payments/statement-sources/platform/pull-registration', { body }))
        : unwrap(api.POST('/api/v1/payments/settings/pull-registration', { body })),
    onSuccess: (source) => {
      if (scope === 'provider') qc.setQueryData(statementQueries.reconciliation().queryKey, (prev) => (prev ? { ...prev, source } : prev));
      void qc.invalidateQueries({ queryKey: scope === 'provider' ? statementQueries.reconciliation().queryKey : statementQueries.sources().queryKey });
    },
  });
}

/** Uploads a statement CSV: nothing is settled yet, the answer is the preview (cached as the upload). */
export function useUploadStatement(scope: StatementScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UploadStatementBody) => (scope === 'platform' ? unwrap(api.POST('/api/v1/admin/payments/statements', { body })) : unwrap(api.POST('/api/v1/payments/statements', { body }))),
    onSuccess: (upload) => {
      qc.setQueryData(statementQueries.upload(scope, upload.id).queryKey, upload);
      void qc.invalidateQueries({ queryKey: statementQueries.uploads(scope).queryKey });
    },
  });
}

/**
 * Applies a previewed upload (settles what it proves was paid, keeps the rest as unmatched
 * lines). Everything of the scope refetches; `onApplied` lets the page refresh other features'
 * data (payments, revenue) without this feature importing them.
 */
export function useApplyStatement(scope: StatementScope, onApplied?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      scope === 'platform'
        ? unwrap(api.POST('/api/v1/admin/payments/statements/{id}/apply', { params: { path: { id } } }))
        : unwrap(api.POST('/api/v1/payments/statements/{id}/apply', { params: { path: { id } } })),
    onSuccess: (upload) => {
      qc.setQueryData(statementQueries.upload(scope, upload.id).queryKey, upload);
      void qc.invalidateQueries({ queryKey: statementQueries.scope(scope), predicate: (q) => q.queryKey[2] !== 'upload' });
      onApplied?.();
    },
    onError: (error, id) => {
      // applied meanwhile (another tab, another admin): show its real state
      if (error instanceof ApiError && error.code === 'STATEMENT_ALREADY_APPLIED') void qc.invalidateQueries({ queryKey: statementQueries.upload(scope, id).queryKey });
    },
  });
}
