import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { ListFooter } from '@/components/ui/list-footer';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatCount, formatDateTime } from '@/lib/format';
import { attentionQueries } from '../api/attention-queries';
import type { AttentionScope, WebhookLogDto } from '../api/types';
import './attention.css';

const KIND_LABELS: Record<WebhookLogDto['kind'], string> = { stk: 'STK result', c2b_validation: 'Paybill check', c2b_confirmation: 'Paybill payment' };
const OUTCOME_TONES: Record<WebhookLogDto['outcome'], BadgeTone> = {
  received: 'info',
  processed: 'success',
  duplicate: 'neutral',
  ignored: 'neutral',
  rejected: 'warning',
  flagged: 'warning',
  failed: 'danger',
};

/**
 * The provider's M-Pesa callbacks, searchable by receipt, reference, CheckoutRequestID or phone; the body on demand.
 * For the super admin (`scope` admin): the platform shortcode's paybill/till callbacks, by default only those that reached no provider.
 */
export function WebhookLogs({ paymentPath, scope = 'provider' }: { paymentPath?: (id: string) => string; scope?: AttentionScope }) {
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [unrouted, setUnrouted] = useState(scope === 'admin');
  const query = useInfiniteQuery(attentionQueries.webhookLogs({ search, unrouted: scope === 'admin' && unrouted }, scope));
  const logs = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
  };

  let body;
  if (query.isPending) body = <LoadingState label="Loading…" />;
  else if (query.isError && !query.data) body = <ErrorState title="Could not load the log" error={query.error} onRetry={() => void query.refetch()} />;
  else if (logs.length === 0)
    body = <EmptyState title={search ? 'No callback matches' : 'No callbacks yet'}>{search ? 'Check the receipt from the M-Pesa SMS, or try the phone number.' : null}</EmptyState>;
  else
    body = (
      <>
        <Table caption="M-Pesa callbacks">
          <thead>
            <Tr>
              <Th>Received (Nairobi)</Th>
              <Th>Kind</Th>
              <Th>Receipt / reference</Th>
              <Th>Outcome</Th>
              <Th>Payment</Th>
            </Tr>
          </thead>
          <tbody>
            {logs.map((log) => (
              <Tr key={log.id}>
                <Td label="Received" className="cell-primary">
                  {formatDateTime(log.receivedAt)}
                  {log.durationMs !== null ? <div className="muted small">handled in {log.durationMs} ms</div> : null}
                </Td>
                <Td label="Kind">{KIND_LABELS[log.kind]}</Td>
                <Td label="Receipt / reference">
                  <span className="mono">{log.receipt ?? '—'}</span>
                  {log.paymentReference ? <div className="muted small mono">{log.paymentReference}</div> : null}
                </Td>
                <Td label="Outcome">
                  <Badge tone={OUTCOME_TONES[log.outcome]}>{log.outcome}</Badge>
                  {log.detail ? <div className="muted small">{log.detail}</div> : null}
                  <details className="small">
                    <summary>Body</summary>
                    <pre className="mono webhook-body">{JSON.stringify(log.body, null, 2)}</pre>
                  </details>
                </Td>
                <Td label="Payment">{log.paymentId ? paymentPath ? <Link to={paymentPath(log.paymentId)}>Open payment</Link> : 'Settled' : '—'}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        <ListFooter query={query} shown={`${formatCount(logs.length)} callback${logs.length === 1 ? '' : 's'}`} />
      </>
    );

  return (
    <Card>
      <form className="filters" role="search" onSubmit={submit}>
        <Input label="Search callbacks" hint="M-Pesa receipt, payment reference or phone number" value={draft} maxLength={64} onChange={(e) => setDraft(e.target.value)} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {scope === 'admin' ? (
          <label className="small">
            <input type="checkbox" checked={unrouted} onChange={(e) => setUnrouted(e.target.checked)} /> Only money that reached no provider
          </label>
        ) : null}
      </form>
      {body}
    </Card>
  );
}
