import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { Input } from '@/components/ui/field';
import { LoadingState } from '@/components/ui/spinner';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { errorMessage } from '@/lib/api-error';
import { dayOf, formatCount, formatDateTime, formatMoney, nairobiDay } from '@/lib/format';
import { useUrlParams } from '@/lib/use-url-params';
import { useDownloadStatement } from '../api/payment-mutations';
import { paymentQueries } from '../api/payment-queries';
import type { PayoutMethod, PayoutStatementDto, StatementRange } from '../api/types';
import './payments.css';

export const PAYOUT_METHOD_LABELS: Record<PayoutMethod, string> = { mpesa_b2c: 'M-Pesa (B2C)', bank_transfer: 'Bank transfer', cash: 'Cash' };

function useRange(): [StatementRange, (patch: StatementRange) => void] {
  const { params, update } = useUrlParams<'from' | 'to'>();
  return [{ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined }, update];
}

/** The owner's payout statement: date range, CSV, totals, per-day lines with the running balance, payouts. */
export function PayoutStatementPage() {
  const [range, update] = useRange();
  const statement = useQuery(paymentQueries.statement(range));
  return <StatementView range={range} onRange={update} query={statement} />;
}

/** Super admin: one provider's statement (same view, the admin endpoints). */
export function AdminProviderStatement({ providerId }: { providerId: string }) {
  const [range, update] = useRange();
  const statement = useQuery(paymentQueries.adminStatement(providerId, range));
  return <StatementView range={range} onRange={update} query={statement} providerId={providerId} />;
}

function StatementView({
  range,
  onRange,
  query,
  providerId,
}: {
  range: StatementRange;
  onRange: (patch: StatementRange) => void;
  query: { isPending: boolean; isError: boolean; error: unknown; data?: PayoutStatementDto | undefined; refetch: () => unknown };
  providerId?: string;
}) {
  const csv = useDownloadStatement(providerId);
  return (
    <>
      <Card>
        <div className="pay-filter-grid pay-range">
          <Input label="From" type="date" value={dayOf(range.from)} hint="Default: the last 30 days" onChange={(e) => onRange({ from: nairobiDay(e.target.value) })} />
          <Input label="To" type="date" value={dayOf(range.to, true)} onChange={(e) => onRange({ to: nairobiDay(e.target.value, true) })} />
        </div>
        <div className="form-actions">
          <Button variant="secondary" size="sm" loading={csv.isPending} onClick={() => csv.mutate(range)}>
            Download CSV
          </Button>
        </div>
        {csv.isError ? <Alert tone="danger">{errorMessage(csv.error)}</Alert> : null}
      </Card>
      {query.isPending ? (
        <LoadingState label="Loading the statement…" />
      ) : query.isError || !query.data ? (
        <ErrorState title="Could not load the statement" error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <StatementBody s={query.data} />
      )}
    </>
  );
}

function StatementBody({ s }: { s: PayoutStatementDto }) {
  const money = (minor: number) => formatMoney(minor, s.currency);
  const minus = (minor: number) => (minor === 0 ? '—' : minor > 0 ? `−${money(minor)}` : `+${money(-minor)}`);
  return (
    <>
      <Card title="Summary">
        <dl className="pay-totals" aria-label="Statement totals">
          <div className="pay-total">
            <dt>Opening balance</dt>
            <dd data-testid="statement-opening">{money(s.openingBalanceMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Sales</dt>
            <dd>
              {money(s.total.grossMinor)} <span className="muted small">({formatCount(s.total.count)})</span>
            </dd>
          </div>
          <div className="pay-total">
            <dt>Refunds</dt>
            <dd>{minus(s.total.refundsMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Commission</dt>
            <dd>{minus(s.total.commissionMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Paid out</dt>
            <dd data-testid="statement-payouts">{minus(s.total.payoutsMinor)}</dd>
          </div>
          <div className="pay-total">
            <dt>Closing balance</dt>
            <dd data-testid="statement-closing">{money(s.closingBalanceMinor)}</dd>
          </div>
        </dl>
        <p className="muted small">
          What the platform owes from M-Pesa it collected for you: sales − refunds − commission − payouts. A negative balance means refunds after a payout: it is taken from later sales.
        </p>
      </Card>
      <Card title="Day by day">
        {s.days.length === 0 ? (
          <EmptyState title="Nothing in this period">Platform-collected sales, refunds and payouts appear here.</EmptyState>
        ) : (
          <Table caption="Statement by day">
            <thead>
              <Tr>
                <Th>Day</Th>
                <Th>Sales</Th>
                <Th>Refunds</Th>
                <Th>Commission</Th>
                <Th>Paid out</Th>
                <Th>Balance</Th>
              </Tr>
            </thead>
            <tbody>
              {s.days.map((d) => (
                <Tr key={d.day}>
                  <Td label="Day" className="cell-primary">
                    {d.day}
                  </Td>
                  <Td label="Sales">
                    {money(d.grossMinor)} <span className="muted small">({formatCount(d.count)})</span>
                  </Td>
                  <Td label="Refunds">{minus(d.refundsMinor)}</Td>
                  <Td label="Commission">{minus(d.commissionMinor)}</Td>
                  <Td label="Paid out">{minus(d.payoutsMinor)}</Td>
                  <Td label="Balance">{money(d.balanceMinor)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Payouts">
        {s.payouts.length === 0 ? (
          <EmptyState title="No payouts in this period">Payouts the platform records appear here with their reference.</EmptyState>
        ) : (
          <Table caption="Payouts">
            <thead>
              <Tr>
                <Th>When</Th>
                <Th>Amount</Th>
                <Th>Paid by</Th>
                <Th>Reference</Th>
              </Tr>
            </thead>
            <tbody>
              {s.payouts.map((p) => (
                <Tr key={p.id}>
                  <Td label="When" className="cell-primary">
                    {formatDateTime(p.createdAt)}
                  </Td>
                  <Td label="Amount">{money(p.amountMinor)}</Td>
                  <Td label="Paid by">{p.method ? PAYOUT_METHOD_LABELS[p.method] : '—'}</Td>
                  <Td label="Reference">
                    <span data-testid="statement-payout-reference">{p.reference}</span>
                    {p.note ? <span className="muted small"> — {p.note}</span> : null}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
