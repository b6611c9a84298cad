import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { formatAmount } from '@/lib/format';
import type { PrintLayout } from '../api/types';
import { voucherQueries } from '../api/voucher-queries';
import './vouchers.css';

const PREVIEW_LIMIT = 63;

/**
 * Printable cards for the batch (first pages), printed with the browser's print dialog; the
 * PDFs above are the exact print files (headless and mobile browsers often cannot embed a PDF).
 */
export function PrintPreview({ batchId }: { batchId: string }) {
  const [layout, setLayout] = useState<PrintLayout>('a4');
  const query = useInfiniteQuery(voucherQueries.list({ batchId }, 'oldest'));
  const vouchers = (query.data?.pages.flatMap((p) => p.items) ?? []).slice(0, PREVIEW_LIMIT);
  const more = (query.data?.pages.length ?? 0) > 0 && (query.hasNextPage || (query.data?.pages.flatMap((p) => p.items).length ?? 0) > PREVIEW_LIMIT);
  return (
    <Card
      title="Print preview"
      actions={
        <>
          <div className="segmented" role="group" aria-label="Print layout">
            {(['a4', 'thermal'] as const).map((l) => (
              <button key={l} type="button" className="segmented-item" aria-pressed={layout === l} onClick={() => setLayout(l)}>
                {l === 'a4' ? 'A4 sheet' : 'Thermal 80 mm'}
              </button>
            ))}
          </div>
          <Button size="sm" disabled={vouchers.length === 0} onClick={() => window.print()}>
            Print
          </Button>
        </>
      }
    >
      {query.isPending ? <LoadingState label="Loading vouchers…" /> : null}
      {query.isError ? <ErrorState title="Could not load the vouchers" error={query.error} onRetry={() => void query.refetch()} /> : null}
      {more ? <p className="muted small vch-no-print">Showing the first {PREVIEW_LIMIT} cards; the PDF downloads hold the whole batch.</p> : null}
      <ul role="list" className={'vch-print vch-print-' + layout} aria-label="Printable vouchers">
        {vouchers.map((v) => (
          <li key={v.id} className="vch-card">
            <div className="vch-card-plan">
              {v.planName} · {formatAmount(v.price, v.currency)}
            </div>
            <div className="vch-card-code vch-code">{v.code}</div>
            {v.password ? <div className="small">Password <span className="vch-code">{v.password}</span></div> : null}
            <div className="muted small">Ref {v.paymentReference}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
