import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Stat, StatGrid } from '@/components/ui/stat';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { dayOf, formatCount, formatDateTime, nairobiDay } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import { useUrlParams } from '@/lib/use-url-params';
import { useDownloadResellerStatement, useReverseCollection } from '../api/reseller-mutations';
import { resellerQueries } from '../api/reseller-queries';
import type { ResellerCollectionDto, ResellerDto, ResellerLineKind, ResellerStatementDto } from '../api/types';
import { CollectionForm, HandoverForm, ReturnForm } from './reseller-actions';
import './resellers.css';

const LINE_LABELS: Record<ResellerLineKind, string> = { handover: 'Cards handed over', return: 'Cards returned', sale: 'Cards sold', refund: 'Sales refunded', collection: 'Money received' };
const ACTIONS = [
  { value: 'handover', label: 'Hand over cards' },
  { value: 'collection', label: 'Record cash received' },
  { value: 'return', label: 'Return cards' },
] as const;
type Action = (typeof ACTIONS)[number]['value'];

/** A Nairobi day ("2026-12-06") as the dashboard writes dates: "6 Dec 2026". */
function formatDay(day: string): string {
  return new Date(`${day}T12:00:00+03:00`).toLocaleDateString('en-KE', { timeZone: 'Africa/Nairobi', day: 'numeric', month: 'short', year: 'numeric' });
}

/** Figures now: balance, cards held, sold, owed, paid. */
export function ResellerFigures({ reseller: r }: { reseller: ResellerDto }) {
  const money = (minor: number) => formatMoney(minor, r.currency);
  return (
    <StatGrid label="Reseller figures">
      <Stat
        label="Balance"
        value={<span data-testid="reseller-balance">{money(r.balanceMinor)}</span>}
        hint={r.balanceMinor < 0 ? 'paid ahead' : 'still owed to you'}
        tone={r.balanceMinor > 0 ? 'warning' : undefined}
      />
      <Stat label="Cards held" value={formatCount(r.heldCards)} hint={`worth ${money(r.heldValueMinor)} at the reseller price`} />
      <Stat label="Sold" value={formatCount(r.soldCards)} />
      <Stat label="Owed" value={money(r.owedMinor)} hint="cards sold, after refunds" />
      <Stat label="Paid" value={money(r.paidMinor)} />
    </StatGrid>
  );
}

/** The reseller page's actions: hand over, record money received, take cards back. */
export function ResellerActions({ reseller }: { reseller: ResellerDto }) {
  const [action, setAction] = useState<Action>('handover');
  return (
    <Card title="Cards and money">
      <div className="segmented rsl-actions" role="group" aria-label="What to record">
        {ACTIONS.map((a) => (
          <button key={a.value} type="button" className="segmented-item" aria-pressed={action === a.value} onClick={() => setAction(a.value)}>
            {a.label}
          </button>
        ))}
      </div>
      {reseller.archived && action === 'handover' ? (
        <Alert tone="info">This reseller is archived: restore it to hand it cards.</Alert>
      ) : action === 'handover' ? (
        <HandoverForm reseller={reseller} />
      ) : action === 'collection' ? (
        <CollectionForm reseller={reseller} />
      ) : (
        <ReturnForm reseller={reseller} />
      )}
    </Card>
  );
}

/** The statement: range, CSV, lines with the running balance, and the collections (each reversible once). */
export function ResellerStatement({ id }: { id: string }) {
  const { params, update } = useUrlParams<'from' | 'to'>();
  const range = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const query = useQuery(resellerQueries.statement(id, range));
  const csv = useDownloadResellerStatement(id);
  return (
    <>
      <Card title="Statement">
        <div className="rsl-range">
          <Input label="From" type="date" value={dayOf(range.from)} hint="Default: the last 30 days" onChange={(e) => update({ from: nairobiDay(e.target.value) })} />
          <Input label="To" type="date" value={dayOf(range.to, true)} onChange={(e) => update({ to: nairobiDay(e.target.value, true) })} />
        </div>
        <div className="form-actions">
          <Button variant="secondary" size="sm" loading={csv.isPending} onClick={() => csv.mutate(range)}>
            Download CSV
          </Button>
        </div>
        {csv.isError ? <Alert tone="danger">{errorMessage(csv.error)}</Alert> : null}
        {query.isPending ? (
          <LoadingState label="Loading the statement…" />
        ) : query.isError ? (
          <ErrorState title="Could not load the statement" error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <StatementLines s={query.data} />
        )}
      </Card>
      {query.data ? <Collections id={id} s={query.data} /> : null}
    </>
  );
}

function StatementLines({ s }: { s: ResellerStatementDto }) {
  const money = (minor: number) => formatMoney(minor, s.currency);
  const signed = (minor: number, sign: '+' | '−') => (minor === 0 ? '—' : minor > 0 ? `${sign}${money(minor)}` : `${sign === '+' ? '−' : '+'}${money(-minor)}`);
  return (
    <>
      <dl className="rsl-totals" aria-label="Statement totals">
        <div>
          <dt>Opening balance</dt>
          <dd data-testid="statement-opening">{money(s.openingBalanceMinor)}</dd>
        </div>
        <div>
          <dt>Sold</dt>
          <dd>
            {signed(s.period.owedMinor, '+')} <span className="muted small">({formatCount(s.period.soldCards - s.period.refundedCards)})</span>
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>{signed(s.period.paidMinor, '−')}</dd>
        </div>
        <div>
          <dt>Closing balance</dt>
          <dd data-testid="statement-closing">{money(s.closingBalanceMinor)}</dd>
        </div>
      </dl>
      {s.lines.length === 0 ? (
        <EmptyState title="Nothing in this period">Handovers, sales, returns and money received appear here.</EmptyState>
      ) : (
        <Table caption="Statement lines">
          <thead>
            <Tr>
              <Th>When</Th>
              <Th>What</Th>
              <Th>Cards</Th>
              <Th>Owed</Th>
              <Th>Paid</Th>
              <Th>Balance</Th>
            </Tr>
          </thead>
          <tbody>
            {s.lines.map((l, i) => (
              <Tr key={`${l.kind}-${l.entryId ?? l.day ?? ''}-${i}`}>
                <Td label="When" className="cell-primary">
                  {l.day && (l.kind === 'sale' || l.kind === 'refund') ? formatDay(l.day) : formatDateTime(l.at)}
                </Td>
                <Td label="What">
                  {LINE_LABELS[l.kind]}
                  {l.kind === 'handover' || l.kind === 'return' ? <div className="muted small">worth {money(l.valueMinor)} at the reseller price</div> : null}
                  {l.kind === 'collection' ? (
                    <div className="muted small">
                      {l.method === 'mpesa' ? 'M-Pesa' : 'Cash'}
                      {l.reference ? ` · ${l.reference}` : ''}
                      {l.note ? ` · ${l.note}` : ''}
                    </div>
                  ) : null}
                </Td>
                <Td label="Cards">{l.cards === null ? '—' : formatCount(l.cards)}</Td>
                <Td label="Owed">{signed(l.owedMinor, '+')}</Td>
                <Td label="Paid">{signed(l.paidMinor, '−')}</Td>
                <Td label="Balance">
                  <strong>{money(l.balanceMinor)}</strong>
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function Collections({ id, s }: { id: string; s: ResellerStatementDto }) {
  const [pending, setPending] = useState<ResellerCollectionDto | null>(null);
  const [reason, setReason] = useState('');
  const reverse = useReverseCollection(id);
  if (s.collections.length === 0) return null;
  return (
    <Card title="Money received in this period">
      <Table caption="Money received">
        <thead>
          <Tr>
            <Th>Received</Th>
            <Th>Amount</Th>
            <Th>Reference</Th>
            <Th>
              <span className="visually-hidden">Actions</span>
            </Th>
          </Tr>
        </thead>
        <tbody>
          {s.collections.map((c) => (
            <Tr key={c.id}>
              <Td label="Received" className="cell-primary">
                {formatDateTime(c.receivedAt)}
              </Td>
              <Td label="Amount">
                {formatMoney(c.amountMinor, c.currency)} <span className="muted small">{c.method === 'mpesa' ? 'M-Pesa' : 'cash'}</span>
                {c.reversesId ? <div className="muted small">reversal{c.note ? `: ${c.note}` : ''}</div> : null}
              </Td>
              <Td label="Reference">{c.reference ?? '—'}</Td>
              <Td label="Actions" className="cell-actions">
                {c.reversesId ? null : c.reversed ? (
                  <span className="muted small">reversed</span>
                ) : (
                  <Button size="sm" variant="secondary" onClick={() => setPending(c)}>
                    Reverse
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={pending !== null}
        title={`Reverse ${pending ? formatMoney(pending.amountMinor, pending.currency) : ''} received?`}
        description="A reversing entry takes the amount back off what the reseller paid; nothing is deleted."
        confirmLabel="Reverse"
        tone="danger"
        pending={reverse.isPending}
        error={reverse.isError ? errorMessage(reverse.error) : undefined}
        onCancel={() => {
          reverse.reset();
          setPending(null);
        }}
        onConfirm={() => {
          if (!pending || !reason.trim()) return;
          reverse.mutate(
            { collectionId: pending.id, reason: reason.trim() },
            {
              onSuccess: () => {
                setPending(null);
                setReason('');
              },
            },
          );
        }}
      >
        <Input label="Reason" required maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Recorded twice" />
      </ConfirmDialog>
    </Card>
  );
}
