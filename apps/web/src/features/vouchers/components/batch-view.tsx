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
import { useDownloadBatchFile, usePushBatch } from '../api/voucher-mutations';
import { batchBusy, voucherQueries } from '../api/voucher-queries';
import { PrintPreview } from './print-preview';
import './vouchers.css';

/**
 * Whether the batch's cards work: the routers confirmed every usable voucher ('all'), some
 * ('partial'), none ('none'); 'unknown' when the batch carries no per-router counts (lists).
 */
function batchOnRouters(b: VoucherBatchDto): 'all' | 'partial' | 'none' | 'unknown' {
  if (b.onRouters.length === 0) return 'unknown';
  if (b.onRouters.every((r) => r.confirmed >= r.usable)) return 'all';
  return b.onRouters.some((r) => r.confirmed > 0) ? 'partial' : 'none';
}

export function BatchStatusBadge({ batch }: { batch: VoucherBatchDto }) {
  if (batch.status === 'failed') return <Badge tone="danger">failed</Badge>;
  if (batch.status === 'generating') return <Badge tone="info">generating</Badge>;
  if (batchBusy(batch)) return <Badge tone="info">pushing</Badge>;
  const on = batchOnRouters(batch);
  if (on === 'all') return <Badge tone="success">on router</Badge>;
  if (on === 'partial') return <Badge tone="warning">partly on router</Badge>;
  if (on === 'none' || !batch.pushToRouter) return <Badge tone="warning">not on router</Badge>;
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

/** Downloads for a ready batch: CSV, A4 PDF, 80 mm and 58 mm thermal PDFs. */
export function BatchDownloads({ batch, compact = false }: { batch: VoucherBatchDto; compact?: boolean }) {
  const download = useDownloadBatchFile();
  const name = batch.label ?? batch.planName;
  const busy = (kind: 'csv' | PrintLayout) => download.isPending && download.variables?.kind === kind && download.variables.id === batch.id;
  const button = (kind: 'csv' | PrintLayout, text: string) => (
    <Button size="sm" variant="secondary" loading={busy(kind)} onClick={() => download.mutate({ id: batch.id, kind })} aria-label={`Download ${text}` + (compact ? ` for ${name}` : '')}>
      {text}
    </Button>
  );
  return (
    <>
      <div className="vch-downloads">
        <span className="muted small">Download</span>
        {button('csv', 'CSV')}
        {button('a4', 'A4 PDF')}
        {button('thermal', '80 mm roll PDF')}
        {button('thermal58', '58 mm roll PDF')}
      </div>
      {download.isError ? <Alert tone="danger">{errorMessage(download.error)}</Alert> : null}
    </>
  );
}

/** What the routers confirmed, in words, with "Push to routers" when a card would not log in. */
function OnRouterSummary({ batch: b }: { batch: VoucherBatchDto }) {
  const push = usePushBatch(b.id);
  const on = batchOnRouters(b);
  const lastError = b.routers.find((r) => r.status === 'failed' && r.error)?.error;
  if (on === 'all') return <Alert tone="success">Done: {formatCount(b.generated)} vouchers, every usable one confirmed on its router. Print away.</Alert>;
  if (on === 'unknown') return <Alert tone="warning">No router offers this plan yet, so these codes cannot log in anywhere. Add the plan to a router, then push the batch.</Alert>;
  const missing = b.onRouters.reduce((n, r) => n + Math.max(0, r.usable - r.confirmed), 0);
  return (
    <Alert tone="warning" title={b.pushToRouter ? 'Not every card is on the router' : 'These cards are not on the router yet'}>
      <p>
        {formatCount(missing)} code{missing === 1 ? '' : 's'} would be refused at the hotspot login
        {b.pushToRouter && lastError ? ` — the router said: ${lastError}` : ''}.
      </p>
      <Button size="sm" loading={push.isPending} onClick={() => push.mutate()}>
        Push to routers
      </Button>
      {push.isError ? <p className="field-error">{errorMessage(push.error)}</p> : null}
    </Alert>
  );
}

/** A batch: generation and router push progress (polled until done), downloads, print preview. */
export function BatchView({
  id,
  vouchersPath,
  cashSalePath,
  smsLogPath,
}: {
  id: string;
  vouchersPath: (batchId: string) => string;
  cashSalePath: (batchId: string) => string;
  /** the SMS log showing batch texts */
  smsLogPath: string;
}) {
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
          {b.routers
            .filter((r) => r.status === 'queued' || r.status === 'running')
            .map((r) => (
              <Progress key={r.routerId} label={`Pushing to ${routerName(r.routerId)}`} done={r.done} total={r.total} />
            ))}
          {b.onRouters.map((r) => (
            <Progress key={r.routerId} label={`On ${r.routerName}`} done={r.confirmed} total={r.usable} />
          ))}
          {busy ? (
            <p className="muted small">
              <Spinner size="sm" label="" /> Working… this page updates by itself.
            </p>
          ) : null}
          {b.status === 'ready' && !busy ? <OnRouterSummary batch={b} /> : null}
          {b.smsRecipients > 0 ? (
            <p data-testid="batch-sms">
              {b.status === 'ready' ? `${formatCount(b.smsRecipients)} code${b.smsRecipients === 1 ? '' : 's'} texted` : `${formatCount(b.smsRecipients)} codes to text as they are generated`} —{' '}
              <Link to={smsLogPath}>see the SMS log</Link> for their delivery.
            </p>
          ) : null}
          {b.status === 'failed' ? (
            <Alert tone="danger" title="Generation failed">
              {b.error ?? 'Unknown error'}
            </Alert>
          ) : null}
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
          <Card title="Sold for cash?" className="vch-no-print">
            <p className="muted">Record the cards of this batch you sold over the counter, so the money shows in your revenue.</p>
            <Link className="btn btn-secondary btn-sm" to={cashSalePath(b.id)}>
              Record cash sale
            </Link>
          </Card>
          <PrintPreview batchId={b.id} />
        </>
      ) : null}
    </>
  );
}
