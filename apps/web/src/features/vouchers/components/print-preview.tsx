import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { providerQueries } from '@/lib/provider-queries';
import { api, unwrap } from '@/lib/api-client';
import { formatAmount } from '@/lib/format';
import type { PrintLayout } from '../api/types';
import { voucherQueries } from '../api/voucher-queries';
import { connectSteps, describeValidity } from './print-words';
import './vouchers.css';
import './print-preview.css';

const PREVIEW_LIMIT = 63;

/** The batch's routers in the order the PDF looks at them, and their hotspot DNS names. */
function usePrintContext(batchId: string) {
  const batch = useQuery(voucherQueries.batch(batchId));
  const branding = useQuery(providerQueries.branding());
  const routerIds = (batch.data?.onRouters ?? []).map((r) => r.routerId);
  // the first of the batch's routers, in order, that has a hotspot DNS name (usually the first
  // one asked): read router by router, so a fleet of any size works, not only its first 100
  const login = useQuery({
    queryKey: ['vouchers', 'print-login-host', routerIds] as const,
    queryFn: async ({ signal }) => {
      for (const id of routerIds) {
        const router = await unwrap(api.GET('/api/v1/routers/{id}', { params: { path: { id } }, signal }));
        if (router.hotspotDnsName) return router.hotspotDnsName;
      }
      return null;
    },
    enabled: routerIds.length > 0,
    staleTime: 30_000,
  });
  const loginHost = login.data ?? null;
  // the PDF's default accent (DEFAULT_ACCENT in voucher-print.ts) when the provider set none
  return { brand: branding.data?.name ?? null, accent: branding.data?.accentColor ?? '#0B6E4F', loginHost };
}

/**
 * Printable cards for the batch (first pages), printed with the browser's print dialog; the
 * PDFs above are the exact print files (headless and mobile browsers often cannot embed a PDF).
 * Each card carries what the PDF card does, the QR code aside.
 */
export function PrintPreview({ batchId }: { batchId: string }) {
  const [layout, setLayout] = useState<PrintLayout>('a4');
  const query = useInfiniteQuery(voucherQueries.list({ batchId }, 'oldest'));
  const { brand, accent, loginHost } = usePrintContext(batchId);
  const vouchers = (query.data?.pages.flatMap((p) => p.items) ?? []).slice(0, PREVIEW_LIMIT);
  const more = (query.data?.pages.length ?? 0) > 0 && (query.hasNextPage || (query.data?.pages.flatMap((p) => p.items).length ?? 0) > PREVIEW_LIMIT);
  const thermal = layout === 'thermal';
  const wifi = brand ?? 'WiFi';
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
      {vouchers.length > 0 && loginHost ? <p className="muted small vch-no-print">The PDF cards also carry a QR code that opens the hotspot login with the code filled in.</p> : null}
      <ul role="list" className={'vch-print vch-print-' + layout} aria-label="Printable vouchers">
        {vouchers.map((v) => (
          <li key={v.id} className="vch-card">
            {brand ? (
              <div className="vch-card-brand" style={thermal ? undefined : { color: accent, borderColor: accent }}>
                {brand}
              </div>
            ) : null}
            <div className="vch-card-plan">
              {v.planName} · <span className="vch-nowrap">{formatAmount(v.price, v.currency)}</span>
            </div>
            <div className="vch-card-validity">{describeValidity(v)}</div>
            <div className="vch-card-label">{v.password ? 'USERNAME' : 'VOUCHER CODE'}</div>
            <div className="vch-card-code vch-code">{v.code}</div>
            {v.password ? (
              <>
                <div className="vch-card-label">PASSWORD</div>
                <div className="vch-card-password vch-code">{v.password}</div>
              </>
            ) : null}
            <div className="vch-card-steps">
              {connectSteps(wifi, loginHost, Boolean(v.password)).map((s) => (
                <div key={s}>{s}</div>
              ))}
            </div>
            {thermal ? (
              <div className="vch-card-steps vch-card-steps-sw" lang="sw">
                {connectSteps(wifi, loginHost, Boolean(v.password), 'sw').map((s) => (
                  <div key={s}>{s}</div>
                ))}
              </div>
            ) : null}
            <div className="vch-card-ref">Ref {v.paymentReference}</div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
