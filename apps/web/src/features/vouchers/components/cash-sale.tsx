import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input, Select, Textarea } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatCount, formatDateTime, formatMoney } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import type { CashSaleBody, CashSaleResult, CashSaleVoucher } from '../api/types';
import { useRecordCashSale } from '../api/voucher-mutations';
import { voucherQueries } from '../api/voucher-queries';
import './vouchers.css';

const MAX = 10_000;

const CASH_REASONS: Record<CashSaleVoucher['reason'], string> = {
  cash: 'already recorded as a cash sale',
  mpesa: 'sold through M-Pesa',
  reseller: "a reseller's card whose sale is already recorded",
  disabled: 'disabled',
  refunded: 'refunded',
  expired_unsold: 'expired without being sold',
  reserved_for_mpesa: 'reserved for an M-Pesa purchase in progress',
};

/** Codes one per line, or separated by commas, semicolons or tabs (a pasted spreadsheet column); a QR link stays whole. */
function splitCodes(text: string): string[] {
  return text
    .split(/[\n,;\t]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "2026-12-06T14:30" (the browser's local time) → ISO; empty = now. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function Notes({ title, items, count }: { title: string; items: CashSaleVoucher[]; count: number }) {
  if (count === 0) return null;
  return (
    <>
      <p>
        <strong>{title}</strong>
      </p>
      <ul className="type-list">
        {items.slice(0, 20).map((v) => (
          <li key={v.id}>
            <span className="mono">{v.code}</span>
            {v.batchSeq ? <span className="muted"> (card {v.batchSeq})</span> : null}: {CASH_REASONS[v.reason]}
          </li>
        ))}
        {count > 20 ? <li className="muted">and {formatCount(count - 20)} more</li> : null}
      </ul>
    </>
  );
}

/** What a cash sale did: recorded, skipped and refused, in words. */
export function CashSaleOutcome({ result, batchPath }: { result: CashSaleResult; batchPath?: string }) {
  const amount = result.recordedAmounts.map((a) => formatMoney(a.amountMinor, a.currency)).join(' + ') || formatMoney(0, 'KES');
  const problems = result.skippedCount + result.refusedCount;
  return (
    <Alert tone={result.recorded === 0 ? 'warning' : problems ? 'warning' : 'success'} title={`Recorded ${formatCount(result.recorded)} cash sale${result.recorded === 1 ? '' : 's'}: ${amount}`}>
      <p data-testid="cash-sale-summary">
        {formatCount(result.named)} voucher{result.named === 1 ? '' : 's'} named · {formatCount(result.recorded)} recorded · {formatCount(result.skippedCount)} already recorded ·{' '}
        {formatCount(result.refusedCount)} refused · sold {formatDateTime(result.soldAt)}
      </p>
      {result.notOnRouters > 0 ? (
        <p>
          {formatCount(result.notOnRouters)} of them {result.notOnRouters === 1 ? 'is' : 'are'} not on any router yet, so {result.notOnRouters === 1 ? 'it' : 'they'} cannot log in:{' '}
          {batchPath ? <Link to={batchPath}>push the batch to its routers</Link> : 'push their batch to its routers'}.
        </p>
      ) : null}
      <Notes title="Not recorded again" items={result.skipped} count={result.skippedCount} />
      <Notes title="Refused" items={result.refused} count={result.refusedCount} />
    </Alert>
  );
}

/**
 * "Record cash sale": printed cards sold over the counter go into the ledger (method cash,
 * commission 0). Type or paste codes (or scan the cards' QR codes into the box), or pick a batch and
 * a range of its cards. `?batchId=` preselects a batch (the batch page's action).
 */
export function CashSaleForm({ batchPath, unrecordedPath }: { batchPath: (id: string) => string; unrecordedPath: string }) {
  const { params } = useUrlParams<'batchId'>();
  const preset = params.get('batchId') ?? '';
  const [mode, setMode] = useState<'codes' | 'batch'>(preset ? 'batch' : 'codes');
  const [codes, setCodes] = useState('');
  const [batchId, setBatchId] = useState(preset);
  const [fromSeq, setFromSeq] = useState('');
  const [toSeq, setToSeq] = useState('');
  const [soldAt, setSoldAt] = useState('');
  const [clientError, setClientError] = useState<string | null>(null);
  const batches = useInfiniteQuery(voucherQueries.batches());
  const unrecorded = useQuery(voucherQueries.counts({ sale: 'not_recorded' }));
  const record = useRecordCashSale();
  const ready = (batches.data?.pages.flatMap((p) => p.items) ?? []).filter((b) => b.status === 'ready');
  const chosen = ready.find((b) => b.id === batchId);
  const lines = splitCodes(codes);
  const fieldErrors = record.error instanceof ApiError ? record.error.fieldErrors() : {};
  const unrecordedCount = unrecorded.data ? unrecorded.data.in_use + unrecorded.data.expired : 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setClientError(null);
    let body: CashSaleBody;
    if (mode === 'codes') {
      if (lines.length === 0) return setClientError('Type or paste at least one code.');
      if (lines.length > MAX) return setClientError(`At most ${formatCount(MAX)} codes at a time.`);
      body = { codes: lines };
    } else {
      if (!batchId) return setClientError('Choose a batch.');
      body = { batchId, ...(fromSeq ? { fromSeq: Number(fromSeq) } : {}), ...(toSeq ? { toSeq: Number(toSeq) } : {}) };
    }
    const at = isoOf(soldAt);
    record.mutate(at ? { ...body, soldAt: at } : body, { onSuccess: () => setCodes('') });
  };

  return (
    <>
      {unrecordedCount > 0 ? (
        <Alert tone="info" title={`${formatCount(unrecordedCount)} used card${unrecordedCount === 1 ? '' : 's'} with no sale recorded`}>
          Cards that logged in but whose cash sale was never recorded. <Link to={unrecordedPath}>Review and record them</Link>.
        </Alert>
      ) : null}
      <Card title="Record cash sale">
        <form onSubmit={submit} noValidate>
          <div className="segmented" role="group" aria-label="Name the cards by">
            <button type="button" className="segmented-item" aria-pressed={mode === 'codes'} onClick={() => setMode('codes')}>
              Codes
            </button>
            <button type="button" className="segmented-item" aria-pressed={mode === 'batch'} onClick={() => setMode('batch')}>
              Batch
            </button>
          </div>
          {mode === 'codes' ? (
            <Textarea
              label="Voucher codes"
              rows={6}
              value={codes}
              onChange={(e) => setCodes(e.target.value)}
              placeholder={'One code per line, e.g.\nKS4X9M2P\nAB3D 7KQ9'}
              hint={`Type, paste or scan the cards' QR codes; any case, spaces ignored. ${lines.length ? `${formatCount(lines.length)} entered.` : ''}`}
              error={fieldErrors.codes}
              spellCheck={false}
              autoCapitalize="characters"
            />
          ) : (
            <div className="vch-cash-grid">
              <Select label="Batch" value={batchId} onChange={(e) => setBatchId(e.target.value)} error={fieldErrors.batchId}>
                <option value="">Choose a batch</option>
                {batchId && !chosen ? <option value={batchId}>Selected batch</option> : null}
                {ready.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.label ?? b.planName} · {b.quantity} cards · {formatDateTime(b.createdAt)}
                  </option>
                ))}
              </Select>
              <Input
                label="From card"
                type="number"
                min={1}
                max={MAX}
                inputMode="numeric"
                value={fromSeq}
                onChange={(e) => setFromSeq(e.target.value)}
                hint="Optional: the first"
                error={fieldErrors.fromSeq}
              />
              <Input
                label="To card"
                type="number"
                min={1}
                max={MAX}
                inputMode="numeric"
                value={toSeq}
                onChange={(e) => setToSeq(e.target.value)}
                hint={chosen ? `Optional: the last (${chosen.quantity})` : 'Optional: the last'}
                error={fieldErrors.toSeq}
              />
            </div>
          )}
          <Input label="Sold at" type="datetime-local" value={soldAt} onChange={(e) => setSoldAt(e.target.value)} hint="Optional: default now" error={fieldErrors.soldAt} />
          {clientError ? <Alert tone="danger">{clientError}</Alert> : null}
          {record.isError ? <Alert tone="danger">{errorMessage(record.error)}</Alert> : null}
          <div className="form-actions">
            <Button type="submit" loading={record.isPending}>
              Record cash sale
            </Button>
          </div>
        </form>
      </Card>
      {record.data ? <CashSaleOutcome result={record.data} batchPath={mode === 'batch' && batchId ? batchPath(batchId) : undefined} /> : null}
    </>
  );
}
