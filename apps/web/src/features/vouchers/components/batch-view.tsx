import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState, Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api-error';
import { formatCount, formatDateTime } from '@/lib/format';
import type { PrintLayout, VoucherBatchDto } from '../api/types';
import { useDownloadBatchFile } from '../api/voucher-mutations';
import { batchBusy, voucherQueries } from '../api/voucher-queries';
import { PrintPreview } from './print-preview';
import './vouchers.css';

export function BatchStatusBadge({ batch }: { batch: VoucherBatchDto }) {
  if (batch.status === 'failed') return <Badge tone="danger">failed</Badge>;
  if (batch.status === 'generating') return <Badge tone="info">generating</Badge>;
  if (batchBusy(batch)) return <Badge tone="info">pushing</Badge>;
  if (batch.routers.some((r) => r.status === 'failed')) return <Badge tone="warning">push failed</Badge>;
  return <Badge tone="success">ready</Badge>;
}

function Progress({ label, done, total }: { label: string; done: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="vch-progress-block">
      <div>
        <strong>{label}</strong>{' '}
        <span className="muted">
          {formatCount(done)} of {formatCount(total)} ({pct}%)
        </span>
      </div>
      <div className="vch-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={`${done} of ${total}`}>
        <div className="vch-progress-bar" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Downloads for a ready batch: CSV, A4 PDF, thermal PDF. */
export function BatchDownloads({ batch, compact = false }: { batch: VoucherBatchDto; compact?: boolean }) {
  const download = useDownloadBatchFile();
  const name = batch.label ?? batch.planName;
  const busy = (kind: 'csv' | PrintLayout) => download.isPending && download.variables?.kind === kind && download.variables.id === batch.id;
  const button = (kind: 'csv' | PrintLayout, text: string) => (
    <Button size="sm" variant="secondary" loading={busy(kind)} onClick={() => download.mutate({ id: batch.id, kind })} aria-label={compact ? `${text} for ${name}` : undefined}>
      {text}
    </Button>
  );
  return (
    <>
      <div className="vch-downloads">
        {button('csv', 'Download CSV')}
        {button('a4', 'Download A4 PDF')}
        {button('thermal', 'Download thermal PDF')}
      </div>
      {download.isError ? <Alert tone="danger">{errorMessage(download.error)}</Alert> : null}
    </>
  );
}

/** A batch: generation and router push progress (polled until done), downloads, print preview. */
export function BatchView({ id, vouchersPath }: { id: string; vouchersPath: (batchId: string) => string }) {
  const query = useQuery(voucherQueries.batch(id));
  const routers = useQuery(voucherQueries.routers());
  if (query.isPending) return <LoadingState label="Loading batch…" />;
  if (query.isError) return <ErrorState title="Could not load this batch" error={query.error} onRetry={() => void query.refetch()} />;
  const b = query.data;
  const routerName = (rid: string) => routers.data?.find((r) => r.id === rid)?.name ?? 'router';
  const busy = batchBusy(b);
  return (
    <>
      <h1 className="page-title">
        {b.label ?? `${b.planName} batch`} <BatchStatusBadge batch={b} />
      </h1>
      <Card title="Progress" className="vch-no-print">
        <div aria-live="polite">
          <Progress label="Generated" done={b.generated} total={b.quantity} />
          {b.routers.map((r) => (
            <div key={r.routerId}>
              <Progress label={`Pushed to ${routerName(r.routerId)}`} done={r.done} total={r.total} />
              {r.failed ? <Alert tone="warning">{r.failed} could not be pushed{r.error ? `: ${r.error}` : ''}</Alert> : null}
            </div>
          ))}
          {busy ? (
            <p className="muted small">
              <Spinner size="sm" label="" /> Working… this page updates by itself.
            </p>
          ) : null}
          {b.status === 'ready' && !busy ? <Alert tone="success">Done: {formatCount(b.generated)} vouchers ready.</Alert> : null}
          {b.status === 'failed' ? <Alert tone="danger" title="Generation failed">{b.error ?? 'Unknown error'}</Alert> : null}
        </div>
        <dl className="details">
          <div>
            <dt>Plan</dt>
            <dd>{b.planName}</dd>
          </div>
          <div>
            <dt>Codes</dt>
            <dd>
              {b.prefix ? `${b.prefix} + ` : ''}
              {b.codeLength} {b.alphabet === 'mixed' ? 'digits and letters' : b.alphabet}, {b.separatePassword ? 'separate password' : 'username = password'}
            </dd>
          </div>
          <div>
            <dt>Router</dt>
            <dd>{b.routerId ? routerName(b.routerId) : 'Every router offering the plan'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(b.createdAt)}</dd>
          </div>
        </dl>
      </Card>
      {b.status === 'ready' ? (
        <>
          <Card title="Downloads" className="vch-no-print" actions={<Link to={vouchersPath(b.id)}>View vouchers</Link>}>
            <BatchDownloads batch={b} />
          </Card>
          <PrintPreview batchId={b.id} />
        </>
      ) : null}
    </>
  );
}
