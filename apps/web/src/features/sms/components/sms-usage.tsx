import { useQuery } from '@tanstack/react-query';
import { Card } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingState } from '@/components/ui/spinner';
import { formatAmount, formatCount } from '@/lib/format';
import { smsQueries } from '../api/sms-queries';
import type { SmsMode, SmsUsageDto } from '../api/types';
import './sms.css';

const ACCOUNT_LABELS = { platform: 'Wavu’s account', own: 'Your Africa’s Talking app' } as const;

/** "2026-12" → "December 2026". */
function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat('en-KE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "n of N SMS this month" on the platform's account, with a bar; "no cap" when the plan has none. */
function Allowance({ usage }: { usage: SmsUsageDto }) {
  const cap = usage.platformAllowance;
  if (cap === null) return <span data-testid="sms-allowance">{formatCount(usage.platformSegments)} SMS this month (no cap on your plan)</span>;
  const pct = cap > 0 ? Math.min(100, Math.round((usage.platformSegments / cap) * 100)) : 100;
  const tone = usage.platformSegments >= cap ? 'is-full' : pct >= 80 ? 'is-high' : '';
  return (
    <>
      <span data-testid="sms-allowance">
        {formatCount(usage.platformSegments)} of {formatCount(cap)} SMS this month
      </span>
      <div className="sms-meter" role="meter" aria-label="Platform SMS allowance used" aria-valuemin={0} aria-valuemax={cap} aria-valuenow={Math.min(usage.platformSegments, cap)}>
        <div className={`sms-meter-bar ${tone}`} style={{ width: `${pct}%` }} />
      </div>
      {usage.platformSegments >= cap ? <span className="field-error sms-block">The allowance is used up: further texts through Wavu’s account are not sent until next month.</span> : null}
    </>
  );
}

/**
 * This Nairobi month's SMS (docs/sms.md §8): messages, parts, cost per account and the platform
 * allowance. `compact`: one line for the message log.
 */
export function SmsUsage({ mode, compact = false }: { mode?: SmsMode; compact?: boolean }) {
  const usage = useQuery(smsQueries.usage());
  if (compact) {
    if (!usage.data) return null;
    const u = usage.data;
    const cost = u.cost.map((c) => formatAmount(c.cost, c.currency)).join(' + ');
    return (
      <p className="muted small" data-testid="sms-usage-line">
        {monthName(u.month)}: {plural(u.messages, 'SMS', 'SMS')}, {plural(u.segments, 'part', 'parts')}
        {cost ? `, ${cost}` : ''}
        {u.platformAllowance !== null ? ` · ${formatCount(u.platformSegments)} of ${formatCount(u.platformAllowance)} SMS on Wavu’s account` : ''}
      </p>
    );
  }
  return (
    <Card title="This month’s SMS">
      {usage.isPending ? <LoadingState label="Loading usage…" /> : null}
      {usage.isError ? <ErrorState title="Could not load this month’s usage" error={usage.error} onRetry={() => void usage.refetch()} /> : null}
      {usage.data ? (
        <dl className="details sms-usage">
          <div>
            <dt>Month</dt>
            <dd>{monthName(usage.data.month)}</dd>
          </div>
          <div>
            <dt>Messages</dt>
            <dd data-testid="sms-usage-messages">
              {formatCount(usage.data.messages)} <span className="muted small">({plural(usage.data.segments, 'part', 'parts')} billed)</span>
            </dd>
          </div>
          <div>
            <dt>Gateway cost</dt>
            <dd>
              {usage.data.cost.length === 0
                ? 'Nothing yet'
                : usage.data.cost.map((c) => (
                    <div key={`${c.account}-${c.currency}`}>
                      {ACCOUNT_LABELS[c.account]}: <strong>{formatAmount(c.cost, c.currency)}</strong>{' '}
                      <span className="muted small">
                        ({plural(c.messages, 'SMS', 'SMS')}, {plural(c.segments, 'part', 'parts')})
                      </span>
                    </div>
                  ))}
            </dd>
          </div>
          {mode === 'platform' || usage.data.platformSegments > 0 ? (
            <div>
              <dt>Allowance on Wavu’s account</dt>
              <dd>
                <Allowance usage={usage.data} />
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </Card>
  );
}
